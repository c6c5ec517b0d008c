"""Hostile and clumsy SQL against the real engine: every case ends in a clear verdict (never a
judge error), within the limits, and leaves no container behind (see conftest)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ictjudge.labs import grade_lab
from ictjudge.labs.report import LabReport
from ictjudge.labs.sql.spec import SqlLab
from ictjudge.wire import Verdict

pytestmark = pytest.mark.docker

SCHEMA = """
CREATE TABLE devices (id int PRIMARY KEY, hostname text NOT NULL UNIQUE, site text);
CREATE TABLE alarms (
    id int PRIMARY KEY,
    device_id int NOT NULL REFERENCES devices(id),
    severity text NOT NULL,
    raised_at timestamp NOT NULL
);
"""
DATA = """
INSERT INTO devices VALUES (1, 'sz-core-01', 'Shenzhen'), (2, 'gz-agg-01', 'Guangzhou'),
    (3, 'bj-acc-07', NULL);
INSERT INTO alarms
SELECT g, 1 + g % 3, (ARRAY['critical', 'major', 'minor'])[1 + g % 3],
       timestamp '2024-05-01 00:00' + g * interval '7 minutes'
FROM generate_series(1, 300) g;
"""
REFERENCE = "SELECT d.hostname, count(*) FROM devices d JOIN alarms a ON a.device_id = d.id GROUP BY d.hostname"
RIGHT = "SELECT hostname, count(*) FROM alarms JOIN devices ON devices.id = device_id GROUP BY 1;"
CHECKS = [
    {
        "id": "index",
        "points": 40,
        "query": "SELECT count(*) FROM pg_indexes WHERE indexname = 'alarms_device_idx'",
        "expect": [[1]],
    },
    {
        "id": "severity",
        "points": 30,
        "query": "SELECT arena.attempt($$INSERT INTO alarms VALUES (999, 1, 'bogus', now())$$)",
        "expect": [["23514"]],
    },
    {
        "id": "moved",
        "points": 30,
        "query": "SELECT site FROM devices WHERE id = 3",
        "expect": [["Beijing"]],
    },
]
FULL_STATE = (
    "CREATE INDEX alarms_device_idx ON alarms (device_id);\n"
    "ALTER TABLE alarms ADD CONSTRAINT severity_known"
    " CHECK (severity IN ('critical', 'major', 'minor', 'warning'));\n"
    "UPDATE devices SET site = 'Beijing' WHERE id = 3;\n"
)


def _task(root: Path, lab: dict[str, Any]) -> Path:
    (root / "lab").mkdir(parents=True)
    (root / "lab" / "schema.sql").write_text(SCHEMA)
    (root / "lab" / "data.sql").write_text(DATA)
    (root / "lab" / "reference.sql").write_text(REFERENCE)
    SqlLab.model_validate(lab)
    (root / "dataset.json").write_text(json.dumps({"task_type": "sql", "lab": lab}))
    return root


@pytest.fixture
def query_task(tmp_path: Path) -> Path:
    lab = {
        "schema": "schema.sql",
        "data": "data.sql",
        "reference": "reference.sql",
        "statement_timeout_ms": 1000,
    }
    return _task(tmp_path / "query", lab)


@pytest.fixture
def state_task(tmp_path: Path) -> Path:
    lab = {
        "schema": "schema.sql",
        "data": "data.sql",
        "checks": CHECKS,
        "statement_timeout_ms": 1000,
    }
    return _task(tmp_path / "state", lab)


def _said(report: LabReport) -> str:
    return report.message + " | " + " | ".join(i.feedback for i in report.items)


async def _grade(task: Path, sql: str, client: Any) -> LabReport:
    report = await grade_lab(task, {"answer.sql": sql}, client)
    assert report.verdict is not Verdict.JE
    # The sandbox's limits bound every judging: 5 s of script plus start and checks.
    assert report.timing_ms["total_ms"] < 15000, report.timing_ms
    return report


QUERY_CASES = [
    ("right", RIGHT, Verdict.AC, ""),
    ("statement-timeout-zero", "SET statement_timeout = 0; SELECT pg_sleep(1e9)", Verdict.TLE,
     "Statement 2 (line 1) ran longer than 1000 ms"),
    ("reset-all", "RESET ALL;\nSELECT pg_sleep(1e9)", Verdict.TLE, "Statement 2 (line 2) ran longer"),
    ("set-local-in-transaction", "BEGIN; SET LOCAL statement_timeout = 0; SELECT pg_sleep(100)",
     Verdict.TLE, "was cancelled"),
    ("endless-plpgsql", "DO $$BEGIN LOOP END LOOP; END$$", Verdict.TLE, "ran longer than 1000 ms"),
    ("script-budget", "SELECT pg_sleep(0.9);\n" * 8, Verdict.TLE,
     "Your script ran longer than 5 s in total"),
    ("set-role", "SET ROLE judge", Verdict.RE, "permission denied to set role"),
    ("session-authorization", "SET SESSION AUTHORIZATION judge", Verdict.RE, "permission denied"),
    ("alter-role-superuser", "ALTER ROLE student SUPERUSER", Verdict.RE, "must be superuser"),
    ("create-extension-trusted", "CREATE EXTENSION pgcrypto", Verdict.RE, "permission denied"),
    ("create-extension-untrusted", "CREATE EXTENSION file_fdw", Verdict.RE, "permission denied"),
    ("untrusted-language", "CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE c AS 'x', 'y'", Verdict.RE,
     "permission denied for language c"),
    ("cancel-the-jury", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'judge'",
     Verdict.RE, "superuser"),
    ("prepared-transaction", "BEGIN; SELECT 1; PREPARE TRANSACTION 'keep'", Verdict.RE,
     "prepared transactions are disabled"),
    ("huge-allocation", "SELECT length(repeat('x', 300000000))", Verdict.MLE, "out of memory"),
    ("work-mem-escape", "SET work_mem = '4GB'; SET hash_mem_multiplier = 10;\n"
     "SELECT count(*) FROM (SELECT DISTINCT a.id * 1000000 + b.id * 1000 + c.id,"
     " md5(a.severity || b.severity) FROM alarms a, alarms b, alarms c) s", Verdict.MLE,
     "Statement 3 (line 2) used more memory than allowed"),
    ("giant-result-rows", "SELECT a.id, b.id FROM alarms a, alarms b", Verdict.OLE,
     "returned more than 10000 rows"),
    ("giant-result-bytes", "SELECT repeat('x', 1000000) FROM alarms", Verdict.OLE,
     "returned more than 2 MiB"),
    ("copy-to-stdout", "COPY (SELECT repeat('x', 100000) FROM alarms a, alarms b) TO STDOUT",
     Verdict.OLE, "more than 2 MiB"),
    ("self-terminate", "SELECT pg_terminate_backend(pg_backend_pid())", Verdict.RE,
     "ended the connection"),
    ("notice-flood",
     "DO $$BEGIN FOR i IN 1..20000 LOOP RAISE NOTICE '%', repeat('n', 1000); END LOOP; END$$;\n" + RIGHT,
     Verdict.AC, ""),
    ("located-error", "SELECT 1;\n\nSELEC hostname FROM devices", Verdict.RE,
     "Statement 2 (line 3) failed: ERROR:  syntax error"),
    ("not-a-query", "CREATE TEMP TABLE x (a int)", Verdict.WA, "The last statement returned no rows"),
    ("empty", "-- nothing yet", Verdict.WA, "The script is empty"),
    ("nul-character", "SELECT 1;\nSELECT '\0'", Verdict.RE, "line 2: the script contains a NUL"),
    ("enormous-script", "SELECT 1 /*" + "x" * 300_000 + "*/", Verdict.RE, "at most 256 KiB"),
    ("too-many-statements", "SELECT 1;" * 6000, Verdict.RE, "6000 statements; at most 5000"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sql", "verdict", "said"), [c[1:] for c in QUERY_CASES], ids=[c[0] for c in QUERY_CASES]
)
async def test_query_task_limits(
    docker_client: Any, query_task: Path, sql: str, verdict: Verdict, said: str
) -> None:
    report = await _grade(query_task, sql, docker_client)
    assert report.verdict is verdict, report
    assert said in _said(report)


async def test_state_task_scores_each_check(docker_client: Any, state_task: Path) -> None:
    report = await _grade(state_task, FULL_STATE, docker_client)
    assert (report.verdict, report.score, report.max_score) == (Verdict.AC, 100, 100), report
    assert report.message == ""


STATE_CASES = [
    # (id, script, verdict, score, said)
    ("continues-after-an-error",
     "CREATE INDEX alarms_device_idx ON alarms (device_id);\n"
     "ALTER TABLE alarms ADD CONSTRAINT s CHECK (severity = 'critical');\n"
     "UPDATE devices SET site = 'Beijing' WHERE id = 3;",
     Verdict.PA, 70, "Statement 2 (line 2) failed: ERROR:  check constraint"),
    ("failed-transaction-rolls-back",
     "BEGIN;\nUPDATE devices SET site = 'Beijing' WHERE id = 3;\n"
     "ALTER TABLE alarms ADD CONSTRAINT s CHECK (severity = 'critical');\nCOMMIT;",
     Verdict.RE, 0, "Statement 3 (line 3) failed: ERROR:  check constraint"),
    ("open-transaction-and-lock",
     "CREATE INDEX alarms_device_idx ON alarms (device_id);\n"
     "BEGIN; LOCK TABLE devices, alarms IN ACCESS EXCLUSIVE MODE;\n"
     "UPDATE devices SET site = 'Beijing' WHERE id = 3;",
     Verdict.PA, 40, ""),
    ("drop-the-checked-tables", "DROP TABLE alarms, devices CASCADE;", Verdict.WA, 0,
     "The check failed to run: ERROR:  relation \"devices\" does not exist"),
    ("escalate-through-a-view",
     "CREATE FUNCTION public.own() RETURNS text LANGUAGE plpgsql AS $$BEGIN\n"
     "  EXECUTE 'ALTER ROLE student SUPERUSER';\n"
     "  COPY (SELECT 1) TO PROGRAM 'touch /work/owned';\n"
     "  RETURN 'Beijing'; END$$;\n"
     "ALTER TABLE devices RENAME TO devices_real;\n"
     "CREATE VIEW devices AS SELECT id, hostname, own() AS site FROM devices_real;",
     Verdict.WA, 0, "must be superuser to alter superuser roles"),
    ("revoke-the-grader", "REVOKE student FROM grader;\n" + FULL_STATE, Verdict.AC, 100,
     "must have admin option"),
    ("timeout-escape-in-state", "SET statement_timeout = 0;\nSELECT pg_sleep(1e9);\n" + FULL_STATE,
     Verdict.TLE, 0, "Statement 2 (line 2) ran longer than 1000 ms"),
    ("role-defaults", "ALTER ROLE student SET statement_timeout = 0;\n"
     "ALTER ROLE student SET search_path = nowhere;\n" + FULL_STATE, Verdict.AC, 100, ""),
    ("copy-from-stdin", "COPY devices FROM STDIN;\n" + FULL_STATE, Verdict.AC, 100,
     "COPY FROM STDIN is not available here"),
    ("copy-from-server-file", "COPY devices (hostname) FROM '/etc/passwd'", Verdict.RE, 0,
     "pg_read_server_files"),
    ("lo-import", "SELECT lo_import('/etc/passwd')", Verdict.RE, 0, "permission denied"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sql", "verdict", "score", "said"),
    [c[1:] for c in STATE_CASES],
    ids=[c[0] for c in STATE_CASES],
)
async def test_state_task_hostile(
    docker_client: Any, state_task: Path, sql: str, verdict: Verdict, score: float, said: str
) -> None:
    report = await _grade(state_task, sql, docker_client)
    assert (report.verdict, report.score) == (verdict, score), report
    assert said in _said(report)


async def test_filling_the_disk_is_a_verdict(docker_client: Any, state_task: Path) -> None:
    sql = (
        "CREATE TABLE fill AS SELECT repeat(md5(g::text), 30) AS x"
        " FROM generate_series(1, 3000000) g;\n" + FULL_STATE
    )
    report = await _grade(state_task, sql, docker_client)
    # Usually "could not extend file" (the statement fails, the rest runs); should the write-ahead
    # log hit the full disk first, the server restarts and the checks report what survived.
    assert report.verdict in (Verdict.AC, Verdict.PA, Verdict.MLE, Verdict.RE), report
    assert "Statement 1 (line 1)" in report.message
