"""Handing queued judgings to the job queue, fairly.

Each student has at most ``cap`` judgings in the queue at once; the rest wait in the database
(``enqueued_at IS NULL``) and are dispatched as earlier ones finish. A burst from one student
therefore never sits in front of everyone else's work. Job ids are deterministic
(``judge:<judging>:<attempt>``), so dispatching twice never queues a job twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Integer, Table, Update, bindparam, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from ictarena.catalog.models import Dataset, Task
from ictarena.db import Compiled, UTCDateTime, utcnow
from ictarena.observability.logs import get_logger
from ictarena.submissions import rows
from ictarena.submissions.models import (
    Judging,
    Submission,
    in_flight,
    waiting,
)
from ictarena.submissions.queue import JobQueue
from ictjudge.wire import JUDGE_JOB, JudgeJob

DEFAULT_CAP = 2

log = get_logger(__name__)


async def jobs_for(session: AsyncSession, judging_ids: Sequence[int]) -> list[JudgeJob]:
    if not judging_ids:
        return []
    rows = await session.execute(
        select(Judging, Submission, Dataset.content_hash, Task.type)
        .join(Submission, Submission.id == Judging.submission_id)
        .join(Dataset, Dataset.id == Judging.dataset_id)
        .join(Task, Task.id == Submission.task_id)
        .where(Judging.id.in_(judging_ids))
        .order_by(Judging.id)
    )
    return [
        JudgeJob(j.id, j.attempts, str(task_type), s.language, dict(s.files), content_hash)
        for j, s, content_hash, task_type in rows
    ]


def _claim_statement() -> Update:
    """The claim as one statement, built once (``student``, ``cap`` and ``now`` are bound at
    each call): the count of what is in flight, the choice of what waits and the marking travel
    together. Both questions read the judgings by their user, each from a partial index that
    holds only unfinished judgings (:func:`ictarena.submissions.models.in_flight`), so the
    claim costs the same whatever the history and however long the queue."""
    judgings = cast(Table, Judging.__table__)
    flying, queued = judgings.alias("flying"), judgings.alias("queued")
    in_flight_now = (
        select(func.count())
        .select_from(flying)
        .where(flying.c.user_id == bindparam("student"), in_flight(flying))
        .scalar_subquery()
    )
    room = bindparam("cap", type_=Integer) - in_flight_now
    oldest_waiting = (
        select(queued.c.id)
        .where(queued.c.user_id == bindparam("student"), waiting(queued))
        .order_by(queued.c.id)
        .limit(case((room > 0, room), else_=0))  # a negative limit is no limit on SQLite
    )
    return (
        update(judgings)
        .where(judgings.c.id.in_(oldest_waiting))
        .values(enqueued_at=bindparam("now", type_=UTCDateTime()))
        .returning(judgings.c.id)
    )


_CLAIM = _claim_statement()
_CLAIM_COMPILED = Compiled(_CLAIM)


async def claim_ready(session: AsyncSession, user_id: int, cap: int = DEFAULT_CAP) -> list[int]:
    """Mark up to ``cap - in_flight`` of the user's waiting judgings, oldest first, as
    enqueued; return their ids. One statement (:func:`_claim_statement`, sent through the
    driver on PostgreSQL: :mod:`ictarena.submissions.rows`); judgings the session holds get
    the same ``enqueued_at``."""
    now = utcnow()
    driver = await rows.driver_connection(session)
    if driver is not None:  # PostgreSQL: the same statement through the driver
        found = await rows.claim(driver, _CLAIM_COMPILED, user_id, cap, now)
    else:
        found = list(await session.scalars(_CLAIM, {"student": user_id, "cap": cap, "now": now}))
    claimed = sorted(found)
    for judging_id in claimed:
        held = session.identity_map.get(identity_key(Judging, judging_id))
        if held is not None:
            set_committed_value(held, "enqueued_at", now)
    return claimed


async def claim_jobs(
    session: AsyncSession, user_id: int, cap: int, known: Sequence[JudgeJob] = ()
) -> list[JudgeJob]:
    """Claim what the user may run now (:func:`claim_ready`) and return the claimed jobs;
    ``known`` are jobs the caller has in hand (a submission it has just stored), which are not
    read back."""
    claimed = await claim_ready(session, user_id, cap)
    ready = {job.judging_id: job for job in known}
    jobs = [ready[i] for i in claimed if i in ready]
    jobs += await jobs_for(session, [i for i in claimed if i not in ready])
    return sorted(jobs, key=lambda job: job.judging_id)


async def enqueue(queue: JobQueue, jobs: Sequence[JudgeJob]) -> None:
    for job in jobs:
        await queue.enqueue(JUDGE_JOB, job.job_id, **job.as_kwargs())
        log.info("judging enqueued", judging_id=job.judging_id, job_id=job.job_id)


async def dispatch_ready(
    session: AsyncSession, queue: JobQueue, user_ids: Sequence[int], cap: int = DEFAULT_CAP
) -> int:
    """Claim what each user may run now, commit, then enqueue it. Returns the number enqueued."""
    claimed: list[int] = []
    for user_id in dict.fromkeys(user_ids):
        claimed += await claim_ready(session, user_id, cap)
    jobs = await jobs_for(session, claimed)
    await session.commit()
    await enqueue(queue, jobs)
    return len(jobs)
