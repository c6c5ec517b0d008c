"""Practice points as pure functions: a task's worth, the share a judging earned, the ledger of
rises, the periods in the platform's time zone, and the totals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ictarena.leaderboards.points import (
    Attempt,
    Gain,
    Placed,
    fraction,
    gains,
    period_key,
    periods,
    totals,
    worth,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.mark.parametrize(
    ("difficulty", "points"),
    [(1, 10), (2, 20), (3, 30), (4, 40), (5, 50), (0, 10), (None, 10), (9, 50)],
    ids=["1", "2", "3", "4", "5", "below-range", "unset", "above-range"],
)
def test_a_task_is_worth_ten_points_per_difficulty_level(
    difficulty: int | None, points: int
) -> None:
    assert worth(difficulty) == points


@pytest.mark.parametrize(
    ("score", "top", "accepted", "share"),
    [
        (50, 100, False, 0.5),
        (100, 100, True, 1.0),
        (30, 100, True, 1.0),  # accepted is the whole task
        (150, 100, False, 1.0),
        (-5, 100, False, 0.0),
        (None, 100, False, 0.0),
        (5, 0, False, 0.0),
        (5, None, False, 0.0),
    ],
    ids=["half", "accepted", "accepted-low", "over", "negative", "no-score", "zero-max", "no-max"],
)
def test_the_share_of_a_task_a_judging_earned(
    score: float | None, top: float | None, accepted: bool, share: float
) -> None:
    assert fraction(score, top, accepted) == share


def test_the_ledger_records_each_rise_of_the_best_and_the_first_solve() -> None:
    attempts = [
        Attempt(at(0), 0.4, False),
        Attempt(at(1), 0.2, False),  # lower: nothing
        Attempt(at(2), 0.7, False),  # +0.3
        Attempt(at(3), 1.0, True),  # +0.3 and solved
        Attempt(at(4), 1.0, True),  # nothing more
    ]
    assert gains(attempts, 30) == [
        Gain(at(0), pytest.approx(12.0), False),  # type: ignore[arg-type]
        Gain(at(2), pytest.approx(9.0), False),  # type: ignore[arg-type]
        Gain(at(3), pytest.approx(9.0), True),  # type: ignore[arg-type]
    ]
    assert sum(g.points for g in gains(attempts, 30)) == pytest.approx(30.0)


def test_a_full_score_that_is_not_accepted_is_solved_later_for_no_points() -> None:
    attempts = [Attempt(at(0), 1.0, False), Attempt(at(5), 1.0, True)]
    assert gains(attempts, 20) == [Gain(at(0), 20.0, False), Gain(at(5), 0.0, True)]


def test_nothing_earned_means_no_ledger() -> None:
    assert gains([Attempt(at(0), 0.0, False)], 50) == []
    assert gains([], 50) == []


@pytest.mark.parametrize(
    ("moment", "month", "week"),
    [
        # 23:30 UTC on Sunday 29 November is Monday 07:30 in Shanghai: the next week.
        (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "m:2026-11", "w:2026-11-30"),
        # 15:59 UTC on that Sunday is still Sunday 23:59 there.
        (datetime(2026, 11, 29, 15, 59, tzinfo=UTC), "m:2026-11", "w:2026-11-23"),
        # 16:30 UTC on 30 November is 1 December 00:30 there: the next month.
        (datetime(2026, 11, 30, 16, 30, tzinfo=UTC), "m:2026-12", "w:2026-11-30"),
        # New Year's Eve in UTC is New Year's Day there; that week began in December.
        (datetime(2026, 12, 31, 20, 0, tzinfo=UTC), "m:2027-01", "w:2026-12-28"),
    ],
    ids=["sunday-night-utc", "sunday-evening-utc", "month-end", "new-year"],
)
def test_periods_are_counted_in_the_platform_time_zone(
    moment: datetime, month: str, week: str
) -> None:
    assert periods(moment, SHANGHAI) == ("all", month, week)
    assert period_key("month", moment, SHANGHAI) == month
    assert period_key("week", moment, SHANGHAI) == week
    assert period_key("all", moment, SHANGHAI) == "all"


def test_another_time_zone_puts_the_same_moment_in_another_week() -> None:
    moment = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert periods(moment, ZoneInfo("UTC"))[2] == "w:2026-11-23"


def test_totals_per_board_and_period() -> None:
    sunday = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)  # Sunday 20:00 in Shanghai
    monday = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    placed = [
        Placed(Gain(sunday, 10.0, True), track_id=1, tier_id=11),
        Placed(Gain(monday, 12.5, False), track_id=1, tier_id=12),
        Placed(Gain(monday + timedelta(hours=1), 0.0, True), track_id=2, tier_id=21),
    ]
    lines = totals(placed, SHANGHAI)
    assert lines[("all", "all")].points == 22.5
    assert lines[("all", "all")].solved == 2
    assert lines[("all", "all")].reached_at == monday  # the zero-point solve reached nothing
    assert lines[("all", "all")].last_solve_at == monday + timedelta(hours=1)
    assert lines[("all", "w:2026-11-23")].points == 10.0
    assert lines[("all", "w:2026-11-30")].points == 12.5
    assert lines[("track:1", "all")].points == 22.5
    assert lines[("tier:12", "all")].solved == 0
    # A line with no points at all is reached at its first gain.
    assert lines[("track:2", "all")].points == 0.0
    assert lines[("track:2", "all")].reached_at == monday + timedelta(hours=1)
    assert ("tier:21", "w:2026-11-23") not in lines


def test_totals_round_to_hundredths_so_equal_scores_tie() -> None:
    when = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    thirds = [Placed(Gain(when, 10 / 3, False), 1, 1) for _ in range(3)]
    assert totals(thirds, SHANGHAI)[("all", "all")].points == 10.0
