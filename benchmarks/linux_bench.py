"""Linux lab benchmark on the real engine: bundled openEuler tasks from the judge call to the
report, median of repeated runs, with the parts (start, setup, the student's script, capture
of the state, checks). Also measures what capturing the state with ``docker commit`` would cost
instead of the tmpfs archive the grader streams.

Usage: .venv/bin/python benchmarks/linux_bench.py [--repeat 7] [--no-commit]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.storage import content, write_tree
from ictjudge import images
from ictjudge.labs import grade_lab
from ictjudge.sandbox import connect

SETS = Path(__file__).resolve().parents[1] / "problem_sets" / "openeuler"
TASKS = ["users-groups", "nftables-firewall"]
PARTS = [
    ("start", "start_ms", "both containers created and started"),
    ("setup", "setup_ms", "the task's hidden setup script"),
    ("script", "script_ms", "the student's script"),
    ("capture", "capture_ms", "processes killed, state archived and streamed"),
    ("checks", "checks_ms", "state extracted, facts gathered, probes run"),
    ("total", "total_ms", "judge call to report"),
]


async def bench_task(client: Any, folder: str, repeat: int) -> dict[str, list[float]]:
    package = read_paths([SETS / folder]).packages[0]
    accepted = next(r for r in package.references if r.path.startswith("accepted/"))
    files = {name: data.decode() for name, data in accepted.files.items()}
    samples: dict[str, list[float]] = {key: [] for _, key, _ in PARTS}
    with tempfile.TemporaryDirectory() as temp:
        dataset = Path(temp) / "dataset"
        write_tree(content(package), dataset)
        await grade_lab(dataset, files, client)  # warm the page cache
        for _ in range(repeat):
            started = time.perf_counter()
            report = await grade_lab(dataset, files, client)
            took = (time.perf_counter() - started) * 1000
            assert report.verdict.value == "AC", report
            for _, key, _ in PARTS:
                samples[key].append(took if key == "total_ms" else report.timing_ms.get(key, 0.0))
    return samples


def bench_commit(client: Any, repeat: int) -> list[float]:
    """The textbook capture: stop the lab container, commit it, start a container from the
    image, remove the image. Only the capture steps are timed."""
    took = []
    for _ in range(repeat):
        lab = client.containers.create(
            "ictarena/linux-lab:latest",
            entrypoint=["/bin/sh", "-c", "useradd alice && echo ok > /srv/state"],
            network_mode="none",
        )
        made = [lab]
        try:
            lab.start()
            lab.wait()
            started = time.perf_counter()
            image = lab.commit()
            check = client.containers.create(
                image.id, entrypoint=["/bin/cat", "/srv/state"], network_mode="none"
            )
            made.append(check)
            check.start()
            check.wait()
            check.remove(force=True)
            made.remove(check)
            client.images.remove(image.id, force=True)
            took.append((time.perf_counter() - started) * 1000)
        finally:
            for container in made:
                container.remove(force=True)
    return took


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-commit", action="store_true")
    args = parser.parse_args()
    client = connect()
    images.build_all(client, lambda m: None, names=["linux-lab"])
    results = {task: await bench_task(client, task, args.repeat) for task in TASKS}
    header = " | ".join(f"{task} (ms)" for task in TASKS)
    print(f"| part | {header} | what |")
    print("|---|" + "---|" * len(TASKS) + "---|")
    for name, key, what in PARTS:
        cells = " | ".join(f"{statistics.median(results[t][key]):.0f}" for t in TASKS)
        print(f"| {name} | {cells} | {what} |")
    print(f"\nmedian of {args.repeat} runs each; target: total ≤ 3000 ms")
    if not args.no_commit:
        commit = statistics.median(bench_commit(client, 3))
        archive = statistics.median(results[TASKS[0]]["capture_ms"])
        print(
            f"capture by docker commit + new container + image removal: {commit:.0f} ms "
            f"(the streamed tmpfs archive: {archive:.0f} ms)"
        )


if __name__ == "__main__":
    asyncio.run(main())
