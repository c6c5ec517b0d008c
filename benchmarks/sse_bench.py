"""Live-page benchmark: many open Server-Sent Events streams against a real uvicorn server.

Production mode (PostgreSQL, Redis pub/sub). One student watches one submission from
``--streams`` tabs (the per-user cap is raised for the run). The script measures

1. database queries per second made by the web server while the streams sit idle, and while
   events arrive (counted by a SQLAlchemy ``before_cursor_execute`` listener in the server's
   thread, so the benchmark's own inserts are not counted);
2. event delivery latency: from the commit of an appended event (plus its Redis notification,
   as the platform worker sends it) to its receipt on every stream, p50 and p95.

``--route legacy`` follows ``/submissions/<id>/events`` (one stream per widget, the route the
submission page used before the multiplexed stream); ``--route stream`` follows
``/events/stream?channels=submission:<id>``. Loopback only; it stops by itself after the run
(every wait is bounded) and drops its database.

Usage: .venv/bin/python benchmarks/sse_bench.py [--streams 500] [--events 40] [--route stream]
Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (bash infra/test.sh starts them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ictarena import migrate  # noqa: E402
from ictarena.accounts import services as accounts  # noqa: E402
from ictarena.accounts.models import Role  # noqa: E402
from ictarena.db import Database, create_engine  # noqa: E402
from ictarena.events import services as events  # noqa: E402
from ictarena.submissions.models import Submission  # noqa: E402
from tests.arena.pipeline.conftest import make_code_task  # noqa: E402

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/13"
CHANNEL = "arena:events"
TIMEOUT_S = 120.0  # the whole run stops after this, whatever happens


class QueryCounter:
    """Counts statements executed on the thread that serves HTTP."""

    def __init__(self) -> None:
        self.thread: int | None = None
        self.count = 0

    def __call__(self, *args: Any) -> None:
        if threading.get_ident() == self.thread:
            self.count += 1


async def admin_sql(sql: str) -> None:
    engine = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT", poolclass=NullPool)
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


def serve(settings: Any, port: int, counter: QueryCounter, ready: threading.Event) -> Any:
    """Start uvicorn on its own thread and event loop; return the server object."""
    import uvicorn

    from ictarena.http.app import create_app

    app = create_app(settings, connect_docker_engine=False, sweep_every_s=None)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)

    def run() -> None:
        counter.thread = threading.get_ident()
        asyncio.run(server.serve())

    threading.Thread(target=run, name="uvicorn", daemon=True).start()
    server.ready_event = ready
    return server


async def wait_http(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(200):
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(url)).status_code == 200:
                    return
            await asyncio.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


async def login(client: httpx.AsyncClient, username: str, password: str) -> None:
    page = await client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = await client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code in (302, 303), response.text[:300]


async def follow(
    client: httpx.AsyncClient,
    url: str,
    opened: asyncio.Semaphore,
    received: dict[int, list[float]],
) -> None:
    """Read one stream, noting when each event id arrives."""
    async with client.stream("GET", url) as response:
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        opened.release()
        async for line in response.aiter_lines():
            if line.startswith("data: "):
                data = json.loads(line[6:])
                sent = data.get("bench_id") if isinstance(data, dict) else None
                if sent is None and isinstance(data, dict):
                    inner = data.get("data")
                    sent = inner.get("bench_id") if isinstance(inner, dict) else None
                if sent is not None:
                    received.setdefault(int(sent), []).append(time.time())


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from redis.asyncio import Redis

    from ictarena.settings import load_settings

    name = f"arena_ssebench_{uuid.uuid4().hex[:8]}"
    await admin_sql(f'CREATE DATABASE "{name}"')
    url = f"{PG}/{name}"
    data_dir = Path(tempfile.mkdtemp(prefix="arena-ssebench-"))
    redis = Redis.from_url(REDIS)
    server = None
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        db = Database.from_url(url)
        async with db.session() as session:
            fixture = await make_code_task(session, data_dir / "datasets")
            user = await accounts.create_user(session, "watcher", "bench-password-1", Role.STUDENT)
            submission = Submission(
                user_id=user.id, task_id=fixture.task.id, language="cpp", files={"a.cpp": ""}
            )
            session.add(submission)
            await session.commit()
        overrides: dict[str, Any] = {
            "mode": "production",
            "database_url": url,
            "redis_url": REDIS,
            "data_dir": data_dir,
            "secret_key": "bench",
            "log_level": "warning",
            "secure_cookies": False,  # plain http on loopback
        }
        if args.route == "stream":
            overrides["sse_streams_per_user"] = args.streams
            overrides["sse_streams_per_process"] = max(args.streams, 2000)
        settings = load_settings(**overrides)
        counter = QueryCounter()
        sa_event.listen(Engine, "before_cursor_execute", counter)
        with socketless_port() as port:
            pass
        server = serve(settings, port, counter, threading.Event())
        base = f"http://127.0.0.1:{port}"
        await wait_http(base + "/healthz")

        limits = httpx.Limits(max_connections=args.streams + 10, max_keepalive_connections=10)
        client = httpx.AsyncClient(
            base_url=base, timeout=httpx.Timeout(30, read=None), limits=limits
        )
        await login(client, "watcher", "bench-password-1")
        if args.route == "legacy":
            stream_url = f"/submissions/{submission.id}/events"
        else:
            stream_url = f"/events/stream?channels=submission:{submission.id}"
        opened = asyncio.Semaphore(0)
        received: dict[int, list[float]] = {}
        readers = [
            asyncio.create_task(follow(client, stream_url, opened, received))
            for _ in range(args.streams)
        ]
        for _ in range(args.streams):
            await opened.acquire()
        await asyncio.sleep(1.0)  # let every stream reach its idle state

        start_count, start = counter.count, time.perf_counter()
        await asyncio.sleep(args.idle)
        idle_qps = (counter.count - start_count) / (time.perf_counter() - start)

        sent: dict[int, float] = {}
        start_count, start = counter.count, time.perf_counter()
        for i in range(args.events):
            async with db.transaction() as session:
                event = await events.append(
                    session,
                    "judging.progress",
                    f"submission:{submission.id}",
                    {"stage": "running", "test": i, "total": args.events, "bench_id": i},
                    user_id=user.id,
                )
            sent[i] = time.time()
            await redis.publish(CHANNEL, str(event.id))
            await asyncio.sleep(args.interval)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (  # noqa: ASYNC110  (a bounded drain)
            sum(len(v) for v in received.values()) < args.events * args.streams
        ):
            await asyncio.sleep(0.1)
        busy_qps = (counter.count - start_count) / (time.perf_counter() - start)
        latencies = [
            (t - sent[i]) * 1000 for i, times in received.items() if i in sent for t in times
        ]
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        await client.aclose()
        await db.dispose()
        latencies.sort()
        return {
            "route": args.route,
            "streams": args.streams,
            "events": args.events,
            "delivered": len(latencies),
            "expected": args.events * args.streams,
            "idle_qps": round(idle_qps, 1),
            "busy_qps": round(busy_qps, 1),
            "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1) if latencies else None,
        }
    finally:
        if server is not None:
            server.should_exit = True
            await asyncio.sleep(2.5)
        await redis.aclose()
        await admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def socketless_port() -> Any:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between events")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle measurement")
    parser.add_argument("--route", choices=("legacy", "stream"), default="stream")
    args = parser.parse_args()
    if not 1 <= args.streams <= 2000 or not 1 <= args.events <= 1000:
        parser.error("--streams must be 1..2000 and --events 1..1000")
    result = asyncio.run(asyncio.wait_for(run(args), TIMEOUT_S))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
