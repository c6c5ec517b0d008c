"""The contest-start burst benchmark still works, at a toy size: everyone's submissions are
accepted through contest intake, judged by the embedded pipeline and none is lost; and its
fairness measures read known orders right. Times nothing (benchmarks/contest_burst_bench.py
does)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from benchmarks.contest_burst_bench import (
    Plan,
    Row,
    burst,
    inversion_share,
    let_ahead_share,
    max_displacement,
    max_overtake_s,
    report,
)
from ictarena.db import Database
from ictarena.submissions.models import Judging

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def test_the_order_measures_on_known_orders() -> None:
    assert inversion_share([1, 2, 3, 4], [1, 2, 3, 4]) == 0.0
    assert inversion_share([1, 2, 3, 4], [4, 3, 2, 1]) == 1.0
    assert inversion_share([1, 2, 3, 4], [2, 1, 3, 4]) == pytest.approx(1 / 6)
    assert max_displacement([1, 2, 3, 4], [2, 3, 4, 1]) == 3
    assert max_displacement([1, 2, 3], [1, 2, 3]) == 0
    stamps = {1: T0, 2: T0 + timedelta(seconds=0.5), 3: T0 + timedelta(seconds=2)}
    assert max_overtake_s([1, 2, 3], [2, 1, 3], stamps) == 0.5
    assert max_overtake_s([1, 2, 3], [3, 1, 2], stamps) == 2.0
    assert max_overtake_s([1, 2, 3], [1, 2, 3], stamps) == 0.0


def test_later_arrivals_let_past_a_backlog_are_counted() -> None:
    def row(sid: int, user: int, made: float, picked: float) -> Row:
        started = T0 + timedelta(seconds=picked)
        return (sid, user, T0 + timedelta(seconds=made), Judging(started_at=started))

    # User 1 sends three at 0 s; with a cap of 2 the third waits and is picked up at 5 s.
    judged = [
        row(1, 1, 0, 0),
        row(2, 1, 0, 0.5),
        row(3, 1, 0, 5),
        row(4, 2, 1, 2),  # made during the backlog, judged before it: let ahead
        row(5, 3, 2, 6),  # made during the backlog, judged after it
        row(6, 4, 7, 8),  # made after the backlog was picked up: not a pair
    ]
    firsts = {1, 4, 5, 6}
    assert let_ahead_share(judged, firsts, {1}, cap=2) == 0.5
    assert let_ahead_share(judged, firsts, {1}, cap=3) is None


@pytest.mark.postgres
async def test_a_toy_burst_is_all_accepted_and_judged(
    committed_db: Database, tmp_path: Path
) -> None:
    plan = Plan(participants=12, judges=2, judge_ms=0, greedy=2, extra=3, cap=2)
    figures = await burst(committed_db, tmp_path, plan)
    assert figures.errors == []
    assert figures.submitted == figures.accepted == figures.stored == 12 + 2 * 3
    assert figures.lost == 0 and figures.judged == figures.accepted
    assert (figures.solved_cells, figures.pending_cells) == (12, 0)
    assert len(figures.wait_s) == 12 and 0.0 <= figures.inversions <= 1.0
    assert "| accepted | 18 of 18 |" in report(figures)
