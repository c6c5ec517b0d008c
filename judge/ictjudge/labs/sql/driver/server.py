"""The throwaway PostgreSQL server of one judging (a copy of the image's template cluster on
tmpfs, tuned for speed and for nothing outliving it), the task database, the roles ``student``
and ``grader`` with their limits, and the grants of each task mode."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from typing import Any

from .session import SOCKETS, Outcome, Session

PG = "/usr/lib/postgresql/15/bin"
DATA = "/work/pg"
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


class SetupError(Exception):
    """The task's own schema, data or set-up failed (the judge's or the author's fault)."""


def checked(out: Outcome, what: str) -> Outcome:
    if not out["ok"]:
        raise SetupError(f"{what[:200]}: {out['error']}")
    return out


def start_server() -> tuple[subprocess.Popen[bytes], Session]:
    shutil.copytree("/srv/pg/template", DATA)
    os.chmod(DATA, 0o700)
    command = [f"{PG}/postgres", "-D", DATA, "-k", SOCKETS]
    for name, value in SERVER_OPTIONS.items():
        command += ["-c", f"{name}={value}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, Session("judge", "postgres", patience_s=10.0)


def prepare(admin: Session, job: dict[str, Any]) -> None:
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


def grants(writable: bool) -> str:
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


def terminate_student(admin: Session) -> None:
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
