"""One scoreboard line from its subjects' cells, and the columns' statistics (pure).

A line's round total is its subject's (a round the team shares) or, in an individual round,
its members' average (:func:`ictarena.contests.scoring.team_theory`: one who did not sit
counts 0 unless excused). A member *sat* a round when they have a cell in it (a try) or
started its personal timer. The contest's total weighs the rounds' normalised totals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ictarena.contests.board import Cell, Column, Line
from ictarena.contests.models import Scoring
from ictarena.contests.scoring import CellScore, RoundTotal, round_total, team_theory, weighted

# One subject's cell as a view shows it: (values, first to solve, hidden by the freeze).
Shown = tuple[CellScore, bool, bool]


@dataclass(frozen=True, slots=True)
class RoundPlan:
    """What a line needs to know of a round."""

    id: int
    scoring: Scoring
    weight: float
    shared: bool
    tasks: tuple[int, ...]  # task ids, in column order
    points_total: float


@dataclass(frozen=True, slots=True)
class LineData:
    """A line before it is ranked."""

    entry_id: int
    name: str
    team: bool
    members: tuple[str, ...]
    rounds: tuple[RoundTotal, ...]
    total: float
    penalty: int
    last_s: int | None
    cells: dict[tuple[int, int], Cell]


def line_data(
    entry: tuple[int, str, bool],
    members: Sequence[tuple[int, str]],
    plans: Sequence[RoundPlan],
    subject_cells: Mapping[tuple[int, int], Mapping[int, Shown]],  # (round, member) -> task -> cell
    sat: set[tuple[int, int]],  # (round, member) with a started timer
    excused: set[tuple[int, int]],  # (round, member)
    scale: float,
) -> LineData:
    entry_id, name, team = entry
    cells: dict[tuple[int, int], Cell] = {}
    totals: list[RoundTotal] = []
    for plan in plans:
        subjects = [0] if plan.shared else [pid for pid, _n in members]
        per_member: list[RoundTotal | None] = []
        away: list[bool] = []
        for member_id in subjects:
            mine = subject_cells.get((plan.id, member_id), {})
            subtotal = round_total(
                plan.scoring, (c for c, _f, _h in mine.values()), plan.points_total, len(plan.tasks)
            )
            taken = bool(mine) or (plan.id, member_id) in sat
            per_member.append(subtotal if taken else None)
            away.append((plan.id, member_id) in excused)
        if plan.shared:
            totals.append(per_member[0] or RoundTotal())
        else:
            totals.append(team_theory(per_member, away))
        for task_id in plan.tasks:
            shown = [
                found
                for m in subjects
                if (found := subject_cells.get((plan.id, m), {}).get(task_id)) is not None
            ]
            if shown:
                cells[(plan.id, task_id)] = merge(shown, max(1, len(subjects)))
    penalty = sum(
        t.penalty for t, p in zip(totals, plans, strict=True) if p.scoring is Scoring.ICPC
    )
    lasts = [t.last_s for t in totals if t.last_s is not None]
    total = weighted([(p.weight, t.normalised) for p, t in zip(plans, totals, strict=True)], scale)
    return LineData(
        entry_id,
        name,
        team,
        tuple(n for _p, n in members),
        tuple(totals),
        total,
        penalty,
        max(lasts) if lasts else None,
        cells,
    )


def merge(shown: Sequence[Shown], members: int) -> Cell:
    """One line's cell from its subjects' (one, or each member in an individual round: tries
    add up, scores are averaged over the members, solved when everyone solved)."""
    if len(shown) == 1 and members == 1:
        c, first, hidden = shown[0]
        return Cell(
            c.tries, c.pending, c.solved, c.solved_s, c.penalty, c.score, first and c.solved, hidden
        )
    scores = [c for c, _f, _h in shown]
    everyone = all(c.solved for c in scores) and len(scores) == members
    return Cell(
        tries=sum(c.tries for c in scores),
        pending=sum(c.pending for c in scores),
        solved=everyone,
        solved_s=max((c.solved_s or 0) for c in scores) if everyone else None,
        penalty=sum(c.penalty for c in scores),
        score=round(sum(c.score for c in scores) / members, 6),
        first=any(f and c.solved for c, f, _h in shown),
        hidden=any(h for _c, _f, h in shown),
    )


def with_stats(column: Column, lines: Sequence[Line]) -> Column:
    """The column with its statistics over the lines as shown: lines that tried it, solved
    it, tries in all, and the line that solved it first."""
    tried = solved = tries = 0
    first: int | None = None
    key = (column.round_id, column.task_id)
    for line in lines:
        cell = line.cells.get(key)
        if cell is None:
            continue
        tries += cell.tries + cell.pending
        tried += 1 if cell.tries + cell.pending else 0
        solved += 1 if cell.solved else 0
        if cell.first and cell.solved and first is None:
            first = line.entry_id
    return Column(
        column.round_id,
        column.task_id,
        column.label,
        column.title_en,
        column.title_zh,
        column.points,
        tried,
        solved,
        tries,
        first,
    )
