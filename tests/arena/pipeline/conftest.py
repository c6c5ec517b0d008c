"""Fixtures for the pipeline: a code task with a dataset on disk, an embedded app with a
scripted grader, students, and for production mode real Redis with in-process arq workers."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from arq.worker import Worker
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Dataset, Module, Task, Tier, Track
from ictarena.catalog.tracks import seed_bundled_tracks
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.settings import Settings, load_settings
from ictarena.workers.datasets import LocalDatasets
from ictarena.workers.judge_worker import judge_worker
from ictarena.workers.platform_worker import platform_worker
from ictarena.workers.queue import JUDGE_QUEUE, ArqQueue, InProcessQueue
from tests.arena.catalog.builders import BUNDLED_SETS
from tests.arena.helpers import UserFactory, strict_client
from tests.arena.pages import open_site
from tests.arena.pipeline import fakes

REDIS_URL = os.environ.get("ARENA_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@contextlib.asynccontextmanager
async def production_site(
    settings: Settings, database: Database
) -> AsyncIterator[tuple[httpx.AsyncClient, ArqQueue]]:
    """The production app (PostgreSQL, arq on Redis, Redis notifications) in this process, with
    a client for it and its job queue."""
    queue = await ArqQueue.connect(REDIS_URL)
    app = create_app(
        settings, database=database, queue=queue, connect_docker_engine=False, sweep_every_s=None
    )
    try:
        async with strict_client(app) as client:
            yield client, queue
    finally:
        await queue.close()


@dataclass
class TaskFixture:
    task: Task
    dataset: Dataset


async def make_code_task(
    session: AsyncSession, tasks_dir: Path, slug: str = "aplusb", tier_level: int = 1
) -> TaskFixture:
    await seed_bundled_tracks(session, BUNDLED_SETS)
    tier = await session.scalar(
        select(Tier).join(Track).where(Track.slug == "programming", Tier.level == tier_level)
    )
    assert tier is not None
    module = Module(tier_id=tier.id, slug=f"mod-{slug}", title_en="Basics", title_zh="基础")
    session.add(module)
    await session.flush()
    task = Task(slug=slug, type="code", module_id=module.id, title_en="A+B", title_zh="A+B")
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
        await seed_bundled_tracks(session, BUNDLED_SETS)
        await session.commit()
    return UserFactory(committed_db.sessionmaker())


@pytest.fixture
async def embedded_client(
    settings: Settings, committed_db: Database
) -> AsyncIterator[tuple[httpx.AsyncClient, InProcessQueue]]:
    async with open_site(settings, committed_db) as site:
        yield site


async def until(check: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    """Poll ``check`` until it holds; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
def prod_settings(tmp_data_dir: Path, pg_url: str) -> Settings:
    return load_settings(
        mode="production",
        data_dir=tmp_data_dir,
        database_url=pg_url,
        redis_url=REDIS_URL,
        secret_key="test",
        grader="tests.arena.pipeline.fakes:factory",
        stuck_after_s=60,
        judge_concurrency=4,
    )


@pytest.fixture
async def judge_queue(redis: Redis) -> AsyncIterator[ArqQueue]:
    queue = await ArqQueue.connect(REDIS_URL, JUDGE_QUEUE)
    yield queue
    await queue.close()


class Workers:
    """In-process arq workers, started and stopped by the test."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.running: list[tuple[Worker, asyncio.Task[None]]] = []

    def start_judge(self) -> Worker:
        worker = judge_worker(
            self.settings, fakes.ScriptedGrader(), LocalDatasets(self.settings.tasks_dir)
        )
        return self._start(worker)

    def start_platform(self) -> Worker:
        return self._start(platform_worker(self.settings))

    def _start(self, worker: Worker) -> Worker:
        worker.poll_delay_s = 0.05
        self.running.append((worker, asyncio.create_task(worker.async_run())))
        return worker

    async def stop(self) -> None:
        for worker, task in self.running:
            await worker.close()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.running = []


@pytest.fixture
async def workers(prod_settings: Settings, redis: Redis) -> AsyncIterator[Workers]:
    fleet = Workers(prod_settings)
    yield fleet
    await fleet.stop()
