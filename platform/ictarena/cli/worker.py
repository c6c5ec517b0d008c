"""``arena worker``: judge and platform workers for production mode.

Imports are lazy so that a judge host (``--judge``) loads only the judge side: no database layer.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import typer

from ictarena.cli.common import console, fail, settings_or_exit
from ictarena.observability.logs import configure
from ictarena.settings import Mode, Settings

if TYPE_CHECKING:
    from arq.worker import Worker

    from ictarena.observability.readiness import Probe
    from ictarena.workers.datasets import DatasetStore


def _datasets(settings: Settings) -> DatasetStore:
    from ictarena.workers.datasets import HttpDatasets, LocalDatasets

    if settings.platform_url:
        if settings.judge_token is None:
            raise fail("ARENA_JUDGE_TOKEN: required with ARENA_PLATFORM_URL")
        return HttpDatasets(
            settings.dataset_cache_dir,
            settings.platform_url,
            settings.judge_token.get_secret_value(),
        )
    return LocalDatasets(settings.tasks_dir)


async def _run(settings: Settings, judge: bool, platform: bool) -> None:
    from ictarena.workers.draining import drain
    from ictarena.workers.telemetry import worker_telemetry

    workers: list[Worker] = []
    probes: dict[str, Probe] = {}
    if platform:
        from ictarena.workers.platform_worker import platform_probes, platform_worker

        workers.append(platform_worker(settings))
        probes.update(platform_probes(workers[-1]))
    if judge:
        from ictarena.workers.grader import connect_docker, load_grader
        from ictarena.workers.judge_worker import judge_probes, judge_worker

        docker_client = connect_docker(settings) if settings.grader == "docker" else None
        workers.append(
            judge_worker(settings, load_grader(settings, docker_client), _datasets(settings))
        )
        probes.update(judge_probes(settings, docker_client))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with worker_telemetry(settings, probes):
        tasks = [asyncio.create_task(w.async_run()) for w in workers]
        waiter = asyncio.create_task(stop.wait())
        await asyncio.wait([*tasks, waiter], return_when=asyncio.FIRST_COMPLETED)
        # Finish what is in hand for a while; what is left is cancelled, and arq hands it to
        # the next worker (a cancelled job stays queued).
        await drain(workers, settings.judge_drain_s)
        for w in workers:
            await w.close()
        for task in [*tasks, waiter]:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


def redis_location(url: str) -> str:
    """Where a Redis URL points, without its password (worker logs are read widely)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"


def worker(
    judge: bool = typer.Option(False, "--judge", help="judge submissions (needs Docker)"),
    platform: bool = typer.Option(False, "--platform", help="record results, run the sweeper"),
) -> None:
    """Run workers (production mode). With neither flag, both kinds run in this process."""
    settings = settings_or_exit()
    if settings.mode is not Mode.PRODUCTION:
        raise fail(
            "workers run in production mode (ARENA_MODE=production); in embedded mode "
            "`arena serve` judges in-process"
        )
    if not judge and not platform:
        judge = platform = True
    configure(settings.log_level, settings.logs)
    kinds = " and ".join(k for k, on in (("judge", judge), ("platform", platform)) if on)
    console.print(f"Starting {kinds} worker on {redis_location(settings.redis_url)}")
    asyncio.run(_run(settings, judge, platform))
