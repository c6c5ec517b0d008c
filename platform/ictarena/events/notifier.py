"""Wakes live pages when events are appended.

Waiters poll the event log (the source of truth) and use the notifier only to wake early, so a
lost notification costs at most one poll interval. In production the web processes learn of new
events over Redis pub/sub; in embedded mode the recorder and the pages share one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

log = logging.getLogger(__name__)
CHANNEL = "arena:events"


class Notifier:
    def __init__(self) -> None:
        self._waiters: set[asyncio.Event] = set()

    def notify_local(self) -> None:
        for waiter in list(self._waiters):
            waiter.set()

    async def notify(self) -> None:
        self.notify_local()

    async def wait(self, seconds: float) -> None:
        """Return when notified or after ``seconds``, whichever comes first."""
        waiter = asyncio.Event()
        self._waiters.add(waiter)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), seconds)
        finally:
            self._waiters.discard(waiter)

    async def close(self) -> None:
        self.notify_local()


class RedisNotifier(Notifier):
    """Publishes on a Redis channel and relays what it hears to local waiters."""

    def __init__(self, redis: Any) -> None:
        super().__init__()
        self._redis = redis
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="arena-event-listener")

    async def _listen(self) -> None:
        while True:
            try:
                pubsub = self._redis.pubsub()
                await pubsub.subscribe(CHANNEL)
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        self.notify_local()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis restarted: pages keep polling meanwhile
                log.warning("event listener lost Redis (%s); retrying", exc)
                await asyncio.sleep(1)

    async def notify(self) -> None:
        self.notify_local()
        try:
            await self._redis.publish(CHANNEL, "1")
        except Exception as exc:
            log.warning("could not publish an event notification: %s", exc)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await super().close()
