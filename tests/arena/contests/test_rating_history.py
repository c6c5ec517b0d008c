"""Ratings in the database, on SQLite and PostgreSQL: the jury publishes an ended rated
contest's ratings from its final standings; the replay rewrites them identically; what is
refused (not rated, not ended, not the jury); a student's history and current rating, and the
contest's rating changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import User
from ictarena.catalog.criteria import EntryCriteria
from ictarena.contests import rating_history
from ictarena.contests.models import Contest, RatingChange
from ictarena.db import Database
from ictarena.errors import Forbidden, InvalidInput
from ictarena.progression import criteria as rules
from ictarena.progression.facts import cohort_facts
from tests.arena.contests.board_world import at
from tests.arena.contests.test_standings import OVER, _played


async def _snapshot(db: Database) -> list[tuple[int, int, int, float, float]]:
    async with db.session() as session:
        rows = await session.execute(
            select(
                RatingChange.contest_id,
                RatingChange.user_id,
                RatingChange.rank,
                RatingChange.mu_after,
                RatingChange.sigma_after,
            ).order_by(RatingChange.contest_id, RatingChange.user_id)
        )
        return [tuple(row) for row in rows]


async def test_published_ratings_replay_identically(any_db: Database) -> None:
    st = await _played(any_db)  # final: Cat alone ranks first, the team (Ann, Bob) second
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        admin = await session.get(User, st.admin.id)
        assert contest is not None and admin is not None
        with pytest.raises(InvalidInput, match="ratings_not_rated"):
            await rating_history.publish(session, admin, contest, OVER)
        contest.rated = True
        with pytest.raises(InvalidInput, match="ratings_not_ended"):
            await rating_history.publish(session, admin, contest, at(200))
        cat = await session.get(User, st.users[st.cat.id])
        assert cat is not None
        with pytest.raises(Forbidden):
            await rating_history.publish(session, cat, contest, OVER)
        assert await rating_history.publish(session, admin, contest, OVER) == 3
    first = await _snapshot(any_db)
    cat_id, ann_id, bob_id = (st.users[p.id] for p in (st.cat, st.ann, st.bob))
    assert {(user, rank) for _c, user, rank, _m, _s in first} == {
        (cat_id, 1),
        (ann_id, 2),
        (bob_id, 2),
    }
    async with any_db.transaction() as session:
        assert await rating_history.recompute(session, OVER) == 3
    assert await _snapshot(any_db) == first  # the same history, the same ratings
    async with any_db.session() as session:
        ratings = await rating_history.current(session, [cat_id, ann_id, bob_id, 10**6])
        assert set(ratings) == {cat_id, ann_id, bob_id}
        assert ratings[cat_id] > 1500 > ratings[ann_id] == ratings[bob_id]
        steps = await rating_history.history(session, cat_id)
        assert [(s.rank, s.before, s.after) for s in steps] == [(1, 1500, ratings[cat_id])]
        shifts = await rating_history.contest_shifts(session, st.contest.id)
        assert [(s.rank, s.before) for s in shifts] == [(1, 1500), (2, 1500), (2, 1500)]
        assert await session.scalar(select(func.count()).select_from(RatingChange)) == 3
        # the coaching path reads the rating as a fact of every track (a criterion's minimum)
        wanted = EntryCriteria(rating=1510)
        loaded = await cohort_facts(session, [cat_id, ann_id])
        assert {f.rating for f in loaded.facts[cat_id].values()} == {float(ratings[cat_id])}
        progress = rules.evaluate(loaded.facts[cat_id][st.contest.track_id], wanted)
        assert [(p.met, p.have) for p in progress] == [(True, float(ratings[cat_id]))]
        behind = rules.evaluate(loaded.facts[ann_id][st.contest.track_id], wanted)
        assert [p.met for p in behind] == [False]
