"""Configuration-task benchmarks on the real engine: an SQL task from the judge call to the
report, median of repeated runs, with its parts (sandbox start with the cluster, the student's
statement, the checks).

Usage: .venv/bin/python benchmarks/labs_bench.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from ictjudge import images
from ictjudge.labs import grade_lab
from ictjudge.sandbox import connect

SCHEMA = "CREATE TABLE orders (id int PRIMARY KEY, customer text, amount numeric(10,2));"
DATA = "INSERT INTO orders SELECT g, 'c' || (g % 50), g % 997 FROM generate_series(1, 5000) g;"
REFERENCE = "SELECT customer, SUM(amount) FROM orders GROUP BY customer"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    client = connect()
    images.build_all(client, lambda m: None)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "lab").mkdir()
        (root / "lab" / "schema.sql").write_text(SCHEMA)
        (root / "lab" / "data.sql").write_text(DATA)
        (root / "lab" / "reference.sql").write_text(REFERENCE)
        lab = {"schema": "schema.sql", "data": "data.sql", "reference": "reference.sql"}
        (root / "dataset.json").write_text(json.dumps({"task_type": "sql", "lab": lab}))
        totals, starts, students = [], [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            report = await grade_lab(root, {"a.sql": REFERENCE.lower()}, client)
            totals.append((time.perf_counter() - started) * 1000)
            assert report.verdict.value == "AC", report
            starts.append(report.timing_ms["start_ms"])
            students.append(report.timing_ms["student_ms"])
    print("| SQL task (5 000 rows), judge call to report | median |  target |")
    print("|---|---|---|")
    print(f"| total | {statistics.median(totals):.0f} ms | ≤ 2000 ms |")
    print(
        f"| of which: PostgreSQL start (cluster copied to tmpfs) | {statistics.median(starts):.0f} ms | |"
    )
    print(f"| of which: the student's query | {statistics.median(students):.1f} ms | |")


if __name__ == "__main__":
    asyncio.run(main())
