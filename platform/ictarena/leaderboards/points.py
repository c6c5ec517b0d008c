"""Practice points, Kattis style, as pure functions.

A task is worth ``10 × difficulty`` points (difficulty 1–5, so 10 to 50). A student earns the
task's worth times the best score fraction they reached on it; an accepted judging counts as
the whole task. The ledger records every rise of that best fraction at the time of the
submission that caused it, so a board over a period counts the points first earned within it.
A period is the whole time (``all``), a calendar month (``m:YYYY-MM``) or a week starting on
Monday (``w:YYYY-MM-DD``, the Monday's date), both in the platform's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

POINTS_PER_LEVEL = 10
LEVELS = (1, 5)
ALL = "all"


def worth(difficulty: int | None) -> int:
    """What a task is worth: 10 points per level of difficulty, the level clamped to 1–5."""
    level = min(LEVELS[1], max(LEVELS[0], int(difficulty or LEVELS[0])))
    return POINTS_PER_LEVEL * level


def fraction(score: float | None, max_score: float | None, accepted: bool) -> float:
    """The share of a task a judging earned, in [0, 1]; an accepted judging earns all of it."""
    if accepted:
        return 1.0
    if not max_score or max_score <= 0 or not score:
        return 0.0
    return min(1.0, max(0.0, score / max_score))


@dataclass(frozen=True)
class Attempt:
    """One judged practice submission, as the ledger needs it: when it was submitted, the
    share of the task it earned, and whether it was accepted."""

    at: datetime
    fraction: float
    accepted: bool


@dataclass(frozen=True)
class Gain:
    """A rise of a student's best fraction on a task (``points`` > 0), or the first accepted
    judging (``solved``), which may add nothing when the best was already whole."""

    at: datetime
    points: float
    solved: bool


def gains(attempts: Sequence[Attempt], task_worth: int) -> list[Gain]:
    """The ledger of one student on one task, from their judged attempts in submission order."""
    best = 0.0
    solved = False
    out: list[Gain] = []
    for attempt in attempts:
        share = 1.0 if attempt.accepted else min(1.0, max(0.0, attempt.fraction))
        rise = max(0.0, share - best)
        first_solve = attempt.accepted and not solved
        if rise > 0 or first_solve:
            out.append(Gain(attempt.at, task_worth * rise, first_solve))
        best = max(best, share)
        solved = solved or attempt.accepted
    return out


def periods(at: datetime, zone: ZoneInfo) -> tuple[str, str, str]:
    """The periods a moment belongs to: all time, its month and its week in ``zone``."""
    local = at.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    return ALL, f"m:{local:%Y-%m}", f"w:{monday.isoformat()}"


def period_key(kind: str, now: datetime, zone: ZoneInfo) -> str:
    """The key of the period ``kind`` (``all``, ``month`` or ``week``) containing ``now``."""
    everything, month, week = periods(now, zone)
    return {"month": month, "week": week}.get(kind, everything)


def boards(track_id: int, tier_id: int) -> tuple[str, str, str]:
    """The boards a task's points count on: everything, its track and its tier."""
    return ALL, f"track:{track_id}", f"tier:{tier_id}"


@dataclass(frozen=True)
class Total:
    """One student's line on a board and period (what ``board_totals`` stores)."""

    points: float
    solved: int
    last_solve_at: datetime | None
    reached_at: datetime


@dataclass(frozen=True)
class Placed:
    """A gain with the task's track and tier, as the totals need it."""

    gain: Gain
    track_id: int
    tier_id: int


def totals(placed: Iterable[Placed], zone: ZoneInfo) -> dict[tuple[str, str], Total]:
    """Sum a student's ledger into their line on every board and period it touches.

    Points are rounded to hundredths so that equal totals compare equal. ``reached_at`` is the
    last gain that added points (ties on a board go to whoever reached the total first); a line
    with no points at all (only a solve that added nothing) takes its first gain's time.
    """
    lines: dict[tuple[str, str], list[Gain]] = {}
    for item in placed:
        for board in boards(item.track_id, item.tier_id):
            for period in periods(item.gain.at, zone):
                lines.setdefault((board, period), []).append(item.gain)
    out: dict[tuple[str, str], Total] = {}
    for key, items in lines.items():
        scoring = [g.at for g in items if g.points > 0]
        solves = [g.at for g in items if g.solved]
        out[key] = Total(
            points=round(sum(g.points for g in items), 2),
            solved=len(solves),
            last_solve_at=max(solves) if solves else None,
            reached_at=max(scoring) if scoring else min(g.at for g in items),
        )
    return out
