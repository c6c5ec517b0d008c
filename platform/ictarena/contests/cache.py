"""The scoreboard's cache: storing one subject's cell, first-to-solve marks and the board's
version.

:mod:`ictarena.submissions.contest_cells` (above this package) gathers a subject's tries on a
round task and computes the cell with :mod:`ictarena.contests.scoring`; this module stores it
in the caller's transaction. A cell whose values did not change writes nothing, so a board is
invalidated (``board_version`` bumped, a ``scoreboard.changed`` event appended) only by a real
change.

Concurrency, on PostgreSQL (SQLite writes one transaction at a time): the caller takes the
entry's advisory lock (:func:`lock_entries`) before reading the tries, so two members of a team
whose submissions are recorded at once are serialised and the second sees the first's
submission: both count. A real change then bumps the contest's version (locking its row until
the commit: the board's writers take turns there, which also keeps two recomputations of who
solved a task first apart) before writing any cell. Everyone takes them in that order
(entries, contest, cells), so nobody waits in a circle. Each changed cell keeps the version
that changed it: a board kept in a server process reads only what changed since the version it
holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, literal, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.contests.models import Contest, Round, RoundTask, ScoreCell, Sitting, WindowType
from ictarena.contests.scoring import CellScore
from ictarena.db import utcnow
from ictarena.events import services as events

ENTRY_LOCKS = 0x5C0E  # the first key of the entries' advisory locks
CHANGED = "scoreboard.changed"
VALUES = (  # a cell's stored values, in the order of _values and old_values
    "tries",
    "pending",
    "solved",
    "solved_s",
    "penalty",
    "score",
    "score_s",
    "public_tries",
    "public_pending",
    "public_solved",
    "public_solved_s",
    "public_penalty",
    "public_score",
    "public_score_s",
)
CELL_KEY = ["round_id", "task_id", "entry_id", "member_id"]
UNREAD: Any = object()  # store_cell's ``old`` not given: it reads the stored cell itself


def old_values() -> tuple[Any, ...]:
    """The columns a caller reads for :func:`store_cell`'s ``old`` (after the entry's lock, in
    a statement of its own, to save one): the cell's round id (None: no cell), then its
    values."""
    return (ScoreCell.round_id, *(getattr(ScoreCell, name) for name in VALUES))


def channel(contest_id: int) -> str:
    """The live channel a contest's board pages follow."""
    return f"contest:{contest_id}"


def _postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def lock_entries(session: AsyncSession, entry_ids: Iterable[int]) -> None:
    """Take the entries' advisory locks, in id order, until the transaction ends."""
    if _postgres(session):
        for entry_id in sorted(set(entry_ids)):
            await session.execute(select(func.pg_advisory_xact_lock(ENTRY_LOCKS, entry_id)))


def _values(live: CellScore, public: CellScore, public_pending: int) -> dict[str, object]:
    return {
        "tries": live.tries,
        "pending": live.pending,
        "solved": live.solved,
        "solved_s": live.solved_s,
        "penalty": live.penalty,
        "score": live.score,
        "score_s": live.score_s,
        "public_tries": public.tries,
        "public_pending": public.pending + public_pending,
        "public_solved": public.solved,
        "public_solved_s": public.solved_s,
        "public_penalty": public.penalty,
        "public_score": public.score,
        "public_score_s": public.score_s,
    }


async def store_cell(
    session: AsyncSession,
    contest: Contest,
    round: Round,
    round_task: RoundTask,
    entry_id: int,
    member_id: int,
    live: CellScore,
    public: CellScore,
    public_pending: int,
    *,
    version: int | None = None,
    old: Sequence[Any] | None = UNREAD,
) -> bool:
    """Store a subject's cell (live values, and the frozen ones: the column ``public_pending``
    holds what the frozen board shows pending, the public cell's own pending tries plus the
    ``public_pending`` tries made after the freeze point), mark who solved the task first,
    bump the board's version and tell the board pages. A rebuild passes the ``version`` it
    bumped to once, and marks the firsts itself. The caller holds the entry's lock. ``old``:
    the stored cell's values as :func:`old_values` reads them, read after that lock (None: no
    cell); not given, they are read here. Returns whether the cell changed."""
    values = _values(live, public, public_pending)
    key = (round.id, round_task.task_id, entry_id, member_id)
    if old is UNREAD:
        old = (
            await session.execute(
                select(*old_values()).where(
                    tuple_(
                        ScoreCell.round_id,
                        ScoreCell.task_id,
                        ScoreCell.entry_id,
                        ScoreCell.member_id,
                    )
                    == key
                )
            )
        ).first()
    if old is not None and old[0] is None:
        old = None  # read through an outer join: no cell
    if old is not None:
        old = tuple(old[1:])
    if old is not None and old == tuple(values.values()):
        return False
    if old is None and live == CellScore() and values["public_pending"] == 0:
        return False  # an empty cell is the same as none
    announce = version is None
    key_values = {
        "round_id": round.id,
        "task_id": round_task.task_id,
        "entry_id": entry_id,
        "member_id": member_id,
        "contest_id": contest.id,
        **values,
    }
    if version is None and _postgres(session):  # bump and store in one round trip
        version = await _bump_storing(session, contest.id, key_values, values)
    else:
        if version is None:
            version = await bump(session, contest.id)  # the contest's row before any cell's
        insert = pg_insert if _postgres(session) else sqlite_insert
        statement = insert(ScoreCell).values(version=version, **key_values)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=CELL_KEY,
                set_={**values, "version": version, "updated_at": utcnow()},
            )
        )
    was = (old[2], old[3]) if old is not None else (False, None)
    if announce and was != (live.solved, live.solved_s):
        await mark_first(session, round, round_task.task_id, version)
    return True


async def mark_first(session: AsyncSession, round: Round, task_id: int, version: int) -> None:
    """Mark the cells that solved a round task first, by server time: the subject's start
    plus their solving time (personal timers start apart). Ties share the mark. Only cells
    whose mark changes are written (with ``version``). The caller has bumped the contest's
    version, so its row lock keeps two markings of one contest apart."""
    rows = (
        await session.execute(
            select(
                ScoreCell.entry_id,
                ScoreCell.member_id,
                ScoreCell.solved,
                ScoreCell.solved_s,
                ScoreCell.first,
                Sitting.started_at,
            )
            .outerjoin(
                Sitting,
                and_(
                    Sitting.round_id == ScoreCell.round_id,
                    Sitting.entry_id == ScoreCell.entry_id,
                    Sitting.member_id == ScoreCell.member_id,
                ),
            )
            .where(
                ScoreCell.round_id == round.id,
                ScoreCell.task_id == task_id,
                or_(ScoreCell.solved.is_(True), ScoreCell.first.is_(True)),
            )
        )
    ).all()
    solved: dict[tuple[int, int], datetime] = {}
    marked: set[tuple[int, int]] = set()
    for entry_id, member_id, is_solved, solved_s, first, started_at in rows:
        if first:
            marked.add((entry_id, member_id))
        start = started_at if round.window is WindowType.PERSONAL else round.starts_at
        if is_solved and start is not None and solved_s is not None:
            solved[entry_id, member_id] = start + timedelta(seconds=solved_s)
    earliest = min(solved.values(), default=None)
    winners = {key for key, at in solved.items() if at == earliest}
    where = (ScoreCell.round_id == round.id, ScoreCell.task_id == task_id)
    pair = tuple_(ScoreCell.entry_id, ScoreCell.member_id)
    for keys, mark in ((marked - winners, False), (winners - marked, True)):
        if keys:
            await session.execute(
                update(ScoreCell)
                .where(*where, pair.in_(sorted(keys)))
                .values(first=mark, version=version)
            )


def _bumped(contest_id: int) -> Any:
    return (
        update(Contest)
        .where(Contest.id == contest_id)
        .values(board_version=Contest.board_version + 1, updated_at=utcnow())
        .returning(Contest.board_version)
    )


async def _bump_storing(
    session: AsyncSession, contest_id: int, row: dict[str, Any], values: dict[str, Any]
) -> int:
    """PostgreSQL: :func:`bump` and the cell's upsert in one statement (the update of the
    contest's row runs first: the cell takes its new version, so the locks are taken in the
    same order as by separate statements)."""
    bumped = _bumped(contest_id).cte("bumped")
    table = ScoreCell.__table__
    row = {**row, "first": False, "revealed": False, "updated_at": utcnow()}  # a new cell's
    source = select(
        *(literal(value, table.c[name].type) for name, value in row.items()),
        bumped.c.board_version,
    )
    statement = pg_insert(ScoreCell).from_select([*row, "version"], source)
    statement = statement.on_conflict_do_update(
        index_elements=CELL_KEY,
        set_={**values, "version": statement.excluded.version, "updated_at": utcnow()},
    )
    version = await session.scalar(statement.returning(ScoreCell.version).add_cte(bumped))
    assert version is not None
    await events.append(
        session, CHANGED, channel(contest_id), {"version": version}, contest_id=contest_id
    )
    return int(version)


async def bump(session: AsyncSession, contest_id: int) -> int:
    """Bump the board's version and append a ``scoreboard.changed`` event; returns the new
    version, which the cells changed in this transaction take. The contest's row stays locked
    until the commit, so versions are given in commit order: a reader that has seen version
    ``v`` committed has seen every cell of version ``v`` or below."""
    version = await session.scalar(_bumped(contest_id))
    assert version is not None
    await events.append(
        session, CHANGED, channel(contest_id), {"version": version}, contest_id=contest_id
    )
    return int(version)
