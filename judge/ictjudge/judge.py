"""Judging a code submission: compile once, run each test in the same sandbox, check, score.

    report = await judge_submission(dataset_dir, Submission("cpp", {"a.cpp": source}))

Infrastructure failures raise :class:`~ictjudge.errors.JudgeError` (the pipeline retries, then
records JE); everything the submission does wrong is a verdict in the report.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal as signals
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ictjudge import scoring
from ictjudge.checkers import Flags, compare
from ictjudge.dataset import Dataset, Limits, Testcase, TestGroup
from ictjudge.errors import JudgeError, RunnerFailure
from ictjudge.languages import LANGUAGES, Language, Program, plan
from ictjudge.pool import Pool
from ictjudge.sandbox import RunResult, Sandbox, SandboxConfig, connect
from ictjudge.texts import N_, Note, note
from ictjudge.validators import Validator
from ictjudge.wire import CompileResult, JudgeProgress, Progress, Report, TestRun, Verdict

log = logging.getLogger(__name__)

COMPILE_MESSAGE_LIMIT = 8192
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Submission:
    """What to judge: one source file, or several (a Kattis submission folder).

    ``entry`` names the entry point when several are possible: the Java class with ``main`` or
    the file an interpreter runs (Kattis ``submissions.yaml`` ``entrypoint``)."""

    language: str
    files: dict[str, str | bytes]
    entry: str | None = None

    def source(self) -> tuple[str, bytes]:
        name, content = next(iter(self.files.items()))
        return name, content.encode() if isinstance(content, str) else content

    def contents(self) -> dict[str, bytes]:
        return {
            name: content.encode() if isinstance(content, str) else content
            for name, content in self.files.items()
        }


@dataclass(frozen=True)
class JudgeConfig:
    """How to judge: the sandbox settings, the engine, and the warm pool to take sandboxes from
    (None: each sandbox is started for its submission and removed before the report)."""

    sandbox: SandboxConfig = field(default_factory=SandboxConfig)
    docker_url: str | None = None
    pool: Pool | None = None


def sanitise(message: bytes) -> str:
    """A compiler or checker message fit to show: UTF-8, no control characters, no sandbox
    paths, at most 8 KiB."""
    text = message.decode("utf-8", "replace").replace("/work/", "")
    text = _CONTROL.sub("", text)
    if len(text) > COMPILE_MESSAGE_LIMIT:
        text = text[:COMPILE_MESSAGE_LIMIT] + "\n… (truncated)"
    return text


def run_verdict(
    result: RunResult, out_size: int, limits: Limits, language: Language
) -> Verdict | None:
    """The verdict decided by the sandbox alone (DOMjudge's order), or None: ask the checker."""
    if (
        result.killed_wall
        or result.killed_cpu
        or result.cpu_ms > limits.time_s * language.time_multiplier * 1000
    ):
        return Verdict.TLE
    if result.oom or result.memory_kb > (limits.memory_mb + language.extra_memory_mb) * 1024:
        return Verdict.MLE
    output = max(out_size, result.output_bytes)
    if output > limits.output_mb * 1024 * 1024 or result.signal == signals.SIGXFSZ:
        return Verdict.OLE
    if result.signal or result.exit_code != 0:
        return Verdict.RE
    return None


class _Job:
    """The synchronous judging of one submission, run in a worker thread."""

    def __init__(
        self,
        client: Any,
        root: Path,
        dataset: Dataset,
        submission: Submission,
        config: JudgeConfig,
        notify: Callable[[JudgeProgress], None],
        cancelled: threading.Event,
    ) -> None:
        self.client = client
        self.root = root
        self.dataset = dataset
        self.submission = submission
        self.config = config
        self.notify = notify
        self.cancelled = cancelled
        self.limits = dataset.limits
        self.runs: dict[str, TestRun] = {}
        self.sandboxes: list[Sandbox] = []
        self.validator: Validator | None = None

    def _sandbox(self, memory_mb: int, pids: int, purpose: str) -> Sandbox:
        pool = self.config.pool
        if pool is not None:
            box = pool.take(self.config.sandbox, memory_mb, pids, purpose)
            self.sandboxes.append(box)
            return box
        box = Sandbox(self.client, self.config.sandbox, memory_mb, pids, purpose)
        self.sandboxes.append(box)
        box.start()
        return box

    def close(self) -> None:
        pool = self.config.pool
        for box in self.sandboxes:
            if pool is not None:
                pool.release(box)  # removed in the background
            else:
                box.close()
        self.sandboxes.clear()

    def rejected(self, message: str) -> Report:
        return Report(
            verdict=Verdict.CE,
            compile=CompileResult(ok=False, message=message),
            language=self.submission.language,
            max_score=scoring.max_score(self.dataset.root)
            if self.dataset.scoring == "scoring"
            else 100.0,
        )

    def preflight(self) -> tuple[Language, Program] | str:
        """The language and the planned program, or why the submission cannot be compiled
        (unknown or disallowed language, too large, no entry point)."""
        language = LANGUAGES.get(self.submission.language)
        if language is None:
            return f"unknown language {self.submission.language!r}"
        if self.dataset.languages is not None and language.id not in self.dataset.languages:
            return f"{language.name} is not allowed for this task"
        files = self.submission.contents()
        size = sum(len(data) for data in files.values())
        if size > self.limits.code_kb * 1024:
            return f"the source is {size / 1024:.0f} KiB; the limit is {self.limits.code_kb} KiB"
        program = plan(language, files, self.submission.entry)
        return (language, program) if not isinstance(program, str) else program

    def compiled_box(self, language: Language, program: Program) -> tuple[Sandbox, CompileResult]:
        """A sandbox with the program compiled in it, at the run's limits, its ``/work``
        snapshotted (each run starts from there).

        The compiler first runs under the run's memory limit, so that the sandbox, taken from
        the pool with exactly the run's limits, needs no change; only when it runs out of that
        memory does the limit rise to the task's compile limit for a second try, and fall back
        to the run's before the tests."""
        run_memory = self.limits.memory_mb + language.extra_memory_mb
        box = self._sandbox(run_memory, self.limits.processes + language.processes, "run")
        compiled, out_of_memory = self.compile(box, language, program)
        if out_of_memory and self.limits.compile_memory_mb > run_memory:
            box.resize(self.limits.compile_memory_mb, box.pids)
            retried, _ = self.compile(box, language, program)
            compiled = retried.model_copy(update={"time_ms": compiled.time_ms + retried.time_ms})
            if compiled.ok:
                box.resize(run_memory, box.pids)
        if compiled.ok:
            box.snapshot()
        return box, compiled

    def execute(self) -> Report:
        started = time.perf_counter()
        prepared = self.preflight()
        if isinstance(prepared, str):
            return self.rejected(prepared)
        language, program = prepared
        box, compiled = self.compiled_box(language, program)
        # the sandbox's start (and the checks before it); the compilation is timed apart
        elapsed = (time.perf_counter() - started) * 1000
        timing = {"start": max(0.0, elapsed - compiled.time_ms), "compile": compiled.time_ms}
        if not compiled.ok:
            report = Report(verdict=Verdict.CE, compile=compiled, language=language.id)
            report.max_score = scoring.final(self.dataset, {})[2]
            return report
        argv = language.run_argv(program, self.limits.memory_mb)
        total = len(self.dataset.all_tests())
        tests_started = time.perf_counter()
        scoring.run_tree(
            self.dataset,
            lambda test, group: self.run_test(box, language, argv, test, group, total),
            self.runs,
        )
        timing["tests"] = (time.perf_counter() - tests_started) * 1000
        verdict, score, top, groups = scoring.final(self.dataset, self.runs)
        ordered = [self.runs[t.name] for t in self.dataset.all_tests() if t.name in self.runs]
        return Report(
            verdict=verdict,
            score=score,
            max_score=top,
            compile=compiled,
            runs=ordered,
            groups=groups,
            language=language.id,
            timing_ms=timing,
        )

    def compile(
        self, box: Sandbox, language: Language, program: Program
    ) -> tuple[CompileResult, bool]:
        """Write the program and compile it; the result, and whether the compiler ran out of
        the sandbox's memory."""
        for name, data in program.files.items():
            box.write(name, data)
        argv = language.compile_argv(program, self.limits.memory_mb)
        if argv is None:
            return CompileResult(ok=True), False
        self.notify(JudgeProgress(stage="compiling"))
        limit_ms = int(self.limits.compile_time_s * 1000)
        result = box.run(
            argv,
            limit_ms,
            limit_ms * 2 + 5000,
            self.limits.compile_memory_mb * 1024,
            64 << 20,
            stdout=".compile-out",
        )
        stderr, _ = box.read(".stderr", COMPILE_MESSAGE_LIMIT * 2)
        stdout, _ = box.read(".compile-out", 4096)
        box.delete(".compile-out")
        message = sanitise(stdout + stderr)
        if result.killed_wall or result.killed_cpu:
            message = "compilation took too long\n" + message
            return CompileResult(ok=False, message=message, time_ms=result.wall_ms), False
        if result.oom or result.signal:
            message = "compilation exceeded the memory or file-size limit\n" + message
            return CompileResult(ok=False, message=message, time_ms=result.wall_ms), result.oom
        ok = result.exit_code == 0
        return CompileResult(ok=ok, message=message, time_ms=result.wall_ms), False

    def run_test(
        self,
        box: Sandbox,
        language: Language,
        argv: list[str],
        test: Testcase,
        group: TestGroup,
        total: int,
    ) -> TestRun:
        if self.cancelled.is_set():
            raise JudgeError("judging cancelled")
        self.notify(JudgeProgress(stage="running", test=len(self.runs) + 1, total=total))
        test_input = (self.root / test.input).read_bytes()
        limits = self.limits
        box.write("in", test_input)
        result = box.run(
            argv,
            int(limits.time_s * language.time_multiplier * 1000),
            int(limits.wall_limit_s * 1000),
            (limits.memory_mb + language.extra_memory_mb) * 1024,
            limits.output_mb * 1024 * 1024,
            stdin="in",
            stdout="out",
        )
        output, out_size = box.read("out", limits.output_mb * 1024 * 1024)
        box.clean()
        verdict = run_verdict(result, out_size, limits, language)
        message = ""
        said: Note | None = None
        score = 0.0
        if verdict is None:
            verdict, message, said, score = self.check(test, group, test_input, output)
        elif self.dataset.scoring == "scoring":
            score = group.reject_score
        elif verdict is Verdict.RE:
            said = (
                note(N_("Exit code %(code)s."), code=result.exit_code)
                if not result.signal
                else note(N_("Killed by signal %(signal)s."), signal=result.signal)
            )
        if said is not None:
            message = said.english()
        run = TestRun(
            name=test.name,
            group=group.name,
            verdict=verdict,
            score=score,
            cpu_ms=round(result.cpu_ms, 3),
            wall_ms=round(result.wall_ms, 3),
            memory_kb=result.memory_kb,
            exit_code=result.exit_code if result.exit_code >= 0 else None,
            signal=result.signal or None,
            message=message,
            note=said,
            sample=not group.counts,
        )
        self.runs[test.name] = run
        return run

    def check(
        self, test: Testcase, group: TestGroup, test_input: bytes, output: bytes
    ) -> tuple[Verdict, str, Note | None, float]:
        """The verdict, the validator's own message (or the judge's note) and the score."""
        answer = (self.root / test.answer).read_bytes() if test.answer else b""
        # a test's own arguments replace its group's (Kattis test case .yaml)
        local = test.validator_flags or group.validator_flags
        flags = (*self.dataset.checker.flags, *local)
        scored = self.dataset.scoring == "scoring"
        if self.dataset.checker.kind == "default":
            ok, said = compare(answer, output, Flags.parse(flags))
            score = (group.accept_score if ok else group.reject_score) if scored else 0.0
            return (Verdict.AC if ok else Verdict.WA), "", said, score
        if self.validator is None:
            assert self.dataset.checker.path is not None
            box = self._sandbox(1024, 64, "checker")
            self.validator = Validator(box, self.root / self.dataset.checker.path)
            self.validator.prepare()
        checked = self.validator.check(test_input, answer, output, tuple(flags))
        if not checked.accepted:
            return Verdict.WA, checked.message, None, group.reject_score if scored else 0.0
        if checked.score is not None:
            score = checked.score
        elif checked.multiplier is not None:
            score = checked.multiplier * group.accept_score
        else:
            score = group.accept_score if scored else 0.0
        return Verdict.AC, checked.message, None, score


async def judge_submission(
    dataset_dir: Path,
    submission: Submission,
    *,
    client: Any | None = None,
    config: JudgeConfig | None = None,
    progress: Progress | None = None,
) -> Report:
    """Judge ``submission`` against the dataset in ``dataset_dir``."""
    config = config or JudgeConfig()
    dataset = Dataset.load(dataset_dir)
    loop = asyncio.get_running_loop()
    cancelled = threading.Event()

    def notify(event: JudgeProgress) -> None:
        if progress is not None:
            asyncio.run_coroutine_threadsafe(progress(event), loop)

    docker = client if client is not None else await asyncio.to_thread(connect, config.docker_url)
    jobs = [_Job(docker, dataset_dir, dataset, submission, config, notify, cancelled)]

    def work() -> Report:
        try:
            return jobs[0].execute()
        except RunnerFailure as exc:
            if config.pool is None or cancelled.is_set():
                raise
            # A warm sandbox that broke under a program (its runner gone, its stream closed) is
            # not the program's fault until a sandbox started for it breaks too: the whole
            # judging once more, in fresh ones.
            log.warning("a pooled sandbox failed (%s); judging again in fresh sandboxes", exc)
            jobs[0].close()
            fresh = replace(config, pool=None)
            jobs.append(_Job(docker, dataset_dir, dataset, submission, fresh, notify, cancelled))
            return jobs[-1].execute()
        finally:
            for job in jobs:
                job.close()

    try:
        return await asyncio.to_thread(work)
    except asyncio.CancelledError:
        cancelled.set()
        for job in list(jobs):
            await asyncio.to_thread(job.close)  # kills the containers; the thread then stops
        raise
