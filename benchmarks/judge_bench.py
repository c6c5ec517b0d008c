"""Judge benchmarks on the real Docker engine (median of repeated runs, baselines in the same run).

1. Per-test overhead: a static C A+B through the sandbox against the same binary run directly
   on the host.
2. Fixed cost per submission: sandbox container create + start + remove, no compilation.
3. End to end: a 20-test C++ submission from the judge call to the report, compilation included.
4. Throughput: tests per second with two judgings at once on two cores.

Usage: .venv/bin/python benchmarks/judge_bench.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from ictjudge import images
from ictjudge.judge import Submission, judge_submission
from ictjudge.sandbox import Sandbox, SandboxConfig, connect

AB_C = '#include <stdio.h>\nint main(void){long a,b;if(scanf("%ld %ld",&a,&b)!=2)return 1;printf("%ld\\n",a+b);return 0;}\n'
AB_CPP = "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}\n"


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


def fixed_cost(client: object, repeat: int) -> float:
    costs = []
    for _ in range(repeat):
        start = time.perf_counter()
        with Sandbox(client, SandboxConfig(), 256, 64):
            pass
        costs.append((time.perf_counter() - start) * 1000)
    return statistics.median(costs)


async def end_to_end(client: object, ds: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        report = await judge_submission(ds, Submission("cpp", {"a.cpp": AB_CPP}), client=client)
        assert report.verdict.value == "AC", report
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def throughput(client: object, ds: Path, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        await asyncio.gather(
            *(
                judge_submission(ds, Submission("cpp", {"a.cpp": AB_CPP}), client=client)
                for _ in range(2)
            )
        )
    return rounds * 2 * 20 / (time.perf_counter() - start)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    client = connect()
    images.build_all(client, lambda m: None)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bare, boxed = per_test_overhead(client, work, args.repeat)
        fixed = fixed_cost(client, args.repeat)
        ds = dataset(work / "ds", 20)
        e2e = await end_to_end(client, ds, args.repeat)
        tps = await throughput(client, ds, max(3, args.repeat // 3))
    print("| measurement | median | baseline (same run) | ratio / difference | target |")
    print("|---|---|---|---|---|")
    print(
        f"| per-test run, static C A+B | {boxed:.2f} ms | bare on host {bare:.2f} ms | +{boxed - bare:.2f} ms | ≤ +3 ms |"
    )
    print(
        f"| fixed cost per submission (create, start, remove) | {fixed:.0f} ms | — | — | ≤ 300 ms |"
    )
    print(
        f"| end to end, 20-test C++ submission incl. compile | {e2e:.0f} ms | — | — | ≤ 1500 ms |"
    )
    print(f"| throughput, 2 judgings at once on 2 cores | {tps:.0f} tests/s | — | — | — |")


if __name__ == "__main__":
    asyncio.run(main())
