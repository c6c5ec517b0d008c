"""Turning per-test verdicts into group results, a score and a final verdict (pure functions).

Kattis semantics: a test accepted scores the group's ``accept_score`` (or the validator's
``score.txt``), a rejected one ``reject_score``; a group aggregates its tests and subgroups by
``sum`` or ``min``, or is ``pass-fail``: its ``max_score`` when everything in it is accepted,
else 0. Groups with ``counts = False`` (usual samples) are run and shown but never scored. A
pass-fail task is accepted when every test is.
"""

from __future__ import annotations

from collections.abc import Mapping

from ictjudge.dataset import Dataset, TestGroup
from ictjudge.report import GroupResult, TestRun, Verdict


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


def _score(group: TestGroup, runs: Mapping[str, TestRun], results: list[GroupResult]) -> float:
    parts: list[float] = []
    for test in group.tests:
        run = runs.get(test.name)
        if run is None:  # skipped after a rejection: scores as rejected
            parts.append(group.reject_score)
        elif run.verdict is Verdict.AC:
            parts.append(run.score if run.score else group.accept_score)
        else:
            parts.append(group.reject_score)
    for sub in group.groups:
        value = _score(sub, runs, results)
        if sub.counts:
            parts.append(value)
    all_runs = _group_runs(group, runs)
    expected = _count_tests(group)
    accepted = len(all_runs) == expected and _first_rejection(all_runs) is None
    if group.aggregation == "pass-fail":
        value = (group.max_score if group.max_score is not None else 1.0) if accepted else 0.0
    elif group.aggregation == "min":
        value = min(parts) if parts else 0.0
    else:
        value = sum(parts)
    if group.max_score is not None and group.aggregation != "pass-fail":
        value = min(value, group.max_score)
    verdict = Verdict.AC if accepted else (_first_rejection(all_runs) or Verdict.WA)
    results.append(
        GroupResult(
            name=group.name,
            verdict=verdict,
            score=value,
            max_score=group.max_score,
            counts=group.counts,
            skipped=expected - len(all_runs),
        )
    )
    return value


def _count_tests(group: TestGroup) -> int:
    return len(group.tests) + sum(_count_tests(g) for g in group.groups)


def max_score(group: TestGroup) -> float:
    """The most a group can score."""
    if group.max_score is not None:
        return group.max_score
    if group.aggregation == "pass-fail":
        return 1.0
    parts = [group.accept_score for _ in group.tests] + [
        max_score(g) for g in group.groups if g.counts
    ]
    if group.aggregation == "min":
        return min(parts) if parts else 0.0
    return sum(parts)


def final(
    dataset: Dataset, runs: Mapping[str, TestRun]
) -> tuple[Verdict, float, float, list[GroupResult]]:
    """(verdict, score, max score, group results) for the runs made so far."""
    groups: list[GroupResult] = []
    ordered = [runs[t.name] for t in dataset.all_tests() if t.name in runs]
    rejected = _first_rejection(ordered)
    complete = len(ordered) == len(dataset.all_tests())
    if dataset.scoring == "pass-fail":
        _score(dataset.root, runs, groups)
        top = 100.0
        accepted = rejected is None and complete
        return (
            (Verdict.AC if accepted else rejected or Verdict.WA),
            (top if accepted else 0.0),
            top,
            groups,
        )
    score = _score(dataset.root, runs, groups)
    top = max_score(dataset.root)
    if rejected is None and complete:
        verdict = Verdict.AC
    elif score > 0:
        verdict = Verdict.PA
    else:
        verdict = rejected or Verdict.WA
    return verdict, score, top, groups
