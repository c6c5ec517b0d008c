"""Running a program on an input the student typed: compile, run once, say what it printed.

    result = await run_custom(dataset_dir, Submission("cpp", {"a.cpp": source}), b"3 4\\n")

The program is compiled and run exactly as a judged submission is (:mod:`ictjudge.judge`: one
fresh locked-down container, the task's time, memory, output and process limits, the same
compiler flags), on one input that is not a test: nothing is checked and nothing is scored.
What comes back is what the program did — its output and error stream (cut to what a page
shows), its exit status or signal, its time and memory, and the limit it hit, if any — or the
compiler's message.

Infrastructure failures raise :class:`~ictjudge.errors.JudgeError`, as judging does.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ictjudge.dataset import Dataset
from ictjudge.errors import JudgeError
from ictjudge.judge import JudgeConfig, Submission, _Job, run_verdict, sanitise
from ictjudge.sandbox import connect
from ictjudge.wire import JudgeProgress

RUN_JOB = "run"
SHOWN_OUTPUT = 64 * 1024  # the program's output shown back, bytes
SHOWN_ERRORS = 8 * 1024  # its error stream shown back (the runner keeps the first 64 KiB)


@dataclass(frozen=True)
class RunJob:
    """A run as it travels to a judge host (the ``run`` job of ``arena:judge``): no database
    on that side, the task data found by its content hash as a judging's is."""

    run_id: str
    dataset_hash: str
    task_type: str
    language: str
    files: dict[str, str]
    stdin: str

    @classmethod
    def new(
        cls, dataset_hash: str, task_type: str, language: str, files: dict[str, str], stdin: str
    ) -> RunJob:
        return cls(uuid.uuid4().hex, dataset_hash, task_type, language, files, stdin)

    @property
    def job_id(self) -> str:
        return f"{RUN_JOB}:{self.run_id}"

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "dataset_hash": self.dataset_hash,
            "task_type": self.task_type,
            "language": self.language,
            "files": dict(self.files),
            "stdin": self.stdin,
        }


Outcome = Literal["ok", "CE", "TLE", "MLE", "OLE", "RE"]


class CustomRun(BaseModel):
    """What one run on a custom input did. ``outcome`` is ``ok`` when the program ended by
    itself with exit status 0 within every limit, else the limit it hit (``TLE``, ``MLE``,
    ``OLE``), ``RE`` (a signal or another exit status), or ``CE`` (it did not compile)."""

    outcome: Outcome
    compile_message: str = ""
    stdout: str = ""
    stdout_bytes: int = 0  # everything it printed, kept or not
    stderr: str = ""
    stderr_bytes: int = 0
    exit_code: int | None = None
    signal: int | None = None
    cpu_ms: float = 0.0
    wall_ms: float = 0.0
    memory_kb: int = 0
    time_limit_ms: int = 0
    memory_limit_mb: int = 0

    @property
    def stdout_cut(self) -> bool:
        return self.stdout_bytes > len(self.stdout.encode("utf-8", "replace"))

    @property
    def stderr_cut(self) -> bool:
        return self.stderr_bytes > len(self.stderr.encode("utf-8", "replace"))


def _text(data: bytes) -> str:
    """Bytes a program wrote, fit to show: UTF-8 (invalid bytes replaced), NUL dropped."""
    return data.decode("utf-8", "replace").replace("\x00", "")


class _Trial(_Job):
    """One compile and one run, in a worker thread like a judging."""

    def try_input(self, stdin: bytes) -> CustomRun:
        prepared = self.preflight()
        if isinstance(prepared, str):
            return CustomRun(
                outcome="CE",
                compile_message=prepared,
                time_limit_ms=int(self.limits.time_s * 1000),
                memory_limit_mb=self.limits.memory_mb,
            )
        language, program = prepared
        time_ms = int(self.limits.time_s * language.time_multiplier * 1000)
        limits = {"time_limit_ms": time_ms, "memory_limit_mb": self.limits.memory_mb}
        box, compiled = self.compiled_box(language, program)
        if not compiled.ok:
            return CustomRun(outcome="CE", compile_message=compiled.message, **limits)
        if self.cancelled.is_set():
            raise JudgeError("run cancelled")
        self.notify(JudgeProgress(stage="running", test=1, total=1))
        box.write("in", stdin)
        output_limit = self.limits.output_mb * 1024 * 1024
        result = box.run(
            language.run_argv(program, self.limits.memory_mb),
            time_ms,
            int(self.limits.wall_limit_s * 1000),
            (self.limits.memory_mb + language.extra_memory_mb) * 1024,
            output_limit,
            stdin="in",
            stdout="out",
        )
        output, out_size = box.read("out", SHOWN_OUTPUT)
        errors, err_size = box.read(".stderr", SHOWN_ERRORS)
        box.clean()
        verdict = run_verdict(result, out_size, self.limits, language)
        return CustomRun(
            outcome="ok" if verdict is None else verdict.value,
            compile_message=compiled.message,
            stdout=_text(output),
            stdout_bytes=max(out_size, result.output_bytes),
            stderr=sanitise(errors) if errors else "",
            stderr_bytes=err_size,
            exit_code=result.exit_code if result.exit_code >= 0 else None,
            signal=result.signal or None,
            cpu_ms=round(result.cpu_ms, 3),
            wall_ms=round(result.wall_ms, 3),
            memory_kb=result.memory_kb,
            **limits,
        )


async def run_custom(
    dataset_dir: Path,
    submission: Submission,
    stdin: bytes,
    *,
    client: Any | None = None,
    config: JudgeConfig | None = None,
) -> CustomRun:
    """Compile ``submission`` and run it once on ``stdin`` with the limits of the task in
    ``dataset_dir`` (its tests are neither read nor run)."""
    config = config or JudgeConfig()
    dataset = Dataset.load(dataset_dir)
    cancelled = threading.Event()
    docker = client if client is not None else await asyncio.to_thread(connect, config.docker_url)
    trial = _Trial(docker, dataset_dir, dataset, submission, config, lambda _: None, cancelled)

    def work() -> CustomRun:
        try:
            return trial.try_input(stdin)
        finally:
            trial.close()

    try:
        return await asyncio.to_thread(work)
    except asyncio.CancelledError:
        cancelled.set()
        await asyncio.to_thread(trial.close)  # kills the container; the thread then stops
        raise
