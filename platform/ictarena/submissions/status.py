"""A submission's current state as pages and the JSON API show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Task
from ictarena.events.models import Event
from ictarena.submissions.models import Judging, Run, Submission


@dataclass
class SubmissionStatus:
    submission: Submission
    task: Task
    judging: Judging | None
    runs: list[Run] = field(default_factory=list)
    last_event_id: int = 0
    progress: dict[str, Any] = field(default_factory=dict)

    @property
    def final(self) -> bool:
        return self.judging is not None and self.judging.status in ("done", "error")

    def to_json(self, include_source: bool = False) -> dict[str, Any]:
        judging = self.judging
        data: dict[str, Any] = {
            "id": self.submission.id,
            "task": self.task.slug,
            "language": self.submission.language,
            "created_at": self.submission.created_at.isoformat(),
            "status": judging.status if judging else "queued",
            "verdict": judging.verdict if judging else None,
            "score": judging.score if judging else None,
            "max_score": judging.max_score if judging else None,
            "progress": self.progress,
            "last_event_id": self.last_event_id,
            "runs": [
                {
                    "name": run.name if run.visible else f"#{run.position + 1}",
                    "group": run.group,
                    "verdict": run.verdict,
                    "score": run.score,
                    "max_score": run.max_score,
                    "cpu_ms": run.cpu_ms,
                    "wall_ms": run.wall_ms,
                    "memory_kb": run.memory_kb,
                    "message": run.message if run.visible else None,
                }
                for run in self.runs
            ],
        }
        if include_source:
            data["files"] = self.submission.files
        return data


async def current_judging(session: AsyncSession, submission_id: int) -> Judging | None:
    """The judging that counts for a submission (the newest valid one)."""
    judging: Judging | None = await session.scalar(
        select(Judging)
        .where(Judging.submission_id == submission_id, Judging.valid.is_(True))
        .order_by(Judging.id.desc())
        .limit(1)
    )
    return judging


async def submission_status(session: AsyncSession, submission: Submission) -> SubmissionStatus:
    task = await session.get(Task, submission.task_id)
    assert task is not None
    judging = await current_judging(session, submission.id)
    runs: list[Run] = []
    if judging is not None:
        runs = list(
            (
                await session.scalars(
                    select(Run).where(Run.judging_id == judging.id).order_by(Run.position)
                )
            ).all()
        )
    subject = f"submission:{submission.id}"
    last = await session.scalar(select(func.max(Event.id)).where(Event.subject == subject))
    progress: dict[str, Any] = {}
    if judging is not None and judging.status == "judging" and last:
        event = await session.get(Event, last)
        if event is not None:
            progress = dict(event.payload)
    return SubmissionStatus(submission, task, judging, runs, int(last or 0), progress)


async def finished_judging(session: AsyncSession, event: Event) -> dict[str, Any]:
    """What the live stream sends for a finished judging (``judging.done``): the submission's
    whole status, or the event's own payload if the submission is gone."""
    submission = await session.get(Submission, int(event.subject.split(":", 1)[1]))
    if submission is None:
        return dict(event.payload)
    return (await submission_status(session, submission)).to_json()
