"""The workers' metrics and readiness server, in process: probes decide readiness, the token
guards the metrics, and whatever a client sends gets an answer, never a traceback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import docker
import httpx
import pytest

from ictarena.observability.readiness import docker_probe
from ictarena.workers.telemetry import TelemetryServer

TOKEN = "t0ken"


async def _fails() -> None:
    raise ConnectionError("Redis at 127.0.0.1:1 refused the connection")


async def _passes() -> None:
    return None


async def _nothing() -> None:
    return None


@pytest.fixture
async def server() -> AsyncIterator[TelemetryServer]:
    telemetry = TelemetryServer(
        "127.0.0.1", 0, TOKEN, {"redis": _fails, "database": _passes}, _nothing
    )
    await telemetry.start()
    yield telemetry
    await telemetry.close()


async def _get(server: TelemetryServer, path: str, **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as http:
        return await http.get(path, headers=headers)


async def test_a_failing_probe_makes_the_worker_unready_and_says_why(
    server: TelemetryServer,
) -> None:
    response = await _get(server, "/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {
            "redis": "error: ConnectionError: Redis at 127.0.0.1:1 refused the connection",
            "database": "ok",
        },
    }
    assert (await _get(server, "/healthz")).json() == {"status": "ok"}


async def test_metrics_need_the_token(server: TelemetryServer) -> None:
    assert (await _get(server, "/metrics")).status_code == 401
    assert (await _get(server, "/metrics", authorization="Bearer nope")).status_code == 401
    response = await _get(server, "/metrics", authorization=f"Bearer {TOKEN}")
    assert response.status_code == 200 and "arena_queue_depth" in response.text


@pytest.mark.parametrize(
    "raw",
    [
        b"POST /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
        b"\r\n\r\n",
        b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n",
        b"GET /metrics HTTP/1.1\r\n",  # then silence: the head never ends
        b"\xff\xfe\x00garbage\r\n\r\n",
    ],
)
async def test_odd_requests_get_a_plain_refusal(server: TelemetryServer, raw: bytes) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(raw)
    await writer.drain()
    if raw.endswith(b"HTTP/1.1\r\n"):
        writer.write_eof()
    answer = await asyncio.wait_for(reader.read(), 20)
    writer.close()
    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 404, 405)
    assert b"Traceback" not in answer


@pytest.mark.docker
async def test_the_docker_probe_asks_the_engine() -> None:
    client = docker.from_env()
    try:
        await docker_probe(client)()
    finally:
        client.close()
    with pytest.raises(RuntimeError, match="no Docker engine"):
        await docker_probe(None)()
