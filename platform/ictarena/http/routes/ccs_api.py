"""The ICPC CCS Contest API, version 2023-06, read-only, under ``/api``.

Readers: anyone, as the site lets them see a contest (:mod:`ictarena.ccs.reading`); a jury
account signs in with HTTP Basic (its username and password, counted by the same login
throttle as the login form: a wrong password answers 401, too many 429) or with its browser
session. The jury reads the live contest; everyone else the public view, which hides what the
frozen board hides (:mod:`ictarena.ccs.sight`). Errors are JSON ``{"code", "message"}``.

The event feed is NDJSON: ``stream=false`` gives what has happened so far and ends; otherwise
the feed follows the contest, rebuilt every :data:`POLL_S` seconds, with a newline after
:data:`KEEPALIVE_S` seconds of silence, and ends after ``end_of_updates``.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ictarena import __version__
from ictarena.accounts import services as accounts
from ictarena.accounts.models import User
from ictarena.accounts.throttle import LoginPolicy, LoginThrottle
from ictarena.ccs import feed, objects, package, reading
from ictarena.ccs.feed import BadToken, Event, Follower, Key
from ictarena.ccs.kinds import judgement_types, languages
from ictarena.ccs.snapshot import Snapshot
from ictarena.db import utcnow
from ictarena.errors import Forbidden, InvalidInput, NotFound, Throttled
from ictarena.events.slots import StreamLimitReached, StreamSlots
from ictarena.http.context import Ctx, page

POLL_S = 2.0
KEEPALIVE_S = 120.0
STREAMS_PER_READER = 4  # a signed-in reader, or one address for the anonymous
STREAMS_PER_PROCESS = 64
REALM = 'Basic realm="ICT Arena contest API", charset="UTF-8"'
NDJSON = "application/x-ndjson"
HEADERS = {"Cache-Control": "no-store"}


class Refused(Exception):
    def __init__(self, status: int, text: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(text)
        self.status = status
        self.text = text
        self.headers = headers or {}


def _error(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(
        {"code": status, "message": text},
        status_code=status,
        headers={**HEADERS, **(headers or {})},
    )


async def _reader(ctx: Ctx) -> User | None:
    """The reader: HTTP Basic credentials when given (checked like the login form), else the
    browser session's user, else anonymous."""
    header = ctx.request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return ctx.user
    try:
        username, colon, password = (
            base64.b64decode(value.strip(), validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        raise Refused(401, "Malformed Basic credentials.", {"WWW-Authenticate": REALM}) from None
    if not colon:
        raise Refused(401, "Malformed Basic credentials.", {"WWW-Authenticate": REALM})
    throttle = LoginThrottle(ctx.state.db, LoginPolicy.from_settings(ctx.state.settings))
    await ctx.db.commit()  # hold no database connection while a slowed attempt waits
    try:
        user = await accounts.authenticate(ctx.db, username, password, ctx.client_ip, throttle)
    except Throttled as exc:
        await ctx.db.rollback()
        raise Refused(
            429,
            f"Too many failed logins. Try again in {exc.retry_after} s.",
            {"Retry-After": str(exc.retry_after)},
        ) from None
    except InvalidInput:
        await ctx.db.rollback()  # the attempt stays counted: the throttle committed it
        raise Refused(401, "Wrong username or password.", {"WWW-Authenticate": REALM}) from None
    if user.must_change_password:
        await ctx.db.rollback()
        raise Refused(403, "This account must change its password on the site first.")
    await ctx.db.commit()
    return user


Handler = Callable[[Ctx, User | None], Awaitable[Response]]


def api(handler: Handler) -> Callable[..., Any]:
    """A read of the API: the reader resolved, domain refusals as JSON."""

    @page(login=False)
    async def endpoint(ctx: Ctx) -> Response:
        try:
            return await handler(ctx, await _reader(ctx))
        except Refused as exc:
            return _error(exc.status, exc.text, exc.headers)
        except NotFound:
            return _error(404, "Not found.")
        except Forbidden:
            return _error(403, "Only the contest's jury may read this.")

    endpoint.__name__ = handler.__name__
    return endpoint


def _json(data: Any) -> Response:
    return JSONResponse(data, headers=HEADERS)


async def _snapshot(ctx: Ctx, user: User | None) -> tuple[reading.Reading, Snapshot]:
    found = await reading.contest_for(ctx.db, user, str(ctx.request.path_params["cid"]))
    return found, await reading.read(ctx.db, found, utcnow())


@api
async def information(ctx: Ctx, user: User | None) -> Response:
    return _json(objects.api_information(__version__))


@api
async def contests(ctx: Ctx, user: User | None) -> Response:
    found = []
    now = utcnow()
    for one in await reading.contests_for(ctx.db, user):
        found.append(await reading.contest_object(ctx.db, one, now))
    return _json(found)


@api
async def contest(ctx: Ctx, user: User | None) -> Response:
    found = await reading.contest_for(ctx.db, user, str(ctx.request.path_params["cid"]))
    return _json(await reading.contest_object(ctx.db, found, utcnow()))


Lister = Callable[[Snapshot, bool], Any]
COLLECTIONS: dict[str, Lister] = {
    "judgement-types": lambda snap, jury: judgement_types(),
    "languages": lambda snap, jury: languages(),
    "problems": lambda snap, jury: objects.problems(snap),
    "organizations": objects.organizations,
    "teams": objects.teams,
    "accounts": lambda snap, jury: objects.accounts(snap),
    "submissions": objects.submissions,
    "judgements": objects.judgements,
    "runs": objects.runs,
    "clarifications": objects.clarifications,
    "awards": objects.awards_of,
    "groups": lambda snap, jury: [],  # no groups: every team stands alone
}
SINGLE: dict[str, Lister] = {
    "state": lambda snap, jury: objects.state(snap),
    "scoreboard": objects.scoreboard,
    "access": lambda snap, jury: objects.access(jury),
}
JURY_ONLY = {"accounts", "runs"}


PACKAGE_FILES: dict[str, Callable[[Snapshot], str]] = {
    "contest.yaml": package.contest_yaml,
    "problemset.yaml": package.problemset_yaml,
}


@api
async def collection(ctx: Ctx, user: User | None) -> Response:
    name = str(ctx.request.path_params["endpoint"])
    lister = COLLECTIONS.get(name) or SINGLE.get(name)
    if name in PACKAGE_FILES:
        _found, snap = await _snapshot(ctx, user)
        text = PACKAGE_FILES[name](snap)
        return Response(text, media_type="application/yaml; charset=utf-8", headers=HEADERS)
    if lister is None:
        raise NotFound("ccs_endpoint")
    found, snap = await _snapshot(ctx, user)
    if name in JURY_ONLY:
        reading.jury_only(found)
    return _json(lister(snap, found.jury))


@api
async def element(ctx: Ctx, user: User | None) -> Response:
    name = str(ctx.request.path_params["endpoint"])
    lister = COLLECTIONS.get(name)
    if lister is None:
        raise NotFound("ccs_endpoint")
    found, snap = await _snapshot(ctx, user)
    if name in JURY_ONLY:
        reading.jury_only(found)
    wanted = str(ctx.request.path_params["id"])
    for item in lister(snap, found.jury):
        if item.get("id") == wanted:
            return _json(item)
    raise NotFound("ccs_object")


@api
async def submission_files(ctx: Ctx, user: User | None) -> Response:
    found, snap = await _snapshot(ctx, user)
    reading.jury_only(found)
    data = reading.submission_zip(snap, str(ctx.request.path_params["id"]))
    return Response(
        data,
        media_type="application/zip",
        headers={**HEADERS, "Content-Disposition": 'attachment; filename="files.zip"'},
    )


def _line(event: Event) -> str:
    return json.dumps(event.line(), ensure_ascii=False, separators=(",", ":")) + "\n"


Load = Callable[[], Awaitable[tuple[list[Event], bool]]]
Sleep = Callable[[float], Awaitable[Any]]


async def follow(
    load: Load,
    since: Key | None,
    *,
    poll_s: float,
    keepalive_s: float,
    clock: Callable[[], datetime] = utcnow,
    sleep: Sleep = asyncio.sleep,
) -> AsyncIterator[str]:
    """The streamed feed: each rebuild's new events (``load`` gives the feed and whether the
    contest has reached ``end_of_updates``), a newline after ``keepalive_s`` seconds without
    one, and the end once the contest sends no more updates."""
    follower = Follower(since)
    quiet_s = 0.0
    while True:
        found, finished = await load()
        out = follower.next(found, clock())
        for event in out:
            yield _line(event)
        if out:
            quiet_s = 0.0
        if finished:
            return
        await sleep(poll_s)
        quiet_s += poll_s
        if quiet_s >= keepalive_s:
            yield "\n"
            quiet_s = 0.0


@api
async def event_feed(ctx: Ctx, user: User | None) -> Response:
    found, snap = await _snapshot(ctx, user)
    params = ctx.request.query_params
    stream = params.get("stream", "true")
    if stream not in ("true", "false"):
        raise Refused(400, f"stream must be true or false, not {stream[:20]!r}.")
    since: Key | None = None
    if "since_token" in params:
        token = params["since_token"]
        try:
            since = feed.parse_token(token, snap)
        except BadToken:
            raise Refused(
                400, f"since_token {token[:80]!r} is not a token of this event feed."
            ) from None
    if stream == "false":
        body = "".join(_line(e) for e in feed.after(feed.events(snap, found.jury), since))
        return Response(body, media_type=NDJSON, headers=HEADERS)
    database = ctx.state.db
    reading_ = found

    async def load() -> tuple[list[Event], bool]:
        async with database.session() as session:
            fresh = await reading.read(session, reading_, utcnow())
        return feed.events(fresh, reading_.jury), objects.state(fresh)["end_of_updates"] is not None

    slots = _slots(ctx)
    reader = user.id if user is not None else -1 - zlib.crc32(ctx.client_ip.encode())
    try:
        slots.acquire(reader)
    except StreamLimitReached as exc:
        raise Refused(
            429,
            f"Too many open event feeds ({exc.scope} limit {exc.limit}).",
            {"Retry-After": "60"},
        ) from None
    await ctx.db.commit()  # the stream reads in sessions of its own

    async def streamed() -> AsyncIterator[str]:
        try:
            async for line in follow(load, since, poll_s=POLL_S, keepalive_s=KEEPALIVE_S):
                yield line
        finally:
            slots.release(reader)

    return StreamingResponse(streamed(), media_type=NDJSON, headers=HEADERS)


def _slots(ctx: Ctx) -> StreamSlots:
    """The open streamed feeds of this process (kept on the app, made on first use)."""
    app_state = ctx.request.app.state
    found = getattr(app_state, "ccs_streams", None)
    if found is None:
        found = StreamSlots(STREAMS_PER_READER, STREAMS_PER_PROCESS)
        app_state.ccs_streams = found
    assert isinstance(found, StreamSlots)
    return found


routes = [
    Route("/api", information),
    Route("/api/contests", contests),
    Route("/api/contests/{cid}", contest),
    Route("/api/contests/{cid}/event-feed", event_feed),
    Route("/api/contests/{cid}/submissions/{id}/files", submission_files),
    Route("/api/contests/{cid}/{endpoint}", collection),
    Route("/api/contests/{cid}/{endpoint}/{id}", element),
]
