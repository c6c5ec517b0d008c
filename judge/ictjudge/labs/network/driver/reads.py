"""Step 7: the live state of every router and switch, read after the assessment for the
report's ``display`` commands. The judge sends the reads (argv lists by name); each runs in the
device's namespace, FRR's through the device's own ``vtysh -N``. Outputs come back verbatim;
one that failed is the empty string."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .process import run

MAX_READ = 64 * 1024


def collect(
    devices: list[dict[str, Any]], reads: dict[str, list[str]], pool: ThreadPoolExecutor
) -> dict[str, dict[str, str]]:
    """``{device: {read name: output}}`` for every device and read."""
    jobs = {
        (device["name"], name): pool.submit(_read, device["name"], argv)
        for device in devices
        for name, argv in reads.items()
    }
    out: dict[str, dict[str, str]] = {}
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
