"""Step 7: the live state of every router and switch for the report's ``display`` commands.
The judge sends the reads (argv lists by name); each runs in the device's namespace, FRR's
through the device's own ``vtysh -N``. Outputs come back verbatim; one that failed is the empty
string. The reads that the items' own traffic changes (counters, NAT sessions) are taken after
the items; the others while the items run, from the converged state the items see."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from .process import run

MAX_READ = 64 * 1024

Pending = dict[tuple[str, str], "Future[str]"]


def start(
    devices: list[dict[str, Any]], reads: dict[str, list[str]], pool: ThreadPoolExecutor
) -> Pending:
    """Start every device's ``reads`` in ``pool``."""
    return {
        (device["name"], name): pool.submit(_read, device["name"], argv)
        for device in devices
        for name, argv in reads.items()
    }


def collect(*pending: Pending) -> dict[str, dict[str, str]]:
    """``{device: {read name: output}}`` once every started read has ended."""
    out: dict[str, dict[str, str]] = {}
    for jobs in pending:
        for (device, name), future in jobs.items():
            out.setdefault(device, {})[name] = future.result()
    return out


def _read(device: str, argv: list[str]) -> str:
    if argv[:1] == ["vtysh"]:
        command = ["vtysh", "-N", device, *argv[1:]]
    else:
        command = ["ip", "netns", "exec", device, *argv]
    code, text = run(command, timeout=10, errors=False)
    return text[:MAX_READ] if code == 0 else ""
