"""Time-limit margins of the bundled code tasks, measured with the real judge.

For every code task: the slowest test of each accepted solution at the task's limit, and the
fastest time-limit-exceeded solution run again with the limit raised to ``--factor`` × the
limit (default 3.5): it must still time out there, so that a machine much faster than this one
cannot accept it. Prints one Markdown row per task.

Usage: .venv/bin/python benchmarks/time_margins.py [problem_sets/programming] [--factor 3.5]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.storage import content, write_tree
from ictarena.catalog.packages.verify import sandbox_judge
from ictjudge.sandbox import connect


async def main(paths: list[Path], factor: float) -> None:
    judge = sandbox_judge(connect())
    print("| task | limit | slowest accepted | margin | fastest TLE-labelled | margin |")
    print("|---|---|---|---|---|---|")
    for package in read_paths(paths).packages:
        if package.spec.type != "code":
            continue
        limit = float(package.manifest["limits"]["time_s"])
        with tempfile.TemporaryDirectory(prefix="arena-margins-") as temp:
            directory = Path(temp) / "dataset"
            write_tree(content(package), directory)
            accepted: list[tuple[float, str]] = []
            slow: list[tuple[float, str, str]] = []
            for reference in package.references:
                if reference.skipped:
                    continue
                if reference.path.startswith("accepted/"):
                    judged = await judge(directory, reference, None)
                    accepted.append((judged.slowest_ms / 1000, reference.path))
                elif reference.path.startswith("time_limit_exceeded/"):
                    judged = await judge(directory, reference, limit * factor)
                    slow.append((judged.slowest_ms / 1000, judged.verdict, reference.path))
        worst = max(accepted)
        row = [package.slug, f"{limit:g} s", f"{worst[0]:.3f} s ({worst[1].split('/')[-1]})",
               f"{limit / worst[0]:.1f}×" if worst[0] else "—"]  # fmt: skip
        if slow:
            fastest = min(slow)
            timed_out = "TLE" in fastest[1]
            shown = f"≥ {limit * factor:g} s" if timed_out else f"{fastest[0]:.3f} s, {fastest[1]}"
            ratio = f"≥ {factor:g}×" if timed_out else f"{fastest[0] / limit:.1f}×"
            row += [f"{shown} ({fastest[2].split('/')[-1]})", ratio]
        else:
            row += ["—", "—"]
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("problem_sets/programming")])
    parser.add_argument("--factor", type=float, default=3.5)
    args = parser.parse_args()
    asyncio.run(main(args.paths, args.factor))
