"""Runs in production: the web process enqueues a ``run`` job on ``arena:judge``, an arq judge
worker (real Redis, the real Docker sandbox, task data by content hash) runs it, and the
waiting request reads the result; with no worker, the wait ends in RunUnavailable and the
job is never run late."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from ictarena.settings import Settings
from ictarena.workers.datasets import LocalDatasets
from ictarena.workers.judge_worker import judge_worker
from ictarena.workers.queue import ArqQueue
from ictarena.workers.runs import QueuedRuns, RunUnavailable
from ictarena.workers.sandbox_grader import SandboxGrader
from ictjudge.custom import RunJob
from tests.arena.pipeline.conftest import Workers
from tests.judge.conftest import make_dataset

pytestmark = pytest.mark.docker


def _dataset(settings: Settings, tmp_path: Path) -> str:
    source = make_dataset(
        tmp_path / "ab", [("1 2\n", "3\n")], limits={"time_s": 1, "memory_mb": 128}
    )
    digest = hashlib.sha256((source / "dataset.json").read_bytes()).hexdigest()
    shutil.copytree(source, settings.tasks_dir / digest)
    return digest


async def test_a_worker_runs_the_job_and_the_request_reads_its_result(
    prod_settings: Settings,
    redis: Redis,
    judge_queue: ArqQueue,
    workers: Workers,
    docker_client: Any,
    tmp_path: Path,
) -> None:
    digest = _dataset(prod_settings, tmp_path)
    worker = judge_worker(
        prod_settings,
        SandboxGrader(prod_settings, docker_client),
        LocalDatasets(prod_settings.tasks_dir),
    )
    workers._start(worker)
    runs = QueuedRuns(judge_queue, timeout_s=60)
    python = RunJob.new(
        digest, "code", "python3", {"a.py": "print(sum(map(int, input().split())))"}, "40 2\n"
    )
    result = await runs.run(python)
    assert result.outcome == "ok" and result.stdout == "42\n" and result.exit_code == 0
    cpp = RunJob.new(digest, "code", "cpp", {"a.cpp": "int main(){for(;;);}"}, "")
    looping = await runs.run(cpp)
    assert looping.outcome == "TLE" and looping.time_limit_ms == 1000
    # the result waits in Redis for a minute at most, and nothing else is left behind
    ttl = await redis.pttl(f"arq:result:{cpp.job_id}")
    assert 0 < ttl <= 60_000


async def test_with_no_worker_the_wait_ends_and_the_job_expires(
    prod_settings: Settings, redis: Redis, judge_queue: ArqQueue, tmp_path: Path
) -> None:
    digest = _dataset(prod_settings, tmp_path)
    job = RunJob.new(digest, "code", "python3", {"a.py": "print(1)"}, "")
    with pytest.raises(RunUnavailable, match="no judge ran it within 1 s"):
        await QueuedRuns(judge_queue, timeout_s=1).run(job)
    ttl = await redis.pttl(f"arq:job:{job.job_id}")
    assert 0 < ttl <= 1_000 or ttl == -2  # expiring (or gone): no worker runs it late
