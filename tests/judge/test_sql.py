"""SQL tasks: result comparison (pure) and grading in the PostgreSQL sandbox (real Docker),
including hostile SQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ictjudge.labs import grade_lab
from ictjudge.labs.sql.compare import Table, compare, orders_at_top_level
from ictjudge.labs.sql.spec import Compare, SqlLab
from ictjudge.wire import Verdict

SCHEMA = """
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, city text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id), amount numeric(10,2));
"""
DATA = """
INSERT INTO customers VALUES (1,'Li','Shenzhen'),(2,'Wang','Beijing'),(3,'Zhang',NULL);
INSERT INTO orders VALUES (1,1,100.50),(2,1,20),(3,2,75.25),(4,3,10);
"""


@pytest.mark.parametrize(
    ("query", "ordered"),
    [
        ("SELECT a FROM t ORDER BY a", True),
        ("SELECT a FROM (SELECT a FROM t ORDER BY a) s", False),
        ("SELECT 'order by' FROM t", False),
        ("SELECT a FROM t -- ORDER BY a", False),
        ("SELECT row_number() OVER (ORDER BY a) FROM t", False),
    ],
)
def test_top_level_order_by_is_detected(query: str, ordered: bool) -> None:
    assert orders_at_top_level(query) is ordered


def test_multiset_comparison_with_nulls_and_numbers() -> None:
    rules = Compare(float_precision=2)
    ok = compare(
        Table(["a", "b"], [[1, None], [2.5, "x"]]),
        Table(["x", "y"], [["2.50", "x"], [1.0, None]]),
        rules,
        False,
    )
    assert ok.ok
    missing = compare(Table(["a"], [[1], [1], [2]]), Table(["a"], [[1], [2]]), rules, False)
    assert not missing.ok and "Missing rows: (1)" in missing.feedback
    order = compare(Table(["a"], [[1], [2]]), Table(["a"], [[2], [1]]), rules, True)
    assert not order.ok and "wrong order" in order.feedback
    assert not compare(Table(["a", "b"], [[1, 2]]), Table(["a"], [[1]]), rules, False).ok
    assert not compare(
        Table(["a"], [[1]]), Table(["b"], [[1]]), Compare(column_names=True), False
    ).ok


def _task(root: Path, lab: dict[str, Any], reference: str | None = None) -> Path:
    (root / "lab").mkdir(parents=True)
    (root / "lab" / "schema.sql").write_text(SCHEMA)
    (root / "lab" / "data.sql").write_text(DATA)
    if reference:
        (root / "lab" / "reference.sql").write_text(reference)
    SqlLab.model_validate(lab)  # the spec itself is valid
    (root / "dataset.json").write_text(json.dumps({"task_type": "sql", "lab": lab}))
    return root


@pytest.fixture
def totals(tmp_path: Path) -> Path:
    return _task(
        tmp_path / "totals",
        {
            "schema": "schema.sql",
            "data": "data.sql",
            "reference": "reference.sql",
            "statement_timeout_ms": 1000,
        },
        "SELECT c.name, SUM(o.amount) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name",
    )


@pytest.mark.docker
@pytest.mark.parametrize(
    ("sql", "verdict", "feedback"),
    [
        (
            "select name, sum(amount) from customers join orders on customers.id = customer_id group by 1;",
            Verdict.AC,
            "",
        ),
        (
            "select name, max(amount) from customers join orders on customers.id = customer_id group by 1",
            Verdict.WA,
            "Missing rows: (Li, 120.5)",
        ),
        ("select pg_sleep(1e9)", Verdict.TLE, "cancelled"),
        (
            "select count(*) from generate_series(1,100000) a, generate_series(1,100000) b",
            Verdict.TLE,
            "cancelled",
        ),
        ("COPY (select 1) TO PROGRAM 'id'", Verdict.RE, "pg_execute_server_program"),
        ("select pg_read_file('/etc/passwd')", Verdict.RE, "permission denied"),
        ("COPY customers FROM '/etc/passwd'", Verdict.RE, "pg_read_server_files"),
        ("select lo_import('/etc/passwd')", Verdict.RE, "permission denied"),
        ("drop table orders", Verdict.RE, "must be owner"),
        ("selec 1", Verdict.RE, "syntax error"),
    ],
    ids=[
        "right",
        "wrong",
        "pg-sleep",
        "cross-join",
        "copy-program",
        "read-file",
        "copy-from-file",
        "lo-import",
        "drop",
        "syntax",
    ],
)
async def test_query_tasks(
    docker_client: Any, totals: Path, sql: str, verdict: Verdict, feedback: str
) -> None:
    report = await grade_lab(totals, {"answer.sql": sql}, docker_client)
    assert report.verdict is verdict, report
    assert feedback in report.items[0].feedback


@pytest.mark.docker
async def test_state_tasks_check_what_the_script_left(docker_client: Any, tmp_path: Path) -> None:
    lab = {
        "schema": "schema.sql",
        "data": "data.sql",
        "checks": [
            {
                "id": "index",
                "points": 40,
                "query": "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_customer_idx'",
                "expect": [[1]],
            },
            {
                "id": "check",
                "points": 30,
                "query": "SELECT count(*) FROM pg_constraint WHERE conname = 'amount_positive'",
                "expect": [[1]],
            },
            {
                "id": "moved",
                "points": 30,
                "query": "SELECT city FROM customers WHERE id = 3",
                "expect": [["Guangzhou"]],
            },
        ],
    }
    task = _task(tmp_path / "state", lab)
    full = (
        "CREATE INDEX orders_customer_idx ON orders(customer_id);"
        "ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0);"
        "BEGIN; UPDATE customers SET city = 'Guangzhou' WHERE id = 3; COMMIT;"
    )
    report = await grade_lab(task, {"a.sql": full}, docker_client)
    assert (report.verdict, report.score, report.max_score) == (Verdict.AC, 100, 100), report
    partial = await grade_lab(
        task, {"a.sql": "CREATE INDEX orders_customer_idx ON orders(customer_id);"}, docker_client
    )
    assert (partial.verdict, partial.score) == (Verdict.PA, 40)
    assert [item.passed for item in partial.items] == [True, False, False]
