"""A board read in two statements: the viewer's rank off the page on a cohort board and on
everyone's board (ties in points go to who reached them first, outsiders and deactivated
members left out), the same page either way, and the newest event id read with the counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from ictarena.accounts.models import Cohort, CohortMember, User
from ictarena.db import Database
from ictarena.events.models import Event
from ictarena.leaderboards.boards import board
from tests.arena.leaderboards.world import build_world, practise

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


async def test_cohort_and_global_ranks_off_the_page(any_db: Database) -> None:
    async with any_db.session() as session:
        world = await build_world(session, difficulties=(2, 4), students=5)
    ada, bob, cy, dee, eve = world.students
    easy, hard = world.tasks
    # eve (outside the cohort) leads; ada, bob and cy tie on the easy task, in that order;
    # dee (a member) is deactivated.
    await practise(any_db, eve.id, hard, T0, "AC", 100.0)
    for minutes, person in enumerate((ada, bob, dee, cy), start=1):
        await practise(any_db, person.id, easy, T0 + timedelta(minutes=minutes), "AC", 100.0)
    async with any_db.transaction() as session:
        cohort = Cohort(name="Class R", coach_id=world.admin.id, invite_code="code-reads")
        session.add(cohort)
        await session.flush()
        session.add_all(
            CohortMember(cohort_id=cohort.id, user_id=u.id) for u in (ada, bob, cy, dee)
        )
        leaver = await session.get(User, dee.id)
        assert leaver is not None
        leaver.is_active = False
        cohort_id = cohort.id
    async with any_db.session() as session:
        newest = await session.scalar(select(func.max(Event.id)))
        mine = await board(session, cohort_id=cohort_id, viewer_id=cy.id, per_page=1)
        assert (mine.total, mine.pages) == (3, 3)
        assert [(r.rank, r.user_id) for r in mine.rows] == [(1, ada.id)]
        assert mine.viewer is not None and mine.viewer_elsewhere
        assert (mine.viewer.rank, mine.viewer.user_id, mine.viewer.points) == (3, cy.id, 20.0)
        assert mine.viewer.name == cy.display_name and mine.since == (newest or 0)
        everyone = await board(session, viewer_id=cy.id, per_page=2, page=2)
        assert everyone.total == 4 and everyone.page == 2
        assert [(r.rank, r.user_id, r.is_viewer) for r in everyone.rows] == [
            (3, bob.id, False),
            (4, cy.id, True),
        ]
        assert everyone.viewer is not None and not everyone.viewer_elsewhere
        last = await board(session, viewer_id=bob.id, per_page=2, page=99)
        assert last.page == 2 and last.viewer is not None and last.viewer.rank == 3
        first = await board(session, viewer_id=bob.id, per_page=2)
        assert [r.user_id for r in first.rows] == [eve.id, ada.id]
        assert first.viewer is not None and first.viewer.rank == 3 and first.viewer_elsewhere
        gone = await board(session, cohort_id=cohort_id, viewer_id=dee.id)
        assert gone.viewer is None and [r.user_id for r in gone.rows] == [ada.id, bob.id, cy.id]
        nobody = await board(session, "all", "w:2020-01-06", viewer_id=ada.id)
        assert (nobody.total, nobody.rows, nobody.viewer, nobody.pages) == (0, [], None, 1)
