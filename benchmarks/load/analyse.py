"""The load run's figures, from what the clients saw and what the database recorded.

    python benchmarks/load/analyse.py --client out/submissions.csv --facts out/facts.json \\
        [--load-ended EPOCH] [--markdown]

- server errors: 5xx answers the clients got (target 0);
- page latency: p50 and p95 over every page view (target p95 ≤ 200 ms);
- queue to verdict, by task type: p50, p95 and max of the time from a submission's arrival to
  its verdict (the judging that counts);
- lost: a submission the platform acknowledged to its student that the database does not hold,
  or holds without a finished judging; doubled: one recorded twice (a judging made for it
  beyond its first, outside a rejudging), or a row no student was acknowledged for;
- drain: how long after the load stopped the last verdict came.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
from pathlib import Path
from typing import Any


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def analyse(client_csv: Path, facts_json: Path, load_ended: float | None) -> dict[str, Any]:
    with client_csv.open() as handle:
        sent = {int(row["submission"]): row for row in csv.DictReader(handle)}
    client = json.loads(client_csv.with_suffix(".client.json").read_text())
    facts = {s["id"]: s for s in json.loads(facts_json.read_text())["submissions"]}
    lost = sorted(
        i
        for i in sent
        if i not in facts or not any(j["valid"] and j["finished_at"] for j in facts[i]["judgings"])
    )
    doubled = sorted(
        s["id"]
        for s in facts.values()
        if sum(1 for j in s["judgings"] if j["rejudging"] is None) > 1
    )
    unacknowledged = sorted(set(facts) - set(sent))
    waits: dict[str, list[float]] = {}
    accepted: dict[str, int] = {}
    last = 0.0
    unfinished = 0
    for s in facts.values():
        finished = [j["finished_at"] for j in s["judgings"] if j["valid"] and j["finished_at"]]
        if not finished:
            unfinished += 1
            continue
        waits.setdefault(s["type"], []).append(finished[0] - s["created_at"])
        verdicts = [j["verdict"] for j in s["judgings"] if j["valid"] and j["finished_at"]]
        accepted[s["type"]] = accepted.get(s["type"], 0) + (verdicts[0] == "AC")
        last = max(last, finished[0])
    pages: list[float] = client["pages_ms"]
    return {
        "submissions": {"acknowledged": len(sent), "recorded": len(facts)},
        "server_errors": sum(client["server_errors"].values()),
        "server_errors_by_request": client["server_errors"],
        "refused": client["refused"],
        "pages": {
            "views": len(pages),
            "p50_ms": round(statistics.median(pages), 1) if pages else 0.0,
            "p95_ms": round(percentile(pages, 0.95), 1),
        },
        "queue_to_verdict_s": {
            kind: {
                "count": len(values),
                "accepted": accepted.get(kind, 0),
                "p50": round(statistics.median(values), 1),
                "p95": round(percentile(values, 0.95), 1),
                "max": round(max(values), 1),
            }
            for kind, values in sorted(waits.items())
        },
        "lost": lost,
        "doubled": doubled,
        "unacknowledged": unacknowledged,
        "unfinished": unfinished,
        "drain_s": round(max(0.0, last - load_ended), 1) if load_ended and last else None,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| measurement | result | target |",
        "|---|---|---|",
        f"| submissions acknowledged / recorded | {result['submissions']['acknowledged']} / "
        f"{result['submissions']['recorded']} | equal |",
        f"| 5xx answers | {result['server_errors']} | 0 |",
        f"| page views, p50 / p95 | {result['pages']['p50_ms']} / {result['pages']['p95_ms']} ms"
        " | p95 ≤ 200 ms |",
        f"| lost / doubled / unfinished | {len(result['lost'])} / {len(result['doubled'])} / "
        f"{result['unfinished']} | 0 / 0 / 0 |",
        f"| queue drained after the load stopped | {result['drain_s']} s | — |",
    ]
    lines += ["", "| task type | verdicts (accepted) | queue to verdict p50 | p95 | max |"]
    lines.append("|---|---|---|---|---|")
    for kind, w in result["queue_to_verdict_s"].items():
        lines.append(
            f"| {kind} | {w['count']} ({w['accepted']}) | {w['p50']} s | {w['p95']} s "
            f"| {w['max']} s |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client", type=Path, required=True)
    parser.add_argument("--facts", type=Path, required=True)
    parser.add_argument("--load-ended", type=float, default=None)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    result = analyse(args.client, args.facts, args.load_ended)
    print(markdown(result) if args.markdown else json.dumps(result, indent=1))
    failed = result["lost"] or result["doubled"] or result["unfinished"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
