"""The platform side of the pipeline: record what judges report, then keep work flowing.

After a final result the student's next waiting judging is dispatched (fair queueing), and live
pages are woken. In embedded mode the judge calls this directly (:class:`LocalSink`); in
production judge hosts enqueue ``record_*`` jobs that a platform worker runs
(:class:`QueueSink` and ``ictarena.workers.arq_app``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ictarena.db import Database
from ictarena.events.notifier import Notifier
from ictarena.submissions import recording
from ictarena.submissions.dispatch import dispatch_ready
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import JobQueue
from ictjudge.wire import JudgeJob

RECORD_PROGRESS = "record_progress"
RECORD_RESULT = "record_result"
RECORD_ERROR = "record_error"


class Recorder:
    def __init__(self, db: Database, queue: JobQueue, notifier: Notifier, cap: int = 2) -> None:
        self.db = db
        self.queue = queue
        self.notifier = notifier
        self.cap = cap

    async def progress(self, judging_id: int, progress: dict[str, Any], worker: str | None) -> None:
        async with self.db.transaction() as session:
            changed = await recording.record_progress(session, judging_id, progress, worker)
        if changed:
            await self.notifier.notify()

    async def result(self, judging_id: int, report: dict[str, Any], worker: str | None) -> bool:
        async with self.db.transaction() as session:
            recorded = await recording.record_result(
                session, judging_id, NormalReport.from_json(report), worker
            )
        await self._next(judging_id)
        return recorded

    async def error(self, judging_id: int, error: str, worker: str | None) -> bool:
        async with self.db.transaction() as session:
            recorded = await recording.record_error(session, judging_id, error)
        await self._next(judging_id)
        return recorded

    async def _next(self, judging_id: int) -> None:
        async with self.db.session() as session:
            user_id = await session.scalar(
                select(Submission.user_id)
                .join(Judging, Judging.submission_id == Submission.id)
                .where(Judging.id == judging_id)
            )
            if user_id is not None:
                await dispatch_ready(session, self.queue, [user_id], self.cap)
        await self.notifier.notify()


class LocalSink:
    """Judge and platform in one process: record directly."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    async def progress(self, job: JudgeJob, progress: dict[str, Any], worker: str) -> None:
        await self.recorder.progress(job.judging_id, progress, worker)

    async def result(self, job: JudgeJob, report: NormalReport, worker: str) -> None:
        await self.recorder.result(job.judging_id, report.to_json(), worker)

    async def error(self, job: JudgeJob, error: str, worker: str) -> None:
        await self.recorder.error(job.judging_id, error, worker)


class QueueSink:
    """Judge hosts: hand results to platform workers through the platform queue."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue
        self._sequence = 0

    async def progress(self, job: JudgeJob, progress: dict[str, Any], worker: str) -> None:
        self._sequence += 1
        await self.queue.enqueue(
            RECORD_PROGRESS,
            f"progress:{job.judging_id}:{job.attempt}:{worker}:{self._sequence}",
            judging_id=job.judging_id,
            progress=progress,
            worker=worker,
        )

    async def result(self, job: JudgeJob, report: NormalReport, worker: str) -> None:
        await self.queue.enqueue(
            RECORD_RESULT,
            f"result:{job.judging_id}:{job.attempt}",
            judging_id=job.judging_id,
            report=report.to_json(),
            worker=worker,
        )

    async def error(self, job: JudgeJob, error: str, worker: str) -> None:
        await self.queue.enqueue(
            RECORD_ERROR,
            f"error:{job.judging_id}:{job.attempt}",
            judging_id=job.judging_id,
            error=error,
            worker=worker,
        )
