"""What a student has submitted: the history filtered by task, verdict and language and read a
page at a time, the latest attempts at one task, and when each student last submitted.
Read-only; each submission comes with its valid judging, if any."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Task
from ictarena.submissions.models import Judging, Submission

PENDING = "pending"  # the verdict filter of submissions the judge has not finished


@dataclass(frozen=True)
class HistoryFilter:
    task: str | None = None  # a task's slug
    verdict: str | None = None  # a verdict code, or PENDING
    language: str | None = None


@dataclass
class HistoryPage:
    rows: list[Row[Submission, Task, Judging | None]]
    tasks: list[Row[str, str, str]]  # (slug, title_en, title_zh) of every task submitted to
    more: bool  # an older page follows


async def submission_history(
    session: AsyncSession, user_id: int, wanted: HistoryFilter, page: int, page_size: int
) -> HistoryPage:
    """Page ``page`` (from 1) of ``user_id``'s submissions, newest first."""
    query = (
        select(Submission, Task, Judging)
        .join(Task, Task.id == Submission.task_id)
        .outerjoin(Judging, (Judging.submission_id == Submission.id) & Judging.valid.is_(True))
        .where(Submission.user_id == user_id)
        .order_by(Submission.id.desc())
    )
    if wanted.task is not None:
        query = query.where(Task.slug == wanted.task)
    if wanted.verdict == PENDING:
        query = query.where(Judging.verdict.is_(None))
    elif wanted.verdict is not None:
        query = query.where(Judging.verdict == wanted.verdict)
    if wanted.language is not None:
        query = query.where(Submission.language == wanted.language)
    rows = (await session.execute(query.offset((page - 1) * page_size).limit(page_size + 1))).all()
    tasks = (
        await session.execute(
            select(Task.slug, Task.title_en, Task.title_zh)
            .where(Task.id.in_(select(Submission.task_id).where(Submission.user_id == user_id)))
            .order_by(Task.slug)
        )
    ).all()
    return HistoryPage(list(rows[:page_size]), list(tasks), len(rows) > page_size)


async def recent_attempts(
    session: AsyncSession, user_id: int, task_id: int, limit: int = 10
) -> Sequence[Row[Submission, Judging | None]]:
    """``user_id``'s latest submissions to one task, newest first."""
    return (
        await session.execute(
            select(Submission, Judging)
            .outerjoin(Judging, (Judging.submission_id == Submission.id) & Judging.valid.is_(True))
            .where(Submission.user_id == user_id, Submission.task_id == task_id)
            .order_by(Submission.id.desc())
            .limit(limit)
        )
    ).all()


async def last_submitted(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, datetime]:
    """When each of ``user_ids`` last submitted (those who never did are left out)."""
    rows = await session.execute(
        select(Submission.user_id, func.max(Submission.created_at))
        .where(Submission.user_id.in_(list(user_ids)))
        .group_by(Submission.user_id)
    )
    return {int(user_id): when for user_id, when in rows.all()}
