"""The driver's phases in order: the server, the task's schema and data, the reference query,
the student's statements, the checks. One JSON job on stdin; ``{"phase": …}`` lines before the
phases that run the student's SQL (the host learns which phase a dying sandbox was in); one
JSON result line last (``python3 -m sql_driver`` in the image)."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from .server import HELPERS, SetupError, checked, grants, prepare, start_server, terminate_student
from .session import MAX_ERROR, Lost, Session
from .student import oom_kills, run_checks, run_student


def main() -> None:
    job = json.loads(sys.stdin.read())
    caps = (int(job["max_rows"]), int(job["max_bytes"]))
    timings: dict[str, float] = {}
    started = time.monotonic()
    server, admin = start_server()
    timings["start_ms"] = (time.monotonic() - started) * 1000
    out: dict[str, Any] = {"timings": timings}
    try:
        t = time.monotonic()
        prepare(admin, job)
        admin.close()
        admin = Session("judge")
        setup = job.get("schema", "") + "\n" + job.get("data", "")
        unlimited = (1 << 62, 1 << 62)
        checked(admin.run(setup, time.monotonic() + 30, *unlimited, keep=False), "schema/data")
        checked(admin.run(HELPERS, time.monotonic() + 10, 10, 1 << 16), "arena schema")
        checked(admin.run(grants(job.get("mode") == "state"), time.monotonic() + 10, 10, 1 << 16),
                "grants")  # fmt: skip
        timings["setup_ms"] = (time.monotonic() - t) * 1000
        if job.get("reference"):
            t = time.monotonic()
            out["reference"] = admin.run(job["reference"], time.monotonic() + 20, *caps)
            timings["reference_ms"] = (time.monotonic() - t) * 1000
        print(json.dumps({"phase": "student"}), flush=True)
        kills = oom_kills()
        t = time.monotonic()
        student = run_student(job, admin, caps)
        timings["student_ms"] = (time.monotonic() - t) * 1000
        student["oom_killed"] = kills >= 0 and oom_kills() > kills
        out["student"] = student
        out["checks"] = []
        if job.get("checks"):
            print(json.dumps({"phase": "checks"}), flush=True)
            t = time.monotonic()
            try:
                admin.close()
                admin = Session("judge")
                terminate_student(admin)
                admin.run("GRANT student TO grader", time.monotonic() + 5, 10, 1 << 16)
                out["checks"] = run_checks(job, caps, job["backend_memory_mb"])
            except Lost as exc:  # the student's SQL brought the server down
                message = f"the database server stopped: {exc}"[:MAX_ERROR]
                out["checks"] = [
                    {"ok": False, "result": None, "error": message, "code": None, "limit": "lost"}
                    for _ in job["checks"]
                ]
            timings["checks_ms"] = (time.monotonic() - t) * 1000
    except SetupError as exc:
        out = {"setup_error": str(exc)[:MAX_ERROR], "timings": timings}
    except Exception as exc:  # a fault of this driver, not of the student's SQL
        out = {"driver_error": f"{type(exc).__name__}: {exc}"[:MAX_ERROR], "timings": timings}
    print(json.dumps(out, ensure_ascii=False), flush=True)
    # PID 1 leaving ends the container and every process in it: no orderly shutdown needed.
    server.kill()


if __name__ == "__main__":
    main()
