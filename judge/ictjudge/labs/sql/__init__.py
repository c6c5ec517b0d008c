"""Grading SQL tasks in a throwaway PostgreSQL container, never the platform's database.

The container (``ictarena/sql-postgres``) has no network, no capabilities, a read-only root, a
tmpfs for the cluster, a memory and a pids limit, and a wall-clock limit enforced from here. Its
driver receives the task and the submission as JSON on stdin and prints the results; the host
compares them (:mod:`ictjudge.labs.sql.compare`).

The script is split into statements here (:mod:`ictjudge.labs.sql.script`) and the driver runs
them one at a time as the role ``student`` (not a superuser), as psql would: each commits unless
the script opened a transaction. A query task stops at the first error and compares the last
statement's rows with the reference's; a state task goes on after an error (a failed statement
inside ``BEGIN … COMMIT`` aborts that transaction) and is graded by check queries, one
assessment item each, run afterwards by the role ``grader``. Every statement has the task's
``statement_timeout`` and the script a total budget, both enforced by the driver as well as the
server; results are capped in rows and bytes; the student's backend has a memory limit. Limits
become verdicts: time → TLE, memory → MLE, a too large result → OLE, any other error → RE.

The package: :mod:`.spec` (the models of the ``lab`` section), :mod:`.script` (statements),
:mod:`.compare` (results), and :mod:`.driver`, the program that runs inside the sandbox (copied
into the ``sql-postgres`` image).
"""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from ictjudge.containers import create, remove
from ictjudge.errors import RunnerFailure
from ictjudge.hardening import locked_down
from ictjudge.labs import AnswerFile
from ictjudge.labs.container import converse
from ictjudge.labs.report import ItemResult, LabReport
from ictjudge.labs.sql.compare import Table, compare, orders_at_top_level
from ictjudge.labs.sql.script import ScriptError, Statement, split
from ictjudge.labs.sql.spec import SqlLab
from ictjudge.texts import N_, Note, Text, note
from ictjudge.wire import Verdict

RESULT = Text(en="Query result", zh="查询结果")

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
        **locked_down(
            memory_mb=640,
            pids=64,
            tmpfs={
                "/work": "rw,nosuid,nodev,size=256m,uid=70,gid=70,mode=0700",
                "/tmp": "rw,nosuid,nodev,size=16m,uid=70,gid=70,mode=0700",
            },
            nofile=None,
        ),
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


def _where(statements: list[Statement], index: int | None) -> Note:
    if index is None or not 0 <= index < len(statements):
        return note(N_("Your SQL"))
    if len(statements) == 1:
        return note(N_("Your statement"))
    return note(
        N_("Statement %(number)s (line %(line)s)"), number=index + 1, line=statements[index].line
    )


def _failure(
    error: dict[str, Any], statements: list[Statement], lab: SqlLab
) -> tuple[Note, Verdict]:
    """The message and verdict for the student's first error (or the limit that stopped it)."""
    where = _where(statements, error.get("statement"))
    limit = error.get("limit")
    code = str(error.get("code") or "")
    if limit == "script_time":
        seconds = f"{lab.script_budget_ms / 1000:g}"
        key = N_("Your script ran longer than %(seconds)s s in total and was stopped.")
        return note(key, seconds=seconds), Verdict.TLE
    if limit == "rows":
        key = N_("%(where)s returned more than %(rows)s rows and was stopped.")
        return note(key, where=where, rows=MAX_ROWS), Verdict.OLE
    if limit == "bytes":
        key = N_("%(where)s returned more than %(size)s MiB of data and was stopped.")
        return note(key, where=where, size=MAX_RESULT_BYTES >> 20), Verdict.OLE
    if limit == "time" or code == "57014":
        key = N_("%(where)s ran longer than %(timeout)s ms and was cancelled.")
        return note(key, where=where, timeout=lab.statement_timeout_ms), Verdict.TLE
    if limit == "oom":
        return note(N_("The database ran out of memory while running your SQL.")), Verdict.MLE
    detail = str(error.get("error") or "").strip()
    if code in MEMORY_CODES:
        key = N_("%(where)s used more memory than allowed: %(detail)s")
        return note(key, where=where, detail=detail), Verdict.MLE
    if code.startswith(RESOURCE_CLASS):
        key = N_("%(where)s exceeded a resource limit: %(detail)s")
        return note(key, where=where, detail=detail), Verdict.MLE
    if limit == "lost":
        key = N_("%(where)s ended the connection to the database: %(detail)s")
        return note(key, where=where, detail=detail), Verdict.RE
    return note(N_("%(where)s failed: %(detail)s"), where=where, detail=detail), Verdict.RE


def _refused(lab: SqlLab, message: list[Note], started: float | None = None) -> LabReport:
    """A submission refused before it ran: every item fails."""
    if lab.mode == "query":
        items = [ItemResult(title=RESULT, passed=False, points=lab.points, score=0)]
    else:
        items = [
            ItemResult(name=c.id, title=c.title, passed=False, points=c.points, score=0)
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
        key = N_("The script is %(size)s KiB; at most %(limit)s KiB are allowed.")
        return _refused(lab, [note(key, size=size // 1024, limit=limit)], started)
    try:
        statements = split(submission)
    except ScriptError as exc:
        return _refused(lab, [Note(text=Text(en=str(exc), zh=str(exc)))], started)
    if len(statements) > MAX_STATEMENTS:
        count = len(statements)
        key = N_("The script has %(count)s statements; at most %(limit)s are allowed.")
        return _refused(lab, [note(key, count=count, limit=MAX_STATEMENTS)], started)
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
        return LabReport.from_items(_refused(lab, []).items, [message], timing, verdict)
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

    def item(notes: list[Note], passed: bool = False) -> ItemResult:
        score = lab.points if passed else 0
        return ItemResult(title=RESULT, passed=passed, points=lab.points, score=score, notes=notes)

    if first is not None:
        message, verdict = _failure(first, statements, lab)
        return LabReport.from_items([item([message])], [message], timing, verdict)
    if not statements:
        return LabReport.from_items([item([note(N_("The script is empty."))])], timing=timing)
    if student["result"] is None:
        said = note(N_("The last statement returned no rows (is it a SELECT?)."))
        return LabReport.from_items([item([said])], timing=timing)
    ordered = lab.compare.order
    if ordered is None:
        ordered = orders_at_top_level(reference_sql)
    outcome = compare(_table(reference["result"]), _table(student["result"]), lab.compare, ordered)
    return LabReport.from_items([item(outcome.notes, outcome.ok)], timing=timing)


def _grade_state(
    lab: SqlLab,
    out: dict[str, Any],
    statements: list[Statement],
    first: dict[str, Any] | None,
    timing: dict[str, float],
) -> LabReport:
    message: list[Note] = []
    failure: Verdict | None = None
    if first is not None:
        said, failure = _failure(first, statements, lab)
        message.append(said)
        others = len(out["student"]["errors"]) - 1
        if others > 0:
            message.append(note(N_("Errors after this one: %(others)s."), others=others))
    items = []
    for check, result in zip(lab.checks, out["checks"], strict=True):
        if not result["ok"] or result["result"] is None:
            # The first line says what is wrong; the rest would quote the hidden check.
            problem = (result.get("error") or result.get("limit") or "no rows").splitlines()[0]
            items.append(
                ItemResult(
                    name=check.id,
                    title=check.title,
                    passed=False,
                    points=check.points,
                    score=0,
                    notes=[note(N_("The check failed to run: %(problem)s"), problem=problem)],
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
                name=check.id,
                title=check.title,
                passed=outcome.ok,
                points=check.points,
                score=check.points if outcome.ok else 0,
                notes=outcome.notes,
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
