"""Grading SQL tasks in a throwaway PostgreSQL container, never the platform's database.

The container (``ictarena/sql-postgres``) has no network, no capabilities, a read-only root, a
tmpfs for the cluster, a memory and a pids limit, and a wall-clock limit enforced from here. Its
driver receives the task and the submission as JSON on stdin and prints the results; the host
compares them (:mod:`ictjudge.labs.sqlcompare`). The student's SQL runs as a role that is not a
superuser, with ``statement_timeout``, ``lock_timeout`` and ``temp_file_limit`` set on the role,
so ``pg_sleep``, runaway joins, ``COPY … TO PROGRAM`` and server-file reads end in an error the
student sees, not in a judge failure.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from ictjudge.errors import RunnerFailure
from ictjudge.labs import AnswerFile
from ictjudge.labs.container import run_job
from ictjudge.labs.report import ItemResult, LabReport
from ictjudge.labs.spec import SqlLab
from ictjudge.labs.sqlcompare import compare, orders_at_top_level
from ictjudge.report import Verdict

IMAGE = "ictarena/sql-postgres:latest"
WALL_S = 40.0
TIMEOUT_CODES = {"57014"}  # query_canceled: the statement timeout


def _run_container(client: Any, job: dict[str, Any], wall_s: float) -> dict[str, Any]:
    return run_job(
        client,
        IMAGE,
        "sql",
        job,
        wall_s,
        network_disabled=True,
        network_mode="none",
        cap_drop=["ALL"],
        security_opt=["no-new-privileges"],
        read_only=True,
        tmpfs={
            "/work": "rw,nosuid,nodev,size=256m,uid=70,gid=70,mode=0700",
            "/tmp": "rw,nosuid,nodev,size=16m,uid=70,gid=70,mode=0700",
        },
        mem_limit="512m",
        memswap_limit="512m",
        pids_limit=64,
        nano_cpus=1_000_000_000,
    )


def _student_failure(result: dict[str, Any], timeout_ms: int) -> tuple[str, Verdict]:
    if result.get("code") in TIMEOUT_CODES:
        return f"the statement ran longer than {timeout_ms} ms and was cancelled", Verdict.TLE
    return f"your SQL failed: {result.get('error', '')}", Verdict.RE


def lab_path(path: str) -> str:
    """Paths in the ``lab`` section are relative to the package (``lab/schema.sql``); a bare
    name (``schema.sql``) means the same file under ``lab/``."""
    return path if path.startswith("lab/") else f"lab/{path}"


def grade_sync(client: Any, root: Path, lab: SqlLab, submission: str) -> LabReport:
    def read(path: str | None) -> str:
        return (root / lab_path(path)).read_text(encoding="utf-8") if path else ""

    job = {
        "mode": lab.mode,
        "schema": read(lab.schema_),
        "data": read(lab.data),
        "reference": read(lab.reference) if lab.reference else None,
        "submission": submission,
        "checks": [check.query for check in lab.checks],
        "statement_timeout_ms": lab.statement_timeout_ms,
    }
    started = time.perf_counter()
    out = _run_container(client, job, WALL_S)
    timing = {**out.get("timings", {}), "total_ms": (time.perf_counter() - started) * 1000}
    if "setup_error" in out:
        raise RunnerFailure(f"the task's own schema or data failed: {out['setup_error']}")
    student = out["student"]
    if lab.mode == "query":
        reference = out["reference"]
        if not reference["ok"] or reference["result"] is None:
            raise RunnerFailure(f"the reference query failed: {reference.get('error')}")
        if not student["ok"]:
            message, verdict = _student_failure(student, lab.statement_timeout_ms)
            item = ItemResult(
                name="result", passed=False, points=lab.points, score=0, feedback=message
            )
            return LabReport.from_items([item], message, timing, verdict)
        if student["result"] is None:
            item = ItemResult(
                name="result",
                passed=False,
                points=lab.points,
                score=0,
                feedback="the last statement returned no rows (is it a SELECT?)",
            )
            return LabReport.from_items([item], timing=timing)
        ordered = lab.compare.order
        if ordered is None:
            ordered = orders_at_top_level(read(lab.reference))
        outcome = compare(
            reference["result"]["columns"],
            reference["result"]["rows"],
            student["result"]["columns"],
            student["result"]["rows"],
            lab.compare,
            ordered,
        )
        item = ItemResult(
            name="result",
            passed=outcome.ok,
            points=lab.points,
            score=lab.points if outcome.ok else 0,
            feedback=outcome.feedback,
        )
        return LabReport.from_items([item], timing=timing)
    message = ""
    failure: Verdict | None = None
    if not student["ok"]:
        message, failure = _student_failure(student, lab.statement_timeout_ms)
    items = []
    for check, result in zip(lab.checks, out["checks"], strict=True):
        if not result["ok"] or result["result"] is None:
            feedback = f"check failed to run: {result.get('error', 'no result')}"
            items.append(
                ItemResult(
                    name=check.title or check.id,
                    passed=False,
                    points=check.points,
                    score=0,
                    feedback=feedback,
                )
            )
            continue
        got = result["result"]
        width = len(check.expect[0]) if check.expect else len(got["columns"])
        outcome = compare(
            got["columns"] if width == len(got["columns"]) else ["?"] * width,
            check.expect,
            got["columns"],
            got["rows"],
            check.compare,
            bool(check.compare.order),
        )
        items.append(
            ItemResult(
                name=check.title or check.id,
                passed=outcome.ok,
                points=check.points,
                score=check.points if outcome.ok else 0,
                feedback=outcome.feedback,
            )
        )
    return LabReport.from_items(items, message, timing, failure)


LAB_MODEL = SqlLab


def answer_files(lab: SqlLab) -> list[AnswerFile]:
    return [AnswerFile("answer.sql", "SQL", "sql")]


async def grade(client: Any, root: Path, lab: SqlLab, files: dict[str, str]) -> LabReport:
    """The submission's files, in name order, are one SQL script."""
    submission = "\n".join(files[name] for name in sorted(files))
    return await asyncio.to_thread(grade_sync, client, root, lab, submission)
