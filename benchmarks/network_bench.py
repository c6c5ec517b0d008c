"""Network lab benchmark on the real engine: bundled labs judged with their reference
configurations, from the judge call to the report, median of repeated runs, with the parts the
report times (container start and removal, topology, syntax check, daemons, configuration,
convergence, checks, live reads) and the time per device. By default the three-router OSPF lab
in FRR syntax (``problem_sets/datacom/ospf-single-area``), the same lab in VRP syntax
(``vrp-ospf-single-area``), the VRP VLAN lab (``vrp-vlan-access-trunk``: two switches, four
hosts) and the VRP campus (``vrp-campus``: two switches, three routers, four hosts).

Usage: .venv/bin/python benchmarks/network_bench.py [--repeat 5] [--task ospf-single-area ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from ictjudge import images
from ictjudge.labs import grade_lab
from ictjudge.sandbox import connect

DATACOM = Path(__file__).resolve().parents[1] / "problem_sets" / "datacom"
TASKS = ["ospf-single-area", "vrp-ospf-single-area", "vrp-vlan-access-trunk", "vrp-campus"]
STAGES = [
    ("container_ms", "container create, start and removal (with the driver's start)"),
    ("topology_ms", "topology: namespaces, veth pairs, bridges, listeners"),
    ("check_ms", "syntax check (vtysh --dryrun)"),
    ("daemons_ms", "FRR daemons (zebra, staticd, and ospfd where configured)"),
    ("apply_ms", "configuration applied (vtysh -f)"),
    ("convergence_ms", "convergence (polled until the items hold and the state is quiet)"),
    ("checks_ms", "assessment items (probes repeated)"),
    ("reads_ms", "live reads for display commands (VRP labs)"),
]
TARGET_MS = 15_000


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--task", action="append", choices=TASKS, help="default: all")
    args = parser.parse_args()
    client = connect()
    images.build_all(client, lambda m: None)
    for task in args.task or TASKS:
        await bench(client, DATACOM / task, args.repeat)


async def bench(client: object, task: Path, repeat: int) -> None:
    lab = yaml.safe_load((task / "task.yaml").read_text(encoding="utf-8"))["lab"]
    reference = task / "solutions" / "accepted" / "reference"
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(reference.iterdir())}
    totals: list[float] = []
    parts: dict[str, list[float]] = {key: [] for key, _ in STAGES}
    with tempfile.TemporaryDirectory() as tmp:
        dataset = Path(tmp)
        (dataset / "dataset.json").write_text(json.dumps({"task_type": "network", "lab": lab}))
        await grade_lab(dataset, files, client)  # warm-up: page cache, first container
        for _ in range(repeat):
            started = time.perf_counter()
            report = await grade_lab(dataset, files, client)
            totals.append((time.perf_counter() - started) * 1000)
            assert report.verdict.value == "AC", report
            for key, _ in STAGES:
                parts[key].append(report.timing_ms.get(key, 0.0))
    devices = len(lab["devices"])
    print(f"Network lab {task.name} ({devices} devices), judge call to report, median of {repeat}")
    print()
    print("| part | median |")
    print("|---|---|")
    for key, label in STAGES:
        print(f"| {label} | {statistics.median(parts[key]):.0f} ms |")
    median = statistics.median(totals)
    print(f"| **total** (target ≤ {TARGET_MS} ms) | **{median:.0f} ms** |")
    print(f"| per device | {median / devices:.0f} ms |")
    print()
    print(f"runs: {', '.join(f'{t:.0f}' for t in totals)} ms")
    print()


if __name__ == "__main__":
    asyncio.run(main())
