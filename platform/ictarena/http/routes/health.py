"""Liveness (``/healthz``), readiness (``/readyz``) and the metrics (``/metrics``).

Readiness depends on the process's role. An embedded web process judges itself: its database,
its in-process queue and its Docker engine. A production web process checks the database and
Redis, and judging through the fleet's heartbeats (some judge worker beat in the last 30 s),
never a Docker engine of its own.

``/metrics`` asks for ``Authorization: Bearer <ARENA_METRICS_TOKEN>`` when that is set (401
otherwise); without a token it is served to loopback clients asking directly only (404 to
anyone else, and to any request a proxy forwarded, so a site behind its proxy does not show it
to the world).
"""

from __future__ import annotations

import ipaddress

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ictarena.db import utcnow
from ictarena.http.state import AppState
from ictarena.observability import logs, metrics
from ictarena.observability.readiness import Probe, docker_probe, readiness, report
from ictarena.settings import Mode
from ictarena.submissions.queue_state import backlog
from ictarena.workers.telemetry import judges_beating, queue_depths, sample

log = logs.get_logger(__name__)


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def probes(state: AppState) -> dict[str, Probe]:
    if state.settings.mode is Mode.PRODUCTION:
        return {
            "database": state.db.ping,
            "redis": state.queue.ping,
            "judges": judges_beating(state.fleet),
        }
    return {
        "database": state.db.ping,
        "queue": state.queue.ping,
        "docker": docker_probe(state.docker),
    }


async def readyz(request: Request) -> JSONResponse:
    body, status = report(*await readiness(probes(request.app.state.arena)))
    return JSONResponse(body, status_code=status)


PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def _local(request: Request) -> bool:
    """A client on this host, asking directly: a loopback address, and no proxy's header
    (a proxy on this host, even one not listed in ARENA_TRUSTED_PROXIES, speaks for others)."""
    if any(name in request.headers for name in PROXY_HEADERS):
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _sample_backlog(state: AppState) -> None:
    """The judgings waiting in the database; a scrape still answers if the database is away."""
    try:
        async with state.db.session() as session:
            waiting = await backlog(session)
    except Exception as exc:
        log.warning("metrics: the judging backlog is unknown", error=str(exc)[:300])
        return
    metrics.JUDGINGS_QUEUED.set(waiting.waiting)
    age = (utcnow() - waiting.oldest).total_seconds() if waiting.oldest is not None else 0.0
    metrics.OLDEST_QUEUED.set(max(0.0, age))


async def metrics_page(request: Request) -> Response:
    state: AppState = request.app.state.arena
    token = state.settings.metrics_token
    if token is not None:
        if not metrics.bearer_allows(
            request.headers.get("authorization"), token.get_secret_value()
        ):
            return PlainTextResponse(
                "a bearer token is required\n",
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
    elif not _local(request):
        return PlainTextResponse("not found\n", status_code=404)
    await sample(state.fleet, queue_depths(state.queue))
    await _sample_backlog(state)
    metrics.SSE_STREAMS.set(state.stream_slots.total)
    data, content_type = metrics.exposition()
    return Response(data, media_type=content_type)


routes = [
    Route("/healthz", healthz),
    Route("/readyz", readyz),
    Route("/metrics", metrics_page),
]
