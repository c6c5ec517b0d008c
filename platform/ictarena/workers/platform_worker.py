"""The platform worker (``arena worker --platform``): arq settings for ``arena:platform``.

It records what judge hosts report through the :class:`~ictarena.submissions.recorder.Recorder`
(which also dispatches each student's next judging and wakes live pages), and runs the sweeper
every 15 seconds. It maps every table before the first flush.
"""

from __future__ import annotations

import asyncio
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.worker import Worker

import ictarena.models  # noqa: F401 - maps every table before the first flush
from ictarena.db import Database
from ictarena.events.notifier import RedisNotifier
from ictarena.observability.readiness import Probe
from ictarena.settings import Settings
from ictarena.submissions.recorder import Recorder
from ictarena.submissions.reports import NormalReport
from ictarena.workers.fleet import (
    RedisFleet,
    WorkerInfo,
    default_worker_name,
    heartbeat,
    stop_heartbeat,
)
from ictarena.workers.queue import (
    JUDGE_QUEUE,
    PLATFORM_QUEUE,
    POLL_DELAY_S,
    ArqQueue,
    arq_function,
)
from ictarena.workers.sinks import RECORD_ERROR, RECORD_PROGRESS, RECORD_RESULT
from ictarena.workers.sweeper import sweep
from ictjudge.wire import JudgeProgress


async def record_progress(
    ctx: dict[str, Any], judging_id: int, progress: dict[str, Any], worker: str
) -> None:
    recorder: Recorder = ctx["recorder"]
    await recorder.progress(judging_id, JudgeProgress.model_validate(progress), worker)


async def record_result(
    ctx: dict[str, Any], judging_id: int, report: dict[str, Any], worker: str
) -> bool:
    recorder: Recorder = ctx["recorder"]
    return await recorder.result(judging_id, NormalReport.from_json(report), worker)


async def record_error(ctx: dict[str, Any], judging_id: int, error: str, worker: str) -> bool:
    recorder: Recorder = ctx["recorder"]
    return await recorder.error(judging_id, error, worker)


async def sweep_job(ctx: dict[str, Any]) -> dict[str, int]:
    settings: Settings = ctx["settings"]
    report = await sweep(
        ctx["db"], ctx["judge_queue"], settings.stuck_after_s, settings.judge_cap_per_user
    )
    return {"lost": report.lost, "stuck": report.stuck, "dispatched": report.dispatched}


def platform_probes(worker: Worker) -> dict[str, Probe]:
    """What a platform worker's readiness checks besides Redis: its database."""

    async def database() -> None:
        db: Database | None = worker.ctx.get("db")
        if db is None:
            raise RuntimeError("the platform worker has not started yet")
        await db.ping()

    return {"database": database}


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
            notifier=notifier,
            recorder=Recorder(
                db, judge_queue, notifier, settings.judge_cap_per_user, zone=settings.zone
            ),
            heartbeat=asyncio.create_task(heartbeat(RedisFleet(ctx["redis"]), info)),
        )

    async def shutdown(ctx: dict[str, Any]) -> None:
        await stop_heartbeat(ctx["heartbeat"], RedisFleet(ctx["redis"]), info)
        await ctx["notifier"].close()  # a notification still due goes out
        await ctx["judge_queue"].close()
        await ctx["db"].dispose()

    return Worker(
        functions=[
            arq_function(record_progress, RECORD_PROGRESS),
            arq_function(record_result, RECORD_RESULT),
            arq_function(record_error, RECORD_ERROR),
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
