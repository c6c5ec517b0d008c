"""The live stream: one Server-Sent Events connection per browser tab, carrying every channel
the page follows (``GET /events/stream?channels=submission:12,user``).

Each event names its channel; the page dispatches on it. Ids are the event log's, so a
reconnecting browser (``Last-Event-ID``) or a reloaded page (``?since=``) resumes where it
stopped. Every channel is authorised when the stream opens; open streams are capped per user
and per process (``ARENA_SSE_STREAMS_PER_USER``, ``ARENA_SSE_STREAMS_PER_PROCESS``), and one
reader per process fans the event log out to all of them (:mod:`ictarena.events.fanout`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Sequence

from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ictarena.accounts.models import Role, User
from ictarena.contests.access import contest_by_id
from ictarena.contests.cache import CHANGED as BOARD_CHANGED
from ictarena.contests.cache import channel as board_channel
from ictarena.contests.listing import Standing, standing
from ictarena.contests.models import Contest
from ictarena.db import DbSession
from ictarena.errors import NotFound
from ictarena.events.fanout import Channel, Delivery, backlog
from ictarena.events.slots import StreamLimitReached
from ictarena.http.context import Ctx, page
from ictarena.http.messages import message
from ictarena.http.urls import MAX_ID
from ictarena.leaderboards.cache import SUBJECT as LEADERBOARDS
from ictarena.submissions.access import viewable_submission
from ictarena.submissions.status import finished_judging

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)
KEEPALIVE_S = 15.0
RETRY_MS = 2000
HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


class BadChannel(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


ENRICHERS = {"judging.done": finished_judging}  # the submission's whole status, once per process
# A board change reaches every reader of the contest, whose page then fetches the board (at
# most every 2 s, web/static/contest.js): one a second per contest is all a reader can use.
COALESCED = {BOARD_CHANGED: 1.0}


async def authorise(session: DbSession, user: User, names: Sequence[str]) -> list[Channel]:
    """The channels ``user`` asked for, each checked; :class:`BadChannel` names the first bad
    one. ``submission:<id>`` needs a submission the user may see (their own; a coach's
    students'; any for an admin); ``user`` is the user's own events; ``leaderboards`` says
    which boards a verdict changed (nothing private), for anyone; ``contest:<id>`` says that a
    contest's board changed (its version only), for anyone who may see that contest."""
    channels: list[Channel] = []
    for name in names:
        kind, _, arg = name.partition(":")
        if kind == "user" and not arg:
            channels.append(Channel(name, user_id=user.id))
        elif kind == LEADERBOARDS and not arg:  # which boards changed: nothing private
            channels.append(Channel(name, subject=LEADERBOARDS))
        elif kind == "submission" and arg.isascii() and arg.isdigit() and len(arg) <= 40:
            number = int(arg)
            if number > MAX_ID:
                raise BadChannel("live_channel_not_found", channel=name[:64])
            try:
                submission = await viewable_submission(session, user, number)
            except NotFound:
                raise BadChannel("live_channel_not_found", channel=name[:64]) from None
            channels.append(Channel(f"submission:{submission.id}", f"submission:{submission.id}"))
        elif kind == "contest" and arg.isascii() and arg.isdigit() and len(arg) <= 40:
            contest = await _seen_contest(session, user, int(arg))
            if contest is None:
                raise BadChannel("live_channel_not_found", channel=name[:64])
            channels.append(Channel(board_channel(contest.id), board_channel(contest.id)))
        else:
            raise BadChannel("live_channel_unknown", channel=name[:64])
    return channels


async def _seen_contest(session: DbSession, user: User, number: int) -> Contest | None:
    """The contest ``number`` if ``user`` may see it (and so its board), else None."""
    if number > MAX_ID:
        return None
    try:
        contest = await contest_by_id(session, number)
    except NotFound:
        return None
    return None if await standing(session, user, contest) is Standing.NONE else contest


def _resume_point(ctx: Ctx) -> int:
    raw = ctx.request.headers.get("last-event-id") or ctx.request.query_params.get("since") or "0"
    try:
        return min(MAX_ID, max(0, int(raw)))
    except ValueError:
        return 0


def open_stream(
    ctx: Ctx,
    channels: Sequence[Channel],
    after: int,
    render: Callable[[Delivery], str],
    done: Callable[[Delivery], bool] = lambda delivery: False,
) -> Response:
    """Take a slot and stream ``channels`` from ``after``; the slot is given back when the
    stream ends, whether the client left or the server closed it."""
    assert ctx.user is not None
    state = ctx.state
    slots = state.stream_slots
    fanout = state.fanout
    assert fanout is not None, "the app's lifespan starts the fan-out"
    user_id = ctx.user.id
    try:
        slots.acquire(user_id)
    except StreamLimitReached as exc:
        key = "live_user_limit" if exc.scope == "user" else "live_process_limit"
        return PlainTextResponse(
            message(key, limit=exc.limit), status_code=429, headers={"Retry-After": "30", **HEADERS}
        )

    async def stream() -> AsyncIterator[str]:
        subscription = fanout.subscribe(channels)  # before the backlog: nothing falls between
        try:
            yield f"retry: {RETRY_MS}\n\n"
            sent: set[tuple[int, str]] = set()
            async with state.db.session() as session:
                for event in await backlog(session, channels, after):
                    data = await fanout.payload(session, event)
                    for channel in channels:
                        if channel.matches(event):
                            delivery = Delivery(event.id, event.kind, channel.name, data)
                            sent.add((delivery.id, delivery.channel))
                            yield render(delivery)
                            if done(delivery):
                                return
            while not subscription.overflowed:
                try:
                    async with asyncio.timeout(KEEPALIVE_S):  # cancellable, unlike wait_for
                        item = await subscription.queue.get()
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if item is None:  # the server is shutting down
                    return
                if (item.id, item.channel) in sent:
                    continue  # already sent from the backlog
                yield render(item)
                if done(item):
                    return
        finally:
            fanout.unsubscribe(subscription)
            slots.release(user_id)

    return StreamingResponse(stream(), media_type="text/event-stream", headers=HEADERS)


def multiplexed(delivery: Delivery) -> str:
    body = {"channel": delivery.channel, "kind": delivery.kind, "data": delivery.data}
    return f"id: {delivery.id}\ndata: {json.dumps(body, default=str)}\n\n"


@page(*ANY_USER)
async def event_stream(ctx: Ctx) -> Response:
    """``GET /events/stream?channels=a,b``: every channel the page follows, in one stream."""
    assert ctx.user is not None
    raw = ctx.request.query_params.get("channels", "")
    names = list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    limit = ctx.state.settings.sse_channels_max
    if not names:
        return _refused(message("live_no_channels"))
    if len(raw) > 64 * limit or len(names) > limit:
        return _refused(message("live_too_many_channels", max=limit))
    try:
        channels = await authorise(ctx.db, ctx.user, names)
    except BadChannel as exc:
        status = 404 if exc.key == "live_channel_not_found" else 400
        return _refused(message(exc.key, **exc.params), status)
    return open_stream(ctx, channels, _resume_point(ctx), multiplexed)


def _refused(text: str, status: int = 400) -> Response:
    return PlainTextResponse(text, status_code=status, headers={"Cache-Control": "no-store"})


routes = [Route("/events/stream", event_stream)]
