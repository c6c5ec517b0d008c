"""How a judge host reports to the platform in production: jobs on the platform queue.

:class:`QueueSink` turns progress, results and errors into ``record_*`` jobs on
``arena:platform`` (JSON-ready keyword arguments), which platform workers hand to the
:class:`~ictarena.submissions.recorder.Recorder` (``ictarena.workers.platform_worker``).
Nothing here touches the database: judge hosts have none.
"""

from __future__ import annotations

from ictarena.submissions.queue import JobQueue
from ictarena.submissions.reports import NormalReport
from ictjudge.wire import JudgeJob, JudgeProgress

RECORD_PROGRESS = "record_progress"
RECORD_RESULT = "record_result"
RECORD_ERROR = "record_error"


class QueueSink:
    """Judge hosts: hand results to platform workers through the platform queue."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue
        self._sequence = 0

    async def progress(self, job: JudgeJob, progress: JudgeProgress, worker: str) -> None:
        self._sequence += 1
        await self.queue.enqueue(
            RECORD_PROGRESS,
            f"progress:{job.judging_id}:{job.attempt}:{worker}:{self._sequence}",
            judging_id=job.judging_id,
            progress=progress.to_json(),
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
