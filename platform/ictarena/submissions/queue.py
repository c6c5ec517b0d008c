"""The job queue dispatching needs: one small interface, implemented by the workers' backends.

Jobs are named functions with keyword arguments and a deterministic ``job_id``: enqueuing an id
that is already waiting or running is a no-op, so double clicks and sweeps never duplicate work.
Handlers must still be idempotent (a job may run twice). The backends, arq on Redis and an
in-process queue, live in :mod:`ictarena.workers.queue`.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class JobQueue(Protocol):
    async def enqueue(self, function: str, job_id: str, **kwargs: Any) -> bool:
        """Queue a job; False when a job with this id is already queued or running."""

    async def exists(self, job_id: str) -> bool:
        """True while a job with this id waits, runs, or has a kept result."""

    async def ping(self) -> None:
        """Raise when the queue is unreachable."""

    async def depth(self) -> int:
        """How many jobs wait."""

    async def close(self) -> None: ...
