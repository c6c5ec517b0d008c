"""The plagiarism benchmark still runs, at a toy size, and finds every copy it planted. Times
nothing (benchmarks/plagiarism_bench.py does)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmark_runs_and_finds_its_planted_copies() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/plagiarism_bench.py", "--entries", "12", "--copies", "3",
         "--repeat", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "12 programs" in done.stdout and "66 pairs" in done.stdout
    assert "planted copies found at 80%: 3 of 3" in done.stdout, done.stdout
