"""The server side of the leaderboard benchmark (``board_bench.py``): the real app under
uvicorn with a profiling timer that counts where its CPU goes by package, and CPU shares of the
server, PostgreSQL, the load generator and the whole machine read from /proc."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

TICKS = os.sysconf("SC_CLK_TCK")
BUCKETS = (  # the package of the innermost Python frame
    # uvloop runs the loop in C: no Python frame below asyncio.run's while it does I/O.
    ("asyncio/runners.py", "uvloop's C code (network I/O)"),
    ("selectors.py", "event loop (select)"),
    ("/asyncpg/", "asyncpg (PostgreSQL protocol)"),
    ("/sqlalchemy/", "SQLAlchemy"),
    ("/jinja2/", "templates (Jinja2)"),
    ("/markupsafe/", "templates (Jinja2)"),
    ("/ictarena/", "ictarena"),
    ("/starlette/", "Starlette"),
    ("/uvicorn/", "uvicorn and HTTP parsing"),
    ("/h11/", "uvicorn and HTTP parsing"),
    ("/httptools/", "uvicorn and HTTP parsing"),
    ("/asyncio/", "asyncio"),
)


# The server process ---------------------------------------------------------------------------


class Sampler:
    """Where the server's CPU goes: a profiling timer (``ITIMER_PROF``, which runs only while
    the process uses CPU) interrupts the main thread every ``interval`` seconds of CPU, and the
    interrupted Python frame's package is counted. CPU spent in C code (uvloop's network I/O,
    asyncpg's protocol) is counted at the Python frame that runs next."""

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.counts: Counter[str] = Counter()

    def start(self) -> None:
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)

    def _sample(self, _signal: int, frame: Any) -> None:
        path = frame.f_code.co_filename if frame is not None else ""
        self.counts[next((name for key, name in BUCKETS if key in path), "other Python")] += 1


def serve(port: int, samples: Path) -> None:
    """The server: the real app from the ARENA_* environment, under uvicorn. SIGUSR1 starts a
    fresh sample count, SIGUSR2 writes it to ``samples``."""
    import uvicorn

    from ictarena.http.app import create_app
    from ictarena.settings import load_settings

    sampler = Sampler()
    signal.signal(signal.SIGUSR1, lambda *_: sampler.counts.clear())
    signal.signal(signal.SIGUSR2, lambda *_: samples.write_text(json.dumps(sampler.counts)))
    from ictarena.http.heap import freeze_startup_heap

    settings = load_settings()
    app = create_app(
        settings,
        connect_docker_engine=False,
        sweep_every_s=None,
        on_startup=[freeze_startup_heap],  # as `arena serve` does
    )
    sampler.start()
    # Idle connections kept a minute, as behind a proxy: the viewers log in one by one first.
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        proxy_headers=False,
        timeout_keep_alive=60,
    )


# CPU from /proc -------------------------------------------------------------------------------


def process_ticks(pid: int) -> int:
    """The user and system CPU time a process has used, in clock ticks (0 once it is gone)."""
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    return 0


def pids_named(name: str) -> list[int]:
    """The processes whose command name is ``name`` (e.g. PostgreSQL's, ``postgres``)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
    return pids


def _machine() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class CpuMeter:
    def __init__(self, server_pid: int) -> None:
        self.server = server_pid
        self.start = self._read()

    def _read(self) -> tuple[float, int, int, int, int, int]:
        busy, total = _machine()
        postgres = sum(process_ticks(pid) for pid in pids_named("postgres"))
        return (
            time.perf_counter(),
            process_ticks(self.server),
            postgres,
            process_ticks(os.getpid()),
            busy,
            total,
        )

    def stop(self) -> dict[str, Any]:
        end = self._read()
        seconds = end[0] - self.start[0]
        share = [(end[i] - self.start[i]) / TICKS / seconds * 100 for i in (1, 2, 3)]
        busy, total = end[4] - self.start[4], end[5] - self.start[5]
        cores = os.cpu_count() or 1
        return {
            "seconds": seconds,
            "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
            "server": share[0],
            "postgres": share[1],
            "load generator": share[2],
            "machine": busy / total * 100 * cores if total else 0.0,
            "cores": cores,
        }
