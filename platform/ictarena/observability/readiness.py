"""Readiness: run a process's probes at once, each bounded, and say which failed and why."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

Probe = Callable[[], Awaitable[object]]
PROBE_TIMEOUT_S = 3.0


async def _check(name: str, probe: Probe) -> tuple[str, str]:
    try:
        await asyncio.wait_for(probe(), timeout=PROBE_TIMEOUT_S)
    except Exception as exc:
        return name, f"error: {type(exc).__name__}: {exc}"[:300]
    return name, "ok"


async def readiness(probes: Mapping[str, Probe]) -> tuple[bool, dict[str, str]]:
    """Whether every probe passed, and each probe's ``"ok"`` or ``"error: ..."``."""
    checks = dict(await asyncio.gather(*(_check(name, p) for name, p in probes.items())))
    return all(value == "ok" for value in checks.values()), checks


def report(ready: bool, checks: dict[str, str]) -> tuple[dict[str, object], int]:
    """The ``/readyz`` body and status code."""
    return {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503


def docker_probe(client: Any | None) -> Probe:
    """A probe that pings the Docker engine ``client`` (None: none answered at start-up)."""

    async def probe() -> None:
        if client is None:
            raise RuntimeError("no Docker engine was reachable at start-up")
        await asyncio.to_thread(client.ping)

    return probe
