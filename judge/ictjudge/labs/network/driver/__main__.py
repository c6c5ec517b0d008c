"""The driver's protocol: one JSON job on stdin, each step timed, one JSON result line on stdout
(``python3 -m net_driver`` in the image)."""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from typing import Any

from .lab import Lab


def main() -> None:
    job = json.loads(sys.stdin.read())
    lab = Lab(job)
    out: dict[str, Any] = {"timings": lab.timings}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        lab.timings[f"{name}_ms"] = (now - clock) * 1000
        clock = now

    born = time.monotonic()
    try:
        with open("/etc/frr/vtysh.conf", "w") as handle:
            handle.write("")
        lab.build()
        lap("topology")
        # the daemons start while the texts are checked (a refused text leaves them unused)
        daemons = lab.pool.submit(lab.start_daemons)
        out["dryrun"] = lab.dry_run()
        lap("check")
        bad = any(part["code"] != 0 for parts in out["dryrun"].values() for part in parts.values())
        daemons.result()
        lap("daemons")
        if not bad:
            out["apply"] = lab.apply()
            lap("apply")
            out["converge"] = lab.converge()
            lap("convergence")
            out["items"] = lab.check_all()
            lap("checks")
            out["crashes"] = lab.crashes()
            out["live"] = lab.live()
            lap("reads")
    except Exception:  # the lab itself could not be built: the judge's failure, not the student's
        out = {"error": traceback.format_exc(limit=4)[-3000:]}
    lab.timings["driver_ms"] = (time.monotonic() - born) * 1000
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    lab.daemons.kill()
    os._exit(0)


if __name__ == "__main__":
    main()
