"""What a scoreboard view holds: its rounds with their columns (round tasks and their
statistics), and its lines (entries) with their round totals, total, rank and cells as the view
may show them. Built by :mod:`ictarena.contests.standings`; read by the pages and the exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ictarena.contests.models import Scoring
from ictarena.contests.scoring import RoundTotal


class View(StrEnum):
    PUBLIC = "public"
    PARTICIPANT = "participant"
    JURY = "jury"


@dataclass(frozen=True, slots=True)
class Column:
    """A round task, with its statistics as the view shows them."""

    round_id: int
    task_id: int
    label: str
    title_en: str
    title_zh: str
    points: float
    tried: int = 0  # lines with a try
    solved: int = 0  # lines that solved it
    tries: int = 0  # tries in all
    first_entry_id: int | None = None


@dataclass(frozen=True, slots=True)
class RoundInfo:
    id: int
    name: str
    kind: str
    scoring: Scoring
    weight: float
    shared: bool
    columns: tuple[Column, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """One line's cell on one round task, as the view shows it. ``hidden``: a frozen cell with
    tries after the freeze point (shown as ``pending`` tries). A team's cell in an individual
    round sums its members' tries and averages their scores."""

    tries: int = 0
    pending: int = 0
    solved: bool = False
    solved_s: int | None = None
    penalty: int = 0
    score: float = 0.0
    first: bool = False
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    rank: int
    entry_id: int
    name: str
    team: bool
    members: tuple[str, ...]
    rounds: tuple[RoundTotal, ...]  # in the board's round order
    total: float
    penalty: int
    last_s: int | None
    passed: bool | None  # None: the contest has no pass mark
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (round, task) -> cell


@dataclass(frozen=True, slots=True)
class Board:
    contest_id: int
    version: int
    view: View
    frozen: bool  # some cells are hidden from this view
    scale: float
    pass_score: float | None
    rounds: tuple[RoundInfo, ...]
    lines: tuple[Line, ...]

    def line(self, entry_id: int) -> Line | None:
        return next((line for line in self.lines if line.entry_id == entry_id), None)
