"""Pipeline benchmark (production mode: PostgreSQL, Redis, arq, a real HTTP server).

1. Intake: submissions accepted per second through ``POST /api/submissions`` against
   ``GET /healthz`` of the same server, measured in the same run, in ``--rounds`` alternated
   rounds (a shared machine's speed drifts). Also the CPU time per request of each kind
   spent by the web process, this load generator, PostgreSQL, Redis and the whole machine
   (from ``/proc``): a noisy neighbour disturbs it less than the rates, and it shows which
   part bounds a rate.
2. Queue-to-verdict latency added by the pipeline: from the intake's commit to the recorded
   verdict, with a grader that answers at once (so the judge's own time is zero), median of
   sequential submissions through a platform worker and a judge worker.

Usage: .venv/bin/python benchmarks/pipeline_bench.py [--requests 400] [--latency-runs 40]
(``--latency-runs 0`` measures the intake only.) Linux only (``/proc``). ``--generator wrk``
drives the intake with wrk (:mod:`benchmarks.wrk`) for ``--rounds`` of ``--seconds`` each, and
``--web-processes 2`` runs two web processes, as the production stack does. ``--role student``
submits as students (the lock on the task's module and the rate limit's counter are checked
too), from 64 accounts taken in turn.
Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (bash infra/test.sh starts them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from sqlalchemy import select, text
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import wrk  # noqa: E402
from benchmarks.board_probe import TICKS, pids_named, process_ticks  # noqa: E402
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


def cpu_by_part(server_pids: set[int]) -> dict[str, float]:
    """CPU seconds used so far by the web processes, the load generator (this process, and
    the wrk runs it has waited for), PostgreSQL's processes and Redis (Linux ``/proc``), and
    by the whole machine (``/proc/stat``, every core)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = process_ticks(os.getpid()) / TICKS
    parts = {
        "web process": sum(process_ticks(pid) for pid in server_pids) / TICKS,
        "load generator": own + children.ru_utime + children.ru_stime,
        "PostgreSQL": sum(process_ticks(pid) for pid in pids_named("postgres")) / TICKS,
        "Redis": sum(process_ticks(pid) for pid in pids_named("redis-server")) / TICKS,
    }
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields[:7]) - fields[3] - fields[4]  # all but idle and iowait (and steal)
    parts["whole machine"] = busy / TICKS
    return parts


async def hammer(clients: list[tuple[httpx.AsyncClient, str]], n: int, make) -> float:  # type: ignore[no-untyped-def]
    """Send ``n`` requests made by ``make`` over ``clients`` at once; return the seconds taken."""
    counter = iter(range(n))

    async def one(client: httpx.AsyncClient, token: str) -> None:
        for _ in counter:
            response = await make(client, token)
            assert response.status_code in (200, 201), response.text

    start = time.perf_counter()
    await asyncio.gather(*(one(c, t) for c, t in clients))
    return time.perf_counter() - start


Drive = Callable[[], Awaitable[tuple[int, float]]]  # a round: (requests, seconds)


class Phase:
    """A kind of request measured in several rounds: its rate over all of them, and the CPU
    time each part of the machine spent per request (steadier than the rate on a shared,
    noisy machine, and it shows which part bounds the rate)."""

    def __init__(self, drive: Drive, server_pids: set[int]) -> None:
        self.drive, self.pids = drive, server_pids
        self.requests, self.seconds = 0, 0.0
        self.cpu: dict[str, float] = {}

    async def run(self) -> None:
        before = cpu_by_part(self.pids)
        requests, seconds = await self.drive()
        for part, used in cpu_by_part(self.pids).items():
            self.cpu[part] = self.cpu.get(part, 0.0) + used - before[part]
        self.requests += requests
        self.seconds += seconds

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def cpu_ms(self, part: str) -> float:
        return 1000 * self.cpu[part] / self.requests


def driven_by_httpx(clients: list[tuple[httpx.AsyncClient, str]], n: int, make) -> Drive:  # type: ignore[no-untyped-def]
    async def drive() -> tuple[int, float]:
        return n, await hammer(clients, n, make)

    return drive


def driven_by_wrk(urls: list[str], seconds: int, connections: int, script: Path | None) -> Drive:
    async def drive() -> tuple[int, float]:
        outcome = await wrk.load(urls, seconds, connections, script)
        if outcome.not_2xx or outcome.socket_errors:
            print(
                f"wrk: {outcome.not_2xx} answers not 2xx; socket errors: "
                f"{outcome.socket_errors or 'none'}",
                file=sys.stderr,
            )
        return outcome.requests, outcome.seconds

    return drive


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency-runs", type=int, default=40)
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the two kinds, alternated (drift)"
    )
    parser.add_argument(
        "--generator",
        choices=("httpx", "wrk"),
        default="httpx",
        help="the intake's load generator: this process (httpx), or wrk (C, needs Debian's wrk)",
    )
    parser.add_argument(
        "--seconds", type=int, default=10, help="with wrk: the length of each round"
    )
    parser.add_argument(
        "--web-processes", type=int, default=1, help="web processes, each on its own port"
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="with wrk: also drive the intake's floor (benchmarks/intake_floor.py), alternated",
    )
    parser.add_argument(
        "--role",
        choices=("coach", "student"),
        default="coach",
        help="whose submissions: a coach's (no locks, no rate limit) or a student's (the lock "
        "on the task's module and the rate limit's counter too)",
    )
    parser.add_argument(
        "--accounts",
        type=int,
        default=0,
        help="accounts that submit, taken in turn (default: --concurrency for coaches, 64 for "
        "students, whose rate limit of 1000 a minute would refuse 8 accounts' submissions)",
    )
    parser.add_argument(
        "--floor-skip-claim",
        action="store_true",
        help="the floor leaves out the claim of the judge job (to measure the claim's share)",
    )
    args = parser.parse_args()
    if args.floor and args.generator != "wrk":
        parser.error("--floor needs --generator wrk")
    if args.generator == "wrk":
        wrk.require()
    role = Role(args.role)
    accounts_n = args.accounts or (64 if role is Role.STUDENT else args.concurrency)
    if accounts_n < args.concurrency:
        parser.error("--accounts must be at least --concurrency")

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
            for i in range(accounts_n):
                users.append(
                    await accounts.create_user(session, f"bench{i}", "bench-password", role)
                )
            await session.commit()
        import redis.asyncio as aioredis

        r = aioredis.Redis.from_url(REDIS)
        await r.flushdb()
        bases = []
        for _ in range(args.web_processes):
            port = free_port()
            procs.append(await spawn("serve", env={**env, "ARENA_PORT": str(port)}))
            bases.append(f"http://127.0.0.1:{port}")
        servers = {proc.pid for proc in procs}
        floors = []  # the intake's floor, one process per web process (--floor)
        for _ in range(args.web_processes if args.floor else 0):
            port = free_port()
            procs.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "benchmarks.intake_floor",
                    env={
                        **env,
                        "ARENA_PORT": str(port),
                        "ARENA_FLOOR_SKIP_CLAIM": "1" if args.floor_skip_claim else "0",
                    },
                    cwd=ROOT,
                )
            )
            floors.append(f"http://127.0.0.1:{port}")
        floor_pids = {proc.pid for proc in procs} - servers
        for base in bases + floors:
            await wait_http(base + "/healthz")

        clients = []
        for i, user in enumerate(users):  # each web process gets its share of the clients
            client = httpx.AsyncClient(base_url=bases[i % len(bases)], timeout=30)
            clients.append((client, await login(client, user.username, "bench-password")))
        body = {"task_id": fixture.task.id, "language": "cpp", "files": {"a.cpp": "int main(){}"}}

        async def trivial(client: httpx.AsyncClient, token: str) -> httpx.Response:
            return await client.get("/healthz")

        async def submit(client: httpx.AsyncClient, token: str) -> httpx.Response:
            return await client.post("/api/submissions", json=body, headers={"X-CSRF-Token": token})

        drivers = clients[: args.concurrency]  # this script's clients (wrk takes every login)
        await hammer(drivers, 50, trivial)  # warm up
        await hammer(drivers, 50, submit)
        if args.generator == "wrk":
            logins = [
                (f"arena_session={client.cookies['arena_session']}", token)
                for client, token in clients
            ]
            script = wrk.post_script(data_dir, "/api/submissions", body, logins)
            size = args.concurrency
            baseline = Phase(
                driven_by_wrk([b + "/healthz" for b in bases], args.seconds, size, None), servers
            )
            intake = Phase(
                driven_by_wrk([b + "/api/submissions" for b in bases], args.seconds, size, script),
                servers,
            )
            floor = Phase(
                driven_by_wrk([f + "/api/submissions" for f in floors], args.seconds, size, script),
                floor_pids,
            )
        else:
            each = args.requests // args.rounds
            baseline = Phase(driven_by_httpx(drivers, each, trivial), servers)
            intake = Phase(driven_by_httpx(drivers, each, submit), servers)
        phases = [baseline, intake] + ([floor] if floors else [])
        for _ in range(args.rounds):
            for phase in phases:
                await phase.run()
        print(
            f"{args.generator}, {args.web_processes} web process(es), "
            f"{args.concurrency} connections, {args.rounds} rounds alternated, "
            f"{accounts_n} {role.value} accounts"
        )
        print("| measurement | result | baseline (same run) | ratio | target |")
        print("|---|---|---|---|---|")
        print(
            f"| intake, `POST /api/submissions` | {intake.rate:.0f} req/s "
            f"| `GET /healthz` {baseline.rate:.0f} req/s | {intake.rate / baseline.rate:.2f} "
            "| ≥ 0.5 |"
        )
        if floors:
            print(
                f"| the intake's floor (`benchmarks/intake_floor.py`) | {floor.rate:.0f} req/s "
                f"| `GET /healthz` {baseline.rate:.0f} req/s | {floor.rate / baseline.rate:.2f} "
                "| |"
            )
        for part in baseline.cpu:
            beside = f"; the floor {floor.cpu_ms(part):.2f} ms" if floors else ""
            print(
                f"| CPU per request: {part} | {intake.cpu_ms(part):.2f} ms{beside} "
                f"| `GET /healthz` {baseline.cpu_ms(part):.2f} ms | | |"
            )
        sys.stdout.flush()
        if not args.latency_runs:
            for client, _token in clients:
                await client.aclose()
            await r.aclose()
            await db.dispose()
            return

        # Latency: start the workers, drain what the intake test queued, then time fresh ones.
        procs.append(await spawn("worker", env=env))
        # The drain takes a while after thousands of submissions: wait as long as it moves.
        for _ in range(6000):
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
            for _ in range(6000):
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
