"""Judge benchmarks on the real Docker engine (median of repeated runs, baselines in the same run).

1. Per-test overhead: a static C A+B through the sandbox against the same binary run directly
   on the host.
2. Fixed cost per submission: everything a 20-test C++ judging spends outside compiling and
   running its tests (taking a sandbox, writing files, setting the run's limits, handing the
   sandbox back), with the warm pool against a sandbox started for each submission.
3. Compiling three typical ``bits/stdc++.h`` solutions with the judge's C++20 command: with the
   precompiled header against the same source with one declaration before the include (which
   makes g++ ignore the header).
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
from ictjudge.languages import LANGUAGES, plan
from ictjudge.pool import Pool
from ictjudge.sandbox import Sandbox, SandboxConfig, connect

AB_C = '#include <stdio.h>\nint main(void){long a,b;if(scanf("%ld %ld",&a,&b)!=2)return 1;printf("%ld\\n",a+b);return 0;}\n'
AB_CPP = (
    "#include <bits/stdc++.h>\nusing namespace std;\n"
    "int main(){ios::sync_with_stdio(false);long long a,b;cin>>a>>b;"
    "vector<long long> v{a,b};cout<<accumulate(v.begin(),v.end(),0LL)<<'\\n';}\n"
)
# Typical solutions: A+B, a breadth-first search, a sort/map/set dynamic programme.
TYPICAL = {
    "A+B with iostream": AB_CPP,
    "BFS on a graph": (
        '#include <bits/stdc++.h>\nusing namespace std;\nint main(){int n,m;scanf("%d %d",&n,&m);'
        'vector<vector<int>> g(n);for(int i=0;i<m;i++){int a,b;scanf("%d %d",&a,&b);'
        "g[a].push_back(b);g[b].push_back(a);}vector<int> d(n,-1);queue<int> q;q.push(0);d[0]=0;"
        "while(!q.empty()){int u=q.front();q.pop();for(int v:g[u])if(d[v]<0){d[v]=d[u]+1;"
        'q.push(v);}}for(int x:d)printf("%d\\n",x);}\n'
    ),
    "sort, map and set": (
        "#include <bits/stdc++.h>\nusing namespace std;\ntypedef long long ll;\nint main(){int n;"
        "cin>>n;vector<ll> a(n);for(auto&x:a)cin>>x;sort(a.begin(),a.end());map<ll,int> cnt;"
        "set<ll> s;for(ll x:a){cnt[x]++;s.insert(x);}vector<ll> dp(n+1,0);for(int i=1;i<=n;i++)"
        "dp[i]=max(dp[i-1],dp[max(0,i-2)]+a[i-1]);cout<<dp[n]<<' '<<s.size()<<' '<<cnt.size()"
        "<<endl;}\n"
    ),
}
NO_PCH = "int no_precompiled_header;\n"  # a declaration before the include: g++ skips the .gch
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


def compile_times(client: object, repeat: int) -> dict[str, tuple[float, float]]:
    """Each typical solution's compilation in a sandbox, by the judge's C++20 command: the
    median with the precompiled header and without it."""
    language = LANGUAGES["cpp"]
    out = {}
    with Sandbox(client, SandboxConfig(), 1024, 64) as box:
        for name, source in TYPICAL.items():
            medians = []
            for prefix in ("", NO_PCH):
                program = plan(language, {"a.cpp": (prefix + source).encode()})
                assert not isinstance(program, str)
                argv = language.compile_argv(program, 256)
                assert argv is not None
                box.write("main.cpp", (prefix + source).encode())
                times = []
                for _ in range(repeat):
                    result = box.run(argv, 60_000, 120_000, 1 << 20, 64 << 20, stdout=".out")
                    assert result.exit_code == 0, box.read(".stderr", 4096)
                    times.append(result.wall_ms)
                medians.append(statistics.median(times))
            out[name] = (medians[0], medians[1])
    return out


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
        values: list[float] = getattr(self, name)
        return statistics.median(values)

    @property
    def fixed(self) -> float:
        return statistics.median(
            t - c - r for t, c, r in zip(self.total, self.compile, self.tests, strict=True)
        )

    @property
    def without_compile(self) -> float:
        return statistics.median(t - c for t, c in zip(self.total, self.compile, strict=True))


async def judged(client: Any, ds: Path, config: JudgeConfig, repeat: int) -> Judged:
    out = Judged()
    for _ in range(repeat):
        if config.pool is not None:  # as between two submissions: the pool has refilled
            await asyncio.to_thread(config.pool.settle)
        start = time.perf_counter()
        report = await judge_submission(
            ds, Submission("cpp", {"a.cpp": AB_CPP}), client=client, config=config
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
            compiles = compile_times(client, max(5, args.repeat // 2))
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
    for name, (with_pch, without) in compiles.items():
        print(
            f"| compiling a typical solution ({name}, bits/stdc++.h) | {with_pch:.0f} ms "
            f"| without the precompiled header: {without:.0f} ms | {with_pch / without:.2f} "
            "| ≤ 600 ms |"
        )
    print(
        f"| 20-test C++ submission end to end, compilation excluded, warm pool "
        f"| {warm.without_compile:.0f} ms | without the pool: {cold.without_compile:.0f} ms "
        f"| {warm.without_compile / cold.without_compile:.2f} | ≤ 300 ms |"
    )
    print(
        f"| the same, compilation included | {warm.median('total'):.0f} ms | without the pool: "
        f"{cold.median('total'):.0f} ms | {warm.median('total') / cold.median('total'):.2f} | — |"
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
