"""The sweeper: nothing submitted is ever lost.

It finds judgings that should be in the queue but are not (Redis lost its data, the web process
died between commit and enqueue) and re-enqueues them under the same job id; judgings a worker
started more than ``stuck_after_s`` ago (the worker died or hung) are re-enqueued as a new
attempt, the first result to arrive winning; and students whose waiting judgings have no
dispatch in flight get them dispatched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from ictarena.db import Database, utcnow
from ictarena.submissions.dispatch import dispatch_ready, enqueue, jobs_for
from ictarena.submissions.models import Judging, JudgingStatus, Submission
from ictarena.submissions.queue import JobQueue
from ictjudge.wire import JudgeJob

OPEN = (JudgingStatus.QUEUED, JudgingStatus.JUDGING)


@dataclass
class SweepReport:
    lost: int = 0
    stuck: int = 0
    dispatched: int = 0


async def sweep(db: Database, queue: JobQueue, stuck_after_s: float, cap: int = 2) -> SweepReport:
    report = SweepReport()
    deadline = utcnow() - timedelta(seconds=stuck_after_s)
    async with db.session() as session:
        in_queue = (
            await session.scalars(
                select(Judging).where(Judging.status.in_(OPEN), Judging.enqueued_at.is_not(None))
            )
        ).all()
        lost: list[int] = []
        stuck: list[int] = []
        for judging in in_queue:
            # Only a judging a worker has started can be stuck: a long queue is not a fault.
            started = judging.started_at
            if judging.status == JudgingStatus.JUDGING and started and started < deadline:
                judging.attempts += 1
                judging.enqueued_at = utcnow()
                judging.status = JudgingStatus.QUEUED
                judging.started_at = None
                stuck.append(judging.id)
            elif not await queue.exists(f"judge:{judging.id}:{judging.attempts}"):
                lost.append(judging.id)
        jobs: list[JudgeJob] = await jobs_for(session, lost + stuck)
        await session.commit()
        await enqueue(queue, jobs)
        report.lost, report.stuck = len(lost), len(stuck)
        waiting_users = (
            await session.scalars(
                select(Submission.user_id)
                .join(Judging, Judging.submission_id == Submission.id)
                .where(Judging.status == JudgingStatus.QUEUED, Judging.enqueued_at.is_(None))
                .distinct()
            )
        ).all()
        report.dispatched = await dispatch_ready(session, queue, list(waiting_users), cap)
    return report
