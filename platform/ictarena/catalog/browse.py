"""Reading the catalogue for its pages: a task or a dataset by id, a task's id by its slug, a
task's place in the path and its competencies, and the admin's list of every task with its
live version. Read-only."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import (
    Competency,
    Dataset,
    Module,
    Task,
    TaskCompetency,
    Tier,
    Track,
)


async def find_task(session: AsyncSession, task_id: int) -> Task | None:
    return await session.get(Task, task_id)


async def find_dataset(session: AsyncSession, dataset_id: int) -> Dataset | None:
    return await session.get(Dataset, dataset_id)


async def task_id_for_slug(session: AsyncSession, slug: str) -> int | None:
    task_id: int | None = await session.scalar(select(Task.id).where(Task.slug == slug))
    return task_id


async def placement(session: AsyncSession, module_id: int) -> Row[Module, Tier, Track]:
    """``(module, tier, track)`` of a module: where its tasks sit in the path."""
    return (
        await session.execute(
            select(Module, Tier, Track)
            .join(Tier, Tier.id == Module.tier_id)
            .join(Track, Track.id == Tier.track_id)
            .where(Module.id == module_id)
        )
    ).one()


async def task_competencies(session: AsyncSession, task_id: int) -> Sequence[Competency]:
    return (
        await session.scalars(
            select(TaskCompetency.competency).where(TaskCompetency.task_id == task_id)
        )
    ).all()


async def task_inventory(session: AsyncSession) -> list[tuple[Task, str, int | None]]:
    """``(task, module slug, live dataset version)`` of every task, by module and position."""
    rows = await session.execute(
        select(Task, Module.slug, Dataset.version)
        .join(Module, Module.id == Task.module_id)
        .outerjoin(Dataset, Dataset.id == Task.live_dataset_id)
        .order_by(Module.slug, Task.position, Task.slug)
    )
    return [(task, slug, version) for task, slug, version in rows]
