"""Who may open a contest submission: its author, teammates in a round the team shares (not in
a theory round, which stays individual), the contest's jury; nobody else, as if it did not
exist."""

from __future__ import annotations

import pytest

from ictarena.accounts.models import Role, User
from ictarena.contests.models import ContestJury
from ictarena.db import Database
from ictarena.errors import NotFound
from ictarena.submissions.access import viewable_submission
from tests.arena.contests.board_world import stage, submit


async def test_teammates_share_lab_submissions_not_theory_ones(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session)
    lab, _j = await submit(any_db, st, st.ann, st.lab, st.tasks[1], 120)
    theory, _j = await submit(any_db, st, st.ann, st.theory, st.tasks[0], 10)
    async with any_db.session() as session:
        bob = await session.get(User, st.users[st.bob.id])
        cat = await session.get(User, st.users[st.cat.id])
        assert bob is not None and cat is not None
        assert (await viewable_submission(session, bob, lab)).id == lab
        with pytest.raises(NotFound):
            await viewable_submission(session, bob, theory)  # a theory round is individual
        for submission in (lab, theory):
            with pytest.raises(NotFound):
                await viewable_submission(session, cat, submission)  # another line


async def test_the_jury_sees_contest_submissions_other_coaches_do_not(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session)
        named = User(username="jury-coach", display_name="J", password_hash="!", role=Role.COACH)
        other = User(username="other-coach", display_name="O", password_hash="!", role=Role.COACH)
        session.add_all([named, other])
        await session.flush()
        session.add(ContestJury(contest_id=st.contest.id, user_id=named.id))
        await session.commit()
    theory, _j = await submit(any_db, st, st.cat, st.theory, st.tasks[0], 10)
    async with any_db.session() as session:
        named_coach = await session.get(User, named.id)
        other_coach = await session.get(User, other.id)
        assert named_coach is not None and other_coach is not None
        assert (await viewable_submission(session, named_coach, theory)).id == theory
        with pytest.raises(NotFound):
            await viewable_submission(session, other_coach, theory)
