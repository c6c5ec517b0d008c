"""The catalogue as the task list shows it: tasks in path order with their place and
competencies, filtered by track, tier, module, type, competency and a title search; the filter
choices; one task
with its live dataset. Read-only queries, a fixed number per page whatever the number of tasks.
A student's own results and locks on the list belong to :mod:`ictarena.progression.practice`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Dataset, Module, Task, TaskCompetency, Tier, Track


@dataclass
class ListedTask:
    task: Task
    module: Module
    tier: Tier
    track: Track
    competencies: list[str] = field(default_factory=list)


async def listed_tasks(
    session: AsyncSession,
    *,
    visible_only: bool,
    track: str | None = None,
    tier: str | None = None,
    module: str | None = None,
    type: str | None = None,
    competency: str | None = None,
    search: str | None = None,
) -> list[ListedTask]:
    """Tasks in path order (track, tier, module, position) matching every filter given, in
    two queries. ``search`` is found, ignoring case, in the English or Chinese title or the
    slug (``%`` and ``_`` are plain characters)."""
    query = (
        select(Task, Module, Tier, Track)
        .join(Module, Module.id == Task.module_id)
        .join(Tier, Tier.id == Module.tier_id)
        .join(Track, Track.id == Tier.track_id)
        .order_by(Track.position, Tier.level, Module.position, Module.id, Task.position, Task.id)
    )
    if visible_only:
        query = query.where(Task.visible.is_(True))
    if track:
        query = query.where(Track.slug == track)
    if tier:
        query = query.where(Tier.slug == tier)
    if module:
        query = query.where(Module.slug == module)
    if type:
        query = query.where(Task.type == type)
    if competency:
        query = query.where(
            Task.id.in_(
                select(TaskCompetency.task_id).where(TaskCompetency.competency == competency)
            )
        )
    if search:
        query = query.where(
            or_(
                Task.title_en.icontains(search, autoescape=True),
                Task.title_zh.icontains(search, autoescape=True),
                Task.slug.icontains(search, autoescape=True),
            )
        )
    found = (await session.execute(query)).all()
    ids = [task.id for task, *_ in found]
    competencies: dict[int, list[str]] = {}
    for row in (
        await session.scalars(select(TaskCompetency).where(TaskCompetency.task_id.in_(ids)))
    ).all():
        competencies.setdefault(row.task_id, []).append(str(row.competency))
    return [
        ListedTask(task, module_, tier_, track_, competencies.get(task.id, []))
        for task, module_, tier_, track_ in found
    ]


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
