"""The score cache the boards read: the ledger of point gains, each student's board totals and
each task's practice statistics.

Recording a practice judging (``ictarena.submissions.recording``, which sits above this package)
hands :func:`record_practice` the student's judged attempts on the task in submission order
and their share of the task's statistics; this module rebuilds that student's ledger for the
task and their totals, and moves the task's statistics by the change in their share, in the
caller's transaction. One student's
ledger is small, so rebuilding it whole is cheap and keeps the cache equal to a recomputation
from every submission, whatever order verdicts and rejudgings arrive in.

Concurrent recordings: the caller holds the student's result row for the task; here a
transaction-scoped advisory lock per student serialises rebuilds of the student's totals (two
tasks judged at once); the task's statistics change by relative updates, which commute.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Module, Task, Tier
from ictarena.events import services as events
from ictarena.leaderboards.models import BoardTotal, PointGain, PracticeCount, TaskStat
from ictarena.leaderboards.points import (
    ALL,
    Attempt,
    Gain,
    Placed,
    Total,
    gains,
    totals,
    worth,
)

LOCK_SPACE = 0x1EAD  # the first key of the students' advisory locks
CHANGED = "board.changed"
SUBJECT = "leaderboards"  # the live channel every board page follows


@dataclass(frozen=True)
class TaskTally:
    """A task's practice statistics: students who had a submission judged and who solved it,
    submissions judged and accepted."""

    attempted: int = 0
    solved: int = 0
    submissions: int = 0
    accepted: int = 0


@dataclass(frozen=True)
class Share:
    """One student's part of a task's statistics: their judged practice submissions and the
    accepted ones."""

    judged: int = 0
    accepted: int = 0


@dataclass(frozen=True)
class Placement:
    """Where a task's points count and what it is worth."""

    worth: int
    track_id: int
    tier_id: int


async def placements(session: AsyncSession, task_ids: Iterable[int]) -> dict[int, Placement]:
    ids = sorted(set(task_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(Task.id, Task.difficulty, Tier.track_id, Tier.id)
        .join(Module, Module.id == Task.module_id)
        .join(Tier, Tier.id == Module.tier_id)
        .where(Task.id.in_(ids))
    )
    return {task: Placement(worth(level), track, tier) for task, level, track, tier in rows}


def _key(gain: Gain) -> tuple[object, ...]:
    return (gain.at, gain.points, gain.solved)


async def lock_students(session: AsyncSession, user_ids: Iterable[int]) -> None:
    """Take the students' advisory locks (PostgreSQL; SQLite writes one at a time anyway), in
    id order, until the transaction ends. Whoever rebuilds several students' lines (a
    rejudging) takes them all first, and a recording takes its student's before any row lock,
    so that neither waits for the other while holding what the other needs."""
    if session.get_bind().dialect.name == "postgresql":
        for user_id in sorted(set(user_ids)):
            await session.execute(select(func.pg_advisory_xact_lock(LOCK_SPACE, user_id)))


async def _lock_student(session: AsyncSession, user_id: int) -> None:
    await lock_students(session, [user_id])


async def record_practice(
    session: AsyncSession,
    user_id: int,
    task_id: int,
    attempts: Sequence[Attempt],
    share: Share,
    zone: ZoneInfo,
) -> bool:
    """Bring the cache up to date after one of ``user_id``'s practice judgings on ``task_id``
    was recorded or rejudged. ``attempts`` are all their valid judged practice submissions on
    the task, oldest first; ``share`` counts them. Appends a ``board.changed`` event when a
    total changed; returns whether one did."""
    await _lock_student(session, user_id)
    placement = (await placements(session, [task_id])).get(task_id)
    changed = False
    if placement is not None:
        new = gains(attempts, placement.worth)
        old = (
            await session.scalars(
                select(PointGain)
                .where(PointGain.user_id == user_id, PointGain.task_id == task_id)
                .order_by(PointGain.earned_at, PointGain.id)
            )
        ).all()
        if [_key(Gain(g.earned_at, g.points, g.solved)) for g in old] != [_key(g) for g in new]:
            await session.execute(
                delete(PointGain).where(PointGain.user_id == user_id, PointGain.task_id == task_id)
            )
            session.add_all(
                PointGain(
                    user_id=user_id,
                    task_id=task_id,
                    earned_at=g.at,
                    points=g.points,
                    solved=g.solved,
                )
                for g in new
            )
            await session.flush()
            changed = await rebuild_totals(session, user_id, zone)
    await _store_share(session, user_id, task_id, share)
    return changed


async def _store_share(session: AsyncSession, user_id: int, task_id: int, share: Share) -> None:
    """Record the student's new share and move the task's statistics by the difference (the
    student's advisory lock keeps their share's updates in order)."""
    kept = await session.scalar(
        select(PracticeCount)
        .where(PracticeCount.user_id == user_id, PracticeCount.task_id == task_id)
        .execution_options(populate_existing=True)
    )
    old = Share(kept.judged, kept.accepted) if kept is not None else Share()
    if old == share:
        return
    if kept is None:
        session.add(PracticeCount(user_id=user_id, task_id=task_id, **vars(share)))
    else:
        kept.judged, kept.accepted = share.judged, share.accepted
    dialect = session.get_bind().dialect.name
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(upsert(TaskStat).values(task_id=task_id).on_conflict_do_nothing())
    await session.execute(
        update(TaskStat)
        .where(TaskStat.task_id == task_id)
        .values(
            attempted=TaskStat.attempted + (int(share.judged > 0) - int(old.judged > 0)),
            solved=TaskStat.solved + (int(share.accepted > 0) - int(old.accepted > 0)),
            submissions=TaskStat.submissions + (share.judged - old.judged),
            accepted=TaskStat.accepted + (share.accepted - old.accepted),
        )
        .execution_options(synchronize_session=False)
    )
    await session.flush()


async def rebuild_totals(session: AsyncSession, user_id: int, zone: ZoneInfo) -> bool:
    """Recompute one student's lines on every board from their ledger, writing only the lines
    that changed; append a ``board.changed`` event naming the boards that did. Returns
    whether any did."""
    rows = await session.execute(
        select(PointGain.earned_at, PointGain.points, PointGain.solved, Tier.track_id, Tier.id)
        .join(Task, Task.id == PointGain.task_id)
        .join(Module, Module.id == Task.module_id)
        .join(Tier, Tier.id == Module.tier_id)
        .where(PointGain.user_id == user_id)
    )
    new = totals(
        (Placed(Gain(at, points, solved), track, tier) for at, points, solved, track, tier in rows),
        zone,
    )
    old = {
        (line.board, line.period): line
        for line in (
            await session.scalars(select(BoardTotal).where(BoardTotal.user_id == user_id))
        ).all()
    }
    boards: set[str] = set()
    for key, stale in old.items():
        if key not in new:
            await session.delete(stale)
            boards.add(key[0])
    for key, total in new.items():
        line = old.get(key)
        if line is not None and _total(line) == total:
            continue
        boards.add(key[0])
        if line is None:
            session.add(BoardTotal(board=key[0], period=key[1], user_id=user_id, **vars(total)))
        else:
            line.points = total.points
            line.solved = total.solved
            line.last_solve_at = total.last_solve_at
            line.reached_at = total.reached_at
    await session.flush()
    if boards:
        await events.append(session, CHANGED, SUBJECT, {"boards": sorted(boards)})
    return bool(boards)


def _total(line: BoardTotal) -> Total:
    return Total(line.points, line.solved, line.last_solve_at, line.reached_at)


async def rebuild_all(
    session: AsyncSession,
    ledgers: Iterable[tuple[int, int, Sequence[Attempt], Share]],
    zone: ZoneInfo,
) -> int:
    """Replace the whole cache: ``ledgers`` gives every (student, task, attempts, share) with
    judged practice submissions. For an existing install, a time zone change or tasks moved
    between tiers. Returns the number of students on the boards."""
    ledgers = list(ledgers)
    where = await placements(session, (task for _user, task, _attempts, _share in ledgers))
    for table in (PointGain, BoardTotal, TaskStat, PracticeCount):
        await session.execute(delete(table))
    placed: dict[int, list[Placed]] = {}
    gain_rows: list[dict[str, object]] = []
    tallies: dict[int, TaskTally] = {}
    share_rows: list[dict[str, object]] = []
    for user_id, task_id, attempts, share in ledgers:
        if share != Share():
            share_rows.append({"user_id": user_id, "task_id": task_id, **vars(share)})
            was = tallies.get(task_id, TaskTally())
            tallies[task_id] = TaskTally(
                was.attempted + (share.judged > 0),
                was.solved + (share.accepted > 0),
                was.submissions + share.judged,
                was.accepted + share.accepted,
            )
        placement = where.get(task_id)
        if placement is None:
            continue
        for gain in gains(attempts, placement.worth):
            gain_rows.append(
                {
                    "user_id": user_id,
                    "task_id": task_id,
                    "earned_at": gain.at,
                    "points": gain.points,
                    "solved": gain.solved,
                }
            )
            placed.setdefault(user_id, []).append(
                Placed(gain, placement.track_id, placement.tier_id)
            )
    total_rows = [
        {"board": board, "period": period, "user_id": user_id, **vars(total)}
        for user_id, items in placed.items()
        for (board, period), total in totals(items, zone).items()
    ]
    stat_rows = [{"task_id": task, **vars(tally)} for task, tally in tallies.items()]
    for table, values in (
        (PointGain, gain_rows),
        (BoardTotal, total_rows),
        (TaskStat, stat_rows),
        (PracticeCount, share_rows),
    ):
        for start in range(0, len(values), 5000):
            await session.execute(insert(table), values[start : start + 5000])
    if session.get_bind().dialect.name == "postgresql":  # the planner needs the new sizes
        for name in ("point_gains", "board_totals", "task_stats", "practice_counts"):
            await session.execute(text(f"ANALYZE {name}"))
    await events.append(session, CHANGED, SUBJECT, {"boards": [ALL]})
    return len(placed)


async def is_empty(session: AsyncSession) -> bool:
    """Whether no total is cached yet (a fresh install, or one from before the boards)."""
    return await session.scalar(select(BoardTotal.user_id).limit(1)) is None


async def track_points(
    session: AsyncSession, user_ids: Sequence[int]
) -> dict[int, dict[int, float]]:
    """All-time practice points per student and track (user id → track id → points); students
    and tracks without points are left out."""
    ids = sorted(set(user_ids))
    out: dict[int, dict[int, float]] = {}
    if not ids:
        return out
    rows = await session.execute(
        select(BoardTotal.user_id, BoardTotal.board, BoardTotal.points).where(
            BoardTotal.user_id.in_(ids),
            BoardTotal.period == ALL,
            BoardTotal.board.like("track:%"),
        )
    )
    for user_id, board, points in rows:
        out.setdefault(user_id, {})[int(board.split(":", 1)[1])] = float(points)
    return out
