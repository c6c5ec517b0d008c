"""Recording a judge's report as one service: a transaction, then the next judging, then a wake.

Each call records in its own transaction (idempotently, see :mod:`ictarena.submissions.recording`:
the judging's row, its runs, the student's score cache and the event), then, after a final result,
dispatches the student's next waiting judging (fair queueing) and wakes live pages. The embedded
judge calls it directly; in production platform workers call it for the ``record_*`` jobs judge
hosts enqueue.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from ictarena.db import Database
from ictarena.events.notifier import Notifier
from ictarena.submissions import recording
from ictarena.submissions.dispatch import DEFAULT_CAP, dispatch_ready
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.queue import JobQueue
from ictarena.submissions.reports import NormalReport
from ictjudge.wire import JudgeProgress


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
        async with self.db.transaction() as session:
            recorded = await recording.record_result(
                session, judging_id, report, worker, zone=self.zone
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
