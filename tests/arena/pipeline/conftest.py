"""Fixtures for the pipeline: a code task with a dataset on disk, an embedded app with a
scripted grader, and students."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Dataset, Module, Task, TaskType, Tier, Track
from ictarena.catalog.tracks import ensure_standard_tracks
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory
from tests.arena.pages import open_site


@dataclass
class TaskFixture:
    task: Task
    dataset: Dataset


async def make_code_task(
    session: AsyncSession, tasks_dir: Path, slug: str = "aplusb", tier_level: int = 1
) -> TaskFixture:
    await ensure_standard_tracks(session)
    tier = await session.scalar(
        select(Tier).join(Track).where(Track.slug == "programming", Tier.level == tier_level)
    )
    assert tier is not None
    module = Module(tier_id=tier.id, slug=f"mod-{slug}", title_en="Basics", title_zh="基础")
    session.add(module)
    await session.flush()
    task = Task(slug=slug, type=TaskType.CODE, module_id=module.id, title_en="A+B", title_zh="A+B")
    session.add(task)
    await session.flush()
    manifest = {"limits": {"code_kb": 64}, "languages": None}
    content_hash = hashlib.sha256(f"{slug}-{json.dumps(manifest)}".encode()).hexdigest()
    directory = tasks_dir / content_hash
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "dataset.json").write_text(json.dumps(manifest))
    dataset = Dataset(task_id=task.id, version=1, content_hash=content_hash, manifest=manifest)
    session.add(dataset)
    await session.flush()
    task.live_dataset_id = dataset.id
    await session.commit()
    return TaskFixture(task, dataset)


@pytest.fixture
async def code_task(committed_db: Database, settings: Settings) -> TaskFixture:
    async with committed_db.session() as session:
        return await make_code_task(session, settings.tasks_dir)


@pytest.fixture
async def students(committed_db: Database) -> UserFactory:
    async with committed_db.session() as session:
        await ensure_standard_tracks(session)
        await session.commit()
    return UserFactory(committed_db.sessionmaker())


@pytest.fixture
async def embedded_client(
    settings: Settings, committed_db: Database
) -> AsyncIterator[tuple[httpx.AsyncClient, InProcessQueue]]:
    async with open_site(settings, committed_db) as site:
        yield site
