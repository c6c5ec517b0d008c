"""A contest replayed to an elapsed moment, for virtual participation (pure).

A virtual participant's round starts when their replay reaches it (see
:func:`virtual_schedule`); at each moment of it they see the official lines as those stood
after the same number of seconds of *their own* time in the round: every official try with
``at_s`` (seconds from the subject's start) at most the elapsed seconds counts, with the
verdict it was finally judged with, by the round's own rule
(:func:`ictarena.contests.scoring.cell`). Their own line is made by the same functions from
their virtual tries and ranked among the others (:func:`ictarena.contests.scoring.rank`).

Nothing here is stored: a replay is computed whenever it is read, so no official cell, board
version or export ever holds a virtual line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ictarena.contests.board import Board, Column, Line, RoundInfo, View
from ictarena.contests.lines import LineData, RoundPlan, Shown, line_data, with_stats
from ictarena.contests.models import Round, ScoreMode, Scoring, WindowType
from ictarena.contests.scoring import CellScore, Standing, Try, cell, rank

NOTHING = -1  # the elapsed seconds of a round not reached yet: no try counts


def round_length(round: Round) -> timedelta:
    """How long a subject's time in the round lasts: a personal timer's duration, a fixed
    window's length."""
    if round.window is WindowType.PERSONAL:
        return timedelta(minutes=round.duration_min or 0)
    return round.ends_at - round.starts_at


def virtual_schedule(
    rounds: Sequence[Round], started_at: datetime
) -> dict[int, tuple[datetime, datetime]]:
    """Each round's (start, end) in a replay started at ``started_at``: at its original offset
    from the contest's first start, for its own length."""
    if not rounds:
        return {}
    first = min(r.starts_at for r in rounds)
    schedule = {}
    for r in rounds:
        start = started_at + (r.starts_at - first)
        schedule[r.id] = (start, start + round_length(r))
    return schedule


def elapsed(schedule: Mapping[int, tuple[datetime, datetime]], now: datetime) -> dict[int, int]:
    """Seconds of each round a replay has lived through at ``now`` (capped at the round's
    length; :data:`NOTHING` before the round starts)."""
    out = {}
    for round_id, (start, end) in schedule.items():
        if now < start:
            out[round_id] = NOTHING
        else:
            out[round_id] = int((min(now, end) - start).total_seconds())
    return out


def replay_end(schedule: Mapping[int, tuple[datetime, datetime]]) -> datetime | None:
    """When the replay's last round ends (None: no rounds)."""
    return max((end for _start, end in schedule.values()), default=None)


@dataclass(frozen=True, slots=True)
class Rule:
    """A round's scoring rule, as the replay needs it."""

    scoring: Scoring
    mode: ScoreMode
    penalty_min: int


@dataclass(frozen=True, slots=True)
class Subject:
    """A line to replay: an official entry, or the virtual participant (a negative id)."""

    entry_id: int
    name: str
    team: bool
    members: tuple[tuple[int, str], ...]  # (member id, name)
    tries: Mapping[tuple[int, int, int], Sequence[Try]]  # (round, member, task) -> tries
    sat: frozenset[tuple[int, int]] = frozenset()  # (round, member) with a started timer
    excused: frozenset[tuple[int, int]] = frozenset()


def replay_line(
    subject: Subject,
    plans: Sequence[RoundPlan],
    rules: Mapping[int, Rule],
    points: Mapping[tuple[int, int], float],  # (round, task) -> the task's points
    seconds: Mapping[int, int],  # round -> elapsed seconds (NOTHING: none)
    scale: float,
) -> LineData:
    """One line as it stood after ``seconds`` of each round."""
    cells: dict[tuple[int, int], dict[int, Shown]] = {}
    for (round_id, member_id, task_id), tries in subject.tries.items():
        rule = rules.get(round_id)
        limit = seconds.get(round_id, NOTHING)
        if rule is None or (round_id, task_id) not in points or limit < 0:
            continue
        counted = [t for t in tries if t.at_s <= limit]
        if not counted:
            continue
        score: CellScore = cell(
            rule.scoring, rule.mode, counted, points[(round_id, task_id)], rule.penalty_min
        )
        cells.setdefault((round_id, member_id), {})[task_id] = (score, False, False)
    sat = {key for key in subject.sat if seconds.get(key[0], NOTHING) >= 0}
    return line_data(
        (subject.entry_id, subject.name, subject.team),
        subject.members,
        plans,
        cells,
        sat,
        set(subject.excused),
        scale,
    )


def _firsts(lines: list[LineData]) -> list[LineData]:
    """Mark, per column, the lines that solved it in the fewest seconds (ties share it)."""
    best: dict[tuple[int, int], int] = {}
    for data in lines:
        for key, c in data.cells.items():
            if c.solved and c.solved_s is not None:
                best[key] = min(best.get(key, c.solved_s), c.solved_s)
    marked = []
    for data in lines:
        changed = {
            key: replace(c, first=True)
            for key, c in data.cells.items()
            if c.solved and c.solved_s is not None and best.get(key) == c.solved_s
        }
        marked.append(data if not changed else replace(data, cells={**data.cells, **changed}))
    return marked


def ranked_board(
    contest_id: int,
    data: Sequence[LineData],
    infos: Sequence[RoundInfo],
    scale: float,
    pass_score: float | None,
) -> Board:
    """A board of the replayed lines: ranked, ordered and with the columns' statistics."""
    marked = _firsts(list(data))
    ranks = rank([Standing(d.total, d.penalty, d.last_s) for d in marked])
    lines = sorted(
        (
            Line(
                place,
                d.entry_id,
                d.name,
                d.team,
                d.members,
                d.rounds,
                d.total,
                d.penalty,
                d.last_s,
                None if pass_score is None else d.total >= pass_score - 1e-9,
                d.cells,
            )
            for place, d in zip(ranks, marked, strict=True)
        ),
        key=lambda line: (line.rank, line.entry_id < 0, line.name.casefold(), line.entry_id),
    )
    columns = tuple(
        RoundInfo(
            info.id,
            info.name,
            info.kind,
            info.scoring,
            info.weight,
            info.shared,
            tuple(with_stats(_bare(c), lines) for c in info.columns),
        )
        for info in infos
    )
    return Board(contest_id, 0, View.PUBLIC, False, scale, pass_score, columns, tuple(lines))


def _bare(column: Column) -> Column:
    return Column(
        column.round_id,
        column.task_id,
        column.label,
        column.title_en,
        column.title_zh,
        column.points,
    )


def placed(line: LineData, official: Sequence[Line]) -> int:
    """The rank a line would take among the ``official`` lines (one plus those strictly
    ahead of it)."""
    key = Standing(line.total, line.penalty, line.last_s).key()
    return 1 + sum(1 for o in official if Standing(o.total, o.penalty, o.last_s).key() < key)
