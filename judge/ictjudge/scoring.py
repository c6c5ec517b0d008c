"""Turning per-test verdicts into group results, a score and a final verdict (pure functions).

Kattis semantics: a test's score is what the judge recorded for it (its group's
``accept_score``, or the validator's ``score.txt``) when accepted, and its group's
``reject_score`` when rejected or not run; a group aggregates its tests and subgroups by
``sum``, ``min``, ``max`` or ``avg``, or is ``pass-fail``: its ``max_score`` when everything in
it is accepted, else 0. Groups with ``counts = False`` (usual samples) are run and shown but
never scored, except under legacy grading, where problemtools scores them too unless the root
says ``ignore_sample``. A pass-fail task is accepted when every test is.

Groups with a ``verdict_mode`` are graded as the legacy Kattis default grader does (see
:class:`~ictjudge.dataset.TestGroup` and :func:`grade`): the children that ran, tests and
subgroups in the order of their names, each as a (verdict, score) pair, give the group's pair.
The others are graded as 2025-09 and native packages are: accepted when all their tests are,
otherwise the first rejection.

What runs is decided here too (:func:`run_tree`): the judge walks the tree with it, so that
scoring and running agree on ``on_reject`` and ``require_pass``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
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


def grade(flags: TestGroup, results: Sequence[tuple[Verdict, float]]) -> tuple[Verdict, float]:
    """The legacy Kattis default grader: a group's (verdict, score) from its children's, in
    order (only those that ran). ``flags`` gives the verdict mode, ``accept_if_any``,
    ``ignore_sample`` and the score aggregation (``sum``, ``avg``, ``min``, ``max``).

    As problemtools' default grader: a judge error anywhere is the group's; ``ignore_sample``
    keeps the last result alone (the secret group's, when the samples came first); no result is
    accepted with score 0. The score aggregates every child's score, rejected ones included
    (their ``reject_score``); the ``score_range`` then clamps it.
    """
    if flags.ignore_sample:
        results = results[-1:]
    if not results:
        return Verdict.AC, 0.0
    verdicts = [v for v, _ in results]
    score = _clamp(flags, aggregate(flags.aggregation, [s for _, s in results]))
    if Verdict.JE in verdicts:
        return Verdict.JE, score
    return _grade_verdict(flags, verdicts), score


def _clamp(group: TestGroup, value: float) -> float:
    if group.score_range is None:
        return value
    low, high = group.score_range
    if low is not None:
        value = max(low, value)
    if high is not None:
        value = min(high, value)
    return value


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


def _leaf(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def children(group: TestGroup) -> list[Testcase | TestGroup]:
    """A group's tests and subgroups in the order they run: a legacy-graded group's by name,
    mixed (problemtools sorts a folder's entries); the others' tests first, then subgroups."""
    items: list[Testcase | TestGroup] = [*group.tests, *group.groups]
    if group.verdict_mode is not None:
        items.sort(key=lambda item: _leaf(item.name))
    return items


def _find(group: TestGroup, name: str) -> TestGroup | None:
    if group.name == name:
        return group
    for sub in group.groups:
        found = _find(sub, name)
        if found is not None:
            return found
    return None


def passed(group: TestGroup, runs: Mapping[str, TestRun]) -> bool:
    """Every test of ``group`` (and of its subgroups) ran and was accepted."""
    tests = _all_tests(group)
    return all(t.name in runs and runs[t.name].verdict is Verdict.AC for t in tests)


def blocked(group: TestGroup, root: TestGroup, runs: Mapping[str, TestRun]) -> list[str]:
    """The groups ``group`` requires (2025-09 ``require_pass``) that did not pass: while any
    is named, ``group`` is not run and scores 0. A name that is no group blocks too."""
    out = []
    for name in group.require_pass:
        required = _find(root, name)
        if required is None or not passed(required, runs):
            out.append(name)
    return out


def child_verdict(group: TestGroup, runs: Mapping[str, TestRun]) -> Verdict | None:
    """A subgroup's verdict as its parent's ``on_reject`` sees it; None when nothing in it ran.
    A legacy-graded group's is its graded verdict; another's is accepted when all its tests
    ran and were accepted, else its first rejection."""
    ran = _group_runs(group, runs)
    if not ran:
        return None
    if group.verdict_mode is not None:
        graded = _Scorer(runs).legacy(group)
        return graded[0] if graded is not None else None
    if len(ran) == _count_tests(group):
        return _first_rejection(ran) or Verdict.AC
    return _first_rejection(ran) or Verdict.WA


def stops_after(group: TestGroup, item: Testcase | TestGroup, verdict: Verdict | None) -> bool:
    """Whether ``group`` runs nothing more after ``item`` got ``verdict`` (``on_reject:
    break``). Outside legacy grading, samples that do not count never stop their parent."""
    if verdict is None or verdict is Verdict.AC or group.on_reject != "break":
        return False
    samples = isinstance(item, TestGroup) and group.verdict_mode is None and not item.counts
    return not samples


def run_tree(
    dataset: Dataset,
    run_test: Callable[[Testcase, TestGroup], TestRun],
    runs: dict[str, TestRun] | None = None,
) -> dict[str, TestRun]:
    """Run a dataset's tests in order through ``run_test`` (test, its group) → its run, by the
    rules above: a group whose required groups did not pass is not run; ``on_reject: break``
    stops a group at its first rejected child. Returns the runs made, by test name (``runs``,
    when given, is filled as they are made)."""
    made = runs if runs is not None else {}

    def walk(group: TestGroup) -> None:
        if blocked(group, dataset.root, made):
            return
        for item in children(group):
            verdict: Verdict | None
            if isinstance(item, Testcase):
                made[item.name] = run_test(item, group)
                verdict = made[item.name].verdict
            else:
                walk(item)
                verdict = child_verdict(item, made)
            if stops_after(group, item, verdict):
                return

    walk(dataset.root)
    return made


class _Scorer:
    def __init__(self, runs: Mapping[str, TestRun], root: TestGroup | None = None) -> None:
        self.runs = runs
        self.root = root
        self.results: list[GroupResult] = []
        self.passed: dict[str, bool] = {}

    def legacy(self, group: TestGroup) -> tuple[Verdict, float] | None:
        """A legacy-graded group's (verdict, score) from what ran; None when nothing did."""
        results: list[tuple[Verdict, float]] = []
        for item in children(group):
            if isinstance(item, Testcase):
                run = self.runs.get(item.name)
                if run is not None:
                    results.append((run.verdict, run.score))
                continue
            if item.verdict_mode is None:  # a plain group under a graded one: its own rules
                outcome = self.group(item)
                if outcome.ran:
                    results.append((outcome.verdict, outcome.score))
                continue
            graded = self.legacy(item)
            if graded is not None:
                results.append(graded)
        all_runs = _group_runs(group, self.runs)
        self.passed[group.name] = passed(group, self.runs)
        if not results:
            self._record(group, Verdict.AC, 0.0, all_runs)
            return None
        verdict, score = grade(group, results)
        self._record(group, verdict, score, all_runs)
        return verdict, score

    def _record(
        self, group: TestGroup, verdict: Verdict, score: float, all_runs: list[TestRun]
    ) -> None:
        self.results.append(
            GroupResult(
                name=group.name,
                verdict=verdict,
                score=score,
                max_score=max_score(group),
                counts=group.counts,
                skipped=_count_tests(group) - len(all_runs),
            )
        )

    def group(self, group: TestGroup) -> _Outcome:
        if group.verdict_mode is not None and self.root is group:
            graded = self.legacy(group)
            verdict, value = graded if graded is not None else (Verdict.AC, 0.0)
            return _Outcome(verdict, value, graded is not None)
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
        value = _clamp(group, value)
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
    """The most a group can score. A legacy-graded group's follows its grader: its tests'
    ``accept_score`` and its subgroups' maxima (the samples left out under ``ignore_sample``)
    aggregated, then bounded by ``score_range``."""
    if group.max_score is not None:
        return group.max_score
    if group.aggregation == "pass-fail":
        return 1.0
    if group.verdict_mode is not None:
        items = children(group)
        if group.ignore_sample:
            items = items[-1:]
        parts = [
            group.accept_score if isinstance(item, Testcase) else max_score(item) for item in items
        ]
        top = aggregate(group.aggregation, parts)
        if group.score_range is not None and group.score_range[1] is not None:
            top = min(top, group.score_range[1])
        return top if math.isfinite(top) else 0.0
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
    scorer = _Scorer(runs, dataset.root)
    outcome = scorer.group(dataset.root)
    score = outcome.score
    groups = scorer.results
    if dataset.root.verdict_mode is not None:
        # Legacy Kattis, as problemtools: the root's graded result is the submission's.
        verdict = outcome.verdict
        if dataset.scoring == "pass-fail":
            return verdict, (100.0 if verdict is Verdict.AC else 0.0), 100.0, groups
        top = max_score(dataset.root)
        if verdict is not Verdict.AC:
            return verdict, 0.0, top, groups
        return (Verdict.AC if score >= top - EPSILON else Verdict.PA), score, top, groups
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
        # Datasets imported before the root was graded: the top groups' grader decides.
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
