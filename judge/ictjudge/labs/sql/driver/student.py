"""The student's statements, one at a time as psql would run them, and afterwards the checks,
run as ``grader`` on what the statements left."""

from __future__ import annotations

import time
from typing import Any

from .server import SetupError
from .session import Lost, Outcome, Session

STATEMENT_SLACK_S = 0.5  # the client-side deadline trails the server's statement_timeout
MAX_ERRORS = 20


def oom_kills() -> int:
    """The memory cgroup's OOM-kill counter (cgroup v1 or v2), or -1 when unreadable."""
    for path in ("/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"):
        try:
            with open(path) as handle:
                for line in handle:
                    name, _, value = line.partition(" ")
                    if name == "oom_kill":
                        return int(value)
        except (OSError, ValueError):
            continue
    return -1


def run_student(job: dict[str, Any], admin: Session, caps: tuple[int, int]) -> dict[str, Any]:
    """The student's statements, one at a time; returns what the host needs for a verdict."""
    statements = job["statements"]
    stop_on_error = bool(job.get("stop_on_error"))
    statement_s = int(job["statement_timeout_ms"]) / 1000 + STATEMENT_SLACK_S
    script_deadline = time.monotonic() + int(job["script_timeout_ms"]) / 1000
    out: dict[str, Any] = {"ok": True, "result": None, "errors": [], "limit": None, "executed": 0}

    def stuck(pid: int) -> None:
        admin.run(f"SELECT pg_terminate_backend({int(pid)})", time.monotonic() + 2, 10, 1 << 16)

    try:
        session = Session("student", memory_mb=job["backend_memory_mb"])
    except Lost as exc:
        raise SetupError(f"the student could not connect: {exc}") from exc
    try:
        for index, statement in enumerate(statements):
            last = index == len(statements) - 1
            deadline = min(script_deadline, time.monotonic() + statement_s)
            if time.monotonic() >= script_deadline:
                out["limit"] = "script_time"
                break
            result = session.run(statement, deadline, *caps, keep=last, on_stuck=stuck)
            out["executed"] = index + 1
            if result["limit"] == "time" and deadline == script_deadline:
                result["limit"] = "script_time"
            if not result["ok"]:
                out["ok"] = False
                if len(out["errors"]) < MAX_ERRORS:
                    out["errors"].append(
                        {
                            "statement": index,
                            "error": result["error"] or "",
                            "code": result["code"],
                            "limit": result["limit"],
                        }
                    )
            if last:
                out["result"] = result["result"]
            if result["limit"] is not None:
                out["limit"] = result["limit"]
                break  # a limit (time, rows, bytes, a lost connection) ends the script
            if not result["ok"] and stop_on_error:
                break
    finally:
        session.close()
    if out["limit"] is not None:
        out["ok"] = False
        out["result"] = None
    return out


def run_checks(job: dict[str, Any], caps: tuple[int, int], memory_mb: int) -> list[Outcome]:
    """The checks, as ``grader``: functions and views the student left run without privileges,
    and within the same memory limit as the student's own backend."""
    checks = job.get("checks", [])
    if not checks:
        return []
    session = Session("grader", memory_mb=memory_mb)
    try:
        results = []
        check_s = int(job["check_timeout_ms"]) / 1000 + STATEMENT_SLACK_S
        for query in checks:
            results.append(session.run(query, time.monotonic() + check_s, *caps))
            if results[-1]["limit"] == "lost":
                session.close()
                session = Session("grader", memory_mb=memory_mb)
        return results
    finally:
        session.close()
