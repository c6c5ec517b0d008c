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

Each server process keeps, per contest, the cells it has read and the lines computed from
them. Every change bumps the contest's ``board_version`` and stamps the cells it changed with
it, so a reader asks only for the cells stamped after the version it holds and recomputes
only those entries' lines; the ranks, the columns' statistics and the view's lines are then
rebuilt from the kept lines. An unchanged board costs three small statements; anything the
cells do not tell (the contest's or rounds' settings, who takes part, a version bumped
without a cell) makes the process read the contest whole again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.models import Task
from ictarena.contests.board import Board, Cell, Column, Line, RoundInfo, View
from ictarena.contests.lines import LineData, RoundPlan, Shown, line_data, with_stats
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundTask,
    ScoreCell,
    Sitting,
    WindowType,
)
from ictarena.contests.own_line import with_own_line
from ictarena.contests.scoring import CellScore, Standing, rank
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
KEPT_CONTESTS = 16
KEPT_BOARDS = 64  # per contest: the public board, the jury's and participants' (oldest go)

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
    ScoreCell.version,
)
Row = tuple[Any, ...]


def _shown(row: Row, live: bool) -> CellScore:
    if live:
        return CellScore(row[4], row[5], row[6], row[7], row[8], row[9], row[10])
    return CellScore(row[11], row[12], row[13], row[14], row[15], row[16], row[17])


def _empty(row: Row) -> bool:
    """A cell emptied by a rebuild (nobody has a try there any more) reads as none."""
    return not (row[4] or row[5] or row[11] or row[12] or row[9] or row[16])


def is_frozen(rounds: list[Round], unfrozen: bool, now: datetime) -> bool:
    """Can some subject be past their freeze point (and the board not unfrozen)? Extra time
    only moves freeze points later, so the round's own times tell the earliest."""
    if unfrozen:
        return False
    for r in rounds:
        if r.freeze_min is None:
            continue
        end = r.ends_at
        if r.window is WindowType.PERSONAL:  # the earliest end: a timer started at once
            end = min(end, r.starts_at + timedelta(minutes=r.duration_min or 0))
        if now >= end - timedelta(minutes=r.freeze_min):
            return True
    return False


@dataclass
class _Kept:
    """A contest as this process last read it."""

    settings: tuple[Any, ...]
    seen: int
    scale: float
    pass_score: float | None
    plans: list[RoundPlan]
    infos: list[RoundInfo]  # columns without statistics
    entries: list[tuple[int, str, bool]]
    members: dict[int, list[tuple[int, str]]]
    sat: dict[int, set[tuple[int, int]]]  # entry -> (round, member) with a started timer
    excused: dict[int, set[tuple[int, int]]]
    rows: dict[int, dict[tuple[int, int, int], Row]] = field(default_factory=dict)  # by entry
    lines: dict[tuple[bool, int], LineData] = field(default_factory=dict)  # (live, entry)
    boards: dict[tuple[bool, int | None], Board] = field(default_factory=dict)
    # A kept board shown in another view (the public board to a participant whose line hides
    # nothing, say): the same object each time, so that what is kept per board object (the
    # page's rendered section) is found again.
    viewed: dict[tuple[bool, int | None, View], tuple[Board, Board]] = field(default_factory=dict)

    def take(self, rows: list[Row]) -> None:
        for row in rows:
            mine = self.rows.setdefault(row[2], {})
            key = (row[0], row[3], row[1])
            held = mine.get(key)
            if held is not None and held[20] > row[20]:
                continue  # a reader that caught up further already brought a newer one
            mine[key] = row  # an emptied cell stays, read as none, so an older one cannot return
            self.lines.pop((True, row[2]), None)
            self.lines.pop((False, row[2]), None)
            self.seen = max(self.seen, int(row[20]))
        self.boards.clear()
        self.viewed.clear()

    def line(self, entry: tuple[int, str, bool], live: bool) -> LineData:
        found = self.lines.get((live, entry[0]))
        if found is None:
            cells: dict[tuple[int, int], dict[int, Shown]] = {}
            for (round_id, member_id, task_id), row in self.rows.get(entry[0], {}).items():
                if _empty(row):
                    continue
                visible = live or bool(row[19])
                cells.setdefault((round_id, member_id), {})[task_id] = (
                    _shown(row, visible),
                    bool(row[18]),
                    not visible and row[12] > 0,
                )
            found = line_data(
                entry,
                self.members.get(entry[0], []),
                self.plans,
                cells,
                self.sat.get(entry[0], set()),
                self.excused.get(entry[0], set()),
                self.scale,
            )
            self.lines[(live, entry[0])] = found
        return found

    def board(self, contest_id: int, view: View, frozen: bool, own: int | None) -> Board:
        found = self.boards.get((frozen, own))
        if found is None:
            if frozen and own is not None:
                found = self.own_board(contest_id, own)
            else:
                found = self.whole_board(contest_id, frozen, own)
            if len(self.boards) >= KEPT_BOARDS:  # a participant's first: the others are shared
                oldest = next((k for k in self.boards if k[1] is not None), None)
                self.boards.pop(oldest if oldest is not None else next(iter(self.boards)))
            self.boards[(frozen, own)] = found
        if found.view is view:
            return found
        held = self.viewed.get((frozen, own, view))
        if held is None or held[0] is not found:
            if len(self.viewed) >= 2 * KEPT_BOARDS:
                self.viewed.clear()
            held = self.viewed[(frozen, own, view)] = (found, replace(found, view=view))
        return held[1]

    def own_board(self, contest_id: int, own: int) -> Board:
        """A participant's frozen board, from the public one: their own line live, put in its
        place, the others' ranks moved by what their line did and does (a rank is one plus the
        lines ranked strictly before), and the columns' statistics corrected for that line.
        Equal to :meth:`whole_board` (tested), at a fraction of its cost: 50 participants
        reloading a 1000-line board would each rank and count it whole."""
        public = self.board(contest_id, View.PUBLIC, True, None)
        entry = next((e for e in self.entries if e[0] == own), None)
        shown = public.line(own)
        if entry is None or shown is None:
            return public
        live = self.line(entry, True)
        if (live.total, live.penalty, live.last_s, live.rounds, live.cells) == (
            shown.total,
            shown.penalty,
            shown.last_s,
            shown.rounds,
            shown.cells,
        ):
            return public  # nothing hidden from the others on this line
        return with_own_line(public, shown, live, self.pass_score)

    def whole_board(self, contest_id: int, frozen: bool, own: int | None) -> Board:
        """The board computed from every kept line: ranks, order and statistics."""
        data = [self.line(e, not frozen or e[0] == own) for e in self.entries]
        ranks = rank([Standing(d.total, d.penalty, d.last_s) for d in data])
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
                    None if self.pass_score is None else d.total >= self.pass_score - 1e-9,
                    d.cells,
                )
                for place, d in zip(ranks, data, strict=True)
            ),
            key=lambda line: (line.rank, line.name.casefold(), line.entry_id),
        )
        infos = tuple(
            replace(info, columns=tuple(with_stats(c, lines) for c in info.columns))
            for info in self.infos
        )
        return Board(
            contest_id,
            self.seen,
            View.PUBLIC,
            frozen,
            self.scale,
            self.pass_score,
            infos,
            tuple(lines),
        )


_kept: dict[tuple[object, ...], _Kept] = {}


def _state(contest_id: int) -> Any:
    """One statement: the contest's version, freeze state and scale, with what a board depends
    on besides its cells and rounds (who takes part, who started a timer, who is excused)."""
    people = select(
        func.count(Participation.id), func.max(Participation.id), func.sum(Participation.entry_id)
    ).where(Participation.contest_id == contest_id)
    sittings = (
        select(Sitting.started_at, Sitting.excused)
        .join(Round, Round.id == Sitting.round_id)
        .where(Round.contest_id == contest_id)
        .subquery()
    )
    sat = select(func.count(sittings.c.started_at)).scalar_subquery()
    away = select(func.sum(sittings.c.excused.cast(Integer))).scalar_subquery()
    counted = people.subquery()
    return select(
        Contest.board_version,
        Contest.revealed_at,
        Contest.unfreeze_at,
        Contest.scale,
        Contest.pass_score,
        *(select(c).scalar_subquery() for c in counted.c),
        sat,
        away,
    ).where(Contest.id == contest_id)


async def _writing(session: AsyncSession) -> bool:
    """Has this transaction written (PostgreSQL)? What it sees may still roll back, so a
    board read in it is not kept. (SQLite: not asked; nothing there reads boards mid-write.)"""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return await session.scalar(select(func.txid_current_if_assigned())) is not None


def _plan(rounds: list[Round]) -> tuple[Any, ...]:
    return tuple(
        (r.id, r.position, r.name, r.scoring, r.mode, r.weight, r.kind, r.freeze_min)
        for r in rounds
    )


async def _load(
    session: AsyncSession,
    contest_id: int,
    rounds: list[Round],
    settings: tuple[Any, ...],
    scale: float,
    pass_score: float | None,
) -> _Kept:
    """Read a contest whole: its round tasks, entries (those the jury excluded left out:
    they are on no board, export or award), members, sittings and every cell."""
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
            .where(Entry.contest_id == contest_id, Entry.excluded.is_(False))
            .order_by(Entry.id)
        )
    ).all()
    people = (
        await session.execute(
            select(Participation.id, Participation.entry_id, User.display_name)
            .join(User, User.id == Participation.user_id)
            .where(Participation.contest_id == contest_id)
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
    connection = await session.connection()
    rows = [
        tuple(row)
        for row in await connection.execute(
            select(*CELL_COLUMNS).where(ScoreCell.contest_id == contest_id)
        )
    ]
    by_round: dict[int, list[Column]] = {}
    points: dict[int, float] = {}
    for rt, title_en, title_zh in tasks:
        by_round.setdefault(rt.round_id, []).append(
            Column(rt.round_id, rt.task_id, rt.label, title_en, title_zh, rt.points)
        )
        points[rt.round_id] = points.get(rt.round_id, 0.0) + rt.points
    members: dict[int, list[tuple[int, str]]] = {}
    for pid, entry_id, name in people:
        members.setdefault(entry_id, []).append((pid, name))
    sat: dict[int, set[tuple[int, int]]] = {}
    excused: dict[int, set[tuple[int, int]]] = {}
    for round_id, entry_id, member_id, started_at, away in sittings:
        if started_at is not None:
            sat.setdefault(entry_id, set()).add((round_id, member_id))
        if away:
            excused.setdefault(entry_id, set()).add((round_id, member_id))
    kept = _Kept(
        settings,
        0,
        scale,
        pass_score,
        [
            RoundPlan(
                r.id,
                r.scoring,
                r.weight,
                r.shared,
                tuple(c.task_id for c in by_round.get(r.id, [])),
                points.get(r.id, 0.0),
            )
            for r in rounds
        ],
        [
            RoundInfo(
                r.id,
                r.name,
                str(r.kind),
                r.scoring,
                r.weight,
                r.shared,
                tuple(by_round.get(r.id, [])),
            )
            for r in rounds
        ],
        [tuple(e) for e in entries],  # type: ignore[misc]
        members,
        sat,
        excused,
    )
    kept.take(rows)
    return kept


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
    ``keep`` False reads the contest whole and keeps nothing: for a caller whose transaction
    has changed the board and may still roll back (the resolver)."""
    state = (await session.execute(_state(contest.id))).one()
    version, revealed_at, unfreeze_at, scale, pass_score = state[:5]
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
    settings = (*state[3:], _plan(rounds))
    place = (str(session.get_bind().engine.url), contest.id, contest.created_at)
    kept_ = _kept.get(place)
    current = kept_ is not None and kept_.settings == settings and kept_.seen == version
    if not keep or (not current and await _writing(session)):
        kept = await _load(session, contest.id, rounds, settings, scale, pass_score)
        kept.seen = int(version)
        return kept.board(contest.id, view, frozen, own)
    if kept_ is not None and kept_.settings == settings and kept_.seen < version:
        connection = await session.connection()
        changed = [
            tuple(row)
            for row in await connection.execute(
                select(*CELL_COLUMNS).where(
                    ScoreCell.contest_id == contest.id, ScoreCell.version > kept_.seen
                )
            )
        ]
        if changed:
            kept_.take(changed)
            kept_.seen = max(kept_.seen, int(version))
        else:
            kept_ = None  # bumped without a cell: something else changed
    if kept_ is None or kept_.settings != settings or kept_.seen > version:
        kept_ = await _load(session, contest.id, rounds, settings, scale, pass_score)
        kept_.seen = max(kept_.seen, int(version))
        _kept.pop(place, None)
        while len(_kept) >= KEPT_CONTESTS:
            _kept.pop(next(iter(_kept)))
        _kept[place] = kept_
    return kept_.board(contest.id, view, frozen, own)


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
    return {(row[0], row[1]): _shown(tuple(row), True) for row in rows if not _empty(tuple(row))}


def forget() -> None:
    """Drop what this process keeps (tests; a database restored underneath)."""
    _kept.clear()
