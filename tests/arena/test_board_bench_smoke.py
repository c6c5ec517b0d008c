"""The leaderboard benchmark's data generator and baseline still work, at a toy size: the
history loads with COPY, the platform's cache rebuild ranks it, and the board it gives equals
the benchmark's naive GROUP BY over the judgings. Times nothing (benchmarks/board_bench.py
does)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from benchmarks.board_data import Plan, judging_rows, load, naive_board, utcnow
from ictarena.db import Database
from ictarena.leaderboards.boards import board
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.recording import rebuild_leaderboards

pytestmark = pytest.mark.postgres
PLAN = Plan(students=50, tasks=10, judgings=500, days=30, prefix="smoke")


def test_the_generator_makes_as_many_judgings_as_planned_for_known_students() -> None:
    from benchmarks.board_data import BenchTask

    tasks = [BenchTask(100 + i, 200 + i, 1 + i % 5, 1 + i % 2, 1 + i % 3) for i in range(6)]
    chunks = list(judging_rows(PLAN, list(range(1, 51)), tasks, 1000, utcnow()))
    submissions = [row for chunk, _judgings in chunks for row in chunk]
    judgings = [row for _chunk, chunk in chunks for row in chunk]
    assert len(submissions) == len(judgings) == 500
    assert [row[0] for row in submissions] == list(range(1000, 1500))
    assert {row[1] for row in submissions} <= set(range(1, 51))
    assert {row[6] for row in judgings} <= {"AC", "PA", "WA", "TLE", "RE"}
    again = list(judging_rows(PLAN, list(range(1, 51)), tasks, 1000, utcnow()))
    assert [row[1:3] for chunk, _j in again for row in chunk] == [r[1:3] for r in submissions]


async def test_a_toy_history_loads_and_its_board_equals_the_naive_one(
    committed_db: Database,
) -> None:
    async with committed_db.session() as session:
        loaded = await load(session, PLAN, utcnow())
        await session.commit()
    assert len(loaded.student_ids) == 50 and len(loaded.tasks) == 10
    async with committed_db.session() as session:
        count = await session.scalar(select(func.count()).select_from(Judging).join(Submission))
        assert count == 500
        ranked = await rebuild_leaderboards(session, ZoneInfo("Asia/Shanghai"))
        await session.commit()
    async with committed_db.session() as session:
        cached = (await board(session, per_page=100)).rows
        naive = await naive_board(session, limit=100)
    assert ranked == len(cached) > 0
    assert {row.user_id: (round(row.points, 2), row.solved) for row in cached} == {
        user: (points, solved) for user, points, solved in naive if points > 0 or solved
    }
