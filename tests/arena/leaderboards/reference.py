"""An independent, deliberately plain recomputation of the leaderboards from a list of
submissions, for the property test to compare the cache with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass
class Sub:
    """A submission as the test script knows it: its current valid result, or none."""

    index: int
    user_id: int
    task_id: int
    at: datetime
    verdict: str | None  # None: no valid finished judging (a judge error)
    score: float
    reference: bool = False


def share(sub: Sub) -> float:
    if sub.verdict == "AC":
        return 1.0
    return max(0.0, min(1.0, sub.score / 100.0))


def ledger(
    subs: list[Sub], difficulty: dict[int, int]
) -> list[tuple[int, int, datetime, float, bool]]:
    """(user, task, time, points, solved) for every rise of the best and every first solve."""
    out = []
    counted = [s for s in subs if s.verdict is not None and not s.reference]
    pairs = sorted({(s.user_id, s.task_id) for s in counted})
    for user_id, task_id in pairs:
        mine = sorted(
            (s for s in counted if (s.user_id, s.task_id) == (user_id, task_id)),
            key=lambda s: (s.at, s.index),
        )
        value = 10 * min(5, max(1, difficulty[task_id]))
        best = 0.0
        solved = False
        for s in mine:
            now = max(best, share(s))
            newly = s.verdict == "AC" and not solved
            if now > best or newly:
                out.append((user_id, task_id, s.at, value * (now - best), newly))
            best = now
            solved = solved or s.verdict == "AC"
    return out


def period_names(at: datetime, zone: ZoneInfo) -> list[str]:
    local = at.astimezone(zone)
    year, week, weekday = local.isocalendar()
    monday = datetime.fromisocalendar(year, week, 1).date()
    assert (local.date() - monday) == timedelta(days=weekday - 1)
    return ["all", f"m:{local.year:04d}-{local.month:02d}", "w:" + str(monday)]


def board_totals(
    gains: list[tuple[int, int, datetime, float, bool]],
    placement: dict[int, tuple[int, int]],
    zone: ZoneInfo,
) -> dict[tuple[str, str, int], tuple[float, int, datetime | None, datetime]]:
    """(board, period, user) -> (points, solved, last solve, reached at)."""
    groups: dict[tuple[str, str, int], list[tuple[datetime, float, bool]]] = {}
    for user_id, task_id, at, points, solved in gains:
        track, tier = placement[task_id]
        for board in ("all", f"track:{track}", f"tier:{tier}"):
            for period in period_names(at, zone):
                groups.setdefault((board, period, user_id), []).append((at, points, solved))
    out = {}
    for key, items in groups.items():
        points = round(sum(p for _, p, _ in items), 2)
        solves = [at for at, _, s in items if s]
        scoring = [at for at, p, _ in items if p > 0]
        reached = max(scoring) if scoring else min(at for at, _, _ in items)
        out[key] = (points, len(solves), max(solves) if solves else None, reached)
    return out


def task_stats(subs: list[Sub]) -> dict[int, tuple[int, int, int, int]]:
    """task -> (students who tried, students who solved, judged submissions, accepted)."""
    out = {}
    counted = [s for s in subs if s.verdict is not None and not s.reference]
    for task_id in {s.task_id for s in counted}:
        mine = [s for s in counted if s.task_id == task_id]
        accepted = [s for s in mine if s.verdict == "AC"]
        out[task_id] = (
            len({s.user_id for s in mine}),
            len({s.user_id for s in accepted}),
            len(mine),
            len(accepted),
        )
    return out
