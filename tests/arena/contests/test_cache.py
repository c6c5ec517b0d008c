"""The scoreboard cache: a contest submission refreshes its subject's cell (not the practice
boards), frozen cells hide the tries after the freeze point, first-to-solve marks, the board's
version and event; concurrent members both count; incremental equals recomputed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update
from sqlalchemy.pool import NullPool

from ictarena.contests.models import Contest, ScoreCell, ScoreMode, Scoring, Sitting, WindowType
from ictarena.db import Database
from ictarena.events.models import Event
from ictarena.leaderboards.models import BoardTotal
from ictarena.submissions import contest_cells
from ictarena.submissions.models import Judging, Submission, TaskResult
from tests.arena.contests.board_world import Stage, at, judge, stage, submit


async def _cells(db: Database, contest_id: int) -> dict[tuple[int, int, int, int], tuple[Any, ...]]:
    async with db.session() as session:
        rows = await session.scalars(select(ScoreCell).where(ScoreCell.contest_id == contest_id))
        return {
            (c.round_id, c.task_id, c.entry_id, c.member_id): (
                c.tries,
                c.pending,
                c.solved,
                c.solved_s,
                c.penalty,
                round(c.score, 6),
                c.score_s,
                c.public_tries,
                c.public_pending,
                c.public_solved,
                c.public_solved_s,
                c.public_penalty,
                round(c.public_score, 6),
                c.public_score_s,
                c.first,
            )
            for c in rows
        }


async def _cell(
    db: Database, st: Stage, round_id: int, task_id: int, entry_id: int, member: int
) -> ScoreCell:
    async with db.session() as session:
        found = await session.get(ScoreCell, (round_id, task_id, entry_id, member))
        assert found is not None
        return found


async def test_a_team_shares_its_lab_cell_and_the_frozen_board_hides_late_tries(
    any_db: Database,
) -> None:
    async with any_db.session() as session:
        st = await stage(session)
    lab, a = st.lab, st.tasks[1]
    # The lab runs 100–400, frozen from 340. Ann: WA at 112; Bob: CE at 115, AC at 130.
    _s, j1 = await submit(any_db, st, st.ann, lab, a, 112)
    cell = await _cell(any_db, st, lab.id, a.id, st.team.id, 0)
    assert (cell.pending, cell.public_pending) == (1, 1)  # the pending try shows at once
    await judge(any_db, j1, "WA")
    _s, j2 = await submit(any_db, st, st.bob, lab, a, 115)
    await judge(any_db, j2, "CE")
    _s, j3 = await submit(any_db, st, st.bob, lab, a, 130)
    await judge(any_db, j3, "AC")
    cell = await _cell(any_db, st, lab.id, a.id, st.team.id, 0)
    # 30 minutes from the lab's start + 1 rejection × 20 = 50; the CE counts nothing
    assert (cell.tries, cell.solved, cell.penalty, cell.first) == (2, True, 50, True)
    assert (cell.public_solved, cell.public_penalty, cell.public_pending) == (True, 50, 0)
    # Cat solves it later, and task B after the freeze point (350 > 340): hidden.
    _s, j4 = await submit(any_db, st, st.cat, lab, a, 150)
    await judge(any_db, j4, "AC")
    _s, j5 = await submit(any_db, st, st.cat, lab, st.tasks[2], 350)
    await judge(any_db, j5, "AC")
    late = await _cell(any_db, st, lab.id, st.tasks[2].id, st.solo.id, 0)
    assert (late.solved, late.public_solved, late.public_pending, late.first) == (
        True,
        False,
        1,
        True,
    )
    assert not (await _cell(any_db, st, lab.id, a.id, st.solo.id, 0)).first
    async with any_db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None and contest.board_version >= 5
        events = (
            await session.scalars(
                select(Event).where(
                    Event.kind == "scoreboard.changed", Event.contest_id == st.contest.id
                )
            )
        ).all()
        assert events[-1].payload == {"version": contest.board_version}
        assert events[-1].subject == f"contest:{st.contest.id}"
        # contest submissions stay off the practice caches
        assert await session.scalar(select(func.count()).select_from(TaskResult)) == 0
        assert await session.scalar(select(func.count()).select_from(BoardTotal)) == 0


async def test_a_theory_round_is_individual_and_outside_the_window_counts_nothing(
    any_db: Database,
) -> None:
    async with any_db.session() as session:
        st = await stage(session)
    w = st.tasks[0]
    _s, j1 = await submit(any_db, st, st.ann, st.theory, w, 30)
    await judge(any_db, j1, "PA", 700, 1000)
    _s, j2 = await submit(any_db, st, st.bob, st.theory, w, 45)
    await judge(any_db, j2, "PA", 400, 1000)
    _s, j3 = await submit(any_db, st, st.bob, st.theory, w, 95)  # after the end (90): ignored
    await judge(any_db, j3, "AC", 1000, 1000)
    ann = await _cell(any_db, st, st.theory.id, w.id, st.team.id, st.ann.id)
    bob = await _cell(any_db, st, st.theory.id, w.id, st.team.id, st.bob.id)
    assert (ann.score, ann.score_s, bob.score, bob.tries) == (70, 30 * 60, 40, 1)


async def test_a_personal_timer_freezes_each_subject_before_their_own_end(
    any_db: Database,
) -> None:
    async with any_db.session() as session:
        st = await stage(session, lab_window=WindowType.PERSONAL, freeze=30)
        # The team starts at 100 (ends 220, frozen from 190); Cat at 200 (ends 320, frozen 290).
        session.add(
            Sitting(round_id=st.lab.id, entry_id=st.team.id, member_id=0, started_at=at(100))
        )
        session.add(
            Sitting(round_id=st.lab.id, entry_id=st.solo.id, member_id=0, started_at=at(200))
        )
        await session.commit()
    a = st.tasks[1]
    _s, j1 = await submit(any_db, st, st.ann, st.lab, a, 200)  # after the team's freeze
    await judge(any_db, j1, "AC")
    _s, j2 = await submit(any_db, st, st.cat, st.lab, a, 250)  # before Cat's freeze
    await judge(any_db, j2, "AC")
    team = await _cell(any_db, st, st.lab.id, a.id, st.team.id, 0)
    cat = await _cell(any_db, st, st.lab.id, a.id, st.solo.id, 0)
    assert (team.public_solved, team.public_pending, team.solved_s) == (False, 1, 100 * 60)
    assert (cat.public_solved, cat.solved_s, cat.penalty) == (True, 50 * 60, 50)
    # first by server time: the team at 200, Cat at 250
    assert (team.first, cat.first) == (True, False)


async def test_a_rejudged_cell_and_subtasks_of_an_ioi_round(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, lab_scoring=Scoring.IOI, lab_mode=ScoreMode.SUBTASK, freeze=None)
    a = st.tasks[1]

    def groups(one: float, two: float) -> dict[str, Any]:
        return {
            "groups": [
                {"name": "secret/group1", "score": one, "max_score": 40, "counts": True},
                {"name": "secret/group2", "score": two, "max_score": 60, "counts": True},
            ]
        }

    _s, j1 = await submit(any_db, st, st.ann, st.lab, a, 110)
    await judge(any_db, j1, "PA", 40, 100, groups(40, 0))
    _s, j2 = await submit(any_db, st, st.bob, st.lab, a, 120)
    await judge(any_db, j2, "PA", 60, 100, groups(0, 60))
    cell = await _cell(any_db, st, st.lab.id, a.id, st.team.id, 0)
    # best of subtask 1 (40) + best of subtask 2 (60) = 100 of 100 points
    assert (cell.score, cell.solved, cell.score_s) == (100, True, 20 * 60)


@pytest.mark.postgres
async def test_two_members_recorded_at_once_both_count(committed_db: Database) -> None:
    async with committed_db.session() as session:
        st = await stage(session)
    a = st.tasks[1]
    for round_ in range(3):
        judgings = [
            (await submit(committed_db, st, who, st.lab, a, 110 + round_ * 10 + k))[1]
            for k, who in enumerate((st.ann, st.bob))
        ]
        await asyncio.gather(*(judge(committed_db, j, "WA") for j in judgings))
    cell = await _cell(committed_db, st, st.lab.id, a.id, st.team.id, 0)
    assert (cell.tries, cell.pending) == (6, 0)


# --- incremental == recomputed ---------------------------------------------------------------

RESULTS = st.sampled_from(
    [("AC", 100.0), ("WA", 0.0), ("PA", 40.0), ("CE", None), ("JE", None), ("pending", None)]
)
STEPS = st.lists(
    st.tuples(
        st.integers(0, 2),  # who: Ann, Bob (a team), Cat
        st.integers(0, 2),  # task: the theory task, lab A, lab B
        st.integers(-20, 420),  # minute (some before a round or after it)
        RESULTS,
        st.booleans(),  # rejudged afterwards to WA (applied by hand: the judging moves)
    ),
    min_size=1,
    max_size=10,
)


async def _play(db: Database, st_: Stage, steps: list[tuple[Any, ...]]) -> None:
    async with db.transaction() as session:
        await session.execute(delete(ScoreCell).where(ScoreCell.contest_id == st_.contest.id))
        ids = select(Submission.id).where(Submission.round_id.in_([st_.theory.id, st_.lab.id]))
        await session.execute(delete(Judging).where(Judging.submission_id.in_(ids)))
        await session.execute(delete(Submission).where(Submission.id.in_(ids)))
    people = (st_.ann, st_.bob, st_.cat)
    for who, task, minute, (verdict, score), rejudged in steps:
        round_ = st_.theory if task == 0 else st_.lab
        submission_id, judging_id = await submit(
            db, st_, people[who], round_, st_.tasks[task], minute
        )
        if verdict != "pending":
            await judge(db, judging_id, verdict, score)
        if rejudged and verdict != "pending":
            async with db.transaction() as session:
                await session.execute(
                    update(Judging).where(Judging.id == judging_id).values(valid=False)
                )
                session.add(
                    Judging(
                        submission_id=submission_id,
                        dataset_id=st_.tasks[task].live_dataset_id,
                        seq=1,
                        status="done",
                        verdict="WA",
                        score=0.0,
                        max_score=100.0,
                    )
                )
                await session.flush()
                submission = await session.get(Submission, submission_id)
                assert submission is not None
                await contest_cells.refresh_subjects(session, [submission])
    incremental = await _cells(db, st_.contest.id)
    async with db.transaction() as session:
        await contest_cells.rebuild_contest(session, st_.contest.id)
    assert await _cells(db, st_.contest.id) == incremental


def _run(url: str) -> None:
    async def prepare() -> Stage:
        db = Database.from_url(url, poolclass=NullPool)
        try:
            async with db.session() as session:
                return await stage(session, freeze=60)
        finally:
            await db.dispose()

    world = asyncio.run(prepare())

    @settings(
        max_examples=int(__import__("os").environ.get("ARENA_PROPERTY_EXAMPLES", "25")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(steps=STEPS)
    def check(steps: list[tuple[Any, ...]]) -> None:
        async def one() -> None:
            db = Database.from_url(url, poolclass=NullPool)
            try:
                await _play(db, world, steps)
            finally:
                await db.dispose()

        asyncio.run(one())

    check()


async def test_cache_equals_recomputation_on_sqlite(sqlite_db: Database) -> None:
    await asyncio.to_thread(_run, str(sqlite_db.engine.url))


@pytest.mark.postgres
async def test_cache_equals_recomputation_on_postgres(committed_db: Database) -> None:
    await asyncio.to_thread(_run, committed_db.engine.url.render_as_string(hide_password=False))
