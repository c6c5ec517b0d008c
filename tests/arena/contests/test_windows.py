"""The time rules, on worked examples: a fixed round, a personal timer capped by the window's
end, extra minutes for a team and a member, freeze points, phases, the contest's end and the
board's unfreeze."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundKind,
    WindowType,
)
from ictarena.contests.windows import (
    Phase,
    Window,
    board_unfrozen,
    contest_ended,
    extra_minutes,
    last_end,
    may_start,
    phase,
    subject_window,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def fixed(
    start: float = 0, end: float = 300, freeze: int | None = None, kind: RoundKind = RoundKind.LAB
) -> Round:
    return Round(
        kind=kind,
        window=WindowType.FIXED,
        starts_at=at(start),
        ends_at=at(end),
        freeze_min=freeze,
    )


def personal(
    start: float = 0, end: float = 240, duration: int = 90, freeze: int | None = None
) -> Round:
    return Round(
        kind=RoundKind.THEORY,
        window=WindowType.PERSONAL,
        starts_at=at(start),
        ends_at=at(end),
        duration_min=duration,
        freeze_min=freeze,
    )


# --- windows ---------------------------------------------------------------------------


def test_a_fixed_round_runs_from_its_start_to_its_end_plus_extra() -> None:
    round = fixed(0, 300, freeze=60)
    assert subject_window(round, None, 0) == Window(at(0), at(300), at(240))
    # Ten extra minutes move the end and the freeze point with it, not the start.
    assert subject_window(round, None, 10) == Window(at(0), at(310), at(250))


def test_a_personal_timer_runs_its_duration_from_the_subjects_own_start() -> None:
    round = personal(0, 240, duration=90, freeze=15)
    assert subject_window(round, None, 0) == Window(None, None, None)
    assert subject_window(round, at(30), 0) == Window(at(30), at(120), at(105))


def test_the_windows_end_caps_a_personal_timer_started_late() -> None:
    round = personal(0, 240, duration=90)
    # Started 60 minutes before the window closes: 60 minutes, not 90.
    assert subject_window(round, at(180), 0).end == at(240)
    # Extra minutes come on top of the capped end.
    assert subject_window(round, at(180), 5).end == at(245)
    # The freeze point is the same offset before each subject's own end.
    frozen = personal(0, 240, duration=90, freeze=15)
    assert subject_window(frozen, at(0), 0).freeze_at == at(75)
    assert subject_window(frozen, at(200), 0).freeze_at == at(225)


def test_a_submission_counts_from_the_start_up_to_but_not_at_the_end() -> None:
    window = subject_window(fixed(0, 60), None, 0)
    assert not window.counts(at(-0.01))
    assert window.counts(at(0))
    assert window.counts(at(59.99))
    assert not window.counts(at(60))
    assert not Window(None, None, None).counts(at(10))


def test_before_freeze() -> None:
    window = subject_window(fixed(0, 60, freeze=10), None, 0)
    assert window.before_freeze(at(49.9))
    assert not window.before_freeze(at(50))
    assert subject_window(fixed(0, 60), None, 0).before_freeze(at(59))


# --- extra minutes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param(RoundKind.THEORY, 15, id="individual-round-adds-the-members-own"),
        pytest.param(RoundKind.LAB, 10, id="shared-round-counts-the-teams-only"),
    ],
)
def test_extra_minutes_of_a_team_and_a_member_add_up_where_the_round_is_individual(
    kind: RoundKind, expected: int
) -> None:
    entry = Entry(extra_minutes=10)
    member = Participation(extra_minutes=5)
    assert extra_minutes(fixed(kind=kind), entry, member) == expected


def test_extra_minutes_without_a_participation_are_the_entrys() -> None:
    assert extra_minutes(personal(), Entry(extra_minutes=7), None) == 7


# --- phases ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(-1, Phase.BEFORE, id="before"),
        pytest.param(0, Phase.RUNNING, id="at-the-start"),
        pytest.param(249.9, Phase.RUNNING, id="just-before-freeze"),
        pytest.param(250, Phase.FROZEN, id="at-the-freeze"),
        pytest.param(309.9, Phase.FROZEN, id="extra-time"),
        pytest.param(310, Phase.OVER, id="at-the-end-with-extra"),
    ],
)
def test_phases_of_a_fixed_round_with_ten_extra_minutes(now: float, expected: Phase) -> None:
    round = fixed(0, 300, freeze=60)
    assert phase(subject_window(round, None, 10), round, at(now)) is expected


@pytest.mark.parametrize(
    ("started", "now", "expected"),
    [
        pytest.param(None, -5, Phase.BEFORE, id="window-not-open"),
        pytest.param(None, 0, Phase.OPEN, id="may-start"),
        pytest.param(None, 239.9, Phase.OPEN, id="may-start-at-the-last-moment"),
        pytest.param(None, 240, Phase.OVER, id="never-started"),
        pytest.param(100, 150, Phase.RUNNING, id="running"),
        pytest.param(100, 180, Phase.FROZEN, id="frozen"),
        pytest.param(100, 190, Phase.OVER, id="timer-over-window-open"),
        pytest.param(200, 239, Phase.FROZEN, id="capped-timer-frozen"),
        pytest.param(200, 240, Phase.OVER, id="capped-timer-over"),
    ],
)
def test_phases_of_a_personal_round(started: float | None, now: float, expected: Phase) -> None:
    round = personal(0, 240, duration=90, freeze=10)
    window = subject_window(round, None if started is None else at(started), 0)
    assert phase(window, round, at(now)) is expected


def test_a_personal_timer_may_be_started_only_inside_its_window() -> None:
    round = personal(0, 240)
    assert not may_start(round, at(-0.01))
    assert may_start(round, at(0))
    assert may_start(round, at(239.99))
    assert not may_start(round, at(240))
    assert not may_start(fixed(), at(10))


# --- the contest ----------------------------------------------------------------------------


def test_a_contest_ends_when_its_last_round_and_the_largest_extra_time_have_passed() -> None:
    rounds = [personal(0, 90), fixed(120, 300)]
    assert last_end(rounds, 15) == at(315)
    assert not contest_ended(rounds, 15, at(314.99))
    assert contest_ended(rounds, 15, at(315))
    assert contest_ended(rounds, 0, at(300))
    assert not contest_ended([], 0, at(10_000))


def test_the_public_board_unfreezes_at_the_unfreeze_time_or_the_reveal() -> None:
    rounds = [fixed(0, 300, freeze=60)]
    contest = Contest(unfreeze_at=at(400), revealed_at=None)
    assert not board_unfrozen(contest, rounds, at(399))
    assert board_unfrozen(contest, rounds, at(400))
    held = Contest(unfreeze_at=None, revealed_at=None)
    assert not board_unfrozen(held, rounds, at(100_000))
    held.revealed_at = at(320)
    assert board_unfrozen(held, rounds, at(321))
    # A contest whose rounds never freeze has nothing to hide.
    assert board_unfrozen(Contest(unfreeze_at=None), [fixed()], at(10))
