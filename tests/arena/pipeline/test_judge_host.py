"""A judge host has no database: its worker loads no database layer and still judges.

The judge worker runs as a real process in which ``sqlalchemy`` cannot be imported; it fetches
task data over HTTP from the web app (served on a real port), judges in the real Docker sandbox,
and reports through Redis to a platform worker, which records the verdict.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import select
from starlette.applications import Starlette

from ictarena.catalog.models import Dataset
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.settings import Settings, load_settings
from ictarena.submissions.models import Judging
from ictarena.workers.queue import ArqQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pipeline.conftest import REDIS_URL, TaskFixture, Workers, until
from tests.judge.conftest import make_dataset

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "judge-host-token"
DATABASE_LAYER = ("sqlalchemy", "asyncpg", "alembic")

# Runs ``arena worker`` (the console script's entry point) in an interpreter where the database
# layer is missing.
WITHOUT_DATABASE = f"""
import importlib.abc, sys

class NoDatabase(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {DATABASE_LAYER!r}:
            raise ImportError(name + " is not installed on this judge host")
        return None

sys.meta_path.insert(0, NoDatabase())
try:
    import sqlalchemy
except ImportError:
    pass
else:
    raise SystemExit("sqlalchemy is still importable")
sys.argv = ["arena", "worker", *sys.argv[1:]]
from ictarena.cli.entry import main
main()
"""


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_the_layers_point_one_way() -> None:
    """Submissions never reach up into the workers; the judge library never into a database."""
    submissions = ROOT / "platform" / "ictarena" / "submissions"
    upward = [
        f"{path}: {name}"
        for path in submissions.rglob("*.py")
        for name in _imports(path)
        if name == "ictarena.workers" or name.startswith("ictarena.workers.")
    ]
    assert upward == []
    database = [
        f"{path}: {name}"
        for path in (ROOT / "judge" / "ictjudge").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in DATABASE_LAYER
    ]
    assert database == []


def test_the_judge_side_imports_no_database_layer() -> None:
    modules = (
        "ictarena.cli.entry",
        "ictarena.cli.worker",
        "ictarena.workers.judge_worker",
        "ictarena.workers.grader",
        "ictarena.workers.sandbox_grader",
        "ictarena.workers.datasets",
    )
    code = (
        f"import sys; import {', '.join(modules)}; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {DATABASE_LAYER!r} "
        "or m in ('ictarena.db', 'ictarena.models')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.stdout.strip() == "[]"


@contextlib.asynccontextmanager
async def _serving(app: Starlette) -> AsyncIterator[str]:
    """The app on a free port of 127.0.0.1; yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", proxy_headers=False)
    )
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                await task
                raise AssertionError("the web app did not start")
            await asyncio.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def _real_dataset(db: Database, settings: Settings, task: TaskFixture, root: Path) -> str:
    """Give the task a real A+B dataset, stored under its content hash; return the hash."""
    source = make_dataset(root, [("1 2\n", "3\n"), ("40 2\n", "42\n")])
    digest = hashlib.sha256((source / "dataset.json").read_bytes()).hexdigest()
    shutil.copytree(source, settings.tasks_dir / digest)
    async with db.session() as session:
        dataset = await session.get(Dataset, task.dataset.id)
        assert dataset is not None
        dataset.content_hash = digest
        await session.commit()
    return digest


async def _done(db: Database) -> bool:
    async with db.session() as session:
        return await session.scalar(select(Judging.status)) == "done"


@pytest.mark.docker
@pytest.mark.redis
@pytest.mark.postgres
async def test_a_judge_host_without_the_database_layer_judges_a_submission(
    committed_db: Database,
    students: UserFactory,
    code_task: TaskFixture,
    judge_queue: ArqQueue,
    workers: Workers,
    prod_settings: Settings,
    pg_url: str,
    docker_client: Any,
    tmp_path: Path,
) -> None:
    digest = await _real_dataset(committed_db, prod_settings, code_task, tmp_path / "ab")
    web_settings = load_settings(
        mode="production",
        data_dir=prod_settings.data_dir,
        database_url=pg_url,
        redis_url=REDIS_URL,
        secret_key="test",
        judge_token=TOKEN,
        secure_cookies=False,
    )
    app = create_app(
        web_settings, database=committed_db, queue=judge_queue, connect_docker_engine=False
    )
    cache = tmp_path / "judge-host" / "cache"
    async with _serving(app) as base_url:
        workers.start_platform()
        env = {
            **os.environ,
            "ARENA_MODE": "production",
            "ARENA_DATABASE_URL": "postgresql://unused.invalid/none",  # never used
            "ARENA_REDIS_URL": REDIS_URL,
            "ARENA_DATA_DIR": str(tmp_path / "judge-host"),  # no task data of its own
            "ARENA_SECRET_KEY": "unused",
            "ARENA_GRADER": "docker",
            "ARENA_PLATFORM_URL": base_url,
            "ARENA_JUDGE_TOKEN": TOKEN,
            "ARENA_JUDGE_CACHE_DIR": str(cache),
            "PYTHONPATH": str(ROOT),
        }
        judge = subprocess.Popen(  # noqa: ASYNC220 - the judge host is a real process
            [sys.executable, "-c", WITHOUT_DATABASE, "--judge"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            async with httpx.AsyncClient(base_url=base_url) as client:
                student = await students()
                await log_in(client, student.username)
                token = await csrf_of(client, "/student")
                response = await client.post(
                    "/api/submissions",
                    json={
                        "task_id": code_task.task.id,
                        "language": "python3",
                        "files": {"a.py": "print(sum(map(int, input().split())))"},
                    },
                    headers={"X-CSRF-Token": token},
                )
                assert response.status_code == 201, response.text

                async def judged() -> bool:
                    if judge.poll() is not None:
                        assert judge.stdout is not None
                        raise AssertionError(f"the judge host stopped:\n{judge.stdout.read()}")
                    return await _done(committed_db)

                await until(judged, 120, "the verdict")
                body = (await client.get(f"/api/submissions/{response.json()['id']}")).json()
        finally:
            judge.send_signal(signal.SIGTERM)
            try:
                output, _ = await asyncio.to_thread(judge.communicate, timeout=30)
            except subprocess.TimeoutExpired:
                judge.kill()
                output, _ = await asyncio.to_thread(judge.communicate)
    assert (body["verdict"], body["score"]) == ("AC", 100.0)
    assert [run["verdict"] for run in body["runs"]] == ["AC", "AC"]
    assert (cache / digest / "dataset.json").is_file()  # fetched over HTTP, not from disk
    async with committed_db.session() as session:
        worker = await session.scalar(select(Judging.worker))
    assert worker is not None and worker.startswith("judge@")
    assert judge.returncode == 0, output
    assert "Traceback" not in output, output


def test_a_worker_names_its_redis_without_the_password() -> None:
    from ictarena.cli.worker import redis_location

    assert redis_location("redis://:s3cret@redis:6379/0") == "redis://redis:6379/0"
    assert redis_location("rediss://user:s3cret@queue.example/2") == "rediss://queue.example:6379/2"
