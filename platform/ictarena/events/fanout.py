"""One reader of the event log per process, fanning events out to the open live streams.

Every open stream is a :class:`Subscription`: the channels it follows and a bounded in-memory
queue. A single task reads the event log (one query) when the notifier wakes it, and at
``poll_s`` otherwise as a safety net, then puts each new event into the queue of every
subscription that follows its channel. So 500 open pages cost one query per wake, not 500 per
second; and the wake-ups of a busy spell share reads, at most one per ``read_gap_s``. A
subscription that falls behind (its queue is full) is ended; the browser reconnects with
``Last-Event-ID`` and reads what it missed from the log.

Event ids come from a sequence, and a transaction that took a lower id can commit after one
that took a higher id; the reader therefore re-reads a short window below its high-water mark
and skips ids it has already dispatched, so such a late event is still delivered.

Some kinds only say "this changed, look again" to every reader of a subject (a contest's
``scoreboard.changed`` reaches everyone who follows the contest, and their pages fetch the
board). Those are *coalesced*: at most one per ``every_s`` per subject leaves the process, and
of those that came in between, the newest goes out when the window closes. A reader therefore
always learns of the last change, within ``every_s``, and a busy contest does not send every
participant every change. The log keeps them all, for a stream that resumes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.db import Database
from ictarena.events.models import Event
from ictarena.events.notifier import Notifier

log = logging.getLogger(__name__)
LATE_WINDOW = 64  # ids below the high-water mark read again, for late commits
BATCH = 500
# The shortest time between two reads of the log. A wake-up after a quiet spell is read at
# once; the wake-ups of a busy spell (hundreds of submissions a second, each announced) wait
# out the gap and are read together, so a process reads the log at most 1 / READ_GAP_S times
# a second however fast events come, and a live page learns of one at most this much later.
READ_GAP_S = 0.025

Enricher = Callable[[AsyncSession, Event], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Channel:
    """What a stream follows: events about ``subject``, or every event of ``user_id``."""

    name: str  # as the client named it, e.g. "submission:12" or "user"
    subject: str | None = None
    user_id: int | None = None

    def matches(self, event: Event) -> bool:
        if self.subject is not None:
            return event.subject == self.subject
        return self.user_id is not None and event.user_id == self.user_id


@dataclass(frozen=True)
class Delivery:
    """One event on its way to one stream."""

    id: int
    kind: str
    channel: str
    data: dict[str, Any]


@dataclass(eq=False)
class Subscription:
    channels: tuple[Channel, ...]
    queue: asyncio.Queue[Delivery | None] = field(default_factory=lambda: asyncio.Queue(256))
    overflowed: bool = False

    def end(self) -> None:
        """Make the stream stop after what it has in hand."""
        try:
            self.queue.put_nowait(None)
        except asyncio.QueueFull:
            self.overflowed = True  # the stream stops at its next look at the queue

    def offer(self, delivery: Delivery) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(delivery)
        except asyncio.QueueFull:
            self.overflowed = True  # the stream ends; the browser resumes from the log


def _filter(channels: Sequence[Channel]) -> Any:
    subjects = [c.subject for c in channels if c.subject is not None]
    users = [c.user_id for c in channels if c.user_id is not None]
    clauses = []
    if subjects:
        clauses.append(Event.subject.in_(subjects))
    if users:
        clauses.append(Event.user_id.in_(users))
    return or_(*clauses)


async def backlog(
    session: AsyncSession, channels: Sequence[Channel], after_id: int, limit: int = BATCH
) -> Sequence[Event]:
    """Events of ``channels`` with ids above ``after_id``, oldest first (for a resume)."""
    if not channels:
        return []
    rows = await session.scalars(
        select(Event).where(_filter(channels), Event.id > after_id).order_by(Event.id).limit(limit)
    )
    return rows.all()


class FanOut:
    """The per-process reader of the event log and its subscribers."""

    def __init__(
        self,
        db: Database,
        notifier: Notifier,
        poll_s: float = 1.0,
        enrich: Mapping[str, Enricher] | None = None,
        coalesce: Mapping[str, float] | None = None,
        read_gap_s: float = READ_GAP_S,
    ) -> None:
        self._db = db
        self._read_gap_s = read_gap_s
        self._last_read = -read_gap_s  # loop time of the last read's start
        self._every = dict(coalesce or {})  # kind -> seconds between two deliveries
        self._next_at: dict[tuple[str, str], float] = {}  # (kind, subject) -> loop time
        self._held: dict[tuple[str, str], tuple[Event, dict[str, Any]]] = {}
        self._release_timers: dict[tuple[str, str], asyncio.TimerHandle] = {}
        self._poll_s = poll_s
        self._enrich = dict(enrich or {})
        self._subscribers: set[Subscription] = set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._high = 0
        self._primed = False
        self._draining = False
        self._seen: deque[int] = deque(maxlen=4 * LATE_WINDOW)
        self.reads = 0  # queries made by the reader, for tests and benchmarks
        notifier.listen(self._wake.set)

    async def start(self) -> None:
        """Start reading. The site serves even while the database is away: the reader then
        learns where the log stands at its first successful read."""
        try:
            await self._prime()
        except Exception as exc:
            log.warning("event fan-out starts without the log: %s", exc)
        self._task = asyncio.create_task(self._run(), name="arena-event-fanout")

    async def _prime(self) -> None:
        async with self._db.session() as session:
            high = int(await session.scalar(select(func.max(Event.id))) or 0)
            recent = await session.scalars(select(Event.id).where(Event.id > high - LATE_WINDOW))
            self._seen.extend(sorted(recent.all()))
        self._high = high
        self._primed = True

    async def close(self) -> None:
        for timer in self._release_timers.values():
            timer.cancel()
        self._release_timers.clear()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for subscription in list(self._subscribers):
            subscription.end()

    def subscribe(self, channels: Sequence[Channel]) -> Subscription:
        subscription = Subscription(tuple(channels))
        if self._draining:
            subscription.end()
        self._subscribers.add(subscription)
        return subscription

    def drain(self) -> None:
        """End every stream, and every stream opened from now on (the server is stopping):
        browsers reconnect, through the proxy, to another web process."""
        self._draining = True
        for subscription in list(self._subscribers):
            subscription.end()

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscribers.discard(subscription)

    async def payload(self, session: AsyncSession, event: Event) -> dict[str, Any]:
        """What a stream sends for ``event``: its payload, or what an enricher makes of it."""
        enrich = self._enrich.get(event.kind)
        return await enrich(session, event) if enrich is not None else dict(event.payload)

    async def _run(self) -> None:
        while True:
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancellation
            # that arrives as the wake-up does, and close() would then wait forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._poll_s):
                    await self._wake.wait()
            loop = asyncio.get_running_loop()
            # The wake-ups that come during the gap are read with this one: the wake is
            # cleared after the wait, so the read follows every notification it clears.
            await asyncio.sleep(max(0.0, self._last_read + self._read_gap_s - loop.time()))
            self._wake.clear()
            self._last_read = loop.time()
            try:
                if not self._primed:
                    await self._prime()
                await self.read_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is away: try again at the next wake
                log.warning("event fan-out could not read the log: %s", exc)

    async def read_once(self) -> int:
        """Read what is new in the log and dispatch it; return how many events were new."""
        new = 0
        async with self._db.session() as session:
            self.reads += 1
            # The late window is read again at every wake-up and mostly holds events already
            # dispatched: those are left out by the query, not loaded whole and skipped.
            low = self._high - LATE_WINDOW
            rows = (
                await session.scalars(
                    select(Event)
                    .where(Event.id > low, Event.id.not_in([i for i in self._seen if i > low]))
                    .order_by(Event.id)
                    .limit(BATCH + LATE_WINDOW)
                )
            ).all()
            for event in rows:
                if event.id in self._seen:
                    continue
                self._seen.append(event.id)
                self._high = max(self._high, event.id)
                new += 1
                targets = self._targets(event)
                if not targets:
                    continue
                data = await self.payload(session, event)
                if event.kind in self._every:
                    self._coalesced(event, data)
                else:
                    self._deliver(targets, event, data)
        if new >= BATCH:
            self._wake.set()  # more to read
        return new

    def _targets(self, event: Event) -> list[tuple[Subscription, Channel]]:
        return [(s, c) for s in self._subscribers for c in s.channels if c.matches(event)]

    @staticmethod
    def _deliver(
        targets: list[tuple[Subscription, Channel]], event: Event, data: dict[str, Any]
    ) -> None:
        for subscription, channel in targets:
            subscription.offer(Delivery(event.id, event.kind, channel.name, data))

    def _offer(self, event: Event, data: dict[str, Any]) -> None:
        """Deliver ``event`` to the streams that follow it now (a held event's may have changed
        while it waited)."""
        self._deliver(self._targets(event), event, data)

    def _coalesced(self, event: Event, data: dict[str, Any]) -> None:
        """Offer ``event`` now if its subject's window is open, else hold it (the newest held
        replaces an older one) until the window closes."""
        key = (event.kind, event.subject)
        loop = asyncio.get_running_loop()
        now, due = loop.time(), self._next_at.get(key, 0.0)
        if now >= due and key not in self._release_timers:
            self._next_at[key] = now + self._every[event.kind]
            self._offer(event, data)
            return
        held = self._held.get(key)
        if held is None or held[0].id < event.id:
            self._held[key] = (event, data)
        if key not in self._release_timers:
            self._release_timers[key] = loop.call_at(due, self._release, key)

    def _release(self, key: tuple[str, str]) -> None:
        self._release_timers.pop(key, None)
        held = self._held.pop(key, None)
        if held is None:
            return
        self._next_at[key] = asyncio.get_running_loop().time() + self._every[key[0]]
        self._offer(*held)
