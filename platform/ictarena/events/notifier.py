"""Wakes the event fan-out when events are appended.

The event log is the source of truth; a notification only says "read the log now". In
production the web processes learn of new events over Redis pub/sub (workers publish, every web
process listens); in embedded mode the recorder and the pages share one process. Whoever
listens (:class:`ictarena.events.fanout.FanOut`) also reads the log at a modest interval, so a
lost notification delays an event but never loses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)
CHANNEL = "arena:events"
# The shortest time between two publications of one process. A notification after a quiet
# spell is published at once; those of a busy spell (a web process accepting hundreds of
# submissions a second) are folded into one publication at the end of the gap, which follows
# every one of them. The listeners in this process are woken at once either way.
PUBLISH_GAP_S = 0.01


class Notifier:
    """In-process notifications: :meth:`notify` calls every local listener."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

    def listen(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (synchronously, on the event loop) on every notification."""
        self._listeners.append(callback)

    def notify_local(self) -> None:
        for callback in list(self._listeners):
            callback()

    async def notify(self) -> None:
        self.notify_local()

    async def close(self) -> None:
        self.notify_local()


class RedisNotifier(Notifier):
    """Publishes on a Redis channel and relays what it hears to local listeners."""

    def __init__(self, redis: Any, publish_gap_s: float = PUBLISH_GAP_S) -> None:
        super().__init__()
        self._redis = redis
        self._task: asyncio.Task[None] | None = None
        self._gap_s = publish_gap_s
        self._last_publish = -publish_gap_s  # loop time of the last publication's start
        self._trailing: asyncio.Task[None] | None = None  # the gap's folded publication
        # What this notifier publishes: its own messages come back over the channel, and the
        # local listeners, woken at once by notify(), need not read the log twice for them.
        self._token = uuid.uuid4().hex.encode()

    def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="arena-event-listener")

    async def _listen(self) -> None:
        while True:
            try:
                pubsub = self._redis.pubsub()
                await pubsub.subscribe(CHANNEL)
                async for message in pubsub.listen():
                    if self.wakes(message):
                        self.notify_local()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis restarted: the fan-out keeps polling meanwhile
                log.warning("event listener lost Redis (%s); retrying", exc)
                await asyncio.sleep(1)

    def wakes(self, message: dict[str, Any]) -> bool:
        """Whether a message heard on the channel wakes the local listeners: another process's
        notification does; this notifier's own, back from Redis, does not (notify() woke them)."""
        return message.get("type") == "message" and message.get("data") != self._token

    async def notify(self) -> None:
        """Wake the local listeners, and publish now, or at the end of the gap since the last
        publication (then without waiting for it): one publication follows every call."""
        self.notify_local()
        if self._trailing is not None:  # one is due after this call: it covers this one too
            return
        loop = asyncio.get_running_loop()
        wait = self._last_publish + self._gap_s - loop.time()
        if wait <= 0:
            await self._publish()
        else:
            self._trailing = asyncio.create_task(self._publish_after(wait))

    async def _publish_after(self, wait: float) -> None:
        await asyncio.sleep(wait)
        self._trailing = None  # a call from now on needs a publication of its own
        await self._publish()

    async def _publish(self) -> None:
        self._last_publish = asyncio.get_running_loop().time()
        try:
            await self._redis.publish(CHANNEL, self._token)
        except Exception as exc:
            log.warning("could not publish an event notification: %s", exc)

    async def close(self) -> None:
        """Stop listening; a publication still due goes out now."""
        trailing, self._trailing = self._trailing, None
        if trailing is not None:
            trailing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await trailing
            await self._publish()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await super().close()
