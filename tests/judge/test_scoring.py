"""Group scoring, as pure functions (no Docker)."""

from __future__ import annotations

from ictjudge.dataset import Dataset, Testcase, TestGroup
from ictjudge.report import TestRun, Verdict
from ictjudge.scoring import final, max_score


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
