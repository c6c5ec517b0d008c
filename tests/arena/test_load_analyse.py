"""The load run's accounting (benchmarks/load/analyse.py): a submission acknowledged to its
student but missing or never judged is lost, one judged twice outside a rejudging is doubled,
a row no student was acknowledged for is named, and the figures come out by task type."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from benchmarks.load.analyse import analyse, markdown, percentile


def _judging(valid: bool = True, finished: float | None = 110.0, rejudging: int | None = None,
             verdict: str = "AC") -> dict[str, Any]:  # fmt: skip
    return {"valid": valid, "finished_at": finished, "rejudging": rejudging, "verdict": verdict}


def _write(tmp_path: Path, sent: list[int], submissions: list[dict[str, Any]]) -> tuple[Path, Path]:
    client = tmp_path / "subs.csv"
    with client.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["submission", "type", "student", "sent_at"])
        writer.writerows([i, "code", "load001", 100.0] for i in sent)
    client.with_suffix(".client.json").write_text(
        json.dumps({"pages_ms": [10.0, 20.0, 30.0, 400.0], "server_errors": {"x": 2}, "refused": 1})
    )
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"submissions": submissions}))
    return client, facts


def test_lost_doubled_and_unacknowledged_are_named(tmp_path: Path) -> None:
    submissions = [
        {"id": 1, "type": "code", "created_at": 100.0, "judgings": [_judging()]},
        {"id": 2, "type": "code", "created_at": 100.0, "judgings": [_judging(finished=None)]},
        {"id": 3, "type": "sql", "created_at": 100.0,
         "judgings": [_judging(valid=False), _judging(finished=130.0)]},
        {"id": 5, "type": "sql", "created_at": 100.0,
         "judgings": [_judging(valid=False, rejudging=7), _judging(finished=104.0)]},
        {"id": 6, "type": "network", "created_at": 100.0, "judgings": [_judging(verdict="WA")]},
    ]  # fmt: skip
    client, facts = _write(tmp_path, [1, 2, 3, 4, 5], submissions)
    result = analyse(client, facts, load_ended=120.0)
    assert result["lost"] == [2, 4]  # never judged; not in the database
    assert result["doubled"] == [3]  # two judgings, no rejudging
    assert result["unacknowledged"] == [6]
    assert result["unfinished"] == 1
    assert result["server_errors"] == 2
    assert result["drain_s"] == 10.0
    waits = result["queue_to_verdict_s"]
    assert waits["sql"] == {"count": 2, "accepted": 2, "p50": 17.0, "p95": 30.0, "max": 30.0}
    assert waits["network"]["accepted"] == 0
    assert "| 5xx answers | 2 | 0 |" in markdown(result)


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.95) == 95.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.5) == 0.0
