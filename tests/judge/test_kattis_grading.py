"""The package format's aggregation rules, from the worked cases of its specification (legacy
default grader, 2025-09 result aggregation), as pure functions: no Docker.

Each test names the rule it checks in the specification's words; the trees are walked with
:func:`ictjudge.scoring.run_tree` and a scripted outcome per test, as the judge walks them."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from ictjudge.dataset import Dataset, Testcase, TestGroup
from ictjudge.scoring import final, grade, max_score, run_tree
from ictjudge.wire import TestRun, Verdict

AC, WA, TLE, RE, MLE, OLE, JE = (
    Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RE, Verdict.MLE, Verdict.OLE, Verdict.JE,
)  # fmt: skip


def _tests(name: str, n: int) -> tuple[Testcase, ...]:
    return tuple(Testcase(name=f"{name}/{i}", input=f"{name}/{i}.in") for i in range(1, n + 1))


def _legacy(name: str, n: int = 0, **fields: object) -> TestGroup:
    """A group as a legacy package's testdata.yaml makes it (the default grader's defaults)."""
    values: dict[str, object] = {"aggregation": "sum", "verdict_mode": "worst_error"}
    values.update(fields)
    return TestGroup(name=name, tests=_tests(name, n), **values)  # type: ignore[arg-type]


def _judge(
    dataset: Dataset, outcomes: Mapping[str, Verdict], scores: Mapping[str, float] | None = None
) -> tuple[dict[str, TestRun], tuple[Verdict, float, float]]:
    """Walk ``dataset`` as the judge does, each test getting its scripted verdict (AC when not
    named) and the score the judge gives it: its group's accept_score or reject_score, or the
    validator's (``scores``)."""

    def run(test: Testcase, group: TestGroup) -> TestRun:
        verdict = outcomes.get(test.name, AC)
        if scores is not None and test.name in scores:
            score = scores[test.name]
        else:
            score = group.accept_score if verdict is AC else group.reject_score
        return TestRun(name=test.name, group=group.name, verdict=verdict, score=score)

    runs = run_tree(dataset, run)
    verdict, score, top, _groups = final(dataset, runs)
    return runs, (verdict, score, top)


# The legacy default grader -----------------------------------------------------------------


def test_worst_error_is_the_first_of_je_rte_mle_tle_ole_wa_whatever_the_order() -> None:
    """worst_error: "the first of JE, IF, RTE, MLE, TLE, OLE, WA that is the sub-result of
    some item"."""
    group = _legacy("g")
    assert grade(group, [(WA, 0), (TLE, 0), (AC, 1)]) == (TLE, 1)
    assert grade(group, [(OLE, 0), (WA, 0), (MLE, 0), (RE, 0)]) == (RE, 0)
    assert grade(group, [(WA, 0), (JE, 0)])[0] is JE
    assert grade(group, [(AC, 1), (AC, 1)]) == (AC, 2)


def test_first_error_is_the_first_rejection() -> None:
    """first_error: "the verdict of the first sub-result with a non-accepted verdict"."""
    group = _legacy("g", verdict_mode="first_error")
    assert grade(group, [(AC, 1), (WA, 0), (TLE, 0)]) == (WA, 1)


def test_with_on_reject_break_worst_error_and_first_error_agree() -> None:
    """ "worst_error and first_error always give the same result if on_reject is set to
    break": judging stops at the first rejection, so there is one to choose from."""
    for mode in ("worst_error", "first_error"):
        dataset = Dataset(root=_legacy("data", 4, verdict_mode=mode, on_reject="break"))
        runs, (verdict, _score, _top) = _judge(dataset, {"data/2": WA, "data/4": TLE})
        assert verdict is WA
        assert sorted(runs) == ["data/1", "data/2"]  # data/3 and data/4 never ran


def test_on_reject_continue_judges_everything_and_worst_error_picks_the_worst() -> None:
    dataset = Dataset(root=_legacy("data", 4, on_reject="continue"))
    runs, (verdict, _score, _top) = _judge(dataset, {"data/2": WA, "data/4": TLE})
    assert (len(runs), verdict) == (4, TLE)


def test_a_group_with_on_reject_continue_and_min_scores_its_weakest_test() -> None:
    """oddecho's subtask: ``on_reject: continue``, ``grader_flags: min``, accept_score 50:
    one rejected test takes the group's score to its reject_score, and its verdict is the
    rejection."""
    sub = _legacy("secret/sub", 3, aggregation="min", accept_score=50, on_reject="continue")
    dataset = Dataset(scoring="scoring", root=_legacy("data", groups=(sub,), on_reject="continue"))
    runs, (verdict, score, top) = _judge(dataset, {"secret/sub/2": WA})
    assert len(runs) == 3  # continue: the third test still ran
    assert (verdict, score, top) == (WA, 0, 50)  # a rejected submission scores nothing
    assert grade(sub, [(AC, 50), (WA, 0), (AC, 50)]) == (WA, 0)


def test_accept_if_any_accepted_accepts_one_solved_subtask_with_its_points() -> None:
    """accept_if_any_accepted: "Verdict is accepted if any sub-result is accepted"; the score
    sums every sub-result's, a rejected subtask's (its grader's) included."""
    small = _legacy("secret/1small", 2, aggregation="min", accept_score=20, on_reject="break")
    large = _legacy("secret/2large", 2, aggregation="min", accept_score=80, on_reject="break")
    secret = _legacy("secret", groups=(small, large), on_reject="continue",
                     verdict_mode="first_error", accept_if_any=True)  # fmt: skip
    dataset = Dataset(scoring="scoring", root=_legacy("data", groups=(secret,)))
    assert max_score(dataset.root) == 100
    _runs, result = _judge(dataset, {"secret/2large/1": TLE})
    assert result == (Verdict.PA, 20, 100)  # accepted, not the full score
    _runs, result = _judge(dataset, {"secret/1small/2": WA, "secret/2large/2": WA})
    assert result == (WA, 0, 100)


def test_always_accept_and_the_last_of_conflicting_modes() -> None:
    group = _legacy("g", verdict_mode="always_accept")
    assert grade(group, [(WA, 0), (TLE, 3)]) == (AC, 3)


def test_ignore_sample_grades_the_secret_group_alone() -> None:
    """ignore_sample: "The first sub-result (sample) will be ignored, the second sub-result
    (secret) will be used, both verdict and score"."""
    sample = _legacy("sample", 2, accept_score=5, on_reject="continue", counts=False)
    secret = _legacy("secret", 2, accept_score=50, on_reject="continue")
    root = _legacy("data", groups=(sample, secret), on_reject="continue", ignore_sample=True)
    dataset = Dataset(scoring="scoring", root=root)
    assert max_score(root) == 100  # the samples' 10 points are not there
    _runs, result = _judge(dataset, {"sample/1": WA})
    assert result == (AC, 100, 100)
    without = Dataset(scoring="scoring", root=root.model_copy(update={"ignore_sample": False}))
    _runs, result = _judge(without, {"sample/1": WA})
    assert result == (WA, 0, 110)  # the sample's rejection is the root's


def test_a_failed_sample_stops_a_legacy_package_with_on_reject_break() -> None:
    """The root's default on_reject is break: problemtools never runs the secret tests of a
    submission that fails a sample, and its verdict is the sample's."""
    sample = _legacy("sample", 1, counts=False)
    secret = _legacy("secret", 3)
    dataset = Dataset(root=_legacy("data", groups=(sample, secret)))
    runs, (verdict, score, _top) = _judge(dataset, {"sample/1": WA})
    assert (list(runs), verdict, score) == (["sample/1"], WA, 0)


def test_accept_score_and_reject_score_are_what_tests_score() -> None:
    """accept_score and reject_score: "Default score for accepted (rejected) input files";
    a validator's score.txt replaces accept_score."""
    group = _legacy("secret", 3, accept_score=3, reject_score=-1, on_reject="continue",
                    verdict_mode="always_accept")  # fmt: skip
    dataset = Dataset(scoring="scoring", root=_legacy("data", groups=(group,)))
    assert max_score(dataset.root) == 9
    _runs, result = _judge(dataset, {"secret/2": WA})
    assert result == (Verdict.PA, 5, 9)  # 3 - 1 + 3
    _runs, result = _judge(dataset, {}, scores={"secret/1": 1.5})
    assert result == (Verdict.PA, 7.5, 9)


@pytest.mark.parametrize(
    ("score_range", "scores", "expected"),
    [
        ((0.0, 100.0), [60, 70], 100),  # above the range: its top
        ((0.0, 100.0), [-5, -5], 0),  # below: its bottom
        ((None, 50.0), [-5, -5], -10),  # -inf: no bottom
        ((0.0, 100.0), [30, 20], 50),  # within: as it is
    ],
)
def test_a_group_score_is_clamped_into_its_range(
    score_range: tuple[float | None, float | None], scores: list[float], expected: float
) -> None:
    group = _legacy("g", score_range=score_range)
    assert grade(group, [(AC, s) for s in scores]) == (AC, expected)


@pytest.mark.parametrize(
    ("aggregation", "expected"), [("sum", 9.0), ("avg", 3.0), ("min", 1.0), ("max", 5.0)]
)
def test_score_modes(aggregation: str, expected: float) -> None:
    assert grade(_legacy("g", aggregation=aggregation), [(AC, 1), (AC, 3), (AC, 5)]) == (
        AC,
        expected,
    )


def test_no_result_is_accepted_with_no_score() -> None:
    assert grade(_legacy("g"), []) == (AC, 0)


def test_tests_and_subgroups_run_in_the_order_of_their_names() -> None:
    """problemtools sorts a group folder's entries: a test 'b' runs between groups 'a' and
    'c'."""
    a, c = _legacy("data/a", 1), _legacy("data/c", 1)
    root = TestGroup(name="data", tests=(Testcase(name="data/b", input="b.in"),), groups=(a, c),
                     verdict_mode="worst_error", on_reject="break")  # fmt: skip
    runs, (verdict, _score, _top) = _judge(Dataset(root=root), {"data/b": WA})
    assert (list(runs), verdict) == (["data/a/1", "data/b"], WA)


# 2025-09 result aggregation ------------------------------------------------------------------


def _group(name: str, n: int, aggregation: str, max_score_: float, **fields: object) -> TestGroup:
    per_test = max_score_ / n if aggregation == "sum" else max_score_
    return TestGroup(name=name, tests=_tests(name, n), aggregation=aggregation,  # type: ignore[arg-type]
                     max_score=max_score_, accept_score=per_test, on_reject="continue",
                     **fields)  # type: ignore[arg-type]  # fmt: skip


def _secret(*groups: TestGroup, sample_tests: int = 1) -> Dataset:
    sample = TestGroup(name="sample", tests=_tests("sample", sample_tests), counts=False,
                       on_reject="continue")  # fmt: skip
    secret = TestGroup(name="secret", groups=groups, aggregation="sum", max_score=100,
                       on_reject="continue")  # fmt: skip
    root = TestGroup(name="data", groups=(sample, secret), aggregation="sum",
                     on_reject="continue")  # fmt: skip
    return Dataset(scoring="scoring", root=root)


def test_pass_fail_groups_give_their_max_score_only_when_every_test_is_accepted() -> None:
    """ "If the submission receives an accepted verdict for all test cases in the group, the
    score of the group is equal to its maximum possible score. Otherwise the group score is
    0.\""""
    dataset = _secret(
        _group("secret/a", 2, "pass-fail", 30), _group("secret/b", 2, "pass-fail", 70)
    )
    _runs, result = _judge(dataset, {"secret/b/2": WA})
    assert result == (Verdict.PA, 30, 100)


def test_sum_groups_share_their_max_score_among_their_tests_and_min_groups_take_the_least() -> None:
    """ "The maximum score of a test case in a group with sum aggregation is max_score / N";
    with min aggregation it is max_score, and the group scores its weakest test."""
    dataset = _secret(_group("secret/a", 4, "sum", 40), _group("secret/b", 2, "min", 60))
    _runs, result = _judge(dataset, {"secret/a/3": WA}, scores={"secret/b/1": 45, "secret/b/2": 60})
    assert result == (Verdict.PA, 30 + 45, 100)


def test_require_pass_skips_the_group_and_scores_it_zero() -> None:
    """ "The group specifying require_pass will only be run if the group being referred to
    receives an accepted verdict for all test cases in the group. If the group is not run, the
    group score is 0, and all test cases in the group are treated as having received a verdict
    that is not accepted.\""""
    a = _group("secret/a", 2, "pass-fail", 40)
    b = _group("secret/b", 2, "pass-fail", 60, require_pass=("sample", "secret/a"))
    dataset = _secret(a, b)
    runs, result = _judge(dataset, {"secret/a/1": WA})
    assert not any(name.startswith("secret/b") for name in runs)  # not run
    assert result == (WA, 0, 100)
    runs, result = _judge(dataset, {"sample/1": WA})
    assert not any(name.startswith("secret/b") for name in runs)
    assert result == (Verdict.PA, 40, 100)  # a passed; b needs the samples too
    runs, result = _judge(dataset, {})
    assert result == (AC, 100, 100)
