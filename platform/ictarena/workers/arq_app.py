"""arq worker settings for production: judge workers and platform workers.

* Judge workers (``arena worker --judge``) consume ``arena:judge``. They need Docker, Redis and
  ``ARENA_PLATFORM_URL`` + ``ARENA_JUDGE_TOKEN`` to fetch task data — no database.
* Platform workers (``arena worker --platform``) consume ``arena:platform``: they record results,
  dispatch each student's next judging, and run the sweeper every 15 seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.worker import Worker

import ictarena.models  # noqa: F401 - maps every table before the first flush
from ictarena.db import Database
from ictarena.events.notifier import RedisNotifier
from ictarena.settings import Settings
from ictarena.workers.fleet import RedisFleet, WorkerInfo, default_worker_name
from ictarena.workers.judging import Grader, JudgeRuntime, run_judge_job
from ictarena.workers.queue import ArqQueue
from ictarena.workers.recorder import (
    RECORD_ERROR,
    RECORD_PROGRESS,
    RECORD_RESULT,
    QueueSink,
    Recorder,
)
from ictarena.workers.sweeper import sweep
from ictjudge.wire import JUDGE_JOB, JudgeJob

log = logging.getLogger(__name__)

JUDGE_QUEUE = "arena:judge"
PLATFORM_QUEUE = "arena:platform"
HEARTBEAT_S = 5.0
# arq polls Redis for new jobs; a short delay keeps queue-to-verdict latency low at the cost of
# a cheap ZRANGEBYSCORE every 20 ms per worker.
POLL_DELAY_S = 0.02


async def _stop_heartbeat(ctx: dict[str, Any], info: WorkerInfo) -> None:
    ctx["heartbeat"].cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await ctx["heartbeat"]
    with contextlib.suppress(Exception):
        await RedisFleet(ctx["redis"]).forget(info.name)


async def _heartbeat(fleet: RedisFleet, info: WorkerInfo) -> None:
    while True:
        try:
            await fleet.beat(info)
        except Exception as exc:
            log.warning("heartbeat failed: %s", exc)
        await asyncio.sleep(HEARTBEAT_S)


# Judge worker ---------------------------------------------------------------------------------


async def judge(ctx: dict[str, Any], **job: Any) -> str:
    runtime: JudgeRuntime = ctx["runtime"]
    return await run_judge_job(runtime, JudgeJob(**job))


def judge_worker(settings: Settings, grader: Grader, datasets: Any) -> Worker:
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
        ctx["heartbeat"] = asyncio.create_task(_heartbeat(fleet, info))

    async def shutdown(ctx: dict[str, Any]) -> None:
        await _stop_heartbeat(ctx, info)
        await ctx["platform_queue"].close()

    return Worker(
        functions=[_named(judge, JUDGE_JOB)],
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


# Platform worker ------------------------------------------------------------------------------


async def record_progress(
    ctx: dict[str, Any], judging_id: int, progress: dict[str, Any], worker: str
) -> None:
    await ctx["recorder"].progress(judging_id, progress, worker)


async def record_result(
    ctx: dict[str, Any], judging_id: int, report: dict[str, Any], worker: str
) -> bool:
    recorded: bool = await ctx["recorder"].result(judging_id, report, worker)
    return recorded


async def record_error(ctx: dict[str, Any], judging_id: int, error: str, worker: str) -> bool:
    recorded: bool = await ctx["recorder"].error(judging_id, error, worker)
    return recorded


async def sweep_job(ctx: dict[str, Any]) -> dict[str, int]:
    settings: Settings = ctx["settings"]
    report = await sweep(
        ctx["db"], ctx["judge_queue"], settings.stuck_after_s, settings.judge_cap_per_user
    )
    return {"lost": report.lost, "stuck": report.stuck, "dispatched": report.dispatched}


def platform_worker(settings: Settings) -> Worker:
    redis_settings = RedisSettings.from_dsn(settings.redis_url)
    info = WorkerInfo(settings.worker_name or default_worker_name("platform"), "platform")

    async def startup(ctx: dict[str, Any]) -> None:
        db = Database.from_url(settings.db_url)
        judge_queue = await ArqQueue.connect(settings.redis_url, JUDGE_QUEUE)
        notifier = RedisNotifier(ctx["redis"])
        ctx.update(
            settings=settings,
            db=db,
            judge_queue=judge_queue,
            recorder=Recorder(db, judge_queue, notifier, settings.judge_cap_per_user),
            heartbeat=asyncio.create_task(_heartbeat(RedisFleet(ctx["redis"]), info)),
        )

    async def shutdown(ctx: dict[str, Any]) -> None:
        await _stop_heartbeat(ctx, info)
        await ctx["judge_queue"].close()
        await ctx["db"].dispose()

    return Worker(
        functions=[
            _named(record_progress, RECORD_PROGRESS),
            _named(record_result, RECORD_RESULT),
            _named(record_error, RECORD_ERROR),
        ],
        cron_jobs=[cron(sweep_job, second={0, 15, 30, 45}, run_at_startup=True, unique=True)],
        queue_name=PLATFORM_QUEUE,
        redis_settings=redis_settings,
        on_startup=startup,
        on_shutdown=shutdown,
        max_jobs=20,
        keep_result=600,
        poll_delay=POLL_DELAY_S,
        handle_signals=False,
    )


def _named(function: Any, name: str) -> Any:
    from arq.worker import func

    return func(function, name=name)
