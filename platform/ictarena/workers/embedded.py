"""Embedded mode: the judge, the recorder and the sweeper inside the web process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from ictarena.db import Database
from ictarena.events.notifier import Notifier
from ictarena.settings import Settings
from ictarena.submissions.recorder import Recorder
from ictarena.submissions.reports import NormalReport
from ictarena.workers.datasets import LocalDatasets
from ictarena.workers.fleet import Fleet, WorkerInfo, default_worker_name
from ictarena.workers.judging import Grader, JudgeRuntime, run_judge_job
from ictarena.workers.queue import InProcessQueue
from ictarena.workers.sweeper import sweep
from ictjudge.wire import JUDGE_JOB, JudgeJob, JudgeProgress

log = logging.getLogger(__name__)
SWEEP_EVERY_S = 15.0


class LocalSink:
    """Judge and platform in one process: record directly."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    async def progress(self, job: JudgeJob, progress: JudgeProgress, worker: str) -> None:
        await self.recorder.progress(job.judging_id, progress, worker)

    async def result(self, job: JudgeJob, report: NormalReport, worker: str) -> None:
        await self.recorder.result(job.judging_id, report, worker)

    async def error(self, job: JudgeJob, error: str, worker: str) -> None:
        await self.recorder.error(job.judging_id, error, worker)


@dataclass
class EmbeddedPipeline:
    queue: InProcessQueue
    runtime: JudgeRuntime
    recorder: Recorder
    sweeper: asyncio.Task[None] | None = None

    async def close(self) -> None:
        if self.sweeper is not None:
            self.sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.sweeper


def start_embedded(
    settings: Settings,
    db: Database,
    queue: InProcessQueue,
    notifier: Notifier,
    fleet: Fleet,
    grader: Grader,
    sweep_every_s: float | None = SWEEP_EVERY_S,
) -> EmbeddedPipeline:
    recorder = Recorder(db, queue, notifier, settings.judge_cap_per_user, zone=settings.zone)
    runtime = JudgeRuntime(
        grader=grader,
        datasets=LocalDatasets(settings.tasks_dir),
        sink=LocalSink(recorder),
        info=WorkerInfo(settings.worker_name or default_worker_name("embedded"), "embedded"),
        fleet=fleet,
        max_attempts=settings.judge_max_attempts,
    )

    async def judge(**job: Any) -> str:
        return await run_judge_job(runtime, JudgeJob(**job))

    queue.register(JUDGE_JOB, judge)
    pipeline = EmbeddedPipeline(queue, runtime, recorder)

    async def sweeping() -> None:
        assert sweep_every_s is not None
        while True:
            try:
                await fleet.beat(runtime.info)
                await sweep(db, queue, settings.stuck_after_s, settings.judge_cap_per_user)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("sweep failed")
            await asyncio.sleep(sweep_every_s)

    if sweep_every_s is not None:
        pipeline.sweeper = asyncio.create_task(sweeping(), name="arena-sweeper")
    return pipeline
