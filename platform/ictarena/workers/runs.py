"""Runs on a custom input, carried to the judge (see :mod:`ictarena.intake.runs`).

A run is awaited by the request that asked for it, so each backend returns the judge's
:class:`~ictjudge.custom.CustomRun` to the caller:

* :class:`LocalRuns` (embedded mode) runs it in the web process through the grader, as the
  in-process queue judges, at most ``judge_concurrency`` at once;
* :class:`QueuedRuns` (production) enqueues a ``run`` job on ``arena:judge`` and waits for its
  result in Redis (arq keeps it for a minute). Judge workers run it like a judging: the task
  data fetched by content hash, the same sandbox. A run no worker has started within
  ``run_timeout_s`` is dropped (arq's ``expires``), never run late for nobody.

Either raises :class:`RunUnavailable` when no judge could run the program (no Docker engine, a
grader that cannot run programs, no worker answering in time); what the program itself does
wrong is in the result.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Protocol

from ictarena.workers.datasets import DatasetStore, DatasetUnavailable
from ictjudge.custom import RUN_JOB, CustomRun, RunJob
from ictjudge.errors import JudgeError

if TYPE_CHECKING:
    from ictarena.workers.judging import Grader
    from ictarena.workers.queue import ArqQueue

log = logging.getLogger(__name__)


class RunUnavailable(Exception):
    """No judge could run the program (an infrastructure failure, not the program's)."""


class Runs(Protocol):
    async def run(self, job: RunJob) -> CustomRun: ...


async def run_on_judge(grader: Grader, datasets: DatasetStore, job: RunJob) -> CustomRun:
    """Run ``job`` with a judge host's grader and task data (embedded, or a judge worker)."""
    trier = getattr(grader, "run_custom", None)
    if trier is None:
        raise RunUnavailable("this judge's grader does not run programs on custom input")
    try:
        dataset_dir = await datasets.get(job.dataset_hash)
        result: CustomRun = await trier(job, dataset_dir)
    except (DatasetUnavailable, JudgeError, OSError, ValueError) as exc:  # ValueError: bad data
        raise RunUnavailable(f"{type(exc).__name__}: {exc}") from exc
    return result


class LocalRuns:
    """Embedded mode: the run in this process, through the same grader as judgings."""

    def __init__(self, grader: Grader, datasets: DatasetStore, concurrency: int) -> None:
        self.grader = grader
        self.datasets = datasets
        self._slots = asyncio.Semaphore(concurrency)

    async def run(self, job: RunJob) -> CustomRun:
        async with self._slots:
            return await run_on_judge(self.grader, self.datasets, job)


class QueuedRuns:
    """Production: a ``run`` job on the judge queue, its result awaited in Redis."""

    def __init__(self, queue: ArqQueue, timeout_s: float, poll_s: float = 0.05) -> None:
        self.queue = queue
        self.timeout_s = timeout_s
        self.poll_s = poll_s

    async def run(self, job: RunJob) -> CustomRun:
        try:
            queued = await self.queue.pool.enqueue_job(
                RUN_JOB, _job_id=job.job_id, _expires=self.timeout_s, **job.as_kwargs()
            )
        except OSError as exc:
            raise RunUnavailable(f"cannot reach the queue: {exc}") from exc
        if queued is None:  # pragma: no cover - a fresh uuid4 is never queued twice
            raise RunUnavailable("the run is queued already")
        try:
            result: Any = await queued.result(timeout=self.timeout_s, poll_delay=self.poll_s)
        except TimeoutError as exc:
            raise RunUnavailable(f"no judge ran it within {self.timeout_s:g} s") from exc
        except Exception as exc:  # the job's own failure, re-raised by arq
            log.warning("run %s failed on the judge: %s", job.run_id, exc)
            raise RunUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return CustomRun.model_validate(result)
