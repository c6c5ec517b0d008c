"""Group scoring, as pure functions (no Docker)."""

from __future__ import annotations

import pytest

from ictjudge.dataset import Dataset, Testcase, TestGroup
from ictjudge.scoring import final, max_score
from ictjudge.wire import TestRun, Verdict


def _group(name: str, n: int, **fields: object) -> TestGroup:
    tests = tuple(Testcase(name=f"{name}/{i}", input=f"{name}/{i}.in") for i in range(n))
    return TestGroup(name=name, tests=tests, **fields)  # type: ignore[arg-type]


def _runs(verdicts: dict[str, Verdict]) -> dict[str, TestRun]:
    return {name: TestRun(name=name, group="", verdict=v) for name, v in verdicts.items()}


SUBTASKS = Dataset(
    scoring="scoring",
    root=TestGroup(
        name="root",
        aggregation="sum",
        on_reject="continue",
        groups=(
            _group("sample", 1, counts=False),
            _group("easy", 2, aggregation="pass-fail", max_score=30),
            _group("hard", 2, aggregation="pass-fail", max_score=70),
        ),
    ),
)


def test_subtasks_add_up_and_samples_do_not_count() -> None:
    assert max_score(SUBTASKS.root) == 100
    runs = _runs({"sample/0": Verdict.WA, "easy/0": Verdict.AC, "easy/1": Verdict.AC,
                  "hard/0": Verdict.AC, "hard/1": Verdict.TLE})  # fmt: skip
    verdict, score, top, groups = final(SUBTASKS, runs)
    assert (verdict, score, top) == (Verdict.PA, 30, 100)
    assert {g.name: g.score for g in groups} == {"sample": 0, "easy": 30, "hard": 0, "root": 30}


def test_everything_accepted_is_ac_with_full_marks() -> None:
    runs = _runs({t.name: Verdict.AC for t in SUBTASKS.all_tests()})
    assert final(SUBTASKS, runs)[:2] == (Verdict.AC, 100)


def test_nothing_scored_reports_the_first_rejection() -> None:
    runs = _runs({"sample/0": Verdict.AC, "easy/0": Verdict.RE, "hard/0": Verdict.WA})
    verdict, score, _top, groups = final(SUBTASKS, runs)
    assert (verdict, score) == (Verdict.RE, 0)
    assert next(g for g in groups if g.name == "easy").skipped == 1


def test_min_aggregation_takes_the_weakest_test() -> None:
    dataset = Dataset(scoring="scoring", root=_group("root", 3, aggregation="min", max_score=10))
    runs = {
        "root/0": TestRun(name="root/0", group="root", verdict=Verdict.AC, score=10),
        "root/1": TestRun(name="root/1", group="root", verdict=Verdict.AC, score=4),
        "root/2": TestRun(name="root/2", group="root", verdict=Verdict.AC, score=7),
    }
    assert final(dataset, runs)[1] == 4


def test_pass_fail_tasks_score_all_or_nothing() -> None:
    dataset = Dataset(root=_group("root", 3))
    assert final(
        dataset, _runs({"root/0": Verdict.AC, "root/1": Verdict.AC, "root/2": Verdict.AC})
    )[:2] == (Verdict.AC, 100)
    assert final(dataset, _runs({"root/0": Verdict.AC, "root/1": Verdict.WA}))[:2] == (
        Verdict.WA,
        0,
    )


def _scored(verdicts: dict[str, tuple[Verdict, float]]) -> dict[str, TestRun]:
    return {
        name: TestRun(name=name, group="", verdict=v, score=s) for name, (v, s) in verdicts.items()
    }


def test_an_accepted_test_scores_what_it_was_given_even_zero() -> None:
    """A validator's score.txt of 0 is a score of 0, not "no score, so accept_score"."""
    dataset = Dataset(scoring="scoring", root=_group("root", 2, aggregation="sum", accept_score=5))
    runs = _scored({"root/0": (Verdict.AC, 0.0), "root/1": (Verdict.AC, 5.0)})
    assert final(dataset, runs)[:3] == (Verdict.AC, 5.0, 10.0)


@pytest.mark.parametrize(
    ("aggregation", "score", "top"),
    [("sum", 9, 9), ("min", 2, 4), ("max", 4, 4), ("avg", 3, 3)],
)
def test_score_aggregations(aggregation: str, score: float, top: float) -> None:
    dataset = Dataset(
        scoring="scoring",
        root=_group(
            "root", 3, aggregation=aggregation, accept_score=3 if aggregation != "min" else 4
        ),
    )
    if aggregation == "min":
        runs = _scored(
            {"root/0": (Verdict.AC, 4), "root/1": (Verdict.AC, 2), "root/2": (Verdict.AC, 3)}
        )
    elif aggregation == "max":
        runs = _scored(
            {"root/0": (Verdict.AC, 4), "root/1": (Verdict.AC, 2), "root/2": (Verdict.WA, 0)}
        )
        top = 3  # accept_score 3 each
    else:
        runs = _scored(
            {"root/0": (Verdict.AC, 3), "root/1": (Verdict.AC, 3), "root/2": (Verdict.AC, 3)}
        )
    assert final(dataset, runs)[1] == score
    assert max_score(dataset.root) == top


ODD_ECHO = Dataset(
    scoring="scoring",
    root=TestGroup(
        name="data",
        aggregation="sum",
        on_reject="continue",
        groups=(
            _group("sample", 1, counts=False),
            TestGroup(
                name="secret",
                aggregation="sum",
                on_reject="continue",
                verdict_mode="first_error",
                accept_if_any=True,
                max_score=51,
                groups=(
                    _group("secret/g1", 2, aggregation="min", accept_score=1, max_score=1,
                           verdict_mode="worst_error"),
                    _group("secret/g2", 2, aggregation="min", accept_score=50, max_score=50,
                           verdict_mode="worst_error"),
                ),
            ),
        ),
    ),
)  # fmt: skip


def test_legacy_kattis_grading_accepts_a_partial_solution_with_its_score() -> None:
    """oddecho: accept_if_any_accepted on secret makes solving one subtask an accepted
    submission worth that subtask's points (PA here: accepted, not full marks)."""
    runs = _scored({"sample/0": (Verdict.WA, 0), "secret/g1/0": (Verdict.AC, 1),
                    "secret/g1/1": (Verdict.AC, 1), "secret/g2/0": (Verdict.WA, 0)})  # fmt: skip
    verdict, score, top, _ = final(ODD_ECHO, runs)
    assert (verdict, score, top) == (Verdict.PA, 1, 51)
    everything = _scored({t.name: (Verdict.AC, 50 if "g2" in t.name else 1)
                          for t in ODD_ECHO.all_tests()})  # fmt: skip
    assert final(ODD_ECHO, everything)[:2] == (Verdict.AC, 51)


def test_legacy_kattis_grading_scores_nothing_when_secret_is_rejected() -> None:
    strict = ODD_ECHO.model_copy(
        update={"root": ODD_ECHO.root.model_copy(update={"groups": (
            ODD_ECHO.root.groups[0],
            ODD_ECHO.root.groups[1].model_copy(update={"accept_if_any": False,
                                                       "verdict_mode": "worst_error"}),
        )})}
    )  # fmt: skip
    runs = _scored({"secret/g1/0": (Verdict.AC, 1), "secret/g1/1": (Verdict.AC, 1),
                    "secret/g2/0": (Verdict.WA, 0), "secret/g2/1": (Verdict.TLE, 0)})  # fmt: skip
    # worst_error: TLE ranks before WA whatever the order
    assert final(strict, runs)[:2] == (Verdict.TLE, 0.0)


def test_a_group_that_requires_another_scores_only_when_that_one_passed() -> None:
    dataset = Dataset(
        scoring="scoring",
        root=TestGroup(
            name="secret",
            aggregation="sum",
            on_reject="continue",
            groups=(
                _group("secret/a", 1, max_score=30),
                _group("secret/b", 1, max_score=70, require_pass=("secret/a",)),
            ),
        ),
    )
    runs = _runs({"secret/a/0": Verdict.WA, "secret/b/0": Verdict.AC})
    verdict, score, _top, groups = final(dataset, runs)
    assert (verdict, score) == (Verdict.WA, 0)
    assert next(g for g in groups if g.name == "secret/b").verdict is Verdict.WA
