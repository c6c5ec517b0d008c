"""Service lab benchmark on the real engine: the bundled service tasks judged with their
reference solutions, from the judge call to the report, median of repeated runs, with the
parts the report times (container start and removal, the LAN, the hosts' boots, the scripts,
each check with the actions before it).

By default the Cloud track's ``lb-round-robin`` (nginx over two web servers, one of which loses
power: four hosts) and the IoT track's ``broker-acl`` (Mosquitto with passwords and ACLs, eight
MQTT checks: two hosts).

With ``--all``, every bundled service task (its first accepted solution), ending with one
summary table: a row per task.

Usage: .venv/bin/python benchmarks/service_lab.py [--repeat 5] [--task cloud/lb-round-robin ...]
       .venv/bin/python benchmarks/service_lab.py --all [--repeat 3]
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

from ictarena.catalog.packages.labs import yaml_keys
from ictjudge import images
from ictjudge.labs import grade_lab
from ictjudge.sandbox import connect

SETS = Path(__file__).resolve().parents[1] / "problem_sets"
TASKS = ["cloud/lb-round-robin", "iot/broker-acl"]


def every_service_task() -> list[str]:
    """``set/task`` of every bundled task of type ``service``."""
    found = []
    for path in sorted(SETS.glob("*/*/task.yaml")):
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("type") == "service":
            found.append(f"{path.parent.parent.name}/{path.parent.name}")
    return found


STAGES = [
    ("container_ms", "container create, start and removal (with the driver's start)"),
    ("network_ms", "the LAN: namespaces, bridges, veth pairs, addresses"),
    ("boot_ms", "the hosts' boots (namespaces, overlays, /proc)"),
    ("scripts_ms", "hidden setups and the student's scripts"),
    ("checks_ms", "the checks, with their actions"),
]
TARGET_MS = 5_000


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--task", action="append", choices=every_service_task())
    parser.add_argument("--all", action="store_true", help="every bundled service task")
    args = parser.parse_args()
    client = connect()
    images.build_all(client, lambda m: None)
    tasks = every_service_task() if args.all else (args.task or TASKS)
    summary = [await bench(client, SETS / task, args.repeat) for task in tasks]
    if len(summary) > 1:
        print("| task | hosts | median | of which checks |")
        print("|---|---|---|---|")
        for task, (hosts, total, checks) in zip(tasks, summary, strict=True):
            print(f"| `{task}` | {hosts} | {total / 1000:.2f} s | {checks / 1000:.2f} s |")


async def bench(client: object, task: Path, repeat: int) -> tuple[int, float, float]:
    """Print the task's table; return its hosts, median total and median checks (ms)."""
    lab = yaml_keys(yaml.safe_load((task / "task.yaml").read_text(encoding="utf-8"))["lab"])
    reference = min((task / "solutions" / "accepted").iterdir())
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(reference.iterdir())}
    totals: list[float] = []
    parts: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        dataset = Path(tmp)
        (dataset / "dataset.json").write_text(json.dumps({"task_type": "service", "lab": lab}))
        for path in (task / "lab").rglob("*"):
            if path.is_file():
                target = dataset / path.relative_to(task)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
        await grade_lab(dataset, files, client)  # warm-up: page cache, first container
        for _ in range(repeat):
            started = time.perf_counter()
            report = await grade_lab(dataset, files, client)
            totals.append((time.perf_counter() - started) * 1000)
            assert report.verdict.value == "AC", report
            for key, value in report.timing_ms.items():
                parts.setdefault(key, []).append(value)
    hosts = len(lab["hosts"])
    print(f"Service lab {task.name} ({hosts} hosts), judge call to report, median of {repeat}")
    print()
    print("| part | median |")
    print("|---|---|")
    for key, label in STAGES:
        print(f"| {label} | {statistics.median(parts.get(key, [0.0])):.0f} ms |")
    for key in sorted(k for k in parts if k.startswith("check.")):
        name = key[len("check.") : -len("_ms")]
        print(f"| · check `{name}` | {statistics.median(parts[key]):.0f} ms |")
    median = statistics.median(totals)
    print(f"| **total** (target ≤ {TARGET_MS} ms) | **{median:.0f} ms** |")
    print()
    print(f"runs: {', '.join(f'{t:.0f}' for t in totals)} ms")
    print()
    return hosts, median, statistics.median(parts.get("checks_ms", [0.0]))


if __name__ == "__main__":
    asyncio.run(main())
