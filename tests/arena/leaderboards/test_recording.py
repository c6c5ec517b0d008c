"""The cache follows the real recording path: a recorded verdict, a judge error, a reference
solution, a contest submission and a rejudging, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ictarena.accounts.models import User
from ictarena.contests.models import Contest, Entry, Participation
from ictarena.db import Database
from ictarena.events.models import Event
from ictarena.leaderboards.boards import board
from ictarena.leaderboards.cache import track_points
from ictarena.leaderboards.models import BoardTotal, PointGain, TaskStat
from ictarena.submissions import recording
from ictarena.submissions.models import Judging, Submission
from tests.arena.leaderboards.world import ZONE, build_world, finish, practise, rejudge

SUNDAY_NIGHT = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # Monday 07:30 in Shanghai


async def _lines(db: Database, user_id: int) -> dict[tuple[str, str], tuple[float, int]]:
    async with db.session() as session:
        rows = await session.scalars(select(BoardTotal).where(BoardTotal.user_id == user_id))
        return {(r.board, r.period): (r.points, r.solved) for r in rows}


async def _changes(db: Database) -> list[list[str]]:
    async with db.session() as session:
        events = await session.scalars(
            select(Event).where(Event.kind == "board.changed").order_by(Event.id)
        )
        return [e.payload["boards"] for e in events]


async def test_a_recorded_verdict_fills_every_board_and_announces_it(any_db: Database) -> None:
    async with any_db.session() as session:
        world = await build_world(session, difficulties=(2, 3, 4))
    ada = world.students[0]
    first, second, last = world.tasks
    track, tier = world.placement[first.id]

    await practise(any_db, ada.id, first, SUNDAY_NIGHT, "WA", 50.0)
    lines = await _lines(any_db, ada.id)
    # 23:30 UTC on Sunday belongs to Monday's week in Shanghai.
    assert lines == {
        (b, p): (10.0, 0)
        for b in ("all", f"track:{track}", f"tier:{tier}")
        for p in ("all", "m:2026-11", "w:2026-11-30")
    }
    assert await _changes(any_db) == [sorted(["all", f"track:{track}", f"tier:{tier}"])]

    # A worse verdict changes nothing and announces nothing.
    await practise(any_db, ada.id, first, SUNDAY_NIGHT + timedelta(hours=1), "WA", 20.0)
    assert len(await _changes(any_db)) == 1

    # Accepted: the other half of the 20 points and a solve.
    await practise(any_db, ada.id, first, SUNDAY_NIGHT + timedelta(hours=2), "AC", 100.0)
    assert (await _lines(any_db, ada.id))[("all", "w:2026-11-30")] == (20.0, 1)
    assert len(await _changes(any_db)) == 2

    # The last task sits in the second tier: a tier board of its own.
    await practise(any_db, ada.id, last, SUNDAY_NIGHT + timedelta(days=2), "AC", 100.0)
    lines = await _lines(any_db, ada.id)
    assert lines[("all", "all")] == (60.0, 2)
    assert lines[(f"tier:{world.tiers[1].id}", "all")] == (40.0, 1)
    assert lines[(f"tier:{tier}", "all")] == (20.0, 1)
    async with any_db.session() as session:
        assert await track_points(session, [ada.id, world.students[1].id]) == {
            ada.id: {track: 60.0}
        }
        stat = await session.get(TaskStat, first.id)
        assert stat is not None
        assert (stat.attempted, stat.solved, stat.submissions, stat.accepted) == (1, 1, 3, 1)
    # The second task belongs to another track.
    await practise(any_db, ada.id, second, SUNDAY_NIGHT + timedelta(days=3), "WA", 10.0)
    other = world.placement[second.id][0]
    async with any_db.session() as session:
        assert await track_points(session, [ada.id]) == {ada.id: {track: 60.0, other: 3.0}}


async def test_judge_errors_references_and_contests_count_nowhere(any_db: Database) -> None:
    async with any_db.session() as session:
        world = await build_world(session, difficulties=(1, 5))
    ada, bob = world.students[0], world.students[1]
    task = world.tasks[0]
    await practise(any_db, ada.id, task, SUNDAY_NIGHT, "JE", None)
    await practise(any_db, world.admin.id, task, SUNDAY_NIGHT, "AC", 100.0, reference=True)
    async with any_db.transaction() as session:
        contest = Contest(slug="mock-1", title="Mock", created_by=world.admin.id)
        session.add(contest)
        await session.flush()
        line = Entry(contest_id=contest.id, name="bob")
        session.add(line)
        await session.flush()
        entry = Participation(contest_id=contest.id, user_id=bob.id, entry_id=line.id)
        session.add(entry)
        await session.flush()
        submission = Submission(
            user_id=bob.id,
            task_id=task.id,
            files={},
            participation_id=entry.id,
            created_at=SUNDAY_NIGHT,
        )
        session.add(submission)
        await session.flush()
        assert task.live_dataset_id is not None
        judging = Judging(submission_id=submission.id, dataset_id=task.live_dataset_id)
        session.add(judging)
        await session.flush()
        judging_id = judging.id
    await finish(any_db, judging_id, "AC", 100.0)
    async with any_db.session() as session:
        assert (await session.scalars(select(PointGain))).all() == []
        assert (await session.scalars(select(BoardTotal))).all() == []
        stat = await session.get(TaskStat, task.id)
        assert stat is None or (stat.submissions, stat.accepted) == (0, 0)
    assert await _changes(any_db) == []


async def test_a_rejudging_moves_points_and_solves(any_db: Database) -> None:
    async with any_db.session() as session:
        world = await build_world(session, difficulties=(3, 1))
    ada = world.students[0]
    task = world.tasks[0]
    accepted, _ = await practise(any_db, ada.id, task, SUNDAY_NIGHT, "AC", 100.0)
    assert (await _lines(any_db, ada.id))[("all", "all")] == (30.0, 1)

    await rejudge(any_db, world.admin, accepted, "WA", 40.0, apply=False)  # cancelled
    assert (await _lines(any_db, ada.id))[("all", "all")] == (30.0, 1)

    await rejudge(any_db, world.admin, accepted, "WA", 40.0)
    assert (await _lines(any_db, ada.id))[("all", "all")] == (12.0, 0)
    async with any_db.session() as session:
        stat = await session.get(TaskStat, task.id)
        assert stat is not None and (stat.solved, stat.accepted) == (0, 0)

    await rejudge(any_db, world.admin, accepted, "WA", 0.0)
    assert await _lines(any_db, ada.id) == {}
    assert (await _changes(any_db))[-1] == sorted(
        ["all", f"track:{world.placement[task.id][0]}", f"tier:{world.placement[task.id][1]}"]
    )


async def test_ties_go_to_whoever_reached_the_score_first(any_db: Database) -> None:
    async with any_db.session() as session:
        world = await build_world(session, difficulties=(2, 2, 2), students=3)
    ada, bob, cy = world.students
    first, second, _third = world.tasks
    # Bob reaches 20 points before Ada; Ada's later zero-point solve does not make her later.
    await practise(any_db, bob.id, first, SUNDAY_NIGHT, "AC", 100.0)
    await practise(any_db, ada.id, second, SUNDAY_NIGHT + timedelta(minutes=5), "WA", 100.0)
    await practise(any_db, ada.id, second, SUNDAY_NIGHT + timedelta(hours=5), "AC", 100.0)
    await practise(any_db, cy.id, first, SUNDAY_NIGHT + timedelta(minutes=1), "WA", 50.0)
    async with any_db.session() as session:
        shown = await board(session, viewer_id=ada.id)
    assert [(r.rank, r.user_id, r.points) for r in shown.rows] == [
        (1, bob.id, 20.0),
        (2, ada.id, 20.0),
        (3, cy.id, 10.0),
    ]
    assert shown.viewer is not None and shown.viewer.rank == 2 and shown.viewer.is_viewer


async def test_the_rebuild_equals_the_incremental_cache(any_db: Database) -> None:
    async with any_db.session() as session:
        world = await build_world(session)
    for index, student in enumerate(world.students):
        for task in world.tasks[: index + 1]:
            await practise(
                any_db, student.id, task, SUNDAY_NIGHT + timedelta(days=index), "WA", 30.0
            )
            await practise(any_db, student.id, task, SUNDAY_NIGHT + timedelta(days=9), "AC", 100.0)

    async def snapshot() -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
        async with any_db.session() as session:
            lines = {
                (r.board, r.period, r.user_id, r.points, r.solved, r.last_solve_at, r.reached_at)
                for r in await session.scalars(select(BoardTotal))
            }
            stats = {
                (s.task_id, s.attempted, s.solved, s.submissions, s.accepted)
                for s in await session.scalars(select(TaskStat))
            }
            return lines, stats

    before = await snapshot()
    async with any_db.transaction() as session:
        assert await recording.rebuild_leaderboards(session, ZONE) == 3
    assert await snapshot() == before


async def test_staff_and_deactivated_students_are_not_ranked(any_db: Database) -> None:
    async with any_db.session() as session:
        world = await build_world(session, difficulties=(5, 1), students=3)
    ada, bob, cy = world.students
    task = world.tasks[0]
    for minutes, person in enumerate((world.admin, ada, bob, cy)):
        await practise(
            any_db, person.id, task, SUNDAY_NIGHT + timedelta(minutes=minutes), "AC", 100.0
        )
    async with any_db.transaction() as session:
        leaver = await session.get(User, ada.id)
        assert leaver is not None
        leaver.is_active = False
    async with any_db.session() as session:
        shown = await board(session, viewer_id=cy.id, per_page=1)
        assert shown.total == 2
        assert [(r.rank, r.user_id) for r in shown.rows] == [(1, bob.id)]
        assert shown.viewer is not None and shown.viewer.rank == 2 and shown.viewer_elsewhere
        gone = await board(session, viewer_id=ada.id)
        assert gone.viewer is None and [r.user_id for r in gone.rows] == [bob.id, cy.id]
        # The cache still holds them: the boards leave them out, and take them back if the
        # account is reactivated.
        assert (await track_points(session, [ada.id, world.admin.id])).keys() == {
            ada.id,
            world.admin.id,
        }
