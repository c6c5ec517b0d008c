"""Grading SQL tasks in a throwaway PostgreSQL container, never the platform's database.

The container (``ictarena/sql-postgres``) has no network, no capabilities, a read-only root, a
tmpfs for the cluster, a memory and a pids limit, and a wall-clock limit enforced from here. Its
driver receives the task and the submission as JSON on stdin and prints the results; the host
compares them (:mod:`ictjudge.labs.sqlcompare`).

The script is split into statements here (:mod:`ictjudge.labs.sqlscript`) and the driver runs
them one at a time as the role ``student`` (not a superuser), as psql would: each commits unless
the script opened a transaction. A query task stops at the first error and compares the last
statement's rows with the reference's; a state task goes on after an error (a failed statement
inside ``BEGIN … COMMIT`` aborts that transaction) and is graded by check queries, one
assessment item each, run afterwards by the role ``grader``. Every statement has the task's
``statement_timeout`` and the script a total budget, both enforced by the driver as well as the
server; results are capped in rows and bytes; the student's backend has a memory limit. Limits
become verdicts: time → TLE, memory → MLE, a too large result → OLE, any other error → RE.
"""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from ictjudge.errors import RunnerFailure
from ictjudge.labs import AnswerFile
from ictjudge.labs.container import converse, create, remove
from ictjudge.labs.report import ItemResult, LabReport
from ictjudge.labs.spec import SqlLab
from ictjudge.labs.sqlcompare import Table, compare, orders_at_top_level
from ictjudge.labs.sqlscript import ScriptError, Statement, split
from ictjudge.report import Verdict

IMAGE = "ictarena/sql-postgres:latest"
MAX_SCRIPT_BYTES = 256 * 1024
MAX_STATEMENTS = 5000
MAX_ROWS = 10000  # rows of one statement's result
MAX_RESULT_BYTES = 2 << 20  # bytes of one statement's result
BACKEND_MEMORY_MB = 192  # what the student's server process may allocate
CHECK_TIMEOUT_MS = 5000
SETUP_WALL_S = 40.0  # start, schema, data, reference and checks, on a loaded machine
MEMORY_CODES = {"53200"}  # out_of_memory
RESOURCE_CLASS = "53"  # insufficient resources: disk full, temp_file_limit, too many connections


def _run_container(client: Any, job: dict[str, Any], wall_s: float) -> dict[str, Any]:
    """One sandbox conversation. When the driver dies while the student's SQL runs (the
    container was killed for memory), the result says so instead of failing."""
    container = create(
        client,
        IMAGE,
        "sql",
        network_disabled=True,
        network_mode="none",
        cap_drop=["ALL"],
        security_opt=["no-new-privileges"],
        read_only=True,
        tmpfs={
            "/work": "rw,nosuid,nodev,size=256m,uid=70,gid=70,mode=0700",
            "/tmp": "rw,nosuid,nodev,size=16m,uid=70,gid=70,mode=0700",
        },
        mem_limit="640m",
        memswap_limit="640m",
        pids_limit=64,
        nano_cpus=1_000_000_000,
        log_config={"type": "none", "config": {}},
    )
    try:
        out = converse(container, job, wall_s)
        if "phase" in out:  # the driver's last word was the phase it died in
            container.reload()
            state = container.attrs.get("State", {})
            out = {"died_in": out["phase"], "oom_killed": bool(state.get("OOMKilled"))}
        return out
    finally:
        remove(container)


def lab_path(path: str) -> str:
    """Paths in the ``lab`` section are relative to the package (``lab/schema.sql``); a bare
    name (``schema.sql``) means the same file under ``lab/``."""
    return path if path.startswith("lab/") else f"lab/{path}"


def _table(result: dict[str, Any]) -> Table:
    types = result.get("types")
    rows = result["rows"]
    if types:  # numbers travel as exact text
        rows = [
            [Decimal(v) if t == "number" and isinstance(v, str) and _finite(v) else v
             for v, t in zip(row, types, strict=False)]
            for row in rows
        ]  # fmt: skip
    return Table(result["columns"], rows, types)


def _finite(text: str) -> bool:
    return text.strip().lower() not in ("nan", "infinity", "-infinity")


def _where(statements: list[Statement], index: int | None) -> str:
    if index is None or not 0 <= index < len(statements):
        return "your SQL"
    if len(statements) == 1:
        return "your statement"
    return f"statement {index + 1} (line {statements[index].line})"


def _failure(
    error: dict[str, Any], statements: list[Statement], lab: SqlLab
) -> tuple[str, Verdict]:
    """The message and verdict for the student's first error (or the limit that stopped it)."""
    where = _where(statements, error.get("statement"))
    limit = error.get("limit")
    code = str(error.get("code") or "")
    if limit == "script_time":
        seconds = lab.script_budget_ms / 1000
        return f"your script ran longer than {seconds:g} s in total and was stopped", Verdict.TLE
    if limit == "rows":
        return f"{where} returned more than {MAX_ROWS} rows and was stopped", Verdict.OLE
    if limit == "bytes":
        size = MAX_RESULT_BYTES >> 20
        return f"{where} returned more than {size} MiB of data and was stopped", Verdict.OLE
    if limit == "time" or code == "57014":
        timeout = lab.statement_timeout_ms
        return f"{where} ran longer than {timeout} ms and was cancelled", Verdict.TLE
    if limit == "oom":
        return "the database ran out of memory while running your SQL", Verdict.MLE
    detail = str(error.get("error") or "").strip()
    if code in MEMORY_CODES:
        return f"{where} used more memory than allowed: {detail}", Verdict.MLE
    if code.startswith(RESOURCE_CLASS):
        return f"{where} exceeded a resource limit: {detail}", Verdict.MLE
    if limit == "lost":
        return f"{where} ended the connection to the database: {detail}", Verdict.RE
    return f"{where} failed: {detail}", Verdict.RE


def _refused(lab: SqlLab, message: str, started: float | None = None) -> LabReport:
    """A submission refused before it ran: every item fails."""
    if lab.mode == "query":
        items = [ItemResult(name="result", passed=False, points=lab.points, score=0)]
    else:
        items = [
            ItemResult(name=c.title or c.id, passed=False, points=c.points, score=0)
            for c in lab.checks
        ]
    timing = {"total_ms": (time.perf_counter() - started) * 1000} if started else None
    return LabReport.from_items(items, message, timing, Verdict.RE)


def grade_sync(client: Any, root: Path, lab: SqlLab, submission: str) -> LabReport:
    """Judge ``submission`` (one SQL script) against the task in dataset directory ``root``."""

    def read(path: str | None) -> str:
        if not path:
            return ""
        try:
            return (root / lab_path(path)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RunnerFailure(f"the task's lab file {lab_path(path)} is unusable: {exc}") from exc

    started = time.perf_counter()
    size = len(submission.encode("utf-8", "replace"))
    if size > MAX_SCRIPT_BYTES:
        limit = MAX_SCRIPT_BYTES // 1024
        return _refused(lab, f"the script is {size // 1024} KiB; at most {limit} KiB", started)
    try:
        statements = split(submission)
    except ScriptError as exc:
        return _refused(lab, str(exc), started)
    if len(statements) > MAX_STATEMENTS:
        count = len(statements)
        return _refused(
            lab, f"the script has {count} statements; at most {MAX_STATEMENTS}", started
        )
    job = {
        "mode": lab.mode,
        "schema": read(lab.schema_),
        "data": read(lab.data),
        "reference": read(lab.reference) if lab.reference else None,
        # Lone surrogates cannot be sent to the server; the driver gets valid UTF-8.
        "statements": [s.text.encode("utf-8", "replace").decode("utf-8") for s in statements],
        "stop_on_error": lab.mode == "query",
        "checks": [check.query for check in lab.checks],
        "statement_timeout_ms": lab.statement_timeout_ms,
        "script_timeout_ms": lab.script_budget_ms,
        "check_timeout_ms": CHECK_TIMEOUT_MS,
        "max_rows": MAX_ROWS,
        "max_bytes": MAX_RESULT_BYTES,
        "backend_memory_mb": BACKEND_MEMORY_MB,
    }
    wall_s = SETUP_WALL_S + lab.script_budget_ms / 1000 + len(lab.checks) * CHECK_TIMEOUT_MS / 1000
    out = _run_container(client, job, wall_s)
    timing = {**out.get("timings", {}), "total_ms": (time.perf_counter() - started) * 1000}
    if "setup_error" in out:
        raise RunnerFailure(f"the task's own schema, data or set-up failed: {out['setup_error']}")
    if "driver_error" in out:
        raise RunnerFailure(f"the SQL sandbox's driver failed: {out['driver_error']}")
    if "died_in" in out:
        # Past the set-up, only what the student's SQL did (or left for the checks) can bring
        # the sandbox down.
        if out["died_in"] not in ("student", "checks"):
            raise RunnerFailure(f"the SQL sandbox stopped during {out['died_in']}")
        reason = "oom" if out["oom_killed"] else "lost"
        message, verdict = _failure(
            {"limit": reason, "error": "the database sandbox stopped"}, statements, lab
        )
        return LabReport.from_items(_refused(lab, "").items, message, timing, verdict)
    student = out["student"]
    if student.get("oom_killed") and not student["ok"]:
        student["errors"] = [{"limit": "oom"}, *student["errors"]]
    first = student["errors"][0] if student["errors"] else None
    if first is None and student.get("limit"):
        first = {"limit": student["limit"], "statement": student.get("executed", 1) - 1}
    if lab.mode == "query":
        return _grade_query(lab, read(lab.reference or ""), out, statements, first, timing)
    return _grade_state(lab, out, statements, first, timing)


def _grade_query(
    lab: SqlLab,
    reference_sql: str,
    out: dict[str, Any],
    statements: list[Statement],
    first: dict[str, Any] | None,
    timing: dict[str, float],
) -> LabReport:
    reference = out["reference"]
    if not reference["ok"] or reference["result"] is None:
        problem = reference.get("error") or reference.get("limit") or "it returned no rows"
        raise RunnerFailure(f"the reference query failed: {problem}")
    student = out["student"]

    def item(feedback: str, passed: bool = False) -> ItemResult:
        score = lab.points if passed else 0
        return ItemResult(
            name="result", passed=passed, points=lab.points, score=score, feedback=feedback
        )

    if first is not None:
        message, verdict = _failure(first, statements, lab)
        return LabReport.from_items([item(message)], message, timing, verdict)
    if not statements:
        return LabReport.from_items([item("the script is empty")], timing=timing)
    if student["result"] is None:
        feedback = "the last statement returned no rows (is it a SELECT?)"
        return LabReport.from_items([item(feedback)], timing=timing)
    ordered = lab.compare.order
    if ordered is None:
        ordered = orders_at_top_level(reference_sql)
    outcome = compare(_table(reference["result"]), _table(student["result"]), lab.compare, ordered)
    return LabReport.from_items([item(outcome.feedback, outcome.ok)], timing=timing)


def _grade_state(
    lab: SqlLab,
    out: dict[str, Any],
    statements: list[Statement],
    first: dict[str, Any] | None,
    timing: dict[str, float],
) -> LabReport:
    message = ""
    failure: Verdict | None = None
    if first is not None:
        message, failure = _failure(first, statements, lab)
        others = len(out["student"]["errors"]) - 1
        if others > 0:
            message += f" (and {others} more error{'s' if others > 1 else ''})"
    items = []
    for check, result in zip(lab.checks, out["checks"], strict=True):
        name = check.title or check.id
        if not result["ok"] or result["result"] is None:
            # The first line says what is wrong; the rest would quote the hidden check.
            problem = (result.get("error") or result.get("limit") or "no rows").splitlines()[0]
            items.append(
                ItemResult(
                    name=name,
                    passed=False,
                    points=check.points,
                    score=0,
                    feedback=f"check failed to run: {problem}",
                )
            )
            continue
        got = _table(result["result"])
        width = len(check.expect[0]) if check.expect else len(got.columns)
        columns = got.columns if width == len(got.columns) else ["?"] * width
        outcome = compare(
            Table(columns, check.expect), got, check.compare, bool(check.compare.order)
        )
        items.append(
            ItemResult(
                name=name,
                passed=outcome.ok,
                points=check.points,
                score=check.points if outcome.ok else 0,
                feedback=outcome.feedback,
            )
        )
    return LabReport.from_items(items, message, timing, failure)


LAB_MODEL = SqlLab


def lab_files(lab: SqlLab) -> dict[str, str]:
    named = {"schema": lab.schema_, "data": lab.data, "reference": lab.reference}
    return {lab_path(path): f"lab.{field}" for field, path in named.items() if path}


def answer_files(lab: SqlLab) -> list[AnswerFile]:
    return [AnswerFile("answer.sql", "SQL", "sql")]


async def grade(client: Any, root: Path, lab: SqlLab, files: dict[str, str]) -> LabReport:
    """The submission's files, in name order, are one SQL script."""
    submission = "\n".join(files[name] for name in sorted(files))
    return await asyncio.to_thread(grade_sync, client, root, lab, submission)
