"""Liveness (``/healthz``) and readiness (``/readyz``: database, queue, Docker engine)."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ictarena.http.state import AppState


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _check(name: str, probe: Any) -> tuple[str, str]:
    try:
        await asyncio.wait_for(probe, timeout=3)
    except Exception as exc:
        return name, f"error: {type(exc).__name__}: {exc}"[:300]
    return name, "ok"


async def readyz(request: Request) -> JSONResponse:
    state: AppState = request.app.state.arena

    async def docker() -> None:
        if state.docker is None:
            raise RuntimeError("no Docker engine was reachable at start-up")
        await asyncio.to_thread(state.docker.ping)

    checks = dict(
        await asyncio.gather(
            _check("database", state.db.ping()),
            _check("queue", state.queue.ping()),
            _check("docker", docker()),
        )
    )
    ok = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503
    )


routes = [Route("/healthz", healthz), Route("/readyz", readyz)]
