"""The scoreboard as each viewer may see it, read from the cache in five plain statements.

Views. The **jury** (admins, the coaches named on the contest, its creator) sees the live
board. Everyone else sees the **public** board: while it is frozen, each cell shows what was
made before its subject's freeze point, and the tries after it as pending ("3 tries"), unless
the jury has revealed that cell; in a personal-timer round every subject's freeze point is the
same offset before their own end, so the cache's public values already differ per subject. A
**participant** sees the public board with their own line live. Once the jury has revealed
everything, or ``unfreeze_at`` has passed, or no round freezes, everyone sees the live board.

Totals. Each round's total is normalised to 0..100 of its maximum (an ICPC round: solved ÷
tasks × 100), a team's theory round is its members' average (one who did not sit counts 0
unless excused), and the contest's total weighs the rounds and scales to ``contest.scale``.
Ranks: :func:`ictarena.contests.scoring.rank` (total, then the ICPC penalty, then the latest of
the rounds' last improvements, each counted from the subject's own start).

Boards are kept per process, keyed by the contest, its ``board_version`` (bumped on every
change), the view and whether it is frozen, so fifty viewers reloading an unchanged board
cost one small statement each.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.models import Task
from ictarena.contests.board import Board, Cell, Column, Line, RoundInfo, View
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundTask,
    ScoreCell,
    Scoring,
    Sitting,
    WindowType,
)
from ictarena.contests.scoring import (
    CellScore,
    RoundTotal,
    Standing,
    rank,
    round_total,
    team_theory,
    weighted,
)
from ictarena.contests.windows import board_unfrozen

__all__ = [  # the board's parts are defined in ictarena.contests.board, read from here too
    "Board",
    "Cell",
    "Column",
    "Line",
    "RoundInfo",
    "View",
    "forget",
    "is_frozen",
    "scoreboard",
    "subject_results",
]
CACHED_BOARDS = 64


_boards: OrderedDict[tuple[object, ...], Board] = OrderedDict()


def _shown(row: ScoreCell | tuple[object, ...], live: bool) -> CellScore:
    r = row
    if live:
        return CellScore(r[4], r[5], r[6], r[7], r[8], r[9], r[10])  # type: ignore[arg-type,index]
    return CellScore(r[11], r[12], r[13], r[14], r[15], r[16], r[17])  # type: ignore[arg-type,index]


CELL_COLUMNS = (
    ScoreCell.round_id,
    ScoreCell.task_id,
    ScoreCell.entry_id,
    ScoreCell.member_id,
    ScoreCell.tries,
    ScoreCell.pending,
    ScoreCell.solved,
    ScoreCell.solved_s,
    ScoreCell.penalty,
    ScoreCell.score,
    ScoreCell.score_s,
    ScoreCell.public_tries,
    ScoreCell.public_pending,
    ScoreCell.public_solved,
    ScoreCell.public_solved_s,
    ScoreCell.public_penalty,
    ScoreCell.public_score,
    ScoreCell.public_score_s,
    ScoreCell.first,
    ScoreCell.revealed,
)


def is_frozen(rounds: list[Round], unfrozen: bool, now: datetime) -> bool:
    """Can some subject be past their freeze point (and the board not unfrozen)?"""
    if unfrozen:
        return False
    for r in rounds:
        if r.freeze_min is None:
            continue
        if r.window is WindowType.PERSONAL and now >= r.starts_at:
            return True
        if now >= r.ends_at - timedelta(minutes=r.freeze_min):
            return True
    return False


async def scoreboard(
    session: AsyncSession,
    contest: Contest,
    view: View,
    viewer_entry_id: int | None,
    now: datetime,
    *,
    keep: bool = True,
) -> Board:
    """The board ``view`` shows at ``now`` (``viewer_entry_id``: the participant's own line).
    ``keep`` False neither reads nor keeps a board in the process's cache: for a caller whose
    transaction has changed the board and may still roll back (the resolver)."""
    state = (
        await session.execute(
            select(
                Contest.board_version,
                Contest.revealed_at,
                Contest.unfreeze_at,
                Contest.scale,
                Contest.pass_score,
            ).where(Contest.id == contest.id)
        )
    ).one()
    version, revealed_at, unfreeze_at, scale, pass_score = state
    rounds = list(
        await session.scalars(
            select(Round)
            .where(Round.contest_id == contest.id)
            .order_by(Round.position)
            .execution_options(populate_existing=True)
        )
    )
    probe = Contest(revealed_at=revealed_at, unfreeze_at=unfreeze_at)
    frozen = is_frozen(rounds, board_unfrozen(probe, rounds, now), now) and view is not View.JURY
    own = viewer_entry_id if view is View.PARTICIPANT and frozen else None
    # What a board depends on besides its cells and the version: the contest's and rounds'
    # settings and who takes part, so that an edit that forgot to bump the version still shows.
    people = (
        await session.execute(
            select(
                func.count(Participation.id),
                func.max(Participation.id),
                func.sum(Participation.entry_id),
            ).where(Participation.contest_id == contest.id)
        )
    ).one()
    settings = (
        scale,
        pass_score,
        tuple(
            (r.id, r.position, r.name, r.scoring, r.mode, r.weight, r.kind, r.freeze_min)
            for r in rounds
        ),
        tuple(people),
    )
    place = (str(session.get_bind().engine.url), contest.id, contest.created_at)
    key = (*place, version, settings, view if frozen else View.JURY, frozen, own)
    cached = _boards.get(key) if keep else None
    if cached is not None:
        _boards.move_to_end(key)
        return cached if cached.view is view else replace(cached, view=view)
    contest = Contest(id=contest.id, scale=scale, pass_score=pass_score)
    board = await _compute(session, contest, int(version), view, frozen, own, rounds)
    if not keep:
        return board
    _boards[key] = board
    while len(_boards) > CACHED_BOARDS:
        _boards.popitem(last=False)
    return board


async def _compute(
    session: AsyncSession,
    contest: Contest,
    version: int,
    view: View,
    frozen: bool,
    own: int | None,
    rounds: list[Round],
) -> Board:
    round_ids = [r.id for r in rounds]
    tasks = (
        await session.execute(
            select(RoundTask, Task.title_en, Task.title_zh)
            .join(Task, Task.id == RoundTask.task_id)
            .where(RoundTask.round_id.in_(round_ids))
            .order_by(RoundTask.position, RoundTask.label)
        )
    ).all()
    entries = (
        await session.execute(
            select(Entry.id, Entry.name, Entry.team)
            .where(Entry.contest_id == contest.id)
            .order_by(Entry.id)
        )
    ).all()
    people = (
        await session.execute(
            select(Participation.id, Participation.entry_id, User.display_name)
            .join(User, User.id == Participation.user_id)
            .where(Participation.contest_id == contest.id)
            .order_by(Participation.id)
        )
    ).all()
    sittings = (
        await session.execute(
            select(
                Sitting.round_id,
                Sitting.entry_id,
                Sitting.member_id,
                Sitting.started_at,
                Sitting.excused,
            ).where(Sitting.round_id.in_(round_ids))
        )
    ).all()
    cells = (
        await session.execute(select(*CELL_COLUMNS).where(ScoreCell.contest_id == contest.id))
    ).all()

    members: dict[int, list[tuple[int, str]]] = {}
    for pid, entry_id, name in people:
        members.setdefault(entry_id, []).append((pid, name))
    started = {(r, e, m) for r, e, m, at, _x in sittings if at is not None}
    excused = {(r, e, m) for r, e, m, _at, x in sittings if x}
    by_round: dict[int, list[tuple[RoundTask, str, str]]] = {}
    for rt, title_en, title_zh in tasks:
        by_round.setdefault(rt.round_id, []).append((rt, title_en, title_zh))
    # (round, entry, member) -> task -> (shown score, cell row)
    subject_cells: dict[tuple[int, int, int], dict[int, tuple[CellScore, bool, bool]]] = {}
    for row in cells:
        live = not frozen or bool(row[19]) or row[2] == own
        hidden = not live and row[12] > 0
        subject_cells.setdefault((row[0], row[2], row[3]), {})[row[1]] = (
            _shown(tuple(row), live),
            bool(row[18]),
            hidden,
        )

    raw_lines = []
    for entry_id, name, team in entries:
        line_cells: dict[tuple[int, int], Cell] = {}
        totals: list[RoundTotal] = []
        for r in rounds:
            round_tasks = by_round.get(r.id, [])
            points_total = sum(rt.points for rt, _e, _z in round_tasks)
            subjects = [0] if r.shared else [pid for pid, _n in members.get(entry_id, [])]
            per_member: list[RoundTotal | None] = []
            away: list[bool] = []
            for member_id in subjects:
                mine = subject_cells.get((r.id, entry_id, member_id), {})
                subtotal = round_total(
                    r.scoring, (c for c, _f, _h in mine.values()), points_total, len(round_tasks)
                )
                sat = bool(mine) or (r.id, entry_id, member_id) in started
                per_member.append(subtotal if sat else None)
                away.append((r.id, entry_id, member_id) in excused)
            if r.shared:
                totals.append(per_member[0] or RoundTotal())
            else:
                totals.append(team_theory(per_member, away))
            for rt, _e, _z in round_tasks:
                shown = [
                    subject_cells[(r.id, entry_id, m)][rt.task_id]
                    for m in subjects
                    if rt.task_id in subject_cells.get((r.id, entry_id, m), {})
                ]
                if shown:
                    line_cells[(r.id, rt.task_id)] = _merge(shown, max(1, len(subjects)))
        penalty = sum(
            t.penalty for t, r in zip(totals, rounds, strict=True) if r.scoring is Scoring.ICPC
        )
        lasts = [t.last_s for t in totals if t.last_s is not None]
        total = weighted(
            [(r.weight, t.normalised) for r, t in zip(rounds, totals, strict=True)], contest.scale
        )
        raw_lines.append(
            (
                entry_id,
                name,
                team,
                tuple(n for _p, n in members.get(entry_id, [])),
                tuple(totals),
                total,
                penalty,
                max(lasts) if lasts else None,
                line_cells,
            )
        )
    ranks = rank([Standing(t, p, last) for _e, _n, _t, _m, _r, t, p, last, _c in raw_lines])
    lines = sorted(
        (
            Line(
                rank=position,
                entry_id=entry_id,
                name=name,
                team=team,
                members=names,
                rounds=totals,
                total=total,
                penalty=penalty,
                last_s=last,
                passed=None if contest.pass_score is None else total >= contest.pass_score - 1e-9,
                cells=line_cells,
            )
            for position, (
                entry_id,
                name,
                team,
                names,
                totals,
                total,
                penalty,
                last,
                line_cells,
            ) in zip(ranks, raw_lines, strict=True)
        ),
        key=lambda line: (line.rank, line.name.casefold(), line.entry_id),
    )
    infos = tuple(
        RoundInfo(
            r.id,
            r.name,
            str(r.kind),
            r.scoring,
            r.weight,
            r.shared,
            tuple(_column(r.id, rt, en, zh, lines) for rt, en, zh in by_round.get(r.id, [])),
        )
        for r in rounds
    )
    return Board(
        contest.id, version, view, frozen, contest.scale, contest.pass_score, infos, tuple(lines)
    )


def _merge(shown: list[tuple[CellScore, bool, bool]], members: int) -> Cell:
    """One line's cell from its subjects' (one, or each member in an individual round)."""
    if len(shown) == 1 and members == 1:
        c, first, hidden = shown[0]
        return Cell(
            c.tries, c.pending, c.solved, c.solved_s, c.penalty, c.score, first and c.solved, hidden
        )
    scores = [c for c, _f, _h in shown]
    return Cell(
        tries=sum(c.tries for c in scores),
        pending=sum(c.pending for c in scores),
        solved=all(c.solved for c in scores) and len(scores) == members,
        solved_s=max((c.solved_s or 0) for c in scores) if all(c.solved for c in scores) else None,
        penalty=sum(c.penalty for c in scores),
        score=round(sum(c.score for c in scores) / members, 6),
        first=any(f and c.solved for c, f, _h in shown),
        hidden=any(h for _c, _f, h in shown),
    )


def _column(round_id: int, rt: RoundTask, en: str, zh: str, lines: list[Line]) -> Column:
    tried = solved = tries = 0
    first: int | None = None
    for line in lines:
        cell = line.cells.get((round_id, rt.task_id))
        if cell is None:
            continue
        tries += cell.tries + cell.pending
        tried += 1 if cell.tries + cell.pending else 0
        solved += 1 if cell.solved else 0
        if cell.first and cell.solved and first is None:
            first = line.entry_id
    return Column(round_id, rt.task_id, rt.label, en, zh, rt.points, tried, solved, tries, first)


async def subject_results(
    session: AsyncSession, contest: Contest, entry_id: int, member_id: int
) -> dict[tuple[int, int], CellScore]:
    """A participant's own cells, live: the entry's shared rounds and their own individual
    ones (``member_id``: their participation's id), keyed by (round, task)."""
    rows = (
        await session.execute(
            select(*CELL_COLUMNS).where(
                ScoreCell.contest_id == contest.id,
                ScoreCell.entry_id == entry_id,
                ScoreCell.member_id.in_([0, member_id]),
            )
        )
    ).all()
    return {(row[0], row[1]): _shown(tuple(row), True) for row in rows}


def forget() -> None:
    """Drop the boards kept in this process (tests; a database restored underneath)."""
    _boards.clear()
