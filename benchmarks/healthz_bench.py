"""``/healthz`` latency while 10 clients log in at once, with argon2 in worker threads (the
platform's way) against argon2 on the event loop (the baseline), measured in the same run
against one real uvicorn server (embedded mode, SQLite in a temporary directory) in its own process.

Usage: .venv/bin/python benchmarks/healthz_bench.py [--seconds 8] [--logins 10]
Loopback only; every loop is bounded in time and the server stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ictarena import migrate  # noqa: E402
from ictarena.accounts import passwords, services  # noqa: E402
from ictarena.accounts.models import Role  # noqa: E402
from ictarena.db import Database  # noqa: E402
from ictarena.http.app import create_app  # noqa: E402
from ictarena.settings import load_settings  # noqa: E402
from ictarena.workers.queue import InProcessQueue  # noqa: E402

PASSWORD = "correct horse battery staple 42"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


async def verify_on_the_loop(password_hash: str | None, password: str) -> bool:
    """The baseline: argon2 called directly, blocking the event loop while it runs."""
    return passwords._verify(password_hash, password)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def login_loop(base: str, username: str, until: float) -> int:
    done = 0
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.perf_counter() < until:
            http.cookies.clear()
            page = await http.get("/login")
            match = CSRF_RE.search(page.text)
            assert match, "no CSRF token on /login"
            data = {"username": username, "password": PASSWORD, "csrf_token": match.group(1)}
            answer = await http.post("/login", data=data)
            assert answer.status_code == 303, answer.status_code
            done += 1
    return done


async def phase(base: str, usernames: list[str], seconds: float) -> tuple[list[float], int]:
    until = time.perf_counter() + seconds
    logins = [asyncio.create_task(login_loop(base, name, until)) for name in usernames]
    samples: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await asyncio.sleep(0.3)  # let the logins get going
        while time.perf_counter() < until:
            start = time.perf_counter()
            assert (await http.get("/healthz")).status_code == 200
            samples.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.02)
    return samples, sum(await asyncio.gather(*logins))


def serve(data: Path, port: int, on_the_loop: bool) -> None:
    """The server process: the real app, with argon2 moved onto the loop for the baseline."""
    if on_the_loop:
        services.verify_password = verify_on_the_loop  # type: ignore[assignment]
    settings = load_settings(data_dir=data, secret_key="bench", login_address_cap=100000)
    app = create_app(settings, queue=InProcessQueue(), connect_docker_engine=False, languages={})
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


async def start_server(data: Path, on_the_loop: bool) -> tuple[asyncio.subprocess.Process, str]:
    port = free_port()
    flags = ["--on-the-loop"] if on_the_loop else []
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", str(data), "--port", str(port), *flags
    )
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, timeout=2) as http:
        for _ in range(200):
            with contextlib.suppress(httpx.TransportError):
                if (await http.get("/healthz")).status_code == 200:
                    return process, base
            await asyncio.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


async def main(seconds: float, clients: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        settings = load_settings(data_dir=data, secret_key="bench")
        await asyncio.to_thread(migrate.upgrade, settings.db_url)
        db = Database.from_url(settings.db_url)
        # One account per client: the login throttle never counts a correct password.
        usernames = [f"bench{i}" for i in range(clients)]
        async with db.session() as session:
            for name in usernames:
                await services.create_user(session, name, PASSWORD, Role.STUDENT)
            await session.commit()
        await db.dispose()
        results = {}
        for label, on_the_loop in (("on the event loop", True), ("in threads", False)):
            process, base = await start_server(data, on_the_loop)
            try:
                if not results:
                    results["no logins"] = await phase(base, [], 2.0)
                results[label] = await phase(base, usernames, seconds)
            finally:
                process.terminate()
                await process.wait()
    for label, (samples, logins) in results.items():
        during = (
            "with no logins"
            if label == "no logins"
            else (f"during {clients} concurrent logins, argon2 {label}")
        )
        print(
            f"/healthz {during}: p50 {statistics.median(samples):.1f} ms, "
            f"p95 {p95(samples):.1f} ms ({len(samples)} probes, {logins / seconds:.1f} logins/s)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--logins", type=int, default=10)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--on-the-loop", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve is not None:
        serve(arguments.serve, arguments.port, arguments.on_the_loop)
    else:
        asyncio.run(main(arguments.seconds, arguments.logins))
