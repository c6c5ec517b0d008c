"""Pipeline benchmark (production mode: PostgreSQL, Redis, arq, a real HTTP server).

1. Intake: submissions accepted per second through ``POST /api/submissions`` against
   ``GET /healthz`` of the same server, measured in the same run.
2. Queue-to-verdict latency added by the pipeline: from the intake's commit to the recorded
   verdict, with a grader that answers at once (so the judge's own time is zero), median of
   sequential submissions through a platform worker and a judge worker.

Usage: .venv/bin/python benchmarks/pipeline_bench.py [--requests 400] [--latency-runs 40]
Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (bash infra/test.sh starts them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select, text
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ictarena import migrate  # noqa: E402
from ictarena.accounts import services as accounts  # noqa: E402
from ictarena.accounts.models import Role  # noqa: E402
from ictarena.db import Database, create_engine  # noqa: E402
from ictarena.submissions.models import Judging  # noqa: E402
from tests.arena.pipeline.conftest import make_code_task  # noqa: E402

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/12"


async def spawn(command: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ictarena.cli.main", command, env=env, cwd=ROOT
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def admin_sql(sql: str) -> None:
    engine = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT", poolclass=NullPool)
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


async def wait_http(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(100):
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(url)).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


async def login(client: httpx.AsyncClient, username: str, password: str) -> str:
    page = await client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    await client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    page = await client.get("/student")
    return page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


async def hammer(clients: list[tuple[httpx.AsyncClient, str]], n: int, make) -> float:  # type: ignore[no-untyped-def]
    counter = iter(range(n))

    async def one(client: httpx.AsyncClient, token: str) -> None:
        for _ in counter:
            response = await make(client, token)
            assert response.status_code in (200, 201), response.text

    start = time.perf_counter()
    await asyncio.gather(*(one(c, t) for c, t in clients))
    return n / (time.perf_counter() - start)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency-runs", type=int, default=40)
    args = parser.parse_args()

    name = f"arena_bench_{uuid.uuid4().hex[:8]}"
    await admin_sql(f'CREATE DATABASE "{name}"')
    url = f"{PG}/{name}"
    data_dir = Path(tempfile.mkdtemp(prefix="arena-bench-"))
    env = {
        **os.environ,
        "ARENA_MODE": "production",
        "ARENA_DATABASE_URL": url,
        "ARENA_REDIS_URL": REDIS,
        "ARENA_DATA_DIR": str(data_dir),
        "ARENA_SECRET_KEY": "bench",
        "ARENA_SUBMISSIONS_PER_MINUTE": "1000",
        "ARENA_JUDGE_CAP_PER_USER": "100",
        "ARENA_GRADER": "benchmarks.instant_grader:factory",
        "ARENA_LOG_LEVEL": "warning",
        "ARENA_SECURE_COOKIES": "false",  # plain http on loopback: the cookies must travel
        "PYTHONPATH": str(ROOT),
    }
    procs: list[asyncio.subprocess.Process] = []
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        db = Database.from_url(url)
        async with db.session() as session:
            fixture = await make_code_task(session, data_dir / "datasets")
            users = []
            for i in range(args.concurrency):
                users.append(
                    await accounts.create_user(session, f"bench{i}", "bench-password", Role.COACH)
                )
            await session.commit()
        import redis.asyncio as aioredis

        r = aioredis.Redis.from_url(REDIS)
        await r.flushdb()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        procs.append(await spawn("serve", env={**env, "ARENA_PORT": str(port)}))
        await wait_http(base + "/healthz")

        clients = []
        for user in users:
            client = httpx.AsyncClient(base_url=base, timeout=30)
            clients.append((client, await login(client, user.username, "bench-password")))
        body = {"task_id": fixture.task.id, "language": "cpp", "files": {"a.cpp": "int main(){}"}}

        async def trivial(client: httpx.AsyncClient, token: str) -> httpx.Response:
            return await client.get("/healthz")

        async def submit(client: httpx.AsyncClient, token: str) -> httpx.Response:
            return await client.post("/api/submissions", json=body, headers={"X-CSRF-Token": token})

        await hammer(clients, 50, trivial)  # warm up
        baseline = await hammer(clients, args.requests, trivial)
        intake = await hammer(clients, args.requests, submit)

        # Latency: start the workers, drain what the intake test queued, then time fresh ones.
        procs.append(await spawn("worker", env=env))
        for _ in range(600):
            async with db.session() as session:
                left = await session.scalar(
                    select(Judging.id).where(Judging.status.in_(["queued", "judging"])).limit(1)
                )
            if left is None:
                break
            await asyncio.sleep(0.2)
        latencies = []
        client, token = clients[0]
        for _ in range(args.latency_runs):
            response = await submit(client, token)
            sid = response.json()["id"]
            for _ in range(1000):
                async with db.session() as session:
                    judging = await session.scalar(
                        select(Judging).where(Judging.submission_id == sid)
                    )
                if judging is not None and judging.status == "done":
                    break
                await asyncio.sleep(0.005)
            assert judging is not None and judging.finished_at is not None
            latencies.append((judging.finished_at - judging.queued_at).total_seconds() * 1000)
        for client, _token in clients:
            await client.aclose()
        await r.flushdb()
        await r.aclose()
        await db.dispose()

        median = statistics.median(latencies)
        p90 = sorted(latencies)[int(len(latencies) * 0.9)]
        print("| measurement | result | baseline (same run) | ratio | target |")
        print("|---|---|---|---|---|")
        print(
            f"| intake, `POST /api/submissions` | {intake:.0f} req/s "
            f"| `GET /healthz` {baseline:.0f} req/s | {intake / baseline:.2f} | — |"
        )
        print(
            f"| queue-to-verdict latency, median of {len(latencies)} | {median:.0f} ms "
            "| — | — | ≤ 100 ms |"
        )
        print(f"| queue-to-verdict latency, p90 | {p90:.0f} ms | | | |")
    finally:
        for proc in procs:
            if proc.returncode is not None:
                continue
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
        await admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    asyncio.run(main())
