"""The Starlette app factory. Everything shared is built in the lifespan from the settings."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

import ictarena.models  # noqa: F401 - maps every table before the first flush
from ictarena.db import Database
from ictarena.errors import ArenaError
from ictarena.events.fanout import FanOut
from ictarena.events.notifier import Notifier, RedisNotifier
from ictarena.events.slots import StreamSlots
from ictarena.http import errors
from ictarena.http.bodylimit import BodyLimit
from ictarena.http.context import LoginRequired
from ictarena.http.headers import SecurityHeaders
from ictarena.http.observe import RequestObserver
from ictarena.http.proxies import TrustedProxies
from ictarena.http.routes import (
    account,
    admin,
    admin_tracks,
    auth,
    ccs_api,
    clarifications,
    contest_virtual,
    contests,
    contests_admin,
    contests_admin_live,
    editorials,
    exams,
    exams_jury,
    fleet,
    health,
    home,
    judgehost,
    leaderboards,
    live,
    notifications,
    plagiarism,
    problems_admin,
    progress,
    promotions,
    submissions,
    tasks,
)
from ictarena.http.state import AppState
from ictarena.http.stitched import GZIP_LEVEL
from ictarena.http.templating import WEB_DIR, create_environment
from ictarena.http.urls import UrlGuard
from ictarena.settings import Mode, Settings, SettingsError
from ictarena.submissions.queue import JobQueue
from ictarena.workers.datasets import LocalDatasets
from ictarena.workers.embedded import EmbeddedPipeline, start_embedded
from ictarena.workers.fleet import Fleet, MemoryFleet, RedisFleet
from ictarena.workers.grader import close_grader, connect_docker, supported_languages
from ictarena.workers.judging import Grader
from ictarena.workers.queue import JUDGE_QUEUE, ArqQueue, InProcessQueue
from ictarena.workers.runs import LocalRuns, QueuedRuns

log = logging.getLogger(__name__)


async def build_queue(settings: Settings) -> JobQueue:
    if settings.mode is Mode.PRODUCTION:
        return await ArqQueue.connect(settings.redis_url, JUDGE_QUEUE)
    return InProcessQueue(concurrency=settings.judge_concurrency)


def all_routes() -> list[BaseRoute]:
    return [
        *health.routes,
        *auth.routes,
        *home.routes,
        *admin.routes,
        *problems_admin.routes,
        *admin_tracks.routes,
        *submissions.routes,
        *tasks.routes,
        *editorials.routes,
        *progress.routes,
        *leaderboards.routes,
        *contests_admin.routes,
        *contests_admin_live.routes,
        *clarifications.routes,
        *exams_jury.routes,
        *plagiarism.routes,
        *exams.routes,
        *contest_virtual.routes,
        *contests.routes,
        *account.routes,
        *notifications.routes,
        *promotions.routes,
        *fleet.routes,
        *judgehost.routes,
        *ccs_api.routes,
        *live.routes,
        Mount("/static", app=StaticFiles(directory=WEB_DIR / "static"), name="static"),
    ]


def body_limits(settings: Settings) -> dict[str, int]:
    """Request body limits by path, in bytes; every other path gets ``form_body_max_kb``."""
    login = settings.login_body_max_kb << 10
    return {
        "/login": login,
        "/register": login,
        "/admin/problems": settings.upload_body_max_mb << 20,
    }


def middleware(settings: Settings) -> list[Middleware]:
    """Outermost first: the client's address, headers on every answer (refusals too), then
    the guards that refuse a request before any route reads it."""
    return [
        Middleware(TrustedProxies, networks=settings.trusted_proxies),
        Middleware(RequestObserver),  # inside TrustedProxies: it sees the client's address
        Middleware(
            SecurityHeaders,
            hsts_max_age=settings.hsts_max_age_s if settings.cookies_secure else None,
        ),
        Middleware(UrlGuard),
        Middleware(
            BodyLimit, default=settings.form_body_max_kb << 10, limits=body_limits(settings)
        ),
        # Level 3, not Starlette's 9: on a 1000-line scoreboard (~0.9 MB of HTML) level 9
        # spends ~26 ms of CPU a response for 35 KB, level 3 ~3 ms for 52 KB.
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=GZIP_LEVEL),
    ]


StartupHook = Callable[[AppState], Any]


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    queue: JobQueue | None = None,
    docker_client: Any | None = None,
    connect_docker_engine: bool = True,
    grader: Grader | None = None,
    languages: dict[str, str] | None = None,
    sweep_every_s: float | None = 15.0,
    on_startup: list[StartupHook] | None = None,
) -> Starlette:
    """Build the app. Injected resources (tests) are used as given and not closed."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        db = database or Database.from_url(settings.db_url)
        job_queue = queue or await build_queue(settings)
        client = docker_client
        if client is None and connect_docker_engine:
            client = await asyncio.to_thread(connect_docker, settings)
        notifier: Notifier
        fleet_registry: Fleet
        redis = None
        if settings.mode is Mode.PRODUCTION:
            from redis.asyncio import Redis

            redis = Redis.from_url(settings.redis_url)
            notifier = RedisNotifier(redis)
            notifier.start()
            fleet_registry = RedisFleet(redis)
        else:
            notifier, fleet_registry = Notifier(), MemoryFleet()
        state = AppState(
            settings=settings,
            db=db,
            queue=job_queue,
            templates=create_environment(),
            signing_key=settings.signing_key(),
            docker=client,
            notifier=notifier,
            fleet=fleet_registry,
            languages=languages if languages is not None else supported_languages(settings),
            fanout=FanOut(db, notifier, settings.sse_poll_s, live.ENRICHERS, live.COALESCED),
            stream_slots=StreamSlots(
                settings.sse_streams_per_user, settings.sse_streams_per_process
            ),
        )
        assert state.fanout is not None
        await state.fanout.start()
        app.state.arena = state
        pipeline: EmbeddedPipeline | None = None
        own_grader: Grader | None = None  # made here, so closed here (its sandbox pool)
        if isinstance(job_queue, InProcessQueue):
            from ictarena.workers.grader import load_grader

            try:
                chosen = grader or load_grader(settings, client)
                own_grader = None if grader is not None else chosen
            except SettingsError as exc:
                # The site still serves; submissions wait in the database until a judge runs.
                log.error("embedded judging is off: %s", exc)
            else:
                pipeline = start_embedded(
                    settings, db, job_queue, notifier, fleet_registry, chosen, sweep_every_s
                )
                state.extras["pipeline"] = pipeline
                state.runs = LocalRuns(
                    chosen, LocalDatasets(settings.tasks_dir), settings.judge_concurrency
                )
        elif isinstance(job_queue, ArqQueue):
            state.runs = QueuedRuns(job_queue, settings.run_timeout_s)
        for hook in on_startup or []:
            result = hook(state)
            if asyncio.iscoroutine(result):
                await result
        if isinstance(job_queue, InProcessQueue):
            job_queue.start()
        try:
            yield
        finally:
            await state.fanout.close()
            if pipeline is not None:
                await pipeline.close()
            await notifier.close()
            if redis is not None:
                await redis.aclose()
            if queue is None or isinstance(job_queue, InProcessQueue):
                await job_queue.close()  # this lifespan started its consumers
            if own_grader is not None:
                await close_grader(own_grader)
            if database is None:
                await db.dispose()
            if client is not None and docker_client is None:
                client.close()

    return Starlette(
        routes=all_routes(),
        middleware=middleware(settings),
        exception_handlers={
            HTTPException: errors.http_exception,
            ArenaError: errors.arena_error,
            LoginRequired: errors.arena_error,
            ClientDisconnect: errors.client_gone,
            Exception: errors.server_error,
        },
        lifespan=lifespan,
    )
