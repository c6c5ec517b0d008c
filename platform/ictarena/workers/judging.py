"""The judge side of the pipeline: run one judge job and report back through a sink.

Runs on judge hosts, which have Docker, Redis and the task data but no database credentials:
nothing here touches the database. Infrastructure failures (Docker unreachable, task data
missing, a checker crashing) are retried with exponential backoff; after the last attempt the
sink records a judge error (JE), which admins see and can retry.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ictarena.observability import logs, metrics
from ictarena.submissions.reports import NormalReport
from ictarena.workers.datasets import DatasetStore
from ictarena.workers.fleet import Fleet, WorkerInfo
from ictjudge.wire import JudgeJob, JudgeProgress, Progress

log = logs.get_logger(__name__)


class Grader(Protocol):
    """Grades one job against a dataset directory; raises on infrastructure failure."""

    def languages(self) -> dict[str, str]:
        """Language ids this grader runs for code tasks, with display names."""

    async def grade(self, job: JudgeJob, dataset_dir: Path, progress: Progress) -> NormalReport: ...


class ResultSink(Protocol):
    """Where a judge host sends what happens: the platform, directly or through the queue."""

    async def progress(self, job: JudgeJob, progress: JudgeProgress, worker: str) -> None: ...

    async def result(self, job: JudgeJob, report: NormalReport, worker: str) -> None: ...

    async def error(self, job: JudgeJob, error: str, worker: str) -> None: ...


@dataclass
class JudgeRuntime:
    """What a judge worker holds for its lifetime."""

    grader: Grader
    datasets: DatasetStore
    sink: ResultSink
    info: WorkerInfo
    fleet: Fleet | None = None
    max_attempts: int = 3
    backoff_s: float = 1.0
    progress_interval_s: float = 0.25


class _ThrottledProgress:
    """Forwards progress at most every ``interval`` seconds (always the first of each stage)."""

    def __init__(self, runtime: JudgeRuntime, job: JudgeJob) -> None:
        self.runtime = runtime
        self.job = job
        self.last_sent = 0.0
        self.last_stage: str | None = None

    async def __call__(self, progress: JudgeProgress) -> None:
        now = time.monotonic()
        stage = progress.stage
        if stage == self.last_stage and now - self.last_sent < self.runtime.progress_interval_s:
            return
        self.last_sent, self.last_stage = now, stage
        await self.runtime.sink.progress(self.job, progress, self.runtime.info.name)


async def run_judge_job(runtime: JudgeRuntime, job: JudgeJob) -> str:
    """Judge ``job``; return what happened ('result' or 'error'). Every log line written
    meanwhile carries the judging's id."""
    with logs.bound(judging_id=job.judging_id), metrics.JUDGINGS_RUNNING.track_inprogress():
        log.info("judging started", attempt=job.attempt, task_type=job.task_type)
        try:
            outcome = await _judge(runtime, job)
        except asyncio.CancelledError:
            log.info("judging interrupted")  # arq keeps the job queued for the next worker
            raise
        log.info("judging finished", outcome=outcome)
        return outcome


async def _judge(runtime: JudgeRuntime, job: JudgeJob) -> str:
    info = runtime.info
    info.current_job = job.job_id
    if runtime.fleet is not None:
        await runtime.fleet.beat(info)
    try:
        last_error = ""
        for attempt in range(1, runtime.max_attempts + 1):
            try:
                await runtime.sink.progress(job, JudgeProgress(stage="preparing"), info.name)
                dataset_dir = await runtime.datasets.get(job.dataset_hash)
                with metrics.JUDGE_CONTAINER.labels(job.task_type).time():
                    report = await runtime.grader.grade(
                        job, dataset_dir, _ThrottledProgress(runtime, job)
                    )
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                last_error = f"{type(exc).__name__}: {exc}"
                log.warning(
                    "judging attempt failed",
                    attempt=attempt,
                    attempts=runtime.max_attempts,
                    error=last_error,
                )
                if attempt < runtime.max_attempts:
                    await asyncio.sleep(runtime.backoff_s * 2 ** (attempt - 1))
                continue
            log.info("judging graded", verdict=str(report.verdict), worker=info.name)
            await runtime.sink.result(job, report, info.name)
            info.jobs_done += 1
            return "result"
        await runtime.sink.error(job, last_error, info.name)
        info.jobs_failed += 1
        return "error"
    finally:
        info.current_job = None
        if runtime.fleet is not None:
            await runtime.fleet.beat(info)
