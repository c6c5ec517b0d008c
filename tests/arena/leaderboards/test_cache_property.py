"""The score cache equals a recomputation from every submission, whatever happens: random
practice verdicts, partial scores, judge errors, reference solutions and rejudgings that are
applied (scores change, validity moves to the new judging) or cancelled, for a few students
and tasks across week and month boundaries in Asia/Shanghai."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlalchemy.pool import NullPool

from ictarena.db import Database
from ictarena.events.models import Event
from ictarena.leaderboards.boards import board
from ictarena.leaderboards.models import BoardTotal, PointGain, PracticeCount, TaskStat
from ictarena.submissions import recording
from ictarena.submissions.models import Judging, Rejudging, Run, Submission, TaskResult
from tests.arena.leaderboards import reference
from tests.arena.leaderboards.reference import Sub
from tests.arena.leaderboards.world import ZONE, World, build_world, practise, rejudge

# Sunday 29 November 2026, 12:00 UTC: the script crosses a week (Shanghai's Monday starts at
# 16:00 UTC on Sunday) and the month boundary.
START = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
RESULTS = st.sampled_from(
    [("AC", 100.0), ("WA", 0.0), ("WA", 40.0), ("TLE", 70.0), ("WA", 100.0), ("JE", None)]
)
SUBMIT = st.tuples(
    st.just("submit"),
    st.integers(0, 2),  # student
    st.integers(0, 2),  # task
    st.integers(0, 40),  # hours after the previous submission
    RESULTS,
    st.booleans(),  # a reference solution (counts nowhere)
)
REJUDGE = st.tuples(
    st.just("rejudge"),
    st.integers(0, 30),  # which submission (modulo how many there are)
    RESULTS.filter(lambda r: r[0] != "JE"),
    st.booleans(),  # applied, else cancelled
)
SCRIPTS = st.lists(st.one_of(SUBMIT, SUBMIT, REJUDGE), min_size=1, max_size=12)


async def _reset(db: Database) -> None:
    async with db.transaction() as session:
        for table in (Run, TaskResult, PointGain, BoardTotal, TaskStat, PracticeCount, Event):
            await session.execute(delete(table))
        await session.execute(delete(Judging))
        await session.execute(delete(Rejudging))
        await session.execute(delete(Submission))


async def _play(db: Database, world: World, script: list[tuple[Any, ...]]) -> None:
    await _reset(db)
    subs: list[Sub] = []
    ids: list[int] = []
    at = START
    for step in script:
        if step[0] == "submit":
            _, student, task, hours, (verdict, score), is_reference = step
            at += timedelta(hours=hours, minutes=7)
            user = world.students[student]
            submission_id, _ = await practise(
                db, user.id, world.tasks[task], at, verdict, score, reference=is_reference
            )
            counted = None if verdict == "JE" else verdict
            subs.append(
                Sub(
                    len(subs),
                    user.id,
                    world.tasks[task].id,
                    at,
                    counted,
                    score or 0.0,
                    is_reference,
                )
            )
            ids.append(submission_id)
        elif subs:
            _, which, (verdict, score), applied = step
            index = which % len(subs)
            if subs[index].reference:
                continue  # rejudgings leave reference solutions alone
            await rejudge(db, world.admin, ids[index], verdict, score, apply=applied)
            if applied:
                subs[index].verdict, subs[index].score = verdict, score or 0.0
    await _compare(db, world, subs)


async def _compare(db: Database, world: World, subs: list[Sub]) -> None:
    difficulty = {task.id: task.difficulty for task in world.tasks}
    gains = reference.ledger(subs, difficulty)
    totals = reference.board_totals(gains, world.placement, ZONE)
    async with db.session() as session:
        stored = sorted(
            (g.user_id, g.task_id, g.earned_at, round(g.points, 6), g.solved)
            for g in await session.scalars(select(PointGain))
        )
        assert stored == sorted((u, t, a, round(p, 6), s) for u, t, a, p, s in gains)
        lines = {
            (line.board, line.period, line.user_id): (
                line.points,
                line.solved,
                line.last_solve_at,
                line.reached_at,
            )
            for line in await session.scalars(select(BoardTotal))
        }
        assert lines == totals
        stats = {
            stat.task_id: (stat.attempted, stat.solved, stat.submissions, stat.accepted)
            for stat in await session.scalars(select(TaskStat))
        }
        expected = reference.task_stats(subs)
        assert {t: s for t, s in stats.items() if s != (0, 0, 0, 0)} == expected
        # The board itself ranks by points, then by who reached them first.
        shown = await board(session, "all", "all", per_page=2, page=1)
        order = sorted(
            (
                (-p, reached, user)
                for (b, period, user), (p, _n, _l, reached) in totals.items()
                if (b, period) == ("all", "all")
            ),
        )
        assert [row.user_id for row in shown.rows] == [user for _p, _r, user in order][:2]
        assert shown.total == len(order)
    # Rebuilding from scratch gives the same cache.
    async with db.transaction() as session:
        await recording.rebuild_leaderboards(session, ZONE)
    async with db.session() as session:
        rebuilt = {
            (line.board, line.period, line.user_id): (
                line.points,
                line.solved,
                line.last_solve_at,
                line.reached_at,
            )
            for line in await session.scalars(select(BoardTotal))
        }
        assert rebuilt == totals


def _run_examples(url: str) -> None:
    async def prepare() -> World:
        db = Database.from_url(url, poolclass=NullPool)
        try:
            async with db.session() as session:
                return await build_world(session, difficulties=(1, 3, 5))
        finally:
            await db.dispose()

    world = asyncio.run(prepare())

    @settings(
        max_examples=int(__import__("os").environ.get("ARENA_PROPERTY_EXAMPLES", "25")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(script=SCRIPTS)
    def check(script: list[tuple[Any, ...]]) -> None:
        async def one() -> None:
            db = Database.from_url(url, poolclass=NullPool)
            try:
                await _play(db, world, script)
            finally:
                await db.dispose()

        asyncio.run(one())

    check()


async def test_cache_equals_recomputation_on_sqlite(sqlite_db: Database) -> None:
    await asyncio.to_thread(_run_examples, str(sqlite_db.engine.url))


@pytest.mark.postgres
async def test_cache_equals_recomputation_on_postgres(committed_db: Database) -> None:
    url = committed_db.engine.url.render_as_string(hide_password=False)
    await asyncio.to_thread(_run_examples, url)
