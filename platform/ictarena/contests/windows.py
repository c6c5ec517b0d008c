"""The time rules of a contest, as pure functions of the rows and the server's clock.

Every place that asks "may this subject act now, and when does their time end?" (intake, the
scoreboard cache, the countdowns of the contest page) reads it here, so that the rules are
written once:

- A *fixed* round runs from ``starts_at`` to ``ends_at`` plus the subject's extra minutes.
- A *personal* round runs from the subject's own start (their Sitting's ``started_at``), which
  they may press only inside ``[starts_at, ends_at)``, for ``duration_min`` minutes; the
  window's end caps the timer, as CMS's ``per_user_time`` does, and extra minutes come on top.
- The freeze point is ``freeze_min`` minutes before the subject's own end.
- A submission at server time ``t`` counts iff ``start <= t < end``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ictarena.contests.models import Contest, Entry, Participation, Round, WindowType


@dataclass(frozen=True)
class Window:
    """One subject's time in one round. ``start`` and ``end`` are None while a personal timer
    has not been started; ``freeze_at`` is None when the round does not freeze."""

    start: datetime | None
    end: datetime | None
    freeze_at: datetime | None

    def counts(self, at: datetime) -> bool:
        """Does a submission made at server time ``at`` count?"""
        return self.start is not None and self.end is not None and self.start <= at < self.end

    def before_freeze(self, at: datetime) -> bool:
        """Is ``at`` before the freeze point (shown on the public board while frozen)?"""
        return self.freeze_at is None or at < self.freeze_at


class Phase(StrEnum):
    BEFORE = "before"  # the round's window has not opened
    OPEN = "open"  # personal round: the window is open and the subject may start the timer
    RUNNING = "running"  # the subject's time runs
    FROZEN = "frozen"  # the subject's time runs, past their freeze point
    OVER = "over"  # the subject's time (or the window to start it) has passed


def extra_minutes(round: Round, entry: Entry, participation: Participation | None) -> int:
    """The extra minutes of a subject: the entry's for everyone, plus the participation's own
    in an individual round (in a shared round the team has one clock)."""
    extra = entry.extra_minutes or 0
    if not round.shared and participation is not None:
        extra += participation.extra_minutes or 0
    return extra


def subject_window(round: Round, sitting_started_at: datetime | None, extra_min: int) -> Window:
    """The window of one subject: see the module's docstring."""
    extra = timedelta(minutes=extra_min)
    if round.window is WindowType.PERSONAL:
        if sitting_started_at is None:
            return Window(None, None, None)
        start = sitting_started_at
        timer_end = start + timedelta(minutes=round.duration_min or 0)
        end = min(timer_end, round.ends_at) + extra
    else:
        start = round.starts_at
        end = round.ends_at + extra
    freeze_at = None if round.freeze_min is None else end - timedelta(minutes=round.freeze_min)
    return Window(start, end, freeze_at)


def may_start(round: Round, now: datetime) -> bool:
    """May a personal timer be started now? Only inside the round's window."""
    return round.window is WindowType.PERSONAL and round.starts_at <= now < round.ends_at


def phase(window: Window, round: Round, now: datetime) -> Phase:
    """Where the subject stands at ``now``."""
    if window.start is None or window.end is None:  # a personal timer not started
        if now < round.starts_at:
            return Phase.BEFORE
        return Phase.OPEN if now < round.ends_at else Phase.OVER
    if now < window.start:
        return Phase.BEFORE
    if now >= window.end:
        return Phase.OVER
    if window.freeze_at is not None and now >= window.freeze_at:
        return Phase.FROZEN
    return Phase.RUNNING


def last_end(rounds: Sequence[Round], max_extra_min: int) -> datetime | None:
    """The latest moment any subject may still submit (None: no rounds)."""
    if not rounds:
        return None
    return max(r.ends_at for r in rounds) + timedelta(minutes=max_extra_min)


def contest_ended(rounds: Sequence[Round], max_extra_min: int, now: datetime) -> bool:
    """Has every round's window passed, with the largest extra time anyone was given? A
    contest without rounds has not ended (it has not been set up yet)."""
    end = last_end(rounds, max_extra_min)
    return end is not None and now >= end


def board_unfrozen(contest: Contest, rounds: Sequence[Round], now: datetime) -> bool:
    """Does the public board show everything: the jury revealed it, the unfreeze time has
    come, or no round freezes at all?"""
    if contest.revealed_at is not None:
        return True
    if contest.unfreeze_at is not None and contest.unfreeze_at <= now:
        return True
    return all(r.freeze_min is None for r in rounds)
