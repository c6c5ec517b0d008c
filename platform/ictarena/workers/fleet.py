"""Worker heartbeats for the fleet page: who is alive, on which host, doing what.

Judge hosts have Redis but no database, so heartbeats live in a Redis hash in production
(``arena:fleet``) and in memory in embedded mode. Production workers beat every 5 s
(:func:`heartbeat`); a worker silent for 30 s is shown as lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

FLEET_KEY = "arena:fleet"
LOST_AFTER_S = 30.0
HEARTBEAT_S = 5.0


@dataclass
class WorkerInfo:
    name: str
    kind: str  # judge, platform, embedded
    host: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)
    started_at: float = field(default_factory=time.time)
    heartbeat_at: float = field(default_factory=time.time)
    current_job: str | None = None
    jobs_done: int = 0
    jobs_failed: int = 0

    @property
    def alive(self) -> bool:
        return time.time() - self.heartbeat_at < LOST_AFTER_S

    @property
    def silent_s(self) -> float:
        return max(0.0, time.time() - self.heartbeat_at)


def default_worker_name(kind: str) -> str:
    return f"{kind}@{socket.gethostname()}:{os.getpid()}"


class Fleet(Protocol):
    async def beat(self, info: WorkerInfo) -> None: ...

    async def workers(self) -> list[WorkerInfo]: ...

    async def forget(self, name: str) -> None: ...


class MemoryFleet:
    def __init__(self) -> None:
        self._workers: dict[str, WorkerInfo] = {}

    async def beat(self, info: WorkerInfo) -> None:
        info.heartbeat_at = time.time()
        self._workers[info.name] = info

    async def workers(self) -> list[WorkerInfo]:
        return sorted(self._workers.values(), key=lambda w: w.name)

    async def forget(self, name: str) -> None:
        self._workers.pop(name, None)


class RedisFleet:
    def __init__(self, redis: Any) -> None:
        self._redis = redis

    async def beat(self, info: WorkerInfo) -> None:
        info.heartbeat_at = time.time()
        await self._redis.hset(FLEET_KEY, info.name, json.dumps(asdict(info)))

    async def workers(self) -> list[WorkerInfo]:
        raw = await self._redis.hgetall(FLEET_KEY)
        out = []
        for value in raw.values():
            try:
                out.append(WorkerInfo(**json.loads(value)))
            except (TypeError, ValueError):
                continue
        return sorted(out, key=lambda w: w.name)

    async def forget(self, name: str) -> None:
        await self._redis.hdel(FLEET_KEY, name)


async def heartbeat(fleet: Fleet, info: WorkerInfo) -> None:
    """Beat every :data:`HEARTBEAT_S` seconds until cancelled; a failed beat is only logged."""
    while True:
        try:
            await fleet.beat(info)
        except Exception as exc:
            log.warning("heartbeat failed: %s", exc)
        await asyncio.sleep(HEARTBEAT_S)


async def stop_heartbeat(beating: asyncio.Task[None], fleet: Fleet, info: WorkerInfo) -> None:
    """Stop :func:`heartbeat` and take the worker off the fleet page."""
    beating.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await beating
    with contextlib.suppress(Exception):
        await fleet.forget(info.name)
