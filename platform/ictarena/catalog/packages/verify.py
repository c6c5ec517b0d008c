"""Verifying packages as Kattis's ``verifyproblem`` does: run every reference solution through
the real judge and report each disagreement with what its folder says it must get.

Also infers a Kattis package's time limit when none is stated: the slowest run of the
accepted submissions × the time multiplier (rounded up to whole seconds), after which every
time-limit-exceeded submission must still time out at limit × safety margin.
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

from ictarena.catalog.models import TaskType
from ictarena.catalog.packages.package import Package, Reference
from ictarena.catalog.packages.storage import content, write_tree
from ictarena.catalog.quiz import QuizSpec, grade_quiz

PROVISIONAL_TIME_S = 10.0
LAB_TYPES = (TaskType.NETWORK, TaskType.LINUX, TaskType.SQL)

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
        report = await judge_submission(
            target, Submission(reference.language, dict(reference.files)), client=client
        )
        compile_message = report.compile.message if report.compile and not report.compile.ok else ""
        return Judged(
            verdict=report.verdict.value,
            score=report.score,
            max_score=report.max_score,
            runs=[r.verdict.value for r in report.runs],
            slowest_ms=max((r.cpu_ms for r in report.runs), default=0.0),
            message=compile_message[:300],
        )

    return judge


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
        report = await grade_lab(directory, files, client)
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
    assert package.spec.quiz is not None
    quiz: QuizSpec = package.spec.quiz
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
) -> list[Result]:
    gate = asyncio.Semaphore(concurrency)
    scored = package.manifest.get("scoring") == "scoring" or package.spec.type in LAB_TYPES

    async def one(reference: Reference) -> Result:
        if reference.skipped:
            return Result(
                package.slug, reference.path, reference.language, "skipped", note=reference.skipped
            )
        async with gate:
            judged = await judge(directory, reference, time_s(reference))
        problems = reference.expectation.mismatches(
            judged.verdict,
            judged.runs,
            judged.score if scored else None,
            judged.max_score,
        )
        if problems and judged.message:
            problems.append(judged.message.strip().splitlines()[0])
        return Result(
            package.slug,
            reference.path,
            reference.language,
            "mismatch" if problems else "ok",
            judged.verdict,
            judged.score if scored else None,
            judged.slowest_ms,
            problems,
        )

    return list(await asyncio.gather(*(one(r) for r in references)))


async def infer_time_limit(
    package: Package, judge: JudgeFn, workdir: Path, concurrency: int = 2
) -> list[Result]:
    """Set the time limit of a package that states none, from its submissions (Kattis rules).

    Returns the results of the runs made; on a mismatch (an accepted submission that is not
    accepted even with a generous limit) the limit is left unset.
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
    if any(r.outcome == "mismatch" for r in results):
        return results
    slowest = max(r.slowest_ms for r in results) / 1000
    limit = float(min(60, max(1, math.ceil(slowest * plan.multiplier - 1e-9))))
    note = (
        f"{limit:g} s, inferred ({plan.convention}): {plan.multiplier:g} × slowest accepted run "
        f"{slowest:.3f} s; time-limit-exceeded submissions must exceed "
        f"{limit * plan.safety_margin:g} s"
    )
    package.set_time_limit(limit, note)
    return results


async def verify(
    package: Package,
    judge: JudgeFn | None = None,
    concurrency: int = 2,
) -> list[Result]:
    """Judge every reference solution of ``package`` and compare; infers the time limit first
    when the package states none."""
    if package.spec.type is TaskType.QUIZ:
        return _verify_quiz(package)
    if package.spec.type in LAB_TYPES:
        from ictjudge.labs import lab_model

        if lab_model(package.spec.type.value) is None:
            return [
                Result(package.slug, r.path, r.language, "skipped",
                       note=f"no grader for {package.spec.type.value} tasks is installed")
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
        margin: float | None = None
        if package.time_limit_plan is not None:
            margin = package.time_limit_plan.safety_margin
            inferred = await infer_time_limit(package, judge, workdir, concurrency)
            if package.time_limit_plan is not None:  # inference failed
                return inferred
        directory = workdir / "dataset"
        write_tree(content(package), directory)
        limit = float(package.manifest.get("limits", {}).get("time_s", 1.0))
        done = {r.path for r in inferred}
        rest = [r for r in package.references if r.path not in done]

        def time_for(reference: Reference) -> float | None:
            if margin is not None and reference.time_limit_role == "upper":
                return min(60.0, limit * margin)
            return None

        results = await _judge_all(directory, package, rest, judge, time_for, concurrency)
    for result in inferred:
        result.note = "run to infer the time limit"
    for result in [*inferred, *results]:
        if (
            result.outcome == "ok"
            and result.verdict == "AC"
            and result.slowest_ms > limit * 1000 / 2
        ):
            result.note = f"slow: over half the time limit ({limit:g} s)"
    return sorted([*inferred, *results], key=lambda r: r.path)
