"""Where the compiler runs: under the run's memory limit first (so a sandbox made with the run's
limits needs no change), under the task's compile limit only when it ran out of memory, and the
tests always under the run's. A recording sandbox stands in for the engine: the control flow is
what is tested here; the real OOM path is in the hostile suite's compile-time bombs."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ictjudge.dataset import Dataset
from ictjudge.judge import JudgeConfig, Submission, _Job
from ictjudge.sandbox import RunResult, SandboxConfig
from tests.judge.conftest import make_dataset


class RecordingBox:
    """Answers the judge's protocol calls; the compiler is OOM-killed while the sandbox's
    memory is below ``compiler_needs_mb``."""

    def __init__(self, memory_mb: int, pids: int, compiler_needs_mb: int) -> None:
        self.memory_mb, self.pids = memory_mb, pids
        self.compiler_needs_mb = compiler_needs_mb
        self.config = SandboxConfig()
        self.events: list[tuple[str, int]] = []

    def write(self, path: str, data: bytes, executable: bool = False) -> None:
        pass

    def read(self, path: str, limit: int) -> tuple[bytes, int]:
        return b"", 0

    def delete(self, path: str) -> None:
        pass

    def snapshot(self) -> None:
        self.events.append(("snapshot", self.memory_mb))

    def resize(self, memory_mb: int, pids: int) -> None:
        self.events.append(("resize", memory_mb))
        self.memory_mb, self.pids = memory_mb, pids

    def run(self, argv: list[str], *args: Any, **kwargs: Any) -> RunResult:
        self.events.append(("compile", self.memory_mb))
        starved = self.memory_mb < self.compiler_needs_mb
        return RunResult(
            exit_code=1 if starved else 0,
            signal=0,
            cpu_ms=10.0,
            wall_ms=10.0,
            memory_kb=0,
            oom=starved,
            killed_wall=False,
            killed_cpu=False,
        )


class OnePool:
    """Hands out the recording sandbox, with the limits asked for."""

    def __init__(self, compiler_needs_mb: int) -> None:
        self.compiler_needs_mb = compiler_needs_mb
        self.boxes: list[RecordingBox] = []

    def take(self, config: SandboxConfig, memory_mb: int, pids: int, purpose: str) -> Any:
        box = RecordingBox(memory_mb, pids, self.compiler_needs_mb)
        self.boxes.append(box)
        return box

    def release(self, box: Any) -> None:
        pass


def _compile(tmp_path: Path, compiler_needs_mb: int) -> tuple[bool, list[tuple[str, int]]]:
    root = make_dataset(
        tmp_path / "ds", [("1\n", "1\n")], limits={"memory_mb": 64, "compile_memory_mb": 900}
    )
    pool = OnePool(compiler_needs_mb)
    config = JudgeConfig(pool=pool)  # type: ignore[arg-type]
    job = _Job(
        None,
        root,
        Dataset.load(root),
        Submission("c", {"a.c": "int main(void){return 0;}"}),
        config,
        lambda _: None,
        threading.Event(),
    )
    prepared = job.preflight()
    assert not isinstance(prepared, str)
    _box, compiled = job.compiled_box(*prepared)
    (box,) = pool.boxes
    return compiled.ok, box.events


def test_a_compiler_that_fits_in_the_runs_memory_runs_there_and_nothing_is_resized(
    tmp_path: Path,
) -> None:
    ok, events = _compile(tmp_path, compiler_needs_mb=0)
    assert ok
    assert events == [("compile", 64), ("snapshot", 64)]


def test_a_compiler_short_of_memory_gets_the_compile_limit_and_the_tests_the_runs(
    tmp_path: Path,
) -> None:
    ok, events = _compile(tmp_path, compiler_needs_mb=500)
    assert ok
    assert events == [
        ("compile", 64),
        ("resize", 900),
        ("compile", 900),
        ("resize", 64),
        ("snapshot", 64),
    ]


def test_a_compiler_short_even_of_the_compile_limit_is_a_compile_error_at_that_limit(
    tmp_path: Path,
) -> None:
    ok, events = _compile(tmp_path, compiler_needs_mb=2000)
    assert not ok
    assert events == [("compile", 64), ("resize", 900), ("compile", 900)]
