"""The one path from a submit request to graded or queued work: eligibility, intake, an
instant grade or the claim of a judge job, one commit, the job handed to the queue, then a
notification for the live pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.models import Dataset, Task
from ictarena.catalog.tasktypes.registry import kind
from ictarena.events.notifier import Notifier
from ictarena.intake.eligibility import visible_task
from ictarena.observability.logs import get_logger
from ictarena.submissions import services
from ictarena.submissions.dispatch import claim_jobs, enqueue
from ictarena.submissions.instant import grade_instantly
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.queue import JobQueue
from ictjudge.wire import JudgeJob

log = get_logger(__name__)


@dataclass(frozen=True)
class Outlets:
    """Where accepted work goes: the judge queue (at most ``judge_cap`` running per student)
    and the notifier of the live pages."""

    queue: JobQueue
    notifier: Notifier
    judge_cap: int
    zone: ZoneInfo  # the platform's time zone, for the leaderboards of instant grades


async def accept(
    session: AsyncSession,
    user: User,
    task_id: int,
    language: str | None,
    files: Mapping[str, str | bytes],
    rules: services.IntakeRules,
    outlets: Outlets,
    ip: str | None = None,
) -> Submission:
    """Store a submission of ``user`` and grade it at once or queue it; commits. Raises
    NotFound, InvalidInput or Throttled (nothing is stored then; the caller rolls back)."""
    task = await visible_task(session, user, task_id)
    submission, judging = await services.submit(
        session, user, task.id, language, files, rules, ip=ip
    )
    await hand_on(session, task, submission, judging, outlets)
    return submission


async def hand_on(
    session: AsyncSession,
    task: Task,
    submission: Submission,
    judging: Judging,
    outlets: Outlets,
    manifest: dict[str, Any] | None = None,
) -> None:
    """After a submission is stored: grade it at once (an instant type, against ``manifest``
    when given, e.g. an exam paper) or claim its judge job if the student has room under the
    cap; commit (once); then enqueue what was claimed (work is enqueued only after the commit)
    and wake the live pages."""
    log.info("submission accepted", submission_id=submission.id, judging_id=judging.id)
    if kind(task.type).instant:
        await grade_instantly(session, judging, outlets.zone, manifest)
        await session.commit()
    else:
        dataset = await session.get(Dataset, judging.dataset_id)  # loaded by the intake
        assert dataset is not None
        job = JudgeJob(
            judging.id,
            judging.attempts,
            str(task.type),
            submission.language,
            dict(submission.files),
            dataset.content_hash,
        )
        jobs = await claim_jobs(session, submission.user_id, outlets.judge_cap, [job])
        await session.commit()
        await enqueue(outlets.queue, jobs)
    await outlets.notifier.notify()
