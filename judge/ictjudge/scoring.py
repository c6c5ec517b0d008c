"""Turning per-test verdicts into group results, a score and a final verdict (pure functions).

Kattis semantics: a test's score is what the judge recorded for it (its group's
``accept_score``, or the validator's ``score.txt``) when accepted, and its group's
``reject_score`` when rejected or not run; a group aggregates its tests and subgroups by
``sum``, ``min``, ``max`` or ``avg``, or is ``pass-fail``: its ``max_score`` when everything in
it is accepted, else 0. Groups with ``counts = False`` (usual samples) are run and shown but
never scored. A pass-fail task is accepted when every test is.

Groups with a ``verdict_mode`` are graded as the legacy Kattis default grader does (see
:class:`~ictjudge.dataset.TestGroup`); the others as 2025-09 and native packages are: accepted
when all their tests are, otherwise the first rejection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ictjudge.dataset import Dataset, Testcase, TestGroup
from ictjudge.wire import GroupResult, TestRun, Verdict

# the legacy Kattis grader's "worst_error" order (JE and RE come first, WA last)
WORST_FIRST = (Verdict.JE, Verdict.RE, Verdict.MLE, Verdict.TLE, Verdict.OLE, Verdict.WA)
EPSILON = 1e-9


@dataclass(frozen=True)
class _Outcome:
    verdict: Verdict
    score: float
    ran: bool  # at least one of its tests ran


def _first_rejection(runs: list[TestRun]) -> Verdict | None:
    for run in runs:
        if run.verdict is not Verdict.AC:
            return run.verdict
    return None


def _group_runs(group: TestGroup, runs: Mapping[str, TestRun]) -> list[TestRun]:
    out = [runs[t.name] for t in group.tests if t.name in runs]
    for sub in group.groups:
        out += _group_runs(sub, runs)
    return out


def _count_tests(group: TestGroup) -> int:
    return len(group.tests) + sum(_count_tests(g) for g in group.groups)


def aggregate(aggregation: str, parts: list[float]) -> float:
    """A group's score from its children's: ``sum`` (also pass-fail), ``min``, ``max``, ``avg``."""
    if not parts:
        return 0.0
    if aggregation == "min":
        return min(parts)
    if aggregation == "max":
        return max(parts)
    if aggregation == "avg":
        return sum(parts) / len(parts)
    return sum(parts)


def _grade_verdict(group: TestGroup, verdicts: list[Verdict]) -> Verdict:
    """The legacy Kattis default grader's verdict over the children that ran."""
    if group.accept_if_any and Verdict.AC in verdicts:
        return Verdict.AC
    if group.verdict_mode == "always_accept":
        return Verdict.AC
    rejected = [v for v in verdicts if v is not Verdict.AC]
    if not rejected:
        return Verdict.AC
    if group.verdict_mode == "first_error":
        return rejected[0]
    return next((v for v in WORST_FIRST if v in rejected), rejected[0])


class _Scorer:
    def __init__(self, runs: Mapping[str, TestRun]) -> None:
        self.runs = runs
        self.results: list[GroupResult] = []
        self.passed: dict[str, bool] = {}

    def group(self, group: TestGroup) -> _Outcome:
        parts: list[float] = []
        verdicts: list[Verdict] = []
        for test in group.tests:
            run = self.runs.get(test.name)
            if run is None:  # skipped after a rejection: scores as rejected
                if group.verdict_mode is None:
                    parts.append(group.reject_score)
                continue
            verdicts.append(run.verdict)
            parts.append(run.score if run.verdict is Verdict.AC else group.reject_score)
        for sub in group.groups:
            outcome = self.group(sub)
            if not sub.counts:
                continue
            if group.verdict_mode is not None and not outcome.ran:
                continue  # the legacy grader sees only what ran
            verdicts.append(outcome.verdict)
            parts.append(outcome.score)
        all_runs = _group_runs(group, self.runs)
        expected = _count_tests(group)
        accepted = len(all_runs) == expected and _first_rejection(all_runs) is None
        self.passed[group.name] = accepted
        if group.verdict_mode is not None:
            verdict = _grade_verdict(group, verdicts)
        else:
            verdict = Verdict.AC if accepted else (_first_rejection(all_runs) or Verdict.WA)
        if group.aggregation == "pass-fail":
            value = (group.max_score if group.max_score is not None else 1.0) if accepted else 0.0
        else:
            value = aggregate(group.aggregation, parts)
            if group.max_score is not None:
                value = min(value, group.max_score)
        blocked = [name for name in group.require_pass if not self.passed.get(name, False)]
        if blocked:
            value = 0.0
            if verdict is Verdict.AC:
                verdict = Verdict.WA
        self.results.append(
            GroupResult(
                name=group.name,
                verdict=verdict,
                score=value,
                max_score=group.max_score,
                counts=group.counts,
                skipped=expected - len(all_runs),
            )
        )
        return _Outcome(verdict, value, bool(all_runs))


def max_score(group: TestGroup) -> float:
    """The most a group can score."""
    if group.max_score is not None:
        return group.max_score
    if group.aggregation == "pass-fail":
        return 1.0
    parts = [group.accept_score for _ in group.tests] + [
        max_score(g) for g in group.groups if g.counts
    ]
    if not parts:
        return 0.0
    if group.aggregation == "min":
        return min(parts)
    if group.aggregation in ("max", "avg"):
        return max(parts) if group.aggregation == "max" else sum(parts) / len(parts)
    return sum(parts)


def final(
    dataset: Dataset, runs: Mapping[str, TestRun]
) -> tuple[Verdict, float, float, list[GroupResult]]:
    """(verdict, score, max score, group results) for the runs made so far."""
    ordered = [runs[t.name] for t in dataset.all_tests() if t.name in runs]
    rejected = _first_rejection(ordered)
    complete = len(ordered) == len(dataset.all_tests())
    scorer = _Scorer(runs)
    score = scorer.group(dataset.root).score
    groups = scorer.results
    if dataset.scoring == "pass-fail":
        top = 100.0
        accepted = rejected is None and complete
        return (
            (Verdict.AC if accepted else rejected or Verdict.WA),
            (top if accepted else 0.0),
            top,
            groups,
        )
    top = max_score(dataset.root)
    graded = [g for g in dataset.root.groups if g.counts and g.verdict_mode is not None]
    if graded:
        # Legacy Kattis: the top groups' grader decides; a rejected submission scores nothing.
        by_name = {r.name: r for r in groups}
        verdict = _grade_verdict(graded[0], [by_name[g.name].verdict for g in graded])
        if verdict is not Verdict.AC:
            return verdict, 0.0, top, groups
        counted = [t.name for g in graded for t in _all_tests(g)]
        all_ac = all(n in runs and runs[n].verdict is Verdict.AC for n in counted)
        full = all_ac and score >= top - EPSILON
        return (Verdict.AC if full else Verdict.PA), score, top, groups
    if rejected is None and complete:
        verdict = Verdict.AC
    elif score > 0:
        verdict = Verdict.PA
    else:
        verdict = rejected or Verdict.WA
    return verdict, score, top, groups


def _all_tests(group: TestGroup) -> list[Testcase]:
    out: list[Testcase] = list(group.tests)
    for sub in group.groups:
        out += _all_tests(sub)
    return out
