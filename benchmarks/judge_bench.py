"""Judge benchmarks on the real Docker engine (median of repeated runs, baselines in the same run).

1. Per-test overhead: a static C A+B through the sandbox against the same binary run directly
   on the host.
2. Fixed cost per submission: everything a 20-test C++ judging spends outside compiling and
   running its tests (taking a sandbox, writing files, setting the run's limits, handing the
   sandbox back), with the warm pool against a sandbox started for each submission.
3. Compiling a typical ``bits/stdc++.h`` solution: with the precompiled header against the same
   source with one declaration before the include (which makes g++ ignore the header).
4. End to end: the 20-test C++ submission from the judge call to the report, without its
   compilation, with and without the pool.
5. Throughput: tests per second with one and with two judgings at once, with the pool.

Usage: .venv/bin/python benchmarks/judge_bench.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from ictjudge import images
from ictjudge.judge import JudgeConfig, Submission, judge_submission
from ictjudge.pool import Pool
from ictjudge.sandbox import Sandbox, SandboxConfig, connect

AB_C = '#include <stdio.h>\nint main(void){long a,b;if(scanf("%ld %ld",&a,&b)!=2)return 1;printf("%ld\\n",a+b);return 0;}\n'
AB_CPP = (
    "#include <bits/stdc++.h>\nusing namespace std;\n"
    "int main(){ios::sync_with_stdio(false);long long a,b;cin>>a>>b;"
    "vector<long long> v{a,b};cout<<accumulate(v.begin(),v.end(),0LL)<<'\\n';}\n"
)
NO_PCH = "int no_precompiled_header;\n" + AB_CPP  # a declaration first: g++ skips the .gch
TESTS = 20


def dataset(root: Path, n: int) -> Path:
    (root / "tests").mkdir(parents=True)
    tests = []
    for i in range(n):
        (root / "tests" / f"{i}.in").write_text(f"{i} {i * 7}\n")
        (root / "tests" / f"{i}.ans").write_text(f"{i * 8}\n")
        tests.append({"name": str(i), "input": f"tests/{i}.in", "answer": f"tests/{i}.ans"})
    (root / "dataset.json").write_text(json.dumps({"root": {"name": "root", "tests": tests}}))
    return root


def per_test_overhead(client: object, work: Path, repeat: int) -> tuple[float, float]:
    binary = work / "ab"
    source = work / "ab.c"
    source.write_text(AB_C)
    subprocess.run(["gcc", "-O2", "-static", "-o", str(binary), str(source)], check=True)
    bare = []
    for _ in range(repeat * 20):
        start = time.perf_counter()
        subprocess.run([str(binary)], input=b"1 2\n", capture_output=True, check=True)
        bare.append((time.perf_counter() - start) * 1000)
    sandboxed = []
    with Sandbox(client, SandboxConfig(), 256, 64) as box:
        box.write("ab", binary.read_bytes(), executable=True)
        box.snapshot()
        for _ in range(repeat * 20):
            start = time.perf_counter()
            box.write("in", b"1 2\n")
            box.run(["./ab"], 1000, 3000, 256 * 1024, 1 << 20, stdin="in", stdout="out")
            box.read("out", 1 << 20)
            box.clean()
            sandboxed.append((time.perf_counter() - start) * 1000)
    return statistics.median(bare), statistics.median(sandboxed)


class Judged:
    """Medians over repeated judgings of one submission: the whole call, its compilation, its
    tests, and the rest (the fixed cost)."""

    def __init__(self) -> None:
        self.total: list[float] = []
        self.compile: list[float] = []
        self.tests: list[float] = []

    def add(self, total: float, compile_ms: float, tests_ms: float) -> None:
        self.total.append(total)
        self.compile.append(compile_ms)
        self.tests.append(tests_ms)

    def median(self, name: str) -> float:
        return statistics.median(getattr(self, name))

    @property
    def fixed(self) -> float:
        return statistics.median(
            t - c - r for t, c, r in zip(self.total, self.compile, self.tests, strict=True)
        )

    @property
    def without_compile(self) -> float:
        return statistics.median(t - c for t, c in zip(self.total, self.compile, strict=True))


async def judged(
    client: Any, ds: Path, config: JudgeConfig, repeat: int, source: str = AB_CPP
) -> Judged:
    out = Judged()
    for _ in range(repeat):
        if config.pool is not None:  # as between two submissions: the pool has refilled
            await asyncio.to_thread(config.pool.settle)
        start = time.perf_counter()
        report = await judge_submission(
            ds, Submission("cpp", {"a.cpp": source}), client=client, config=config
        )
        total = (time.perf_counter() - start) * 1000
        assert report.verdict.value == "AC", report
        assert report.compile is not None
        out.add(total, report.compile.time_ms, report.timing_ms["tests"])
    return out


async def throughput(
    client: Any, ds: Path, config: JudgeConfig, at_once: int, rounds: int
) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        await asyncio.gather(
            *(
                judge_submission(
                    ds, Submission("cpp", {"a.cpp": AB_CPP}), client=client, config=config
                )
                for _ in range(at_once)
            )
        )
    return rounds * at_once * TESTS / (time.perf_counter() - start)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    client = connect()
    images.build_all(client, lambda m: None)
    fresh = JudgeConfig()
    pool = Pool(client, size=2)
    pooled = JudgeConfig(pool=pool)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            bare, boxed = per_test_overhead(client, work, args.repeat)
            ds = dataset(work / "ds", TESTS)
            await judged(client, ds, pooled, 2)  # the pool learns this task's shape
            cold = await judged(client, ds, fresh, args.repeat)
            warm = await judged(client, ds, pooled, args.repeat)
            no_pch = await judged(client, ds, pooled, args.repeat, NO_PCH)
            rounds = max(3, args.repeat // 3)
            one = await throughput(client, ds, pooled, 1, rounds * 2)
            two = await throughput(client, ds, pooled, 2, rounds)
            two_fresh = await throughput(client, ds, fresh, 2, rounds)
    finally:
        pool.close()
    cores = os.cpu_count()
    print("| measurement | median | baseline (same run) | ratio / difference | target |")
    print("|---|---|---|---|---|")
    print(
        f"| per-test run, static C A+B | {boxed:.2f} ms | bare on host {bare:.2f} ms "
        f"| +{boxed - bare:.2f} ms | ≤ +3 ms |"
    )
    print(
        f"| fixed cost per submission, warm pool | {warm.fixed:.0f} ms | a sandbox started for "
        f"it: {cold.fixed:.0f} ms | {warm.fixed / cold.fixed:.2f} | ≤ 30 ms |"
    )
    print(
        f"| compiling a bits/stdc++.h solution | {warm.median('compile'):.0f} ms | without the "
        f"precompiled header: {no_pch.median('compile'):.0f} ms "
        f"| {warm.median('compile') / no_pch.median('compile'):.2f} | ≤ 600 ms |"
    )
    print(
        f"| 20-test C++ submission end to end, compilation excluded, warm pool "
        f"| {warm.without_compile:.0f} ms | without the pool: {cold.without_compile:.0f} ms "
        f"| {warm.without_compile / cold.without_compile:.2f} | ≤ 300 ms |"
    )
    print(
        f"| the same, compilation included | {warm.median('total'):.0f} ms | without the pool "
        f"and precompiled header: {cold.median('total') - cold.median('compile') + no_pch.median('compile'):.0f} ms | — | — |"
    )
    print(f"| throughput, 1 judging at a time, warm pool | {one:.0f} tests/s | — | — | — |")
    print(
        f"| throughput, 2 judgings at once on {cores} cores, warm pool | {two:.0f} tests/s "
        f"| 1 at a time: {one:.0f} tests/s | {two / one:.2f} | — |"
    )
    print(
        f"| throughput, 2 judgings at once, no pool | {two_fresh:.0f} tests/s | with the pool: "
        f"{two:.0f} tests/s | {two_fresh / two:.2f} | — |"
    )


if __name__ == "__main__":
    asyncio.run(main())
