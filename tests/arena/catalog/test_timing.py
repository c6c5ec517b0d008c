"""Time-limit rules as pure functions: inference with the multipliers and the resolution, the
low and the high limit of a verification, and when their judgings disagree."""

from __future__ import annotations

import pytest

from ictarena.catalog.packages.timing import (
    Graded,
    TimeWindow,
    infer_limit,
    needs_low_run,
    sensitivity,
)


def test_the_high_limit_is_the_limit_times_time_limit_to_tle() -> None:
    assert (TimeWindow(1.0, 1.5).low_s, TimeWindow(1.0, 1.5).high_s) == (1.0, 1.5)
    assert TimeWindow(2.0).high_s == pytest.approx(3.0)  # the package format's 1.5 by default
    assert TimeWindow(2.0, 2.0).high_s == 4.0  # legacy time_safety_margin
    assert TimeWindow(40.0, 2.0).high_s == 60.0  # never more than the judge allows


@pytest.mark.parametrize(
    ("slowest", "multipliers", "resolution", "limits"),
    [
        # legacy defaults (time_multiplier 5, time_safety_margin 2), whole seconds, at least 1
        (0.001, (5, 2), 1.0, (1, 2)),
        (0.29, (5, 2), 1.0, (2, 4)),  # 1.45 s rounds up, not to the nearest
        (0.2, (5, 2), 1.0, (1, 2)),  # exactly 1 s stays 1 s
        (1.0, (5, 2), 1.0, (5, 10)),
        # 2025-09 defaults (ac_to_time_limit 2, time_limit_to_tle 1.5)
        (0.6, (2, 1.5), 1.0, (2, 3)),
        (0.6, (2, 1.5), 0.25, (1.25, 1.875)),  # a multiple of time_resolution
        (0.001, (2, 1.5), 0.1, (0.1, 0.15)),
        (45.0, (2, 1.5), 1.0, (60, 60)),  # capped
    ],
)
def test_an_inferred_limit_is_the_smallest_multiple_of_the_resolution_above_the_slowest_run(
    slowest: float,
    multipliers: tuple[float, float],
    resolution: float,
    limits: tuple[float, float],
) -> None:
    assert infer_limit(slowest, *multipliers, resolution) == pytest.approx(limits)


def test_a_second_judging_is_needed_only_when_the_limits_may_disagree() -> None:
    window = TimeWindow(1.0, 2.0)
    assert not needs_low_run(window, ["AC", "AC"], 0.4)
    assert not needs_low_run(window, ["WA"], 1.0)  # exactly the limit is within it
    assert needs_low_run(window, ["AC"], 1.2)  # would time out with the limit
    assert needs_low_run(window, ["TLE"], 2.0)


def test_the_same_outcome_with_both_limits_is_not_sensitive() -> None:
    window = TimeWindow(1.0, 2.0)
    assert sensitivity(window, Graded("TLE"), Graded("TLE")) is None
    assert sensitivity(window, Graded("AC", 50), Graded("AC", 50.0000001)) is None


def test_a_verdict_or_score_that_changes_with_the_limit_is_sensitive() -> None:
    window = TimeWindow(1.0, 2.0)
    found = sensitivity(window, Graded("TLE"), Graded("AC"))
    assert found is not None and found.startswith("sensitive to the time limit")
    assert "TLE with 1 s, AC with 2 s (1 × 2)" in found
    assert sensitivity(window, Graded("AC", 30), Graded("AC", 100)) is not None
