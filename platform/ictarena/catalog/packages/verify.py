"""Verifying packages as Kattis's ``verifyproblem`` does: run every reference solution through
the real judge and report each disagreement with what its folder says it must get.

Also infers a Kattis package's time limit when none is stated, as the package format's tools
do. Legacy (problemtools): the slowest accepted run × ``time_multiplier``, rounded to the
nearest whole second (at least 1 s); time-limit-exceeded submissions must still time out at
that exact product × ``time_safety_margin``, rounded, and at least 1 s more than the limit.
2025-09: the smallest multiple of ``time_resolution`` that is at least ``ac_to_time_limit`` ×
the slowest run of every submission that must not time out (accepted, wrong answer, run-time
error); time-limit-exceeded submissions must still time out at limit × ``time_limit_to_tle``.

A reference solution that agrees but whose verdict would change within the package format's
margin around the limit gets a warning (:mod:`~ictarena.catalog.packages.timing`).
"""

from __future__ import annotations

import asyncio
import math
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from ictarena.catalog.bank import bank_quiz
from ictarena.catalog.packages.package import Package, Reference, TimeLimitPlan
from ictarena.catalog.packages.storage import content, write_tree
from ictarena.catalog.packages.timing import TimedRun, TimeWindow, sensitivity, timed_out
from ictarena.catalog.quiz import QuizSpec, grade_quiz
from ictarena.catalog.tasktypes.registry import kind
from ictjudge.errors import ImageMissing, JudgeError, SandboxUnavailable

PROVISIONAL_TIME_S = 10.0
MAX_TIME_S = 60.0

Outcome = Literal["ok", "mismatch", "skipped"]


@dataclass
class Result:
    """One reference solution's judging, compared with its expectation."""

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

    def __str__(self) -> str:
        head = f"{self.task}: {self.path}"
        if self.outcome == "skipped":
            return f"{head}: skipped ({self.note})"
        detail = f"{self.verdict}" + (f" {self.score:g}" if self.score is not None else "")
        detail += f", slowest test {self.slowest_ms / 1000:.3f} s" if self.slowest_ms else ""
        if self.outcome == "ok":
            return f"{head}: {detail}"
        return f"{head}: {detail}: " + "; ".join(self.problems)


@dataclass(frozen=True)
class Judged:
    verdict: str
    score: float | None
    max_score: float | None
    runs: list[str]
    slowest_ms: float
    message: str = ""
    timed: tuple[TimedRun, ...] = ()


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
    time_s: Callable[[Reference], float | None],
    concurrency: int,
    extra_time_s: float | None = None,
    window: TimeWindow | None = None,
) -> list[Result]:
    """Judge ``references`` and compare. With ``extra_time_s``, one that must not time out but
    did is judged again with that limit and agrees if it gets its verdict then (problemtools's
    "OK with extra time": a slow wrong answer is still a wrong answer). With ``window``, one
    that agrees but is sensitive to the time limit gets a warning; a time-limit-exceeded one is
    judged again with the limit raised by the margin to find out."""
    gate = asyncio.Semaphore(concurrency)
    lab = kind(package.spec.type).answers == "lab"
    scored = package.manifest.get("scoring") == "scoring" or lab

    def compare(reference: Reference, judged: Judged) -> list[str]:
        return reference.expectation.mismatches(
            judged.verdict, judged.runs, judged.score if scored else None, judged.max_score
        )

    async def one(reference: Reference) -> Result:
        if reference.skipped:
            return Result(
                package.slug, reference.path, reference.language, "skipped", note=reference.skipped
            )
        async with gate:
            judged = await judge(directory, reference, time_s(reference))
        problems = compare(reference, judged)
        note = ""
        if problems and extra_time_s is not None and "TLE" in judged.runs:
            expectation = reference.expectation
            timing_out_allowed = "TLE" in (expectation.permitted or ()) or "TLE" in (
                expectation.final or ()
            )
            if not timing_out_allowed and reference.time_limit_role != "lower":
                async with gate:
                    slower = await judge(directory, reference, extra_time_s)
                if not compare(reference, slower):
                    judged, problems = slower, []
                    note = f"agrees with extra time ({extra_time_s:g} s)"
        if problems and judged.message:
            problems.append(judged.message.strip().splitlines()[0])
        warning = None
        if window is not None and not problems and time_s(reference) is None:
            if reference.time_limit_role == "lower":
                warning = sensitivity(window, judged.timed)
            elif reference.time_limit_role == "upper" and timed_out(judged.timed):
                async with gate:
                    higher = await judge(directory, reference, window.high_s)
                if higher.timed:
                    warning = sensitivity(window, judged.timed, higher.timed)
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
            [warning] if warning else [],
        )

    return list(await asyncio.gather(*(one(r) for r in references)))


async def infer_time_limit(
    package: Package, judge: JudgeFn, workdir: Path, concurrency: int = 2
) -> list[Result]:
    """Set the time limit of a package that states none, from its submissions (Kattis rules).

    Returns the results of the runs made, mismatches included (their run times still bound the
    limit, as problemtools counts every accepted submission's). When one of them times out even
    with a generous limit, the limit is left unset.
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
    results = await _judge_all(provisional, package, lower, judge, lambda _r: None, concurrency)
    slow = [r.path for r in results if r.verdict == "TLE"]
    if slow:
        reason = (
            f"{', '.join(slow)} timed out even at {PROVISIONAL_TIME_S:g} s: cannot infer the "
            "time limit"
        )
        return [*results, Result(package.slug, "time limit", None, "mismatch", problems=[reason])]
    slowest = max(r.slowest_ms for r in results) / 1000
    limit, tle_at = inferred_limits(plan, slowest)
    if limit >= MAX_TIME_S:
        reason = (
            f"the slowest run ({slowest:.3f} s) × {plan.multiplier:g} is more than the judge "
            f"allows ({MAX_TIME_S:g} s)"
        )
        return [*results, Result(package.slug, "accepted", None, "mismatch", problems=[reason])]
    which = "accepted run" if plan.convention == "legacy" else "run that must not time out"
    note = (
        f"{limit:g} s, inferred ({plan.convention}): {plan.multiplier:g} × slowest {which} "
        f"{slowest:.3f} s; time-limit-exceeded submissions must time out at {tle_at:g} s"
    )
    package.set_time_limit(limit, note)
    package.tle_time_s = tle_at
    return results


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def inferred_limits(plan: TimeLimitPlan, slowest_s: float) -> tuple[float, float]:
    """(time limit, the limit time-limit-exceeded submissions must still exceed), in seconds,
    from the slowest run that bounds the limit from below."""
    exact = slowest_s * plan.multiplier
    if plan.convention == "legacy":
        limit = float(max(1, _round_half_up(exact)))
        tle_at = float(max(limit + 1, _round_half_up(exact * plan.safety_margin)))
    else:
        step = plan.resolution
        limit = max(step, math.ceil(exact / step - 1e-9) * step)
        limit = round(limit, 6)
        tle_at = round(limit * plan.safety_margin, 6)
    return min(limit, MAX_TIME_S), min(tle_at, MAX_TIME_S)


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
                directory, package, package.references, judge or lab_judge(),
                lambda _r: None, concurrency,
            )  # fmt: skip
        return sorted(results, key=lambda r: r.path)
    judge = judge or sandbox_judge()
    with tempfile.TemporaryDirectory(prefix="arena-verify-") as temp:
        workdir = Path(temp)
        inferred: list[Result] = []
        tle_at: float | None = None
        if package.time_limit_plan is not None:
            inferred = await infer_time_limit(package, judge, workdir, concurrency)
            tle_at = package.tle_time_s
            if tle_at is None:  # inference failed
                return inferred
        directory = workdir / "dataset"
        write_tree(content(package), directory)
        limit = float(package.manifest.get("limits", {}).get("time_s", 1.0))
        done = {r.path for r in inferred}
        rest = [r for r in package.references if r.path not in done]

        def time_for(reference: Reference) -> float | None:
            if tle_at is not None and reference.time_limit_role == "upper":
                return tle_at
            return None

        extra = tle_at if tle_at is not None else min(MAX_TIME_S, limit * 2)
        window = TimeWindow(limit, package.time_margin)
        results = await _judge_all(
            directory, package, rest, judge, time_for, concurrency, extra, window
        )
    for result in inferred:
        result.note = "run to infer the time limit"
    return sorted([*inferred, *results], key=lambda r: r.path)
