"""What operators see of the pipeline: queue depths and heartbeats sampled into the metrics,
and the small HTTP server workers expose them on (they have no web server of their own).

The server answers ``GET /metrics`` (Prometheus text; ``Authorization: Bearer`` with
``ARENA_METRICS_TOKEN`` when that is set), ``GET /healthz`` and ``GET /readyz`` (the worker's
probes: a judge worker's Docker engine and Redis, a platform worker's database and Redis). It
listens on ``ARENA_METRICS_HOST:ARENA_METRICS_PORT`` and runs on the worker's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

from ictarena.observability import logs, metrics
from ictarena.observability.readiness import Probe, readiness, report
from ictarena.settings import Settings
from ictarena.submissions.queue import JobQueue
from ictarena.workers.fleet import Fleet, RedisFleet
from ictarena.workers.queue import JUDGE_QUEUE, PLATFORM_QUEUE, ArqQueue

Depth = Callable[[], Awaitable[int]]
REQUEST_MAX_BYTES = 8192
READ_TIMEOUT_S = 5.0

log = logs.get_logger(__name__)


def queue_depths(queue: JobQueue) -> dict[str, Depth]:
    """How to read each queue's depth: both arq queues on Redis, or the in-process queue."""
    if isinstance(queue, ArqQueue):
        return {
            "judge": ArqQueue(queue.pool, JUDGE_QUEUE).depth,
            "platform": ArqQueue(queue.pool, PLATFORM_QUEUE).depth,
        }
    return {"judge": queue.depth}


async def sample(fleet: Fleet, depths: Mapping[str, Depth]) -> None:
    """Read queue depths and heartbeat ages into the metrics (before a scrape is answered)."""
    for name, depth in depths.items():
        metrics.QUEUE_DEPTH.labels(name).set(await depth())
    metrics.heartbeats([(w.name, w.kind, w.silent_s) for w in await fleet.workers()])


def judges_beating(fleet: Fleet) -> Probe:
    """A probe that passes while at least one judge worker's heartbeat is fresh."""

    async def probe() -> None:
        if not any(w.kind in ("judge", "embedded") and w.alive for w in await fleet.workers()):
            raise RuntimeError("no judge worker has sent a heartbeat in the last 30 s")

    return probe


class TelemetryServer:
    """``/metrics``, ``/healthz`` and ``/readyz`` for a worker process."""

    def __init__(
        self,
        host: str,
        port: int,
        token: str | None,
        probes: Mapping[str, Probe],
        before_scrape: Callable[[], Awaitable[None]],
    ) -> None:
        self.host, self.port, self.token = host, port, token
        self.probes = probes
        self.before_scrape = before_scrape
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        sockets = self._server.sockets
        if sockets and self.port == 0:
            self.port = int(sockets[0].getsockname()[1])
        log.info("metrics server listening", host=self.host, port=self.port)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(READ_TIMEOUT_S):
                head = await reader.readuntil(b"\r\n\r\n")
            status, content_type, body = await self._answer(head)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            status, content_type, body = 400, "text/plain", b"bad request\n"
        except Exception:
            log.exception("metrics server failed")
            status, content_type, body = 500, "text/plain", b"server error\n"
        head_lines = [
            f"HTTP/1.1 {status} {_REASONS.get(status, '')}",
            f"Content-Type: {content_type}",
            f"Content-Length: {len(body)}",
            "Connection: close",
        ]
        if status == 401:
            head_lines.append("WWW-Authenticate: Bearer")
        writer.write(("\r\n".join(head_lines) + "\r\n\r\n").encode() + body)
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()

    async def _answer(self, head: bytes) -> tuple[int, str, bytes]:
        if len(head) > REQUEST_MAX_BYTES:
            return 400, "text/plain", b"bad request\n"
        lines = head.decode("latin-1").split("\r\n")
        method, _, rest = lines[0].partition(" ")
        path = rest.partition(" ")[0].partition("?")[0]
        headers = dict(
            (name.strip().lower(), value.strip())
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        )
        if method != "GET":
            return 405, "text/plain", b"method not allowed\n"
        if path == "/healthz":
            return 200, "application/json", b'{"status": "ok"}'
        if path == "/readyz":
            body, status = report(*await readiness(self.probes))
            return status, "application/json", json.dumps(body).encode()
        if path == "/metrics":
            if self.token is not None and not metrics.bearer_allows(
                headers.get("authorization"), self.token
            ):
                return 401, "text/plain", b"a bearer token is required\n"
            await self.before_scrape()
            data, content_type = metrics.exposition()
            return 200, content_type, data
        return 404, "text/plain", b"not found\n"


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@contextlib.asynccontextmanager
async def worker_telemetry(settings: Settings, probes: Mapping[str, Probe]) -> AsyncIterator[None]:
    """Serve a worker process's metrics and readiness (its ``probes`` and Redis) on
    ``ARENA_METRICS_HOST:ARENA_METRICS_PORT`` while the block runs; nothing if no port is set."""
    if settings.metrics_port is None:
        yield
        return
    queue = await ArqQueue.connect(settings.redis_url, JUDGE_QUEUE)
    fleet = RedisFleet(queue.pool)
    token = settings.metrics_token
    server = TelemetryServer(
        settings.metrics_host,
        settings.metrics_port,
        token.get_secret_value() if token is not None else None,
        {"redis": queue.ping, **probes},
        lambda: sample(fleet, queue_depths(queue)),
    )
    await server.start()
    try:
        yield
    finally:
        await server.close()
        await queue.close()
