"""The judge worker (``arena worker --judge``): arq settings for ``arena:judge``.

It runs on judge hosts, which run untrusted code: Docker, Redis and ``ARENA_PLATFORM_URL`` +
``ARENA_JUDGE_TOKEN`` to fetch task data over HTTP, and no database. Nothing this module imports
loads the database layer; what a judge finds goes to ``arena:platform`` (:class:`QueueSink`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from arq.connections import RedisSettings
from arq.worker import Worker, func

from ictarena.observability.readiness import Probe, docker_probe
from ictarena.settings import Settings
from ictarena.workers.datasets import DatasetStore
from ictarena.workers.fleet import (
    RedisFleet,
    WorkerInfo,
    default_worker_name,
    heartbeat,
    stop_heartbeat,
)
from ictarena.workers.grader import close_grader
from ictarena.workers.judging import Grader, JudgeRuntime, run_judge_job
from ictarena.workers.queue import (
    JUDGE_QUEUE,
    PLATFORM_QUEUE,
    POLL_DELAY_S,
    ArqQueue,
    arq_function,
)
from ictarena.workers.runs import run_on_judge
from ictarena.workers.sinks import QueueSink
from ictjudge.custom import RUN_JOB, RunJob
from ictjudge.wire import JUDGE_JOB, JudgeJob

RUN_KEEP_S = 60  # a run's result waits this long in Redis for the request that asked for it
RUN_TIMEOUT_S = 300  # far beyond any task's compile and run limits


async def judge(ctx: dict[str, Any], **job: Any) -> str:
    runtime: JudgeRuntime = ctx["runtime"]
    return await run_judge_job(runtime, JudgeJob(**job))


async def run(ctx: dict[str, Any], **job: Any) -> dict[str, Any]:
    """Run a program on a custom input; the result goes back to the waiting request through
    arq's result key (one try: a program that brings a worker down is not run again)."""
    runtime: JudgeRuntime = ctx["runtime"]
    result = await run_on_judge(runtime.grader, runtime.datasets, RunJob(**job))
    return result.model_dump(mode="json")


def judge_probes(settings: Settings, docker_client: Any | None) -> dict[str, Probe]:
    """What a judge worker's readiness checks besides Redis: its Docker engine (for the
    sandboxed grader; another grader needs none)."""
    return {"docker": docker_probe(docker_client)} if settings.grader == "docker" else {}


def judge_worker(settings: Settings, grader: Grader, datasets: DatasetStore) -> Worker:
    redis_settings = RedisSettings.from_dsn(settings.redis_url)
    info = WorkerInfo(settings.worker_name or default_worker_name("judge"), "judge")

    async def startup(ctx: dict[str, Any]) -> None:
        platform_queue = await ArqQueue.connect(settings.redis_url, PLATFORM_QUEUE)
        fleet = RedisFleet(ctx["redis"])
        ctx["platform_queue"] = platform_queue
        ctx["runtime"] = JudgeRuntime(
            grader=grader,
            datasets=datasets,
            sink=QueueSink(platform_queue),
            info=info,
            fleet=fleet,
            max_attempts=settings.judge_max_attempts,
        )
        ctx["heartbeat"] = asyncio.create_task(heartbeat(fleet, info))

    async def shutdown(ctx: dict[str, Any]) -> None:
        await stop_heartbeat(ctx["heartbeat"], RedisFleet(ctx["redis"]), info)
        await ctx["platform_queue"].close()
        await close_grader(grader)

    return Worker(
        functions=[
            arq_function(judge, JUDGE_JOB),
            func(run, name=RUN_JOB, max_tries=1, keep_result=RUN_KEEP_S, timeout=RUN_TIMEOUT_S),
        ],
        queue_name=JUDGE_QUEUE,
        redis_settings=redis_settings,
        on_startup=startup,
        on_shutdown=shutdown,
        max_jobs=settings.judge_concurrency,
        job_timeout=1800,
        keep_result=3600,
        max_tries=5,
        poll_delay=POLL_DELAY_S,
        handle_signals=False,
    )
