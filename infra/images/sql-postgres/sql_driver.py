"""Runs inside the SQL sandbox (PID 1, user postgres, no network). Reads one JSON job on stdin,
prints one JSON result on the last line of stdout. Trusted code; the student's SQL only ever runs
as the unprivileged role ``student``.

Limits on the student's SQL, each enforced here as well as by the server, since a session may
``SET statement_timeout = 0`` or ``SET work_mem`` at will:

- every statement has ``statement_timeout`` (set on the role) and a client-side deadline a little
  later, and the whole script has ``script_timeout``: past it the statement is cancelled, then
  its backend terminated;
- results are read in libpq's single-row mode and the statement is cancelled once it returns
  more than ``max_rows`` rows or ``max_bytes`` bytes, so a giant result never fills this memory;
- the student's backend gets an ``RLIMIT_DATA``: a runaway sort, hash or ``repeat()`` ends in
  the server's "out of memory" error instead of the container's OOM killer;
- before the checks run, every session of ``student`` is terminated (an open transaction or a
  ``LOCK TABLE`` dies with it) and the checks run as ``grader``, a member of ``student`` that is
  not a superuser either, so a function or view the student left behind runs without privileges.

Each statement runs on its own, as psql runs a script: it commits unless the script opened a
transaction, and a transaction still open at the end is rolled back.
"""

import ctypes
import json
import os
import resource
import select
import shutil
import subprocess
import sys
import time

PG = "/usr/lib/postgresql/15/bin"
DATA = "/work/pg"
SOCKETS = "/work"
NUMBER_TYPES = {20, 21, 23, 26, 700, 701, 1700}  # int8, int2, int4, oid, float4, float8, numeric
BOOL_TYPE = 16
GRACE_S = 1.0  # after a cancel request, before the backend is terminated
STATEMENT_SLACK_S = 0.5  # the client-side deadline trails the server's statement_timeout
CELL_OVERHEAD = 4  # bytes counted per cell besides its text, so wide NULL rows count too
MAX_ERROR = 2000
MAX_ERRORS = 20
SERVER_OPTIONS = {
    "listen_addresses": "",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "16MB",
    "max_connections": "10",
    "superuser_reserved_connections": "3",
    "work_mem": "4MB",
    "max_wal_size": "64MB",
    "autovacuum": "off",
    "jit": "off",
    # Parallel workers are separate processes outside the student backend's memory limit.
    "max_worker_processes": "0",
    "max_parallel_workers": "0",
    "max_parallel_workers_per_gather": "0",
    "max_prepared_transactions": "0",  # a prepared transaction would outlive the session
    "logging_collector": "off",
    "log_min_messages": "fatal",
}
# Checks may probe behaviour without changing the state they grade; both functions run the
# statement in a subtransaction that is always rolled back:
# - arena.attempt('INSERT …') returns 'ok' or the SQLSTATE of the error the statement raised;
# - arena.returning('INSERT … RETURNING …') returns the rows the statement returned, as jsonb
#   (one per row); an error is raised as it is.
HELPERS = """
CREATE SCHEMA arena;
CREATE FUNCTION arena.attempt(statement text) RETURNS text LANGUAGE plpgsql AS $fn$
BEGIN
  BEGIN
    EXECUTE statement;
    RAISE EXCEPTION 'rolled back' USING ERRCODE = 'AR000';
  EXCEPTION
    WHEN SQLSTATE 'AR000' THEN RETURN 'ok';
    WHEN OTHERS THEN RETURN SQLSTATE;
  END;
END
$fn$;
CREATE FUNCTION arena.returning(statement text) RETURNS SETOF jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  collected jsonb;
BEGIN
  BEGIN
    EXECUTE 'WITH r AS (' || statement || ') '
            'SELECT coalesce(jsonb_agg(to_jsonb(r)), ''[]'') FROM r' INTO collected;
    RAISE EXCEPTION 'rolled back' USING ERRCODE = 'AR000';
  EXCEPTION
    WHEN SQLSTATE 'AR000' THEN NULL;
  END;
  RETURN QUERY SELECT jsonb_array_elements(collected);
END
$fn$;
GRANT USAGE ON SCHEMA arena TO PUBLIC;
"""


def conninfo(user, dbname):
    return f"host={SOCKETS} user={user} dbname={dbname} client_encoding=UTF8".encode()


def oom_kills():
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


class Lost(Exception):
    """The connection to the server broke."""


def _libpq():
    """The few libpq calls the driver needs, through ctypes: importing psycopg would cost more
    than starting the server."""
    lib = ctypes.CDLL("libpq.so.5")
    ptr, num, text = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
    signatures = {
        "PQconnectdb": (ptr, text),
        "PQstatus": (num, ptr),
        "PQerrorMessage": (text, ptr),
        "PQfinish": (None, ptr),
        "PQbackendPID": (num, ptr),
        "PQsocket": (num, ptr),
        "PQsetNoticeProcessor": (ptr, ptr, NOTICE_PROCESSOR, ptr),
        "PQsendQuery": (num, ptr, text),
        "PQsetSingleRowMode": (num, ptr),
        "PQconsumeInput": (num, ptr),
        "PQisBusy": (num, ptr),
        "PQgetResult": (ptr, ptr),
        "PQresultStatus": (num, ptr),
        "PQresultErrorMessage": (text, ptr),
        "PQresultErrorField": (text, ptr, num),
        "PQnfields": (num, ptr),
        "PQfname": (text, ptr, num),
        "PQftype": (ctypes.c_uint, ptr, num),
        "PQgetisnull": (num, ptr, num, num),
        "PQgetlength": (num, ptr, num, num),
        "PQgetvalue": (ptr, ptr, num, num),
        "PQclear": (None, ptr),
        "PQgetCancel": (ptr, ptr),
        "PQcancel": (num, ptr, text, num),
        "PQfreeCancel": (None, ptr),
        "PQputCopyEnd": (num, ptr, text),
        "PQgetCopyData": (num, ptr, ctypes.POINTER(ptr), num),
        "PQfreemem": (None, ptr),
    }
    for name, (restype, *argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


NOTICE_PROCESSOR = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)
QUIET = NOTICE_PROCESSOR(lambda _arg, _message: None)  # RAISE NOTICE floods go nowhere
PQ = _libpq()
CONNECTION_OK = 0
EMPTY_QUERY, COMMAND_OK, TUPLES_OK, COPY_OUT, COPY_IN = 0, 1, 2, 3, 4
FATAL_ERROR, SINGLE_TUPLE = 7, 9
DIAG_SQLSTATE = ord("C")


class Session:
    """One connection, and statements run on it one simple-query message at a time."""

    def __init__(self, user, dbname="task", patience_s=5.0, memory_mb=None):
        until = time.monotonic() + patience_s
        while True:
            conn = PQ.PQconnectdb(conninfo(user, dbname))
            if conn and PQ.PQstatus(conn) == CONNECTION_OK:
                break
            message = (PQ.PQerrorMessage(conn) or b"").decode("utf-8", "replace").strip()
            PQ.PQfinish(conn)
            # The server may be starting, or recovering from a crash the student caused.
            if time.monotonic() > until:
                raise Lost(message or "could not connect")
            time.sleep(0.02)
        PQ.PQsetNoticeProcessor(conn, QUIET, None)
        self.conn = conn
        self.pid = PQ.PQbackendPID(conn)
        if memory_mb is not None:
            # What the backend may allocate (heap and private mappings, not shared buffers).
            limit = int(memory_mb) << 20
            resource.prlimit(self.pid, resource.RLIMIT_DATA, (limit, limit))

    def close(self):
        if self.conn:
            PQ.PQfinish(self.conn)
            self.conn = None

    def _problem(self):
        return (PQ.PQerrorMessage(self.conn) or b"").decode("utf-8", "replace").strip()

    def _cancel(self):
        handle = PQ.PQgetCancel(self.conn)
        if handle:
            PQ.PQcancel(handle, ctypes.create_string_buffer(256), 256)
            PQ.PQfreeCancel(handle)

    def run(self, sql, deadline, max_rows, max_bytes, keep=True, on_stuck=None):
        """Run ``sql`` (one or more statements) and return the last statement's rows.

        ``{"ok", "result", "error", "code", "limit"}``: ``result`` is ``{"columns", "types",
        "rows"}`` or None when the last statement returns no rows (or ``keep`` is false);
        ``limit`` is "time", "rows" or "bytes" when this side stopped the statement, "lost" when
        the connection broke. ``on_stuck(pid)`` terminates a backend that ignores a cancel.
        """
        out = {"ok": True, "result": None, "error": None, "code": None, "limit": None}
        if not PQ.PQsendQuery(self.conn, sql.encode("utf-8")):
            return self._lost(out, self._problem())
        PQ.PQsetSingleRowMode(self.conn)
        state = {"escalation": 0, "give_up": deadline}  # 0 running, 1 cancelled, 2 terminated

        def stop(reason):
            if out["limit"] is None:
                out["limit"] = reason
            if state["escalation"] == 0:
                state["escalation"] = 1
                state["give_up"] = time.monotonic() + GRACE_S
                self._cancel()

        def wait():
            """Wait for input until the deadline, escalating past it; False when lost."""
            now = time.monotonic()
            if now >= state["give_up"]:
                if state["escalation"] == 0:
                    stop("time")
                elif state["escalation"] == 1 and on_stuck is not None:
                    state["escalation"] = 2
                    state["give_up"] = now + GRACE_S
                    on_stuck(self.pid)
                else:
                    out["limit"] = out["limit"] or "time"
                    return False
                return True
            left = min(state["give_up"] - now, 0.5)
            ready, _, _ = select.select([PQ.PQsocket(self.conn)], [], [], left)
            return not ready or bool(PQ.PQconsumeInput(self.conn))

        current = None  # the rows of the statement being read
        refused_copy = False
        rows = size = 0
        while True:
            if PQ.PQisBusy(self.conn):
                if not wait():
                    return self._lost(out, self._problem() or "the statement could not be stopped")
                continue
            result = PQ.PQgetResult(self.conn)
            if not result:
                break
            try:
                status = PQ.PQresultStatus(result)
                if status in (SINGLE_TUPLE, TUPLES_OK):
                    if current is None:
                        current = self._header(result)
                        rows = size = 0
                    if status == SINGLE_TUPLE:
                        rows += 1
                        cells = self._cells(result)
                        size += sum(CELL_OVERHEAD + len(v or b"") for v in cells)
                        if rows > max_rows:
                            stop("rows")
                        elif size > max_bytes:
                            stop("bytes")
                        elif keep and out["limit"] is None:
                            current["rows"].append(self._row(cells, current["types"]))
                    else:  # the end of a statement's rows
                        out["result"] = current if keep else None
                        current = None
                elif status == COPY_IN:
                    PQ.PQputCopyEnd(self.conn, b"COPY FROM STDIN is not available here: use INSERT")
                    refused_copy = True
                elif status == COPY_OUT:
                    if not self._drain_copy(max_bytes, stop, wait):
                        return self._lost(out, self._problem() or "COPY could not be stopped")
                    out["result"] = None
                elif status == FATAL_ERROR:
                    if out["error"] is None:
                        message = PQ.PQresultErrorMessage(result) or b""
                        out["error"] = message.decode("utf-8", "replace").strip()[:MAX_ERROR]
                        code = PQ.PQresultErrorField(result, DIAG_SQLSTATE)
                        out["code"] = code.decode() if code else None
                        if refused_copy:  # not a cancel, whatever the server calls it
                            out["code"] = "0A000"
                    out["ok"] = False
                    out["result"] = None
                    current = None
                else:  # COMMAND_OK, EMPTY_QUERY: the latest statement returned no rows
                    out["result"] = None
            finally:
                PQ.PQclear(result)
        if PQ.PQstatus(self.conn) != CONNECTION_OK:
            return self._lost(out, self._problem())
        if out["limit"] is not None:
            out["ok"] = False
            out["result"] = None
        return out

    def _drain_copy(self, max_bytes, stop, wait):
        """Read ``COPY … TO STDOUT`` data and drop it, within the deadline and byte cap."""
        size = 0
        buffer = ctypes.c_void_p()
        while True:
            nbytes = PQ.PQgetCopyData(self.conn, ctypes.byref(buffer), 1)
            if nbytes > 0:
                PQ.PQfreemem(buffer)
                size += nbytes
                if size > max_bytes:
                    stop("bytes")
            elif nbytes == 0:
                if not wait():
                    return False
            else:  # -1: done (the final result follows), -2: an error
                return True

    def _lost(self, out, problem):
        out["ok"] = False
        out["result"] = None
        out["error"] = (
            out["error"]
            or ("the connection to the database server was lost: " + problem)[:MAX_ERROR]
        )
        out["limit"] = out["limit"] or "lost"
        self.close()
        return out

    @staticmethod
    def _header(result):
        columns, types = [], []
        for c in range(PQ.PQnfields(result)):
            columns.append((PQ.PQfname(result, c) or b"?").decode("utf-8", "replace"))
            oid = PQ.PQftype(result, c)
            types.append(
                "number" if oid in NUMBER_TYPES else "bool" if oid == BOOL_TYPE else "text"
            )
        return {"columns": columns, "types": types, "rows": []}

    @staticmethod
    def _cells(result):
        cells = []
        for c in range(PQ.PQnfields(result)):
            if PQ.PQgetisnull(result, 0, c):
                cells.append(None)
            else:
                length = PQ.PQgetlength(result, 0, c)
                cells.append(ctypes.string_at(PQ.PQgetvalue(result, 0, c), length))
        return cells

    @staticmethod
    def _row(cells, types):
        row = []
        for value, kind in zip(cells, types, strict=True):
            if value is None:
                row.append(None)
            elif kind == "bool":
                row.append(value == b"t")
            else:  # numbers stay text (exact); the host reads them as decimals
                row.append(value.decode("utf-8", "replace"))
        return row


def start_server():
    shutil.copytree("/srv/pg/template", DATA)
    os.chmod(DATA, 0o700)
    command = [f"{PG}/postgres", "-D", DATA, "-k", SOCKETS]
    for name, value in SERVER_OPTIONS.items():
        command += ["-c", f"{name}={value}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, Session("judge", "postgres", patience_s=10.0)


def prepare(admin, job):
    """The task database, the student and grader roles, and their limits."""
    timeout = int(job["statement_timeout_ms"])
    for statement in (
        "CREATE DATABASE task",
        "CREATE ROLE student LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
        " CONNECTION LIMIT 2",
        f"ALTER ROLE student SET statement_timeout = {timeout}",
        "ALTER ROLE student SET lock_timeout = 1000",
        "ALTER ROLE student SET idle_in_transaction_session_timeout = 5000",
        "ALTER ROLE student SET temp_file_limit = '64MB'",
        "ALTER ROLE student SET work_mem = '4MB'",
        "CREATE ROLE grader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
        " IN ROLE student",
        f"ALTER ROLE grader SET statement_timeout = {int(job['check_timeout_ms'])}",
        "ALTER ROLE grader SET lock_timeout = 1000",
        "REVOKE ALL ON DATABASE postgres FROM PUBLIC",
        "REVOKE ALL ON DATABASE template1 FROM PUBLIC",
    ):
        checked(admin.run(statement, time.monotonic() + 10, 10, 1 << 16), statement)


def grants(writable):
    if not writable:
        return (
            "GRANT USAGE ON SCHEMA public TO student; "
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO student;"
        )
    # State tasks (DDL, DML, transactions): the student owns the schema and what is in it.
    return """
ALTER SCHEMA public OWNER TO student;
DO $grant$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace
             AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
             AND NOT (c.relkind = 'S' AND EXISTS (
                 SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format('ALTER %s public.%I OWNER TO student',
      CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                     WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                     ELSE 'TABLE' END, r.relname);
  END LOOP;
END
$grant$;
"""


def checked(out, what):
    if not out["ok"]:
        raise SetupError(f"{what[:200]}: {out['error']}")
    return out


class SetupError(Exception):
    """The task's own schema, data or set-up failed (the judge's or the author's fault)."""


def terminate_student(admin):
    """End every session of the student (open transactions roll back, locks are released)."""
    query = (
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE usename = 'student' AND pid <> pg_backend_pid()"
    )
    until = time.monotonic() + 5
    while time.monotonic() < until:
        out = admin.run(query, time.monotonic() + 5, 10, 1 << 16)
        if out["ok"] and out["result"] and out["result"]["rows"][0][0] == "0":
            return
        time.sleep(0.01)


def run_student(job, admin, caps):
    """The student's statements, one at a time; returns what the host needs for a verdict."""
    statements = job["statements"]
    stop_on_error = bool(job.get("stop_on_error"))
    statement_s = int(job["statement_timeout_ms"]) / 1000 + STATEMENT_SLACK_S
    script_deadline = time.monotonic() + int(job["script_timeout_ms"]) / 1000
    out = {"ok": True, "result": None, "errors": [], "limit": None, "executed": 0}

    def stuck(pid):
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


def main():
    job = json.loads(sys.stdin.read())
    caps = (int(job["max_rows"]), int(job["max_bytes"]))
    timings = {}
    started = time.monotonic()
    server, admin = start_server()
    timings["start_ms"] = (time.monotonic() - started) * 1000
    out = {"timings": timings}
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


def run_checks(job, caps, memory_mb):
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


if __name__ == "__main__":
    main()
