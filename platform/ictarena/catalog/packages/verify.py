"""Verifying packages as Kattis's ``verifyproblem`` does: run every reference solution through
the real judge and report each disagreement with what its folder says it must get.

Also infers a Kattis package's time limit when none is stated, as problemtools does for both
versions of the format (:func:`~ictarena.catalog.packages.timing.infer_limit`): the slowest run
of the solutions that bound it from below (legacy: the accepted ones; 2025-09: every one that
must not time out) × ``ac_to_time_limit``, rounded up to a multiple of ``time_resolution``.

Every solution is judged with the time limit and with the limit × ``time_limit_to_tle`` (the
second judging is skipped when the first cannot differ: nothing timed out or came near the
limit). It agrees when its judging with the limit does, or, failing that, with the higher limit
("OK with extra time"); when the two judgings differ it is *sensitive to the time limit*: a
warning, not a failure (:mod:`~ictarena.catalog.packages.timing`).

A Kattis package names no C++ standard. Before anything is judged, its jury C++ solutions are
built under the newest standard, and under the older ones in turn while one of them does not
build (a compile error); the newest that builds them all becomes the task's
(:mod:`~ictarena.catalog.packages.standards`). A solution that may get a compile error takes no
part in the choice: it is judged under the standard chosen, and never built under another into
a different verdict.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import yaml

from ictarena.catalog.bank import bank_quiz
from ictarena.catalog.packages.package import Package, Reference, TimeLimitPlan
from ictarena.catalog.packages.standards import CPP_STANDARDS, cpp_name
from ictarena.catalog.packages.storage import MANIFEST, content, write_tree
from ictarena.catalog.packages.timing import (
    MAX_TIME_S,
    Graded,
    TimedRun,
    TimeWindow,
    infer_limit,
    needs_low_run,
    sensitivity,
)
from ictarena.catalog.quiz import QuizSpec, grade_quiz
from ictarena.catalog.tasktypes.registry import kind
from ictjudge.errors import ImageMissing, JudgeError, SandboxUnavailable

PROVISIONAL_TIME_S = 10.0

Outcome = Literal["ok", "mismatch", "skipped"]


@dataclass
class Result:
    """One reference solution's judging, compared with its expectation.

    ``verdict``/``score``/``slowest_ms`` are its judging with the time limit ``limit_s``;
    ``high_verdict`` its verdict with the higher limit when that differs. ``note`` says why it
    was skipped, or how it agrees ("OK with extra time")."""

    task: str
    path: str
    language: str | None
    outcome: Outcome
    verdict: str | None = None
    score: float | None = None
    slowest_ms: float = 0.0
    problems: list[str] = field(default_factory=list)
    note: str = ""
    warnings: list[str] = field(default_factory=list)
    expected: str = ""
    limit_s: float | None = None
    high_verdict: str | None = None

    @property
    def sensitive(self) -> bool:
        """Judged differently with the time limit and with the higher limit."""
        return any(w.startswith("sensitive to the time limit") for w in self.warnings)

    def __str__(self) -> str:
        head = f"{self.task}: {self.path}"
        expected = f"expected {self.expected}" if self.expected else ""
        if self.outcome == "skipped":
            return f"{head}: {expected}{'; ' if expected else ''}skipped: {self.note}"
        got = f"{self.verdict}" + (f" {self.score:g}" if self.score is not None else "")
        detail = f"{expected}, got {got}" if expected else f"got {got}"
        if self.limit_s is not None:
            detail += f", {self.slowest_ms / 1000:.3f} s of {self.limit_s:g} s"
        elif self.slowest_ms:
            detail += f", slowest test {self.slowest_ms / 1000:.3f} s"
        if self.high_verdict is not None:
            detail += f" ({self.high_verdict} with the higher limit)"
        if self.outcome == "ok":
            return f"{head}: {detail}"
        return f"{head}: {detail}: " + "; ".join(self.problems)


@dataclass(frozen=True)
class Summary:
    """How many reference solutions agree, disagree, were skipped, are sensitive to the time
    limit (those also count as agreeing or not)."""

    ok: int
    mismatched: int
    skipped: int
    sensitive: int

    @classmethod
    def of(cls, results: list[Result]) -> Summary:
        return cls(
            ok=sum(1 for r in results if r.outcome == "ok"),
            mismatched=sum(1 for r in results if r.outcome == "mismatch"),
            skipped=sum(1 for r in results if r.outcome == "skipped"),
            sensitive=sum(1 for r in results if r.sensitive),
        )

    def __str__(self) -> str:
        return (
            f"{self.ok} ok, {self.mismatched} mismatched, {self.skipped} skipped, "
            f"{self.sensitive} sensitive to the time limit"
        )


@dataclass(frozen=True)
class Judged:
    verdict: str
    score: float | None
    max_score: float | None
    runs: list[str]
    slowest_ms: float
    message: str = ""
    timed: tuple[TimedRun, ...] = ()
    slowest_wall_ms: float = 0.0  # wall clock: a program that sleeps times out on it


JudgeFn = Callable[[Path, Reference, float | None], Awaitable[Judged]]
"""Judges one reference solution in a dataset directory (time limit override in seconds)."""


def sandbox_judge(client: Any | None = None) -> JudgeFn:
    """A :data:`JudgeFn` backed by the sandboxed judge (``ictjudge``)."""
    from ictjudge.dataset import Dataset as JudgeDataset
    from ictjudge.judge import Submission, judge_submission

    async def judge(directory: Path, reference: Reference, time_s: float | None) -> Judged:
        target = directory
        if time_s is not None:
            dataset = JudgeDataset.load(directory)
            limits = dataset.limits.model_copy(update={"time_s": time_s})
            target = directory.parent / f"{directory.name}-{time_s:g}s"
            if not target.exists():
                _copy_with_limits(directory, target, dataset.model_copy(update={"limits": limits}))
        assert reference.language is not None
        submission = Submission(reference.language, dict(reference.files), reference.entry)
        try:
            report = await judge_submission(target, submission, client=client)
        except JudgeError as exc:
            return _judge_error(exc)
        compile_message = report.compile.message if report.compile and not report.compile.ok else ""
        return Judged(
            verdict=report.verdict.value,
            score=report.score,
            max_score=report.max_score,
            runs=[r.verdict.value for r in report.runs],
            slowest_ms=max((r.cpu_ms for r in report.runs), default=0.0),
            message=compile_message[:300],
            timed=tuple(TimedRun(r.name, r.verdict.value, r.cpu_ms / 1000) for r in report.runs),
            slowest_wall_ms=max((r.wall_ms for r in report.runs), default=0.0),
        )

    return judge


def _judge_error(exc: JudgeError) -> Judged:
    """The package's own fault (a validator that does not compile, a lab file that fails) is a
    JE result with the reason; the judge being unreachable stops verification instead."""
    if isinstance(exc, SandboxUnavailable | ImageMissing):
        raise exc
    return Judged(verdict="JE", score=None, max_score=None, runs=[], slowest_ms=0.0,
                  message=f"judge error: {exc}")  # fmt: skip


def lab_judge(client: Any | None = None) -> JudgeFn:
    """A :data:`JudgeFn` for configuration tasks, backed by the labs grader (``ictjudge.labs``).

    Each assessment item counts as one test: AC when it passed, WA when not."""
    from ictjudge.labs import grade_lab
    from ictjudge.sandbox import connect

    async def judge(directory: Path, reference: Reference, time_s: float | None) -> Judged:
        nonlocal client
        if client is None:
            client = await asyncio.to_thread(connect)
        files = {name: data.decode("utf-8", "replace") for name, data in reference.files.items()}
        try:
            report = await grade_lab(directory, files, client)
        except JudgeError as exc:
            return _judge_error(exc)
        return Judged(
            verdict=report.verdict.value,
            score=report.score,
            max_score=report.max_score,
            runs=["AC" if item.passed else "WA" for item in report.items],
            slowest_ms=0.0,
            message=report.message,
        )

    return judge


def _copy_with_limits(source: Path, target: Path, dataset: Any) -> None:
    import shutil

    shutil.copytree(source, target)
    dataset.save(target)


def _sheet(reference: Reference) -> dict[str, Any]:
    data = yaml.safe_load(next(iter(reference.files.values())).decode("utf-8-sig"))
    return {str(k): v for k, v in data.items()} if isinstance(data, dict) else {}


def _verify_quiz(package: Package) -> list[Result]:
    quiz: QuizSpec = package.spec.quiz or bank_quiz(package.manifest)  # a quiz, or an exam's bank
    results = []
    key = grade_quiz(quiz, quiz.answer_key())
    problems = [] if key["verdict"] == "AC" else [f"the answer key gets {key['verdict']}"]
    results.append(
        Result(
            package.slug,
            "(answer key)",
            "quiz",
            "ok" if not problems else "mismatch",
            key["verdict"],
            key["score"],
            problems=problems,
        )
    )
    for reference in package.references:
        report = grade_quiz(quiz, _sheet(reference))
        runs = [r["verdict"] for r in report["runs"]]
        problems = reference.expectation.mismatches(
            report["verdict"], runs, report["score"], report["max_score"]
        )
        results.append(
            Result(
                package.slug,
                reference.path,
                "quiz",
                "mismatch" if problems else "ok",
                report["verdict"],
                report["score"],
                problems=problems,
            )
        )
    return results


async def _judge_all(
    directory: Path,
    package: Package,
    references: list[Reference],
    judge: JudgeFn,
    concurrency: int,
    window: TimeWindow | None = None,
) -> list[Result]:
    """Judge ``references`` and compare. With a time ``window``, each is judged with its low
    and its high limit (the second only when the two may differ), as problemtools does: it
    agrees when its judging with the limit does, else when the one with the higher limit does
    ("OK with extra time"); the two judging differently is a warning."""
    gate = asyncio.Semaphore(concurrency)
    lab = kind(package.spec.type).answers == "lab"
    scored = package.manifest.get("scoring") == "scoring" or lab

    def compare(reference: Reference, judged: Judged) -> list[str]:
        return reference.expectation.mismatches(
            judged.verdict, judged.runs, judged.score if scored else None, judged.max_score
        )

    def graded(judged: Judged) -> Graded:
        return Graded(judged.verdict, judged.score if scored else None)

    async def one(reference: Reference) -> Result:
        expected = reference.expectation.describe()
        if reference.skipped:
            return Result(package.slug, reference.path, reference.language, "skipped",
                          note=reference.skipped, expected=expected)  # fmt: skip
        if window is None:
            async with gate:
                judged = await judge(directory, reference, None)
            high = judged
        else:
            async with gate:
                high = await judge(directory, reference, window.high_s)
            judged = high
            slowest_s = max(high.slowest_ms, high.slowest_wall_ms) / 1000
            if needs_low_run(window, [high.verdict, *high.runs], slowest_s):
                async with gate:
                    judged = await judge(directory, reference, None)
        problems = compare(reference, judged)
        note = ""
        warnings: list[str] = []
        high_verdict = None
        if window is not None and high is not judged:
            warning = sensitivity(window, graded(judged), graded(high))
            if warning:
                warnings.append(warning)
                high_verdict = high.verdict if high.verdict != judged.verdict else None
            if problems and not compare(reference, high):
                problems = []
                note = f"OK with extra time ({window.high_s:g} s)"
        if problems and judged.message:
            problems.append(judged.message.strip().splitlines()[0])
        if not problems and judged.verdict == "PA" and "AC" in (reference.expectation.final or ()):
            warnings.append("accepted below the full score (consider partially_accepted)")
        return Result(
            package.slug,
            reference.path,
            reference.language,
            "mismatch" if problems else "ok",
            judged.verdict,
            judged.score if scored else None,
            judged.slowest_ms,
            problems,
            note,
            warnings,
            expected=expected,
            limit_s=window.limit_s if window is not None else None,
            high_verdict=high_verdict,
        )

    return list(await asyncio.gather(*(one(r) for r in references)))


async def choose_cpp_standard(
    package: Package, judge: JudgeFn, workdir: Path, concurrency: int = 2
) -> None:
    """Choose the C++ standard of a package that names none (see the module's note): build its
    jury C++ solutions, each judging compiling only (a dataset without tests), and record the
    newest standard under which every one builds, or, when none does, the default."""
    builders = [
        r
        for r in package.references
        if r.follows_task and r.language in CPP_STANDARDS and not r.skipped
        and "CE" not in (r.expectation.final or ())
    ]  # fmt: skip
    if not builders:
        package.set_cpp(None, None)
        return
    directory = workdir / "builds"
    files = content(package)
    files[MANIFEST] = json.dumps({**package.manifest, "root": {"name": "data"}}).encode()
    write_tree(files, directory)
    gate = asyncio.Semaphore(concurrency)

    async def builds(reference: Reference, standard: str) -> bool:
        async with gate:
            judged = await judge(directory, replace(reference, language=standard), None)
        return judged.verdict != "CE"

    failed: list[str] = []
    for standard in CPP_STANDARDS:
        built = await asyncio.gather(*(builds(r, standard) for r in builders))
        name = cpp_name(standard)
        if all(built):
            note = f"C++ solutions build as {name}; the task's C++ standard is {name}"
            package.set_cpp(standard, note)
            return
        failing = [r.path for r, ok in zip(builders, built, strict=True) if not ok]
        failed.append(f"not {', '.join(failing)} as {name}")
    package.set_cpp(
        None,
        f"no C++ standard builds every C++ solution ({'; '.join(failed)}); the task's C++ "
        f"standard stays {cpp_name(CPP_STANDARDS[0])}",
    )


async def infer_time_limit(
    package: Package, judge: JudgeFn, workdir: Path, concurrency: int = 2
) -> list[Result]:
    """Set the time limit of a package that states none, from its submissions (problemtools'
    rules, :func:`~ictarena.catalog.packages.timing.infer_limit`).

    Returns the results of the runs made, mismatches included (their run times still bound the
    limit, as problemtools counts every accepted submission's). When one of them times out even
    with a generous limit, the limit is left unset. No run of these took longer than the limit
    they set, so their judgings with the limit and with the higher limit are the ones made.
    """
    plan = package.time_limit_plan
    assert plan is not None
    provisional = workdir / "provisional"
    package.manifest["limits"] = {
        **package.manifest.get("limits", {}),
        "time_s": PROVISIONAL_TIME_S,
    }
    write_tree(content(package), provisional)
    lower = [r for r in package.references if r.time_limit_role == "lower" and not r.skipped]
    if not lower:
        reason = "no accepted submission the judge can run: cannot infer the time limit"
        return [Result(package.slug, "accepted", None, "mismatch", problems=[reason])]
    results = await _judge_all(provisional, package, lower, judge, concurrency)
    slow = [r.path for r in results if r.verdict == "TLE"]
    if slow:
        reason = (
            f"{', '.join(slow)} timed out even at {PROVISIONAL_TIME_S:g} s: cannot infer the "
            "time limit"
        )
        return [*results, Result(package.slug, "time limit", None, "mismatch", problems=[reason])]
    slowest = max(r.slowest_ms for r in results) / 1000
    limit, tle_at = inferred_limits(plan, slowest)
    if slowest * plan.multiplier > MAX_TIME_S:
        reason = (
            f"the slowest run ({slowest:.3f} s) × {plan.multiplier:g} is more than the judge "
            f"allows ({MAX_TIME_S:g} s)"
        )
        return [*results, Result(package.slug, "accepted", None, "mismatch", problems=[reason])]
    which = "accepted run" if plan.convention == "legacy" else "run that must not time out"
    note = (
        f"{limit:g} s, inferred ({plan.convention}): {plan.multiplier:g} × slowest {which} "
        f"{slowest:.3f} s, rounded up to a multiple of {plan.resolution:g} s; "
        f"time-limit-exceeded submissions must time out at {tle_at:g} s"
    )
    package.set_time_limit(limit, note)
    package.tle_time_s = tle_at
    for result in results:
        result.limit_s = limit
    return results


def inferred_limits(plan: TimeLimitPlan, slowest_s: float) -> tuple[float, float]:
    """(time limit, the limit time-limit-exceeded submissions must still exceed), in seconds,
    from the slowest run that bounds the limit from below."""
    return infer_limit(slowest_s, plan.multiplier, plan.safety_margin, plan.resolution)


async def verify(
    package: Package,
    judge: JudgeFn | None = None,
    concurrency: int = 2,
) -> list[Result]:
    """Judge every reference solution of ``package`` and compare; infers the time limit first
    when the package states none."""
    answers = kind(package.spec.type).answers
    if answers == "quiz":
        return _verify_quiz(package)
    if answers != "source":
        from ictjudge.labs import lab_model

        if answers != "lab" or lab_model(package.spec.type) is None:
            return [
                Result(package.slug, r.path, r.language, "skipped",
                       note=f"no grader for {package.spec.type} tasks is installed")
                for r in package.references
            ]  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="arena-verify-") as temp:
            directory = Path(temp) / "dataset"
            write_tree(content(package), directory)
            results = await _judge_all(
                directory, package, package.references, judge or lab_judge(), concurrency
            )
        return sorted(results, key=lambda r: r.path)
    judge = judge or sandbox_judge()
    with tempfile.TemporaryDirectory(prefix="arena-verify-") as temp:
        workdir = Path(temp)
        if package.cpp_to_choose:
            await choose_cpp_standard(package, judge, workdir, concurrency)
        inferred: list[Result] = []
        if package.time_limit_plan is not None:
            inferred = await infer_time_limit(package, judge, workdir, concurrency)
            if package.time_limit_plan is not None:  # inference failed
                return inferred
        directory = workdir / "dataset"
        write_tree(content(package), directory)
        limit = float(package.manifest.get("limits", {}).get("time_s", 1.0))
        done = {r.path for r in inferred}
        rest = [r for r in package.references if r.path not in done]
        window = TimeWindow(limit, package.time_margin)
        results = await _judge_all(directory, package, rest, judge, concurrency, window)
        if not inferred:
            _check_stated_limit(package, limit, results)
    for result in inferred:
        result.note = "run to infer the time limit"
    return sorted([*inferred, *results], key=lambda r: r.path)


def _check_stated_limit(package: Package, limit: float, results: list[Result]) -> None:
    """A stated time limit tighter than the slowest run bounding it from below ×
    ``ac_to_time_limit`` (problemtools' check): a warning on that run."""
    if package.ac_to_time_limit is None:
        return
    lower = {r.path for r in package.references if r.time_limit_role == "lower"}
    bounding = [r for r in results if r.path in lower and r.outcome == "ok" and r.slowest_ms]
    if not bounding:
        return
    slowest = max(bounding, key=lambda r: r.slowest_ms)
    seconds = slowest.slowest_ms / 1000
    if seconds * package.ac_to_time_limit > limit + 1e-9:
        slowest.warnings.append(
            f"the time limit ({limit:g} s) is tighter than {package.ac_to_time_limit:g} × this "
            f"run ({seconds:.3f} s = {seconds * package.ac_to_time_limit:.3f} s)"
        )
