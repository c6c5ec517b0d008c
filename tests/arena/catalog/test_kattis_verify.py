"""Verifying Kattis packages: time limits inferred as each version's tools infer them (with a
scripted judge, so the run times are exact), and whole packages through the real sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ictarena.catalog.packages.kattis import KattisOptions
from ictarena.catalog.packages.package import Reference, TimeLimitPlan
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.verify import Judged, inferred_limits, verify
from tests.arena.catalog.builders import PY_AC, PY_TLE, PY_WA, write

OPTIONS = KattisOptions(track="programming", tier="associate", module="kattis-test")


@pytest.mark.parametrize(
    ("plan", "slowest", "limits"),
    [
        # problemtools: T × time_multiplier rounded up to whole seconds, at least 1; TLE ones
        # must time out at the limit × time_safety_margin
        (TimeLimitPlan(5, 2, "legacy"), 0.001, (1, 2)),
        (TimeLimitPlan(5, 2, "legacy"), 0.29, (2, 4)),
        (TimeLimitPlan(5, 2, "legacy"), 0.31, (2, 4)),
        (TimeLimitPlan(5, 4, "legacy"), 0.098, (1, 4)),
        (TimeLimitPlan(5, 2, "legacy"), 1.0, (5, 10)),
        # 2025-09: the smallest multiple of the resolution at least T × ac_to_time_limit
        (TimeLimitPlan(2, 1.5, "2025-09"), 0.001, (1, 1.5)),
        (TimeLimitPlan(2, 1.5, "2025-09"), 0.6, (2, 3)),
        (TimeLimitPlan(2, 1.5, "2025-09", resolution=0.25), 0.6, (1.25, 1.875)),
        (TimeLimitPlan(2, 1.5, "2025-09"), 1.0, (2, 3)),
        (TimeLimitPlan(2, 1.5, "2025-09"), 45.0, (60, 60)),
    ],
)
def test_inferred_limits(plan: TimeLimitPlan, slowest: float, limits: tuple[float, float]) -> None:
    assert inferred_limits(plan, slowest) == pytest.approx(limits)


class ScriptedJudge:
    """Each submission 'runs' for the time its source names (``# 0.4 s``); over the limit it
    times out, else it gets the verdict its folder expects to see (a time-limit-exceeded one
    that finishes is accepted). ``limits`` records the
    limits each was judged with, in order."""

    def __init__(self) -> None:
        self.limits: dict[str, list[float]] = {}

    async def __call__(self, directory: Path, reference: Reference, time_s: float | None) -> Judged:
        limit = time_s or json.loads((directory / "dataset.json").read_text())["limits"]["time_s"]
        source = next(iter(reference.files.values())).decode()
        seconds = float(source.split("# ", 1)[1].split(" s", 1)[0])
        self.limits.setdefault(reference.path, []).append(limit)
        wanted = {"wrong_answer": "WA", "run_time_error": "RE"}
        verdict = "TLE" if seconds > limit else wanted.get(reference.path.split("/")[0], "AC")
        return Judged(verdict, None, None, [verdict], min(seconds, limit) * 1000)


def _package(root: Path, problem_yaml: str, runs: dict[str, float]) -> Path:
    files: dict[str, str | bytes] = {
        "problem.yaml": problem_yaml,
        "statement/problem.en.md": "Add.\n",
        "data/secret/1.in": "1 2\n",
        "data/secret/1.ans": "3\n",
    }
    for path, seconds in runs.items():
        files[f"submissions/{path}"] = f"# {seconds} s\n"
    return write(root / "timing", files)


async def test_legacy_inference_uses_accepted_runs_and_problemtools_rounding(
    tmp_path: Path,
) -> None:
    root = _package(
        tmp_path,
        "limits: {time_multiplier: 3, time_safety_margin: 2}\n",
        {"accepted/a.py": 0.4, "accepted/b.py": 0.5, "wrong_answer/w.py": 2.5,
         "time_limit_exceeded/t.py": 20.0, "time_limit_exceeded/close.py": 3.0},
    )  # fmt: skip
    package = read_paths([root], OPTIONS).packages[0]
    judge = ScriptedJudge()
    results = {r.path: r for r in await verify(package, judge)}
    # 0.5 s × 3 = 1.5 → 2 s (rounded up); the higher limit is 2 × time_safety_margin = 4 s
    assert package.manifest["limits"]["time_s"] == 2
    assert judge.limits["accepted/b.py"] == [10]  # judged once, to infer the limit
    assert judge.limits["time_limit_exceeded/t.py"] == [4, 2]  # high, then the limit
    assert package.time_limit_note is not None and "inferred (legacy)" in package.time_limit_note
    # slower than the limit, but a wrong answer with the higher limit: OK with extra time
    slow = results["wrong_answer/w.py"]
    assert (slow.outcome, slow.verdict, slow.note) == ("ok", "TLE", "OK with extra time (4 s)")
    assert slow.sensitive and slow.high_verdict == "WA"
    # times out with the limit but not with 4 s: agrees, with a warning instead of a failure
    close = results["time_limit_exceeded/close.py"]
    assert (close.outcome, close.verdict, close.sensitive) == ("ok", "TLE", True)
    assert "TLE with 2 s, AC with 4 s (2 × 2)" in close.warnings[0]
    assert not results["time_limit_exceeded/t.py"].sensitive
    assert all(r.outcome == "ok" for r in results.values())


async def test_2025_inference_counts_every_run_that_must_not_time_out(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        "problem_format_version: 2025-09\nname: T\nuuid: u\n"
        "limits: {time_resolution: 0.5,\n"
        "         time_multipliers: {ac_to_time_limit: 2, time_limit_to_tle: 2}}\n",
        {"accepted/a.py": 0.3, "wrong_answer/slow_wa.py": 0.9, "time_limit_exceeded/t.py": 5.0},
    )  # fmt: skip
    package = read_paths([root], OPTIONS).packages[0]
    judge = ScriptedJudge()
    results = await verify(package, judge)
    assert package.manifest["limits"]["time_s"] == 2.0  # 0.9 × 2 = 1.8 → 2.0 (steps of 0.5)
    assert judge.limits["time_limit_exceeded/t.py"] == [4.0, 2.0]  # × time_limit_to_tle
    assert all(r.outcome == "ok" for r in results), [str(r) for r in results]


async def test_inference_gives_up_when_a_run_times_out_even_generously(tmp_path: Path) -> None:
    root = _package(tmp_path, "source: X\n", {"accepted/a.py": 30.0})
    package = read_paths([root], OPTIONS).packages[0]
    results = await verify(package, ScriptedJudge())
    assert package.time_limit_plan is not None  # still unset
    assert any("timed out even at 10 s" in str(r) for r in results)


LEGACY_SCORING: dict[str, str | bytes] = {
    "problem.yaml": "problem_format_version: 2023-07-draft\ntype: scoring\nname: Odd Echo\n",
    ".timelimit": "1\n",
    "problem_statement/problem.en.tex": "\\problemname{Odd Echo}\nEcho the odd words.\n",
    "data/sample/1.in": "1 2\n",
    "data/sample/1.ans": "3\n",
    "data/secret/testdata.yaml": "on_reject: continue\nrange: 0 100\n"
    "grader_flags: first_error accept_if_any_accepted\n",
    "data/secret/small/testdata.yaml": "on_reject: break\naccept_score: 1\nrange: 0 1\n"
    "grader_flags: min\n",
    "data/secret/small/1.in": "1 1\n",
    "data/secret/small/1.ans": "2\n",
    "data/secret/large/testdata.yaml": "on_reject: break\naccept_score: 50\nrange: 0 50\n"
    "grader_flags: min\n",
    "data/secret/large/1.in": "100 1\n",
    "data/secret/large/1.ans": "101\n",
    "submissions/accepted/sol.py": PY_AC,
    "submissions/partially_accepted/small.py": "a, b = map(int, input().split())\n"
    "print(a + b if a < 10 else 0)\n",
    "submissions/wrong_answer/minus.py": PY_WA,
    "submissions/time_limit_exceeded/spin.py": PY_TLE,
}


@pytest.mark.docker
async def test_a_legacy_scoring_package_verifies_with_kattis_grading(tmp_path: Path) -> None:
    package = read_paths([write(tmp_path / "oddecho", LEGACY_SCORING)], OPTIONS).packages[0]
    results = {r.path: r for r in await verify(package)}
    # the sample's default accept_score (1) counts: data/ has no testdata.yaml to ignore it
    assert {p: (r.outcome, r.verdict, r.score) for p, r in results.items()} == {
        "accepted/sol.py": ("ok", "AC", 52),
        "partially_accepted/small.py": ("ok", "PA", 2),
        "wrong_answer/minus.py": ("ok", "WA", 0),
        "time_limit_exceeded/spin.py": ("ok", "TLE", 0),
    }


@pytest.mark.docker
async def test_folder_submissions_and_expected_results_lines_verify(tmp_path: Path) -> None:
    root = write(
        tmp_path / "hello",
        {
            "problem.yaml": "name: hello\nauthor: DOMjudge\nvalidation: default\n",
            "domjudge-problem.ini": "probid='A'\ntimelimit='2'\n",
            "data/sample/hello.in": "",
            "data/sample/hello.ans": "Hello world!\n",
            "data/secret/hello.in": "",
            "data/secret/hello.ans": "Hello world!\n",
            "submissions/accepted/test-extra-file.c/test-hello.c":
                '#include <stdio.h>\nint main(){printf("Hello world!\\n");return 0;}\n',
            "submissions/accepted/test-extra-file.c/random-extra-file": b"\x00\xff junk",
            "submissions/accepted/test-multifile.java/hello.java":
                "public class hello { public static void main(String[] a) {"
                " new message().print(); } };\n",
            "submissions/accepted/test-multifile.java/message.java":
                'public class message { void print() { System.out.println("Hello world!"); } };\n',
            "submissions/accepted/TestHello.java":
                'class TestHello { public static void main(String[] a) {'
                ' System.out.print("Hello world!\\n"); } }\n',
            "submissions/mixed/test-expected-result.c":
                "/*\n * @EXPECTED_RESULTS@: CORRECT, NO-OUTPUT\n */\nint main(){return 0;}\n",
            "submissions/submissions.yaml": "mixed:\n  permitted: [AC, WA, TLE, RTE]\n",
            "submissions/time_limit_exceeded/test-fill-stdout.cc":
                '#include <iostream>\nint main(){while(1) std::cout << "Fill stdout.\\n";}\n',
            "submissions/run_time_error/test-sigfpe.java":
                "class Main { public static void main(String[] a) { int z = 0;"
                " System.out.println(10 / z); } }\n",
        },
    )  # fmt: skip
    package = read_paths([root], OPTIONS).packages[0]
    results = await verify(package)
    assert [(r.path, r.outcome) for r in results if r.outcome != "ok"] == []
    assert {r.path: r.verdict for r in results}["mixed/test-expected-result.c"] == "WA"


async def test_a_slow_crash_is_still_a_crash_with_extra_time(tmp_path: Path) -> None:
    """problemtools' "OK with extra time": a run_time_error submission that runs out of time
    first (allocating 2 GB takes a while) agrees when it crashes given more time."""
    root = _package(
        tmp_path,
        "source: X\n",
        {"accepted/a.py": 0.1, "run_time_error/slow_crash.py": 1.5, "wrong_answer/w.py": 9.0},
    )
    write(root, {".timelimit": "1\n"})
    package = read_paths([root], OPTIONS).packages[0]
    judge = ScriptedJudge()
    results = {r.path: r for r in await verify(package, judge)}
    slow = results["run_time_error/slow_crash.py"]
    assert (slow.outcome, slow.verdict, slow.note) == ("ok", "TLE", "OK with extra time (2 s)")
    assert slow.high_verdict == "RE"
    assert results["wrong_answer/w.py"].outcome == "mismatch"  # too slow even then
    assert judge.limits["accepted/a.py"] == [2]  # nowhere near the limit: judged once


async def test_a_stated_limit_tighter_than_the_accepted_runs_allow_is_a_warning(
    tmp_path: Path,
) -> None:
    """problemtools: the slowest accepted run × ac_to_time_limit must fit in a stated limit."""
    root = _package(tmp_path, "source: X\n", {"accepted/a.py": 0.1, "accepted/b.py": 0.3})
    write(root, {".timelimit": "1\n"})
    results = {r.path: r for r in await verify(read_paths([root], OPTIONS).packages[0],
                                               ScriptedJudge())}  # fmt: skip
    assert results["accepted/b.py"].outcome == "ok"
    assert results["accepted/b.py"].warnings == [
        "the time limit (1 s) is tighter than 5 × this run (0.300 s = 1.500 s)"
    ]
    assert results["accepted/a.py"].warnings == []
