"""What students browse: the task list with their best results, and one task with its live
dataset. Read-only queries, a fixed number per page whatever the number of tasks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Dataset, Module, Task, TaskCompetency, Tier, Track
from ictarena.progression.models import StudentTier
from ictarena.submissions.models import TaskResult


@dataclass
class TaskRow:
    task: Task
    module: Module
    tier: Tier
    track: Track
    locked: bool
    result: TaskResult | None = None
    competencies: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.result is None or self.result.attempts == 0:
            return "new"
        if self.result.best_verdict == "AC":
            return "solved"
        return "attempted"


STATUSES = ("new", "attempted", "solved")  # a student's standing on a task (TaskRow.status)


@dataclass(frozen=True)
class TaskFilter:
    track: str | None = None
    tier: str | None = None
    module: str | None = None
    type: str | None = None
    competency: str | None = None
    status: str | None = None


async def held_levels(session: AsyncSession, user_id: int) -> dict[int, int]:
    rows = await session.execute(
        select(StudentTier.track_id, Tier.level)
        .join(Tier, Tier.id == StudentTier.tier_id)
        .where(StudentTier.user_id == user_id)
    )
    return {int(track): int(level) for track, level in rows}


async def task_rows(
    session: AsyncSession, user_id: int, is_student: bool, wanted: TaskFilter
) -> list[TaskRow]:
    query = (
        select(Task, Module, Tier, Track)
        .join(Module, Module.id == Task.module_id)
        .join(Tier, Tier.id == Module.tier_id)
        .join(Track, Track.id == Tier.track_id)
        .order_by(Track.position, Tier.level, Module.position, Module.id, Task.position, Task.id)
    )
    if is_student:
        query = query.where(Task.visible.is_(True))
    if wanted.track:
        query = query.where(Track.slug == wanted.track)
    if wanted.tier:
        query = query.where(Tier.slug == wanted.tier)
    if wanted.module:
        query = query.where(Module.slug == wanted.module)
    if wanted.type:
        query = query.where(Task.type == wanted.type)
    if wanted.competency:
        query = query.where(
            Task.id.in_(
                select(TaskCompetency.task_id).where(TaskCompetency.competency == wanted.competency)
            )
        )
    found = (await session.execute(query)).all()
    ids = [task.id for task, *_ in found]
    results = {
        r.task_id: r
        for r in (
            await session.scalars(
                select(TaskResult).where(TaskResult.user_id == user_id, TaskResult.task_id.in_(ids))
            )
        ).all()
    }
    competencies: dict[int, list[str]] = {}
    for row in (
        await session.scalars(select(TaskCompetency).where(TaskCompetency.task_id.in_(ids)))
    ).all():
        competencies.setdefault(row.task_id, []).append(str(row.competency))
    held = await held_levels(session, user_id) if is_student else {}
    rows = [
        TaskRow(
            task=task,
            module=module,
            tier=tier,
            track=track,
            locked=is_student and tier.level > held.get(track.id, 1),
            result=results.get(task.id),
            competencies=competencies.get(task.id, []),
        )
        for task, module, tier, track in found
    ]
    if wanted.status:
        rows = [row for row in rows if row.status == wanted.status]
    return rows


async def filter_choices(session: AsyncSession) -> tuple[Sequence[Track], Sequence[Module]]:
    tracks = (await session.scalars(select(Track).order_by(Track.position))).all()
    modules = (
        await session.scalars(select(Module).order_by(Module.tier_id, Module.position))
    ).all()
    return tracks, modules


async def task_with_dataset(session: AsyncSession, slug: str) -> tuple[Task, Dataset | None] | None:
    task = await session.scalar(select(Task).where(Task.slug == slug))
    if task is None:
        return None
    dataset = await session.get(Dataset, task.live_dataset_id) if task.live_dataset_id else None
    return task, dataset
