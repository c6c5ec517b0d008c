"""Recording what judges report, idempotently.

Judge jobs may run twice (a worker died, the sweeper re-enqueued, two workers raced): the first
final result for a judging wins and every later one is ignored, so a judging is recorded once.
Each change appends to the event log, which live pages follow. A recorded practice judging also
brings the leaderboards' score cache up to date in the same transaction (this package hands
:mod:`ictarena.leaderboards.cache`, which sits below it, the student's attempts on the task); a
recorded contest judging refreshes its subject's scoreboard cell instead
(:mod:`ictarena.submissions.contest_cells`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.contests.models import ContestPractice
from ictarena.db import utcnow
from ictarena.events import services as events
from ictarena.leaderboards import cache as leaderboards
from ictarena.leaderboards.points import Attempt, fraction
from ictarena.submissions import contest_cells
from ictarena.submissions.models import (
    Judging,
    JudgingStatus,
    Run,
    Submission,
    TaskResult,
)
from ictarena.submissions.reports import NormalReport
from ictjudge.wire import JudgeProgress, Verdict

OPEN = (JudgingStatus.QUEUED, JudgingStatus.JUDGING)


async def _subject(session: AsyncSession, judging_id: int) -> tuple[str, int] | None:
    row = (
        await session.execute(
            select(Submission.id, Submission.user_id)
            .join(Judging, Judging.submission_id == Submission.id)
            .where(Judging.id == judging_id)
        )
    ).first()
    return (f"submission:{row[0]}", int(row[1])) if row else None


async def record_progress(
    session: AsyncSession, judging_id: int, progress: JudgeProgress, worker: str | None = None
) -> bool:
    """Note that a judge is working on the judging (stage, test k of n). False if it is closed."""
    values: dict[str, Any] = {"status": JudgingStatus.JUDGING}
    if worker:
        values["worker"] = worker[:120]
    changed = await session.execute(
        update(Judging).where(Judging.id == judging_id, Judging.status.in_(OPEN)).values(**values)
    )
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        return False
    await session.execute(
        update(Judging)
        .where(Judging.id == judging_id, Judging.started_at.is_(None))
        .values(started_at=utcnow())
    )
    subject = await _subject(session, judging_id)
    assert subject is not None
    await events.append(
        session,
        "judging.progress",
        subject[0],
        {"judging": judging_id, "status": "judging", **progress.to_json()},
        user_id=subject[1],
    )
    return True


async def record_result(
    session: AsyncSession,
    judging_id: int,
    report: NormalReport,
    worker: str | None = None,
    *,
    zone: ZoneInfo,
) -> bool:
    """Store the final report. Returns False (and changes nothing) if it was already recorded.
    ``zone`` is the platform's time zone (``settings.zone``): the boards' weeks and months."""
    now = utcnow()
    changed = await session.execute(
        update(Judging)
        .where(Judging.id == judging_id, Judging.status.in_(OPEN))
        .values(
            status=JudgingStatus.DONE,
            verdict=report.verdict,
            score=report.score,
            max_score=report.max_score,
            report=report.raw,
            finished_at=now,
            error=None,
            worker=(worker or "")[:120] or None,
        )
    )
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        return False
    await session.execute(
        update(Judging)
        .where(Judging.id == judging_id, Judging.started_at.is_(None))
        .values(started_at=now)
    )
    for position, run in enumerate(report.runs):
        session.add(Run(judging_id=judging_id, position=position, **run))
    await _after_final(session, judging_id, report.verdict, report.score, report.max_score, zone)
    return True


async def record_error(session: AsyncSession, judging_id: int, error: str) -> bool:
    """Give up on a judging after the retries: JE, our fault, visible to admins."""
    changed = await session.execute(
        update(Judging)
        .where(Judging.id == judging_id, Judging.status.in_(OPEN))
        .values(
            status=JudgingStatus.ERROR,
            verdict=Verdict.JE,
            error=error[:4000],
            finished_at=utcnow(),
        )
    )
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        return False
    # A judge error earns nothing and changes no board: only the student's result is refreshed.
    await _after_final(session, judging_id, Verdict.JE, None, None, None)
    return True


async def _after_final(
    session: AsyncSession,
    judging_id: int,
    verdict: str,
    score: float | None,
    max_score: float | None,
    zone: ZoneInfo | None,
) -> None:
    judging = await session.get(Judging, judging_id)
    assert judging is not None
    submission = await session.get(Submission, judging.submission_id)
    assert submission is not None
    await events.append(
        session,
        "judging.done",
        f"submission:{submission.id}",
        {
            "judging": judging_id,
            "status": str(judging.status),
            "verdict": verdict,
            "score": score,
            "max_score": max_score,
            "valid": judging.valid,
        },
        user_id=submission.user_id,
    )
    if judging.valid and submission.round_id is not None:
        # A contest submission counts on its contest's board, not on the practice boards.
        await contest_cells.refresh_cell(session, submission)
    elif judging.valid and not submission.is_reference:
        await refresh_task_result(session, submission.user_id, submission.task_id, zone)


# A practice judging that counts: valid, finished, not in a contest, not a reference solution,
# not to a contest's task off the record (a virtual run, upsolving).
PRACTICE = (
    Submission.participation_id.is_(None),
    ~exists().where(ContestPractice.submission_id == Submission.id),
    Submission.is_reference.is_(False),
    Judging.valid.is_(True),
    Judging.status == JudgingStatus.DONE,
)


async def refresh_task_result(
    session: AsyncSession, user_id: int, task_id: int, zone: ZoneInfo | None
) -> TaskResult:
    """Recompute a student's cached best result on a task from the valid practice judgings;
    with ``zone`` (the platform's time zone) also their points on the boards and the task's
    practice statistics. ``None`` leaves the boards alone: for a change that cannot move them
    (a judge error)."""
    if zone is not None:
        await leaderboards.lock_students(session, [user_id])  # before any row lock
    attempts = await session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(Submission.user_id == user_id, Submission.task_id == task_id)
    )
    # Two results for one student and task can be recorded at once: create the row without
    # racing, then lock it while recomputing.
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(
        insert(TaskResult).values(user_id=user_id, task_id=task_id).on_conflict_do_nothing()
    )
    result = await session.scalar(
        select(TaskResult)
        .where(TaskResult.user_id == user_id, TaskResult.task_id == task_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert result is not None
    # Read the judgings once the row is locked, so that two results recorded at once for this
    # student and task both end up counted.
    rows = (
        await session.execute(
            select(Judging, Submission.created_at)
            .join(Submission, Submission.id == Judging.submission_id)
            .where(Submission.user_id == user_id, Submission.task_id == task_id, *PRACTICE)
            .order_by(Judging.id)
        )
    ).all()
    best: tuple[float, int] | None = None
    result.best_verdict = None
    result.best_submission_id = None
    result.solved_at = None
    result.best_score = 0.0
    for judging, created_at in rows:
        score = judging.score or 0.0
        result.max_score = judging.max_score or result.max_score or 100.0
        if best is None or score > best[0]:
            best = (score, judging.id)
            result.best_score = score
            result.best_verdict = judging.verdict
            result.best_submission_id = judging.submission_id
        if judging.verdict == Verdict.AC and result.solved_at is None:
            result.solved_at = created_at
    result.attempts = int(attempts or 0)
    last = await session.scalar(
        select(func.max(Submission.created_at)).where(
            Submission.user_id == user_id, Submission.task_id == task_id
        )
    )
    result.last_submission_at = last
    await session.flush()
    if zone is not None:
        timeline = sorted(rows, key=lambda row: (row[1], row[0].submission_id))
        await leaderboards.record_practice(
            session,
            user_id,
            task_id,
            [_attempt(judging, created_at) for judging, created_at in timeline],
            _share((judging.submission_id, judging.verdict) for judging, _at in rows),
            zone,
        )
    return result


def _attempt(judging: Judging, created_at: datetime) -> Attempt:
    accepted = judging.verdict == Verdict.AC
    return Attempt(created_at, fraction(judging.score, judging.max_score, accepted), accepted)


def _share(judged: Iterable[tuple[int, str | None]]) -> leaderboards.Share:
    """A student's share of a task's statistics from (submission, verdict) of their valid
    judged practice submissions on it."""
    pairs = list(judged)
    return leaderboards.Share(
        judged=len({submission for submission, _verdict in pairs}),
        accepted=len({submission for submission, verdict in pairs if verdict == Verdict.AC}),
    )


async def rebuild_leaderboards(session: AsyncSession, zone: ZoneInfo) -> int:
    """Rebuild the leaderboards' whole cache from every valid practice judging (``arena
    leaderboards rebuild``): for an install that predates the boards, after a time zone change
    or after tasks moved between tiers. Returns the number of students on the boards."""
    rows = await session.execute(
        select(
            Submission.user_id,
            Submission.task_id,
            Submission.id,
            Submission.created_at,
            Judging.verdict,
            Judging.score,
            Judging.max_score,
        )
        .join(Judging, Judging.submission_id == Submission.id)
        .where(*PRACTICE)
        .order_by(Submission.user_id, Submission.task_id, Submission.created_at, Submission.id)
    )
    ledgers: dict[tuple[int, int], list[Attempt]] = {}
    judged: dict[tuple[int, int], list[tuple[int, str | None]]] = {}
    for user_id, task_id, submission_id, created_at, verdict, score, max_score in rows:
        solved = verdict == Verdict.AC
        ledgers.setdefault((user_id, task_id), []).append(
            Attempt(created_at, fraction(score, max_score, solved), solved)
        )
        judged.setdefault((user_id, task_id), []).append((submission_id, verdict))
    return await leaderboards.rebuild_all(
        session,
        (
            (user_id, task_id, attempts, _share(judged[user_id, task_id]))
            for (user_id, task_id), attempts in ledgers.items()
        ),
        zone,
    )
