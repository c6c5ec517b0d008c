"""Embedded mode end to end with the real Docker judge: submit over HTTP, get real verdicts."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ictarena.catalog.models import Dataset
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in, strict_client
from tests.arena.pipeline.conftest import TaskFixture
from tests.judge.conftest import make_dataset

pytestmark = pytest.mark.docker


@pytest.fixture
async def real_client(
    settings: Settings,
    committed_db: Database,
    code_task: TaskFixture,
    docker_client: Any,
    tmp_path: Path,
) -> AsyncIterator[tuple[httpx.AsyncClient, InProcessQueue]]:
    # Give the task a real A+B dataset, stored under its content hash.
    source = make_dataset(tmp_path / "ab", [("1 2\n", "3\n"), ("40 2\n", "42\n")])
    digest = hashlib.sha256((source / "dataset.json").read_bytes()).hexdigest()
    shutil.copytree(source, settings.tasks_dir / digest)
    async with committed_db.session() as session:
        dataset = await session.get(Dataset, code_task.dataset.id)
        assert dataset is not None
        dataset.content_hash = digest
        await session.commit()
    queue = InProcessQueue()
    app = create_app(
        settings,
        database=committed_db,
        queue=queue,
        docker_client=docker_client,
        sweep_every_s=None,
    )
    async with strict_client(app) as client:
        yield client, queue


async def test_wrong_then_right_through_the_real_sandbox(
    real_client: tuple[httpx.AsyncClient, InProcessQueue],
    students: UserFactory,
    code_task: TaskFixture,
) -> None:
    client, queue = real_client
    student = await students()
    await log_in(client, student.username)
    token = await csrf_of(client, "/student")
    ids = []
    for body in (
        "print(sum(map(int, input().split())) + 1)",
        "print(sum(map(int, input().split())))",
    ):
        response = await client.post(
            "/api/submissions",
            json={"task_id": code_task.task.id, "language": "python3", "files": {"a.py": body}},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    await asyncio.wait_for(queue.join(), 60)
    wrong = (await client.get(f"/api/submissions/{ids[0]}")).json()
    right = (await client.get(f"/api/submissions/{ids[1]}")).json()
    assert (wrong["verdict"], wrong["score"]) == ("WA", 0.0)
    assert (right["verdict"], right["score"]) == ("AC", 100.0)
    assert [run["verdict"] for run in right["runs"]] == ["AC", "AC"]
    assert all(run["message"] is None for run in wrong["runs"])  # hidden tests tell no details
