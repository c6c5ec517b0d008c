"""The entry-criteria evaluator: one pure function, tested by tables and by properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictarena.catalog.criteria import ContestCriterion, EntryCriteria
from ictarena.catalog.models import Competency
from ictarena.progression.criteria import (
    CLOSE,
    ContestResult,
    CriterionProgress,
    Facts,
    all_met,
    closeness,
    evaluate,
    is_close,
)

PROTOCOL = Competency.PROTOCOL_COMPREHENSION
FAULTS = Competency.NETWORK_FAULT_DIAGNOSIS
BELOW = ("vlan", "ospf", "acl")


def facts(**kw: object) -> Facts:
    base: dict[str, object] = {"tier_below_modules": BELOW}
    base.update(kw)
    return Facts(**base)  # type: ignore[arg-type]


def by_key(progress: list[CriterionProgress]) -> dict[str, CriterionProgress]:
    return {p.key: p for p in progress}


@pytest.mark.parametrize(
    ("criteria", "student", "expected"),
    [
        pytest.param(
            EntryCriteria(modules_done="all"),
            facts(done_modules=frozenset({"vlan", "acl"})),
            {"modules_done": (2.0, 3.0, False, ("ospf",))},
            id="all-modules-one-missing",
        ),
        pytest.param(
            EntryCriteria(modules_done="all"),
            facts(done_modules=frozenset(BELOW) | {"elsewhere"}),
            {"modules_done": (3.0, 3.0, True, ())},
            id="all-modules-done",
        ),
        pytest.param(
            EntryCriteria(modules_done="all"),
            facts(tier_below_modules=()),
            {"modules_done": (0.0, 0.0, True, ())},
            id="all-of-no-modules",
        ),
        pytest.param(
            EntryCriteria(modules_done=["ospf", "bgp", "ospf"]),
            facts(done_modules=frozenset({"ospf"})),
            {"modules_done": (1.0, 2.0, False, ("bgp",))},
            id="listed-modules-deduplicated",
        ),
        pytest.param(
            EntryCriteria(points=300),
            facts(points=299.99),
            {"points": (299.99, 300.0, False, ())},
            id="points-just-short",
        ),
        pytest.param(
            EntryCriteria(points=300),
            facts(points=300.0),
            {"points": (300.0, 300.0, True, ())},
            id="points-exactly",
        ),
        pytest.param(
            EntryCriteria(competencies={PROTOCOL: 60, FAULTS: 40}),
            facts(competencies={PROTOCOL.value: 75.0}),
            {
                "competency:network_fault_diagnosis": (0.0, 40.0, False, ()),
                "competency:protocol_comprehension": (75.0, 60.0, True, ()),
            },
            id="competencies-one-absent",
        ),
        pytest.param(
            EntryCriteria(contest=ContestCriterion(percentile=70, score=200), rating=1600),
            facts(),
            {
                "contest_percentile": (None, 70.0, False, ()),
                "contest_score": (None, 200.0, False, ()),
                "rating": (None, 1600.0, False, ()),
            },
            id="no-contest-no-rating-yet",
        ),
        pytest.param(
            EntryCriteria(contest=ContestCriterion(percentile=70), rating=1600),
            facts(contest=ContestResult(percentile=80, score=10), rating=1500),
            {"contest_percentile": (80.0, 70.0, True, ()), "rating": (1500.0, 1600.0, False, ())},
            id="contest-met-rating-short",
        ),
        pytest.param(
            EntryCriteria(contest=ContestCriterion(percentile=0)),
            facts(),
            {"contest_percentile": (None, 0.0, False, ())},
            id="a-zero-percentile-still-needs-a-contest",
        ),
    ],
)
def test_each_criterion_reports_have_need_met_and_what_is_missing(
    criteria: EntryCriteria,
    student: Facts,
    expected: dict[str, tuple[float | None, float, bool, tuple[str, ...]]],
) -> None:
    progress = by_key(evaluate(student, criteria))
    assert {k: (p.have, p.need, p.met, p.details) for k, p in progress.items()} == expected


def test_criteria_come_in_a_fixed_order_with_stable_keys() -> None:
    criteria = EntryCriteria(
        rating=1,
        contest=ContestCriterion(percentile=1, score=1),
        competencies={PROTOCOL: 1, FAULTS: 1},
        points=1,
        modules_done="all",
    )
    assert [p.key for p in evaluate(facts(), criteria)] == [
        "modules_done",
        "points",
        "competency:network_fault_diagnosis",
        "competency:protocol_comprehension",
        "contest_percentile",
        "contest_score",
        "rating",
    ]


def test_empty_criteria_give_nothing_and_are_not_met() -> None:
    assert evaluate(facts(points=1e6), EntryCriteria()) == []
    assert not all_met([])
    assert closeness([]) == 0.0
    assert not is_close([])


@pytest.mark.parametrize(
    ("ratios", "expected"),
    [
        pytest.param([(1, 2), (3, 4)], (0.5 + 0.75) / 2, id="mean-of-shares"),
        pytest.param([(10, 2), (0, 4)], 0.5, id="overshoot-capped-at-one"),
        pytest.param([(None, 2), (2, 2)], 0.5, id="missing-fact-counts-zero"),
        pytest.param([(2, 2), (5, 4)], 1.0, id="all-met"),
    ],
)
def test_closeness_is_the_mean_of_capped_shares(
    ratios: list[tuple[float | None, float]], expected: float
) -> None:
    progress = [
        CriterionProgress(f"c{i}", have, need, have is not None and have >= need)
        for i, (have, need) in enumerate(ratios)
    ]
    assert closeness(progress) == pytest.approx(expected)


def test_close_means_at_least_eighty_percent_but_not_every_criterion() -> None:
    close = [CriterionProgress("points", 80, 100, False)]
    far = [CriterionProgress("points", 79, 100, False)]
    done = [CriterionProgress("points", 100, 100, True)]
    assert CLOSE == 0.8
    assert is_close(close) and not is_close(far) and not is_close(done)


def test_a_snapshot_round_trips_through_json() -> None:
    progress = evaluate(
        facts(done_modules=frozenset({"vlan"})),
        EntryCriteria(modules_done="all", rating=5),
    )
    assert [CriterionProgress.from_json(p.to_json()) for p in progress] == progress


# Properties --------------------------------------------------------------------------------

amount = st.floats(min_value=0, max_value=1e5, allow_nan=False, allow_infinity=False)
percent = st.floats(min_value=0, max_value=100, allow_nan=False)
slugs = st.sampled_from(["vlan", "ospf", "acl", "bgp", "mpls"])
competencies = st.dictionaries(st.sampled_from(list(Competency)), percent, max_size=3)

criteria_strategy = st.builds(
    EntryCriteria,
    modules_done=st.one_of(st.none(), st.just("all"), st.lists(slugs, min_size=1, max_size=3)),
    points=st.one_of(st.none(), amount),
    competencies=competencies,
    contest=st.one_of(
        st.none(),
        st.builds(
            ContestCriterion,
            percentile=st.one_of(st.none(), percent),
            score=st.one_of(st.none(), amount),
        ),
    ),
    rating=st.one_of(st.none(), amount),
)
facts_strategy = st.builds(
    Facts,
    done_modules=st.frozensets(slugs),
    tier_below_modules=st.lists(slugs, unique=True, max_size=4).map(tuple),
    points=amount,
    competencies=st.dictionaries(st.sampled_from([c.value for c in Competency]), percent),
    contest=st.one_of(st.none(), st.builds(ContestResult, percentile=percent, score=amount)),
    rating=st.one_of(st.none(), amount),
)


@given(facts_strategy, criteria_strategy)
def test_met_exactly_when_closeness_is_one(student: Facts, criteria: EntryCriteria) -> None:
    progress = evaluate(student, criteria)
    assert all_met(progress) == (closeness(progress) == 1.0)
    assert 0.0 <= closeness(progress) <= 1.0
    assert all(0.0 <= p.ratio <= 1.0 and (p.ratio == 1.0) == p.met for p in progress)


@given(facts_strategy, criteria_strategy)
def test_empty_criteria_exactly_when_nothing_is_evaluated(
    student: Facts, criteria: EntryCriteria
) -> None:
    assert (evaluate(student, criteria) == []) == criteria.empty


@given(
    facts_strategy,
    criteria_strategy,
    amount,
    percent,
    st.sampled_from(list(Competency)),
    slugs,
    st.builds(ContestResult, percentile=percent, score=amount),
    amount,
)
def test_more_of_any_fact_never_lowers_closeness(
    student: Facts,
    criteria: EntryCriteria,
    more_points: float,
    more_percent: float,
    competency: Competency,
    module: str,
    better: ContestResult,
    more_rating: float,
) -> None:
    before = evaluate(student, criteria)
    contest = student.contest
    if contest is not None:
        better = ContestResult(
            max(better.percentile, contest.percentile), max(better.score, contest.score)
        )
    improved = [
        Facts(**{**student.__dict__, "points": student.points + more_points}),
        Facts(
            **{
                **student.__dict__,
                "competencies": {
                    **student.competencies,
                    competency.value: max(
                        more_percent, student.competencies.get(competency.value, 0.0)
                    ),
                },
            }
        ),
        Facts(**{**student.__dict__, "done_modules": student.done_modules | {module}}),
        Facts(**{**student.__dict__, "contest": better}),
        Facts(**{**student.__dict__, "rating": (student.rating or 0.0) + more_rating}),
    ]
    for after in improved:
        progress = evaluate(after, criteria)
        assert closeness(progress) >= closeness(before)
        assert [p.key for p in progress] == [p.key for p in before]
        for old, new in zip(before, progress, strict=True):
            assert new.met or not old.met  # nothing met is lost
