"""The real scoreboard page under load (``contest_board_bench.py --page``): the contest of
``contest_board_data.py`` (1000 entries × 12 tasks, 50 000 submissions, the board frozen) served
by the real app in production mode under uvicorn, in a process of its own, over TCP.

``--viewers`` clients reload ``GET /contests/{slug}/scoreboard`` once a second for
``--seconds``: most are participants logged in (each gets the participant view: the frozen
board with their own line live), the rest anonymous readers of the public board (the contest
has open registration). Twice: on a quiet board, then while a verdict is recorded every
``--verdict-every`` seconds by another process (as a judge worker records them), each one
bumping the board's version. Reported: p50/p95/p99 of the page, the verdicts' record →
commit times, and the CPU of the server, of PostgreSQL and of the machine per page view.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.board_bench import (  # noqa: E402
    PASSWORD,
    REDIS,
    ZONE,
    log_in,
    percentile,
    prioritise,
    shut_down,
    start_server,
    viewer,
)
from benchmarks.board_probe import CpuMeter  # noqa: E402
from benchmarks.contest_board_data import Loaded, Plan  # noqa: E402
from ictarena.accounts.passwords import hash_password  # noqa: E402
from ictarena.db import Database  # noqa: E402


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def prepare(db: Database, loaded: Loaded, plan: Plan, participants: int) -> None:
    """The viewers' passwords, and registration opened (anonymous readers see the board)."""
    password_hash = await hash_password(PASSWORD)
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE users SET password_hash = :h WHERE username = ANY(:names)"),
            {"h": password_hash, "names": [f"{plan.prefix}{i}" for i in range(participants)]},
        )
        await session.execute(
            text("UPDATE contests SET open_registration = true WHERE id = :c"),
            {"c": loaded.contest_id},
        )


async def verdicts_elsewhere(url: str, loaded: Loaded, every: float, until: float) -> Any:
    """Verdicts recorded by another process (``--record``) until ``until``."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(asdict(loaded), handle)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "benchmarks" / "contest_board_bench.py"),
        "--record",
        handle.name,
        "--database-url",
        url,
        "--verdict-every",
        str(every),
        "--seconds",
        str(max(0.0, until - time.perf_counter())),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    Path(handle.name).unlink(missing_ok=True)
    if process.returncode:
        raise SystemExit("the verdict process failed")
    return json.loads(out)


async def record_loop(args: argparse.Namespace) -> None:
    """The verdict process: queue a judging and record it, every ``--verdict-every`` s."""
    from benchmarks.contest_board_bench import queue_judging, record

    data = json.loads(Path(args.record).read_text())
    data["users"] = {int(k): v for k, v in data["users"].items()}
    data["tasks"] = [tuple(t) for t in data["tasks"]]
    loaded = Loaded(**data)
    db = Database.from_url(args.database_url, pool_size=2, max_overflow=0)
    times: list[float] = []
    rng = random.Random(11)
    until = time.perf_counter() + args.seconds
    try:
        while time.perf_counter() + args.verdict_every < until:
            await asyncio.sleep(args.verdict_every)
            times.append(await record(db, await queue_judging(db, loaded, rng)))
    finally:
        await db.dispose()
    print(json.dumps(times))


async def page(args: argparse.Namespace, url: str, loaded: Loaded, plan: Plan) -> dict[str, Any]:
    participants = round(args.viewers * args.participants)
    await prepare(Database.from_url(url), loaded, plan, participants)
    path = f"/contests/{plan.prefix}/scoreboard"
    out: dict[str, Any] = {"participants": participants, "path": path}
    db = Database.from_url(url)
    with tempfile.TemporaryDirectory(prefix="arena-cboard-") as tmp:
        samples = Path(tmp) / "samples.json"
        env = {
            **os.environ,
            "ARENA_MODE": "production",
            "ARENA_DATABASE_URL": url,
            "ARENA_REDIS_URL": REDIS,
            "ARENA_DATA_DIR": tmp,
            "ARENA_SECRET_KEY": "bench",
            "ARENA_LOG_LEVEL": "warning",
            "ARENA_LOGIN_ADDRESS_CAP": "100000",
            "ARENA_SECURE_COOKIES": "false",
            "ARENA_TIMEZONE": ZONE,
            # the server runs this tree's code (a copy of an older commit measures that one)
            "PYTHONPATH": os.pathsep.join((str(ROOT), str(ROOT / "platform"))),
        }
        process, base = await start_server(env, samples)
        clients: list[httpx.AsyncClient] = []
        try:
            limits = httpx.Limits(max_connections=4)
            for number in range(args.viewers):
                client = httpx.AsyncClient(base_url=base, timeout=30, limits=limits)
                clients.append(client)
                if number < participants:
                    await log_in(client, f"{plan.prefix}{number}")
                answer = await client.get(path)
                assert answer.status_code == 200, f"{path}: HTTP {answer.status_code}"
                if number < participants:
                    assert "aria-current" in answer.text, "no participant view"
            out["bytes"] = len(answer.text)
            await asyncio.gather(*(c.get(path) for c in clients))
            if args.priority:
                await prioritise(db, process.pid)
            for phase, every in (("quiet", None), ("busy", args.verdict_every)):
                say(f"{args.viewers} viewers reload {path} for {args.seconds:.0f} s ({phase})")
                latencies: list[float] = []
                errors: list[str] = []
                process.send_signal(signal.SIGUSR1)
                meter = CpuMeter(process.pid)
                until = time.perf_counter() + args.seconds
                load = asyncio.gather(*(viewer(c, path, until, latencies, errors) for c in clients))
                if every is not None:
                    out["verdicts"] = await verdicts_elsewhere(url, loaded, every, until)
                await load
                out[f"{phase} cpu"] = meter.stop()
                process.send_signal(signal.SIGUSR2)
                for _ in range(100):
                    if samples.exists():
                        break
                    await asyncio.sleep(0.05)
                out[f"{phase} loop"] = json.loads(samples.read_text())
                samples.unlink()
                out[phase] = latencies
                out[f"{phase} errors"] = errors
        finally:
            await shut_down(process, clients, db)
    return out


def report(args: argparse.Namespace, out: dict[str, Any]) -> str:
    lines = [
        f"Page `GET {out['path']}` ({out['bytes']} bytes), real app in production mode under "
        f"uvicorn, {args.viewers} viewers ({out['participants']} participants logged in, "
        f"{args.viewers - out['participants']} anonymous), the board frozen"
        f"{', at nice -10 (--priority)' if args.priority else ''}",
        "",
        "| measure | n | p50 ms | p95 ms | p99 ms | server CPU / view | PostgreSQL CPU / view "
        "| budget |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for phase, label in (
        ("quiet", "viewers, 1 reload/s, quiet board"),
        ("busy", f"viewers, 1 reload/s, a verdict every {args.verdict_every:g} s elsewhere"),
    ):
        values, cpu = out[phase], out[f"{phase} cpu"]
        per_view = cpu["seconds"] * 10 / max(1, len(values))
        lines.append(
            f"| {args.viewers} {label} ({len(out[phase + ' errors'])} errors) | {len(values)} "
            f"| {percentile(values, 50):.1f} | {percentile(values, 95):.1f} "
            f"| {percentile(values, 99):.1f} | {cpu['server'] * per_view:.1f} ms "
            f"| {cpu['postgres'] * per_view:.1f} ms | p95 ≤ 50 |"
        )
    verdicts = out.get("verdicts") or [0.0]
    lines.append(
        f"| verdicts recorded meanwhile (record → commit) | {len(verdicts)} "
        f"| {percentile(verdicts, 50):.1f} | {percentile(verdicts, 95):.1f} "
        f"| {percentile(verdicts, 99):.1f} | | | |"
    )
    for phase in ("quiet", "busy"):
        cpu, loop = out[f"{phase} cpu"], out[f"{phase} loop"]
        total = sum(loop.values()) or 1
        parts = ", ".join(
            f"{k} {v / total * 100:.0f} %" for k, v in sorted(loop.items(), key=lambda kv: -kv[1])
        )
        lines.append(
            f"\n{phase}: server {cpu['server']:.0f} %, PostgreSQL {cpu['postgres']:.0f} %, load "
            f"generator {cpu['load generator']:.0f} %, machine {cpu['machine']:.0f} % of "
            f"{cpu['cores']} cores; load average {cpu['load']}. Server CPU by package: {parts}."
        )
        errors = out[f"{phase} errors"]
        if errors:
            lines.append("Errors: " + "; ".join(sorted(set(errors))[:5]))
    return "\n".join(lines)
