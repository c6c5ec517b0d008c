"""Ended contests feed the coaching path: each student's best percentile and score per track."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from ictarena.contests import standings
from ictarena.contests.models import Contest, Participation
from ictarena.contests.results import best_results
from ictarena.db import Database
from tests.arena.contests.board_world import at, judge, stage, submit


@pytest.fixture(autouse=True)
def _fresh() -> None:
    standings.forget()


async def test_best_result_per_student_once_the_contest_has_ended(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    # Cat: written 90 → 27; lab 1 of 2 → 35: 62. The team: written (50 + 0) / 2 → 7.5.
    for who, task, minute, verdict, score in (
        (st.cat, 0, 10, "PA", 90.0),
        (st.cat, 1, 120, "AC", None),
        (st.ann, 0, 10, "PA", 50.0),
    ):
        round_ = st.theory if task == 0 else st.lab
        _s, j = await submit(any_db, st, who, round_, st.tasks[task], minute)
        await judge(any_db, j, verdict, score)
    users = [st.users[p.id] for p in (st.ann, st.bob, st.cat)]
    track = st.contest.track_id
    assert track is not None
    async with any_db.session() as session:
        # the lab ends at 400: not yet
        assert await best_results(session, users, track, at(399)) == {}
        done = await best_results(session, users, track, at(400))
        assert await best_results(session, users, track + 1000, at(400)) == {}
    # Cat first of two: 100th percentile, 62 of 100; the team second of two: 50th, 7.5
    ann, bob, cat = users
    assert done == {cat: (100.0, 62.0), ann: (50.0, 7.5), bob: (50.0, 7.5)}
    # extra time for Bob pushes the contest's end
    async with any_db.transaction() as session:
        await session.execute(
            update(Participation).where(Participation.id == st.bob.id).values(extra_minutes=15)
        )
        await session.execute(update(Contest).where(Contest.id == st.contest.id).values(scale=1000))
    async with any_db.session() as session:
        assert await best_results(session, users, track, at(410)) == {}
        later = await best_results(session, users, track, at(415))
    assert later[cat] == (100.0, 62.0)  # the total on 1000 brought back to 0–100
