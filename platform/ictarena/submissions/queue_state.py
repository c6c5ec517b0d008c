"""The judging queue as the admin's fleet page shows it: how many judgings wait and since when,
and the latest judgings the judge could not finish. Read-only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Task
from ictarena.submissions.models import Judging, JudgingStatus, Submission


@dataclass(frozen=True)
class Backlog:
    waiting: int  # judgings queued
    oldest: datetime | None  # when the longest-waiting one was queued


async def backlog(session: AsyncSession) -> Backlog:
    waiting, oldest = (
        await session.execute(
            select(func.count(), func.min(Judging.queued_at)).where(
                Judging.status == JudgingStatus.QUEUED
            )
        )
    ).one()
    return Backlog(int(waiting or 0), oldest)


async def judge_failures(
    session: AsyncSession, limit: int = 25
) -> Sequence[Row[Judging, Submission, str]]:
    """``(judging, submission, task slug)`` of the latest judge errors, newest first."""
    return (
        await session.execute(
            select(Judging, Submission, Task.slug)
            .join(Submission, Submission.id == Judging.submission_id)
            .join(Task, Task.id == Submission.task_id)
            .where(Judging.status == JudgingStatus.ERROR)
            .order_by(Judging.finished_at.desc())
            .limit(limit)
        )
    ).all()
