"""Runs inside the SQL sandbox (PID 1, user postgres, no network). Reads one JSON job on stdin,
prints one JSON result on stdout. Trusted code: the student's SQL only ever runs as the
unprivileged role ``student`` with a statement timeout, lock timeout and temp-file limit set on
the role itself."""

import json
import os
import shutil
import subprocess
import sys
import time

import psycopg2

PG = "/usr/lib/postgresql/15/bin"
DATA = "/work/pg"


def start():
    shutil.copytree("/srv/pg/template", DATA)
    os.chmod(DATA, 0o700)
    server = subprocess.Popen(
        [
            f"{PG}/postgres",
            "-D",
            DATA,
            "-k",
            "/work",
            "-c",
            "listen_addresses=",
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "shared_buffers=16MB",
            "-c",
            "max_connections=8",
            "-c",
            "work_mem=4MB",
            "-c",
            "logging_collector=off",
            "-c",
            "log_min_messages=fatal",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(500):
        try:
            return server, psycopg2.connect(host="/work", user="judge", dbname="postgres")
        except psycopg2.OperationalError:
            time.sleep(0.01)
    raise RuntimeError("postgres did not start")


def rows_of(cursor):
    if cursor.description is None:
        return None
    columns = [d.name for d in cursor.description]
    rows = cursor.fetchmany(10001)
    return {
        "columns": columns,
        "rows": [[cell_json(v) for v in row] for row in rows],
        "truncated": len(rows) > 10000,
    }


def cell_json(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def run_as(dbname, user, sql):
    connection = psycopg2.connect(host="/work", user=user, dbname=dbname)
    connection.autocommit = True  # a script runs as the server runs it, its own BEGIN/COMMIT too
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return {"ok": True, "result": rows_of(cursor)}
    except psycopg2.Error as exc:
        return {"ok": False, "error": (exc.pgerror or str(exc)).strip()[:2000], "code": exc.pgcode}
    finally:
        connection.close()


def main():
    job = json.loads(sys.stdin.read())
    started = time.monotonic()
    server, admin = start()
    timings = {"start_ms": (time.monotonic() - started) * 1000}
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("CREATE DATABASE task")
        cursor.execute(
            "CREATE ROLE student LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
        )
        timeout = int(job.get("statement_timeout_ms", 2000))
        cursor.execute(f"ALTER ROLE student SET statement_timeout = {timeout}")
        cursor.execute("ALTER ROLE student SET lock_timeout = 1000")
        cursor.execute("ALTER ROLE student SET idle_in_transaction_session_timeout = 5000")
        cursor.execute("ALTER ROLE student SET temp_file_limit = '64MB'")
        cursor.execute("ALTER ROLE student SET work_mem = '4MB'")
        cursor.execute("ALTER ROLE student CONNECTION LIMIT 2")
    admin.close()
    setup = run_as("task", "judge", job.get("schema", "") + "\n" + job.get("data", ""))
    if not setup["ok"]:
        print(json.dumps({"setup_error": setup["error"]}))
        return
    writable = job.get("mode") == "state"
    # State tasks (DDL, DML, transactions): the student owns the schema and its tables.
    # Query tasks: the student may only read.
    grants = (
        "ALTER SCHEMA public OWNER TO student; "
        "DO $$DECLARE r record; BEGIN "
        "FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP "
        "EXECUTE format('ALTER TABLE public.%I OWNER TO student', r.tablename); END LOOP; END$$;"
        if writable
        else "GRANT USAGE ON SCHEMA public TO student; "
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO student;"
    )
    run_as("task", "judge", grants + " REVOKE ALL ON DATABASE postgres FROM PUBLIC;")
    out = {"timings": timings}
    if job.get("reference"):
        out["reference"] = run_as("task", "judge", job["reference"])
    t = time.monotonic()
    out["student"] = run_as("task", "student", job.get("submission", ""))
    timings["student_ms"] = (time.monotonic() - t) * 1000
    t = time.monotonic()
    out["checks"] = [run_as("task", "judge", query) for query in job.get("checks", [])]
    timings["checks_ms"] = (time.monotonic() - t) * 1000
    print(json.dumps(out))
    sys.stdout.flush()
    server.terminate()


if __name__ == "__main__":
    main()
