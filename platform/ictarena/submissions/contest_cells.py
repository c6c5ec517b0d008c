"""Contest submissions into scoreboard cells.

A contest submission (one with a round) does not count on the practice leaderboards: its
subject's cell on the round task is recomputed instead, from every submission of that subject
on the task and their valid judgings, and stored by :mod:`ictarena.contests.cache`. The
subject is the entry in a round a team shares, the member in a theory round. Called when a
contest submission is stored (its pending try shows at once), when its judging is recorded and
when a rejudging that touches it is applied. Recomputing the whole cell keeps the cache equal
to :func:`rebuild_contest`, whatever order judgings arrive in.

The subject's window (:mod:`ictarena.contests.windows`) decides which submissions count
(``start <= created_at < end``: a judging still pending at the end counts when it finishes)
and which are before the freeze point (seen on the frozen board).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.contests import cache
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundTask,
    ScoreCell,
    ScoreMode,
    Scoring,
    Sitting,
    WindowType,
)
from ictarena.contests.scoring import Try, cell, frozen, subtask_points
from ictarena.contests.windows import Window, extra_minutes, subject_window
from ictarena.submissions.models import Judging, JudgingStatus, Submission

COUNTED = (JudgingStatus.DONE, JudgingStatus.ERROR, JudgingStatus.QUEUED, JudgingStatus.JUDGING)


@dataclass(frozen=True)
class Judged:
    """A submission of a subject with its valid judging's outcome (status None: no judging)."""

    id: int
    created_at: datetime
    status: JudgingStatus | None
    verdict: str | None
    score: float | None
    max_score: float | None
    report: dict[str, Any] | None


def to_try(one: Judged, window: Window, round: Round, points: float) -> Try | None:
    """A submission as scoring sees it, or None when it does not count (outside the window,
    or its judging was cancelled)."""
    if window.start is None or not window.counts(one.created_at):
        return None
    if one.status is JudgingStatus.CANCELLED:
        return None
    if one.status is JudgingStatus.ERROR:
        verdict: str | None = "JE"
    elif one.status is JudgingStatus.DONE:
        verdict = one.verdict
    else:
        verdict = None  # queued, judging, or not dispatched yet
    subtasks = None
    if verdict is not None and round.scoring is Scoring.IOI and round.mode is ScoreMode.SUBTASK:
        subtasks = subtask_points(one.report, points)
    return Try(
        at_s=int((one.created_at - window.start).total_seconds()),
        verdict=verdict,
        score=one.score,
        max_score=one.max_score,
        subtasks=subtasks,
        before_freeze=window.before_freeze(one.created_at),
        order=one.id,
    )


def _judged_query(round: Round) -> Any:
    report = Judging.report if round.scoring is Scoring.IOI else None
    columns: list[Any] = [
        Submission.id,
        Submission.created_at,
        Judging.status,
        Judging.verdict,
        Judging.score,
        Judging.max_score,
    ]
    if report is not None:
        columns.append(report)
    return (
        select(*columns, Submission.entry_id, Submission.participation_id, Submission.task_id)
        .outerjoin(Judging, and_(Judging.submission_id == Submission.id, Judging.valid.is_(True)))
        .where(Submission.round_id == round.id, Submission.is_reference.is_(False))
        .order_by(Submission.id, Judging.id)
    )


def _judged(row: Any, round: Round) -> Judged:
    report = row[6] if round.scoring is Scoring.IOI else None
    return Judged(row[0], row[1], row[2], row[3], row[4], row[5], report)


async def _window(
    session: AsyncSession, round: Round, entry: Entry, member_id: int
) -> tuple[Window, Participation | None]:
    participation = None if round.shared else await session.get(Participation, member_id)
    started_at = None
    if round.window is WindowType.PERSONAL:  # a fixed window has no start of its own
        started_at = await session.scalar(
            select(Sitting.started_at).where(
                Sitting.round_id == round.id,
                Sitting.entry_id == entry.id,
                Sitting.member_id == member_id,
            )
        )
    window = subject_window(round, started_at, extra_minutes(round, entry, participation))
    return window, participation


async def _store(
    session: AsyncSession,
    contest: Contest,
    round: Round,
    round_task: RoundTask,
    entry_id: int,
    member_id: int,
    window: Window,
    judged: Iterable[Judged],
    *,
    version: int | None = None,
    old: Sequence[Any] | None = cache.UNREAD,
) -> bool:
    latest: dict[int, Judged] = {}
    for one in judged:  # a submission's last valid judging (by id) counts
        latest[one.id] = one
    tries = [t for one in latest.values() if (t := to_try(one, window, round, round_task.points))]
    live = cell(round.scoring, round.mode, tries, round_task.points, round.penalty_min)
    public, hidden = frozen(round.scoring, round.mode, tries, round_task.points, round.penalty_min)
    return await cache.store_cell(
        session,
        contest,
        round,
        round_task,
        entry_id,
        member_id,
        live,
        public,
        hidden,
        version=version,
        old=old,
    )


async def refresh_cell(session: AsyncSession, submission: Submission) -> bool:
    """Recompute the cell of the submission's subject on its round task (nothing for a
    practice submission). Returns whether the board changed."""
    if submission.round_id is None or submission.entry_id is None:
        return False
    await cache.lock_entries(session, [submission.entry_id])  # before reading the tries
    found = (
        await session.execute(
            select(Round, RoundTask, Entry, Contest)
            .join(RoundTask, RoundTask.round_id == Round.id)
            .join(Contest, Contest.id == Round.contest_id)
            .join(Entry, Entry.contest_id == Contest.id)
            .where(
                Round.id == submission.round_id,
                RoundTask.task_id == submission.task_id,
                Entry.id == submission.entry_id,
            )
        )
    ).first()
    if found is None:
        return False  # the task was taken out of the round: nothing on the board
    round, round_task, entry, contest = found
    member_id = 0 if round.shared else submission.participation_id or 0
    window, _participation = await _window(session, round, entry, member_id)
    query = _judged_query(round).where(
        Submission.entry_id == entry.id, Submission.task_id == submission.task_id
    )
    if not round.shared:
        query = query.where(Submission.participation_id == member_id)
    # the stored cell on every row (one statement less): read after the lock, as the tries
    stored = cache.old_values()
    query = query.add_columns(*stored).outerjoin(
        ScoreCell,
        and_(
            ScoreCell.round_id == round.id,
            ScoreCell.task_id == submission.task_id,
            ScoreCell.entry_id == entry.id,
            ScoreCell.member_id == member_id,
        ),
    )
    rows = (await session.execute(query)).all()
    judged = [_judged(row, round) for row in rows]
    old = tuple(rows[0][-len(stored) :]) if rows else cache.UNREAD
    return await _store(
        session, contest, round, round_task, entry.id, member_id, window, judged, old=old
    )


async def refresh_subjects(session: AsyncSession, submissions: Sequence[Submission]) -> int:
    """Refresh the cells of several contest submissions (a rejudging applied), taking their
    entries' locks first in id order. Returns how many cells changed."""
    contest_subs = [s for s in submissions if s.round_id is not None and s.entry_id is not None]
    await cache.lock_entries(session, [s.entry_id for s in contest_subs if s.entry_id])
    seen: set[tuple[int, int, int, int | None]] = set()
    changed = 0
    for submission in contest_subs:
        assert submission.round_id is not None and submission.entry_id is not None
        key = (
            submission.round_id,
            submission.task_id,
            submission.entry_id,
            submission.participation_id,
        )
        if key not in seen:
            seen.add(key)
            changed += await refresh_cell(session, submission)
    return changed


async def rebuild_contest(session: AsyncSession, contest_id: int) -> int:
    """Recompute every cell of a contest from its submissions (after windows or extra time
    changed, or to check the cache), keeping the jury's reveal marks. Takes every entry's lock
    first, as a recording would, then bumps the board's version once. A cell nobody has a try
    for any more is emptied (an empty cell reads as none). Returns the number of cells with
    tries."""
    contest = await session.get(Contest, contest_id)
    if contest is None:
        return 0
    entries = {
        e.id: e
        for e in (await session.scalars(select(Entry).where(Entry.contest_id == contest_id)))
    }
    await cache.lock_entries(session, entries)
    version = await cache.bump(session, contest_id)
    rounds = (await session.scalars(select(Round).where(Round.contest_id == contest_id))).all()
    kept: set[tuple[int, int, int, int]] = set()
    tasks: dict[int, dict[int, RoundTask]] = {}
    for round in rounds:
        tasks[round.id] = {
            rt.task_id: rt
            for rt in await session.scalars(select(RoundTask).where(RoundTask.round_id == round.id))
        }
        groups: dict[tuple[int, int, int], list[Judged]] = {}
        for row in await session.execute(_judged_query(round)):
            entry_id, participation_id, task_id = row[-3], row[-2], row[-1]
            if entry_id not in entries or task_id not in tasks[round.id]:
                continue
            member_id = 0 if round.shared else participation_id or 0
            groups.setdefault((entry_id, member_id, task_id), []).append(_judged(row, round))
        for (entry_id, member_id, task_id), judged in groups.items():
            window, _p = await _window(session, round, entries[entry_id], member_id)
            await _store(
                session,
                contest,
                round,
                tasks[round.id][task_id],
                entry_id,
                member_id,
                window,
                judged,
                version=version,
            )
            kept.add((round.id, task_id, entry_id, member_id))
    by_id = {round.id: round for round in rounds}
    cells = (
        await session.execute(
            select(
                ScoreCell.round_id, ScoreCell.task_id, ScoreCell.entry_id, ScoreCell.member_id
            ).where(ScoreCell.contest_id == contest_id)
        )
    ).all()
    for round_id, task_id, entry_id, member_id in cells:
        if (round_id, task_id, entry_id, member_id) in kept:
            continue
        round_task = tasks.get(round_id, {}).get(task_id)
        if round_task is None:  # no longer on the board: nobody reads it
            await session.execute(
                delete(ScoreCell).where(
                    ScoreCell.round_id == round_id,
                    ScoreCell.task_id == task_id,
                    ScoreCell.entry_id == entry_id,
                    ScoreCell.member_id == member_id,
                )
            )
            continue
        window = Window(None, None, None)
        await _store(
            session,
            contest,
            by_id[round_id],
            round_task,
            entry_id,
            member_id,
            window,
            [],
            version=version,
        )
    for round in rounds:
        for task_id in tasks[round.id]:
            await cache.mark_first(session, round, task_id, version)
    count = await session.scalar(
        select(func.count())
        .select_from(ScoreCell)
        .where(
            ScoreCell.contest_id == contest_id,
            ScoreCell.tries + ScoreCell.pending + ScoreCell.public_pending > 0,
        )
    )
    return int(count or 0)
