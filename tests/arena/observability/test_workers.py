"""Workers as real processes (production, real PostgreSQL and Redis): their JSON logs carry
the judging id the web's intake line names, they serve metrics and readiness, and on SIGTERM
they finish the judging in hand, or leave it queued for the next worker: nothing is lost."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from arq.constants import in_progress_key_prefix
from redis.asyncio import Redis
from sqlalchemy import select

from ictarena.accounts.models import User
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.submissions import services
from ictarena.submissions.dispatch import dispatch_ready
from ictarena.submissions.models import Judging
from ictarena.workers.queue import JUDGE_QUEUE, ArqQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.observability.conftest import JsonLines, samples, site
from tests.arena.pipeline.conftest import REDIS_URL, TaskFixture, Workers, until

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[3]
TOKEN = "worker-scrape-token"
WAIT_S = 60.0  # a bound on waits, never an assertion about speed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class JudgeProcess:
    """``arena worker --judge`` as a real process; its log lines in a file."""

    def __init__(self, settings: Settings, log_path: Path, **env: str) -> None:
        self.log_path = log_path
        self.port = _free_port()
        self.name = env.pop("ARENA_WORKER_NAME", "judge-under-test")
        self.env = {
            **os.environ,
            "ARENA_MODE": "production",
            "ARENA_DATABASE_URL": "postgresql://unused.invalid/none",  # judge hosts have none
            "ARENA_REDIS_URL": REDIS_URL,
            "ARENA_DATA_DIR": str(settings.data_dir),
            "ARENA_SECRET_KEY": "x",
            "ARENA_GRADER": settings.grader,
            "ARENA_WORKER_NAME": self.name,
            "ARENA_METRICS_PORT": str(self.port),
            "ARENA_METRICS_TOKEN": TOKEN,
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ictarena.cli.main", "worker", "--judge"],
                env=self.env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )

    def lines(self) -> list[dict[str, Any]]:
        """Every line it logged; each must be a JSON object."""
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line]

    def said(self, event: str) -> bool:
        return any(line["event"] == event for line in self.lines())

    async def has_said(self, event: str) -> bool:
        return self.said(event)

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return await asyncio.to_thread(self.process.wait, WAIT_S)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    async def get(self, path: str, token: str | None = TOKEN) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{self.port}") as http:
            return await http.get(path, headers=headers)


@asynccontextmanager
async def judge_process(
    settings: Settings, tmp_path: Path, **env: str
) -> AsyncIterator[JudgeProcess]:
    judge = JudgeProcess(settings, tmp_path / "judge.log", **env)
    judge.start()
    try:

        async def serving() -> bool:
            try:
                return (await judge.get("/healthz")).status_code == 200
            except httpx.TransportError:
                return False

        await until(serving, WAIT_S, "the judge worker's metrics server")
        yield judge
    finally:
        judge.kill()


async def _judging(db: Database) -> Judging:
    async with db.session() as session:
        judging = await session.scalar(select(Judging))
        assert judging is not None
        return judging


async def _status_is(db: Database, status: str) -> bool:
    return (await _judging(db)).status == status


async def _queue_one(
    db: Database, queue: ArqQueue, user_id: int, task: TaskFixture, source: str
) -> None:
    rules = services.IntakeRules(per_minute=1000, languages=("cpp",))
    async with db.session() as session:
        user = await session.get(User, user_id)
        assert user is not None
        await services.submit(session, user, task.task.id, "cpp", {"a.cpp": source}, rules)
        await session.commit()
        await dispatch_ready(session, queue, [user_id])


async def test_one_judgings_story_is_one_search_across_web_and_worker_logs(
    prod_settings: Settings,
    committed_db: Database,
    code_task: TaskFixture,
    students: UserFactory,
    judge_queue: ArqQueue,
    workers: Workers,
    json_logs: JsonLines,
    tmp_path: Path,
) -> None:
    student = await students()
    async with site(prod_settings, committed_db, queue=judge_queue) as http:
        await log_in(http, student.username)
        token = await csrf_of(http, "/student")
        response = await http.post(
            f"/tasks/{code_task.task.id}/submit",
            data={"language": "cpp", "source": "// verdict=WA", "filename": "a.cpp",
                  "csrf_token": token},
            headers={"X-Request-ID": "story-1"},
        )  # fmt: skip
        assert response.status_code == 303
    [intake] = json_logs.where(request_id="story-1", event="submission accepted")
    judging_id = intake["judging_id"]
    workers.start_platform()
    async with judge_process(prod_settings, tmp_path) as judge:
        await until(lambda: _status_is(committed_db, "done"), WAIT_S, "the verdict")
        # The judge host's own lines: JSON, each of this judging's carrying its id.
        story = [line["event"] for line in judge.lines() if line.get("judging_id") == judging_id]
        assert story == ["judging started", "judging graded", "judging finished"]
        # The platform worker's line for the same judging (here in the test's process).
        [verdict] = json_logs.where(judging_id=judging_id, event="verdict recorded")
        assert verdict["verdict"] == "WA" and verdict["task_type"] == "code"

        # Its metrics: a token is required; the judging's container time is counted.
        assert (await judge.get("/metrics", token=None)).status_code == 401
        assert (await judge.get("/metrics", token="wrong")).status_code == 401
        scraped = await judge.get("/metrics")
        assert scraped.status_code == 200
        found = samples(scraped.text)
        assert ("arena_judge_container_seconds_count", {"task_type": "code"}, 1.0) in found
        assert ("arena_judgings_running", {}, 0.0) in found
        assert ("arena_queue_depth", {"queue": "judge"}, 0.0) in found
        workers_seen = {labels["worker"] for n, labels, _ in found
                        if n == "arena_worker_heartbeat_age_seconds"}  # fmt: skip
        assert judge.name in workers_seen

        ready = await judge.get("/readyz", token=None)  # readiness needs no token
        assert ready.status_code == 200
        assert ready.json() == {"status": "ok", "checks": {"redis": "ok"}}
        assert (await judge.get("/nothing")).status_code == 404
        assert await judge.stop() == 0


async def test_sigterm_lets_the_judging_in_hand_finish(
    prod_settings: Settings,
    committed_db: Database,
    code_task: TaskFixture,
    students: UserFactory,
    judge_queue: ArqQueue,
    workers: Workers,
    tmp_path: Path,
) -> None:
    hold = tmp_path / "hold"
    hold.touch()
    student = await students()
    await _queue_one(committed_db, judge_queue, student.id, code_task, f"verdict=AC hold={hold}")
    workers.start_platform()
    async with judge_process(prod_settings, tmp_path, ARENA_JUDGE_DRAIN_S="600") as judge:
        await until(lambda: _status_is(committed_db, "judging"), WAIT_S, "the judging to start")
        assert judge.process is not None
        judge.process.send_signal(signal.SIGTERM)
        await until(lambda: judge.has_said("draining"), WAIT_S, "the drain")
        assert judge.process.poll() is None  # still grading: the judging is held
        hold.unlink()
        assert await asyncio.to_thread(judge.process.wait, WAIT_S) == 0
    await until(lambda: _status_is(committed_db, "done"), WAIT_S, "the verdict")
    judging = await _judging(committed_db)
    assert judging.verdict == "AC" and judging.worker == judge.name and judging.attempts == 0
    assert judge.said("drained")


async def test_sigterm_past_the_drain_time_requeues_the_judging_for_the_next_worker(
    prod_settings: Settings,
    committed_db: Database,
    code_task: TaskFixture,
    students: UserFactory,
    judge_queue: ArqQueue,
    workers: Workers,
    redis: Redis,
    tmp_path: Path,
) -> None:
    hold = tmp_path / "hold"
    hold.touch()
    student = await students()
    await _queue_one(committed_db, judge_queue, student.id, code_task, f"verdict=AC hold={hold}")
    workers.start_platform()
    async with judge_process(prod_settings, tmp_path, ARENA_JUDGE_DRAIN_S="0.5") as judge:
        await until(lambda: _status_is(committed_db, "judging"), WAIT_S, "the judging to start")
        assert await judge.stop() == 0  # the held judging could not finish in time
    assert judge.said("drain time over: requeueing the jobs still running")
    judging = await _judging(committed_db)
    assert judging.status == "judging"
    # Still in arq's queue, and no longer marked in progress: the next worker takes it.
    [job_id] = [raw.decode() for raw in await redis.zrange(JUDGE_QUEUE, 0, -1)]
    assert job_id == f"judge:{judging.id}:0"
    assert not await redis.exists(in_progress_key_prefix + job_id)
    hold.unlink()
    workers.start_judge()
    await until(lambda: _status_is(committed_db, "done"), WAIT_S, "the verdict")
    judging = await _judging(committed_db)
    assert judging.verdict == "AC" and judging.worker != judge.name
    assert judging.attempts == 0  # taken again from the queue, not re-sent by the sweeper
