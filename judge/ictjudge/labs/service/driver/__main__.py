"""The driver's protocol: one JSON job on stdin, each step timed, one JSON result line on
stdout (``python3 -m ictjudge.labs.service.driver`` in the image)."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from typing import Any

from .lab import Lab
from .syscalls import libc

PR_SET_DUMPABLE = 4


def main() -> None:
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # the hosts cannot trace or read the driver
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    job = json.loads(sys.stdin.read())
    timings: dict[str, float] = {}
    out: dict[str, Any] = {"timings": timings}
    clock = born = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        timings[f"{name}_ms"] = (now - clock) * 1000
        clock = now

    lab: Lab | None = None
    try:
        lab = Lab(job)
        lab.build()
        lap("network")
        lab.boot_all()
        lap("boot")
        lab.run_scripts()
        lap("scripts")
        out["items"] = lab.check_all()
        lap("checks")
        out.update(lab.results())
    except Exception:  # the lab itself could not be built: the judge's failure, not the student's
        out = {"error": traceback.format_exc(limit=6)[-3000:], "timings": timings}
        if lab is not None:
            out["scripts"] = lab.scripts
    timings["driver_ms"] = (time.monotonic() - born) * 1000
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
