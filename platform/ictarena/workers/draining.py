"""Stopping workers without losing work.

On SIGTERM a worker takes no new job and lets the jobs in hand run for up to
``ARENA_JUDGE_DRAIN_S`` seconds. Jobs still running then are cancelled: arq leaves a cancelled
job in its queue and drops its in-progress mark, so the next worker to poll runs it again (a
judging is recorded once, whichever attempt reports first). Judgings never enqueued wait in the
database for the sweeper, as always.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ictarena.observability.logs import get_logger

if TYPE_CHECKING:
    from arq.worker import Worker

log = get_logger(__name__)
POLL_S = 0.1


def running(worker: Worker) -> int:
    return sum(not task.done() for task in worker.tasks.values())


async def drain(workers: Sequence[Worker], grace_s: float) -> None:
    """Stop taking jobs; wait up to ``grace_s`` for the running ones to finish."""
    for worker in workers:
        worker.allow_pick_jobs = False
    in_hand = sum(running(w) for w in workers)
    log.info("draining", jobs_running=in_hand, grace_s=grace_s)
    deadline = time.monotonic() + grace_s
    while in_hand and time.monotonic() < deadline:
        await asyncio.sleep(POLL_S)
        in_hand = sum(running(w) for w in workers)
    if in_hand:
        log.warning("drain time over: requeueing the jobs still running", jobs_running=in_hand)
    else:
        log.info("drained")
