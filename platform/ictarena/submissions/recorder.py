"""Recording a judge's report as one service: a transaction, then the next judging, then a wake.

Each call records in its own transaction (idempotently, see :mod:`ictarena.submissions.recording`:
the judging's row, its runs, the student's score cache and the event), then, after a final result,
dispatches the student's next waiting judging (fair queueing) and wakes live pages. The embedded
judge calls it directly; in production platform workers call it for the ``record_*`` jobs judge
hosts enqueue.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ictarena.catalog.models import Task
from ictarena.db import Database
from ictarena.events.notifier import Notifier
from ictarena.observability import logs, metrics
from ictarena.submissions import recording
from ictarena.submissions.dispatch import DEFAULT_CAP, dispatch_ready
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.queue import JobQueue
from ictarena.submissions.reports import NormalReport
from ictjudge.wire import JudgeProgress

log = logs.get_logger(__name__)


class Recorder:
    def __init__(
        self,
        db: Database,
        queue: JobQueue,
        notifier: Notifier,
        cap: int = DEFAULT_CAP,
        *,
        zone: ZoneInfo,
    ) -> None:
        self.db = db
        self.zone = zone  # the platform's time zone: the leaderboards' weeks and months
        self.queue = queue
        self.notifier = notifier
        self.cap = cap

    async def progress(self, judging_id: int, progress: JudgeProgress, worker: str | None) -> None:
        async with self.db.transaction() as session:
            changed = await recording.record_progress(session, judging_id, progress, worker)
        if changed:
            await self.notifier.notify()

    async def result(self, judging_id: int, report: NormalReport, worker: str | None) -> bool:
        with logs.bound(judging_id=judging_id):
            async with self.db.transaction() as session:
                recorded = await recording.record_result(
                    session, judging_id, report, worker, zone=self.zone
                )
            await self._next(judging_id, recorded)
        return recorded

    async def error(self, judging_id: int, error: str, worker: str | None) -> bool:
        with logs.bound(judging_id=judging_id):
            async with self.db.transaction() as session:
                recorded = await recording.record_error(session, judging_id, error)
            await self._next(judging_id, recorded)
        return recorded

    async def _next(self, judging_id: int, recorded: bool) -> None:
        """Count the verdict (once: ``recorded``), dispatch the student's next judging, and
        wake the live pages."""
        async with self.db.session() as session:
            row = (
                await session.execute(
                    select(
                        Submission.user_id,
                        Task.type,
                        Judging.verdict,
                        Judging.queued_at,
                        Judging.finished_at,
                    )
                    .join(Judging, Judging.submission_id == Submission.id)
                    .join(Task, Task.id == Submission.task_id)
                    .where(Judging.id == judging_id)
                )
            ).first()
            if row is not None:
                user_id, task_type, verdict, queued_at, finished_at = row
                _observe(recorded, str(task_type), str(verdict), queued_at, finished_at)
                await dispatch_ready(session, self.queue, [user_id], self.cap)
        await self.notifier.notify()


def _observe(
    recorded: bool, task_type: str, verdict: str, queued_at: datetime, finished_at: datetime | None
) -> None:
    """Log the verdict; count it and its time from the queue, once (when ``recorded``)."""
    if not recorded:
        log.info("verdict already recorded", verdict=verdict)
        return
    waited = max(0.0, (finished_at - queued_at).total_seconds()) if finished_at else 0.0
    metrics.VERDICTS.labels(task_type, verdict).inc()
    metrics.QUEUE_TO_VERDICT.labels(task_type).observe(waited)
    log.info(
        "verdict recorded",
        verdict=verdict,
        task_type=task_type,
        queue_to_verdict_s=round(waited, 3),
    )
