"""Workers as real processes (production, real PostgreSQL and Redis): their JSON logs carry
the judging id the web's intake line names, they serve metrics and readiness, and on SIGTERM
they finish the judging in hand, or leave it queued for the next worker: nothing is lost."""

from __future__ import annotations

import asyncio
import json
import os
import signal
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

from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.submissions import services
from ictarena.submissions.dispatch import dispatch_ready
from ictarena.submissions.models import Judging
from ictarena.workers.queue import JUDGE_QUEUE, ArqQueue
from tests.arena.helpers import UserFactory
from tests.arena.observability.conftest import JsonLines, free_port, samples, site, submit
from tests.arena.pipeline.conftest import REDIS_URL, TaskFixture, Workers, until

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[3]
TOKEN = "worker-scrape-token"
WAIT_S = 60.0  # a bound on waits, never an assertion about speed


class JudgeProcess:
    """``arena worker --judge`` as a real process; its log lines in a file."""

    def __init__(self, settings: Settings, log_path: Path, **env: str) -> None:
        self.log_path = log_path
        self.port = free_port()
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


@pytest.fixture
async def held(
    committed_db: Database,
    judge_queue: ArqQueue,
    students: UserFactory,
    code_task: TaskFixture,
    workers: Workers,
    tmp_path: Path,
) -> Path:
    """One judging queued whose grading holds while the returned file exists; a platform
    worker runs (in this process) to record what judges report."""
    hold = tmp_path / "hold"
    hold.touch()
    user = await students()
    rules = services.IntakeRules(per_minute=1000, languages=("cpp",))
    async with committed_db.session() as session:
        files = {"a.cpp": f"verdict=AC hold={hold}"}
        await services.submit(session, user, code_task.task.id, "cpp", files, rules)
        await session.commit()
        await dispatch_ready(session, judge_queue, [user.id])
    workers.start_platform()
    return hold


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
        await submit(http, student, code_task, "// verdict=WA", "story-1")
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
    prod_settings: Settings, committed_db: Database, held: Path, tmp_path: Path
) -> None:
    async with judge_process(prod_settings, tmp_path, ARENA_JUDGE_DRAIN_S="600") as judge:
        await until(lambda: _status_is(committed_db, "judging"), WAIT_S, "the judging to start")
        assert judge.process is not None
        judge.process.send_signal(signal.SIGTERM)
        await until(lambda: judge.has_said("draining"), WAIT_S, "the drain")
        assert judge.process.poll() is None  # still grading: the judging is held
        held.unlink()
        assert await asyncio.to_thread(judge.process.wait, WAIT_S) == 0
    await until(lambda: _status_is(committed_db, "done"), WAIT_S, "the verdict")
    judging = await _judging(committed_db)
    assert judging.verdict == "AC" and judging.worker == judge.name and judging.attempts == 0
    assert judge.said("drained")


async def test_sigterm_past_the_drain_time_requeues_the_judging_for_the_next_worker(
    prod_settings: Settings,
    committed_db: Database,
    held: Path,
    workers: Workers,
    redis: Redis,
    tmp_path: Path,
) -> None:
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
    held.unlink()
    workers.start_judge()
    await until(lambda: _status_is(committed_db, "done"), WAIT_S, "the verdict")
    judging = await _judging(committed_db)
    assert judging.verdict == "AC" and judging.worker != judge.name
    assert judging.attempts == 0  # taken again from the queue, not re-sent by the sweeper
