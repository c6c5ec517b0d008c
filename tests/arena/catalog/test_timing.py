"""Time-limit margins decided from measured runs (no judge, no clock): problemtools's
"sensitive to time limit" — the verdict at limit / margin differs from the one at limit × margin.
"""

from __future__ import annotations

import pytest

from ictarena.catalog.packages.timing import TimedRun, TimeWindow, sensitivity

WINDOW = TimeWindow(limit_s=1.0, margin=1.5)


def runs(*times: float, verdict: str = "AC") -> list[TimedRun]:
    return [TimedRun(f"secret/{i:02}", verdict, t) for i, t in enumerate(times, start=1)]


def test_the_window_spans_the_margin_on_both_sides_of_the_limit() -> None:
    assert WINDOW.low_s == pytest.approx(2 / 3)
    assert WINDOW.high_s == pytest.approx(1.5)
    assert TimeWindow(2.0).high_s == pytest.approx(3.0)  # the package format's 1.5 by default


@pytest.mark.parametrize(
    ("times", "sensitive"),
    [((0.01, 0.2, 0.3), False), ((0.01, 0.666), False), ((0.01, 0.667), True), ((0.9,), True)],
    ids=["far-under", "at-limit-over-margin", "just-over", "close-to-limit"],
)
def test_a_solution_that_finishes_is_sensitive_when_a_test_runs_over_limit_over_margin(
    times: tuple[float, ...], sensitive: bool
) -> None:
    found = sensitivity(WINDOW, runs(*times))
    assert (found is not None) == sensitive
    if found is not None:
        assert f"takes {max(times):.3f} s" in found
        assert "limit / 1.5 (0.667 s)" in found


def test_a_wrong_answer_that_runs_close_to_the_limit_is_sensitive_too() -> None:
    assert sensitivity(WINDOW, runs(0.1, 0.8, verdict="WA")) is not None


def test_a_time_out_is_sensitive_only_when_the_raised_limit_lets_it_finish() -> None:
    at_limit = [*runs(0.1), TimedRun("secret/02", "TLE", 1.0)]
    assert sensitivity(WINDOW, at_limit) is None  # unknown without a run at 1.5 s
    still_slow = [*runs(0.1), TimedRun("secret/02", "TLE", 1.5)]
    assert sensitivity(WINDOW, at_limit, still_slow) is None
    finishes = runs(0.1, 1.2)
    found = sensitivity(WINDOW, at_limit, finishes)
    assert found is not None
    assert "times out at 1 s but not at 1 × 1.5 = 1.5 s" in found
    assert "secret/02, 1.200 s" in found


def test_the_margin_of_the_package_is_used() -> None:
    legacy = TimeWindow(limit_s=2.0, margin=2.0)  # problemtools's time_safety_margin
    assert sensitivity(legacy, runs(0.9)) is None
    assert sensitivity(legacy, runs(1.1)) is not None
