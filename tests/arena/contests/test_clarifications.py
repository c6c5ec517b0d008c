"""Clarifications in the domain, on SQLite and PostgreSQL: who reads what, the unread counts
as items are asked, answered and announced, and the read mark (one upsert per dialect)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ictarena.accounts.models import User
from ictarena.contests import clarifications
from ictarena.contests.models import Audience, Clarification, Contest, Reply
from ictarena.db import Database
from ictarena.errors import Forbidden, InvalidInput
from tests.arena.contests.board_world import Stage, at, stage

NOW = at(120)  # the lab round (100–400) has opened; the theory round too


async def _users(db: Database, st: Stage) -> dict[str, User]:
    async with db.session() as session:
        found = {}
        for name, place in (("ann", st.ann), ("bob", st.bob), ("cat", st.cat)):
            user = await session.get(User, st.users[place.id])
            assert user is not None
            found[name] = user
        admin = await session.get(User, st.admin.id)
        assert admin is not None
        found["jury"] = admin
    return found


async def _unread(db: Database, st: Stage, user: User, jury: bool = False) -> int:
    async with db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        _jury, entry, _items = await clarifications.visible(session, user, contest)
        return await clarifications.unread(session, user, contest, jury, entry)


async def test_who_reads_what_and_the_unread_counts(any_db: Database) -> None:
    async with any_db.transaction() as session:
        st = await stage(session)
    people = await _users(any_db, st)
    ann, bob, cat, jury = people["ann"], people["bob"], people["cat"], people["jury"]
    lab_task = (st.lab.id, st.tasks[1].id)
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        question = await clarifications.ask(session, ann, contest, " Sorted? ", lab_task, NOW)
    assert question.text == "Sorted?"
    assert await _unread(any_db, st, ann) == 0  # one's own question is not news
    assert await _unread(any_db, st, bob) == 1  # a teammate's is (the team shares them)
    assert await _unread(any_db, st, cat) == 0
    assert await _unread(any_db, st, jury, jury=True) == 1  # waiting for an answer
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        await clarifications.mark_read(session, bob, contest, NOW)
        await clarifications.mark_read(session, bob, contest, NOW)  # again: the same row
        await clarifications.answer(
            session, jury, contest, question.id, Reply.TEXT, "Yes.", Audience.ENTRY,
            NOW + timedelta(seconds=5),
        )  # fmt: skip
    assert await _unread(any_db, st, ann) == 1 and await _unread(any_db, st, bob) == 1
    assert await _unread(any_db, st, cat) == 0 and await _unread(any_db, st, jury, True) == 0
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        await clarifications.announce(session, jury, contest, "Lunch at noon.", True, NOW)
        _jury, _entry, seen = await clarifications.visible(session, cat, contest)
        assert [c.text for c in seen] == ["Lunch at noon."]  # not the team's question
        _jury, _entry, seen = await clarifications.visible(session, bob, contest)
        assert [c.text for c in seen] == ["Lunch at noon.", "Sorted?"]
        _jury, _entry, seen = await clarifications.visible(session, None, contest)
        assert [c.text for c in seen] == ["Lunch at noon."]
    assert await _unread(any_db, st, cat) == 1


async def test_refusals_store_nothing(any_db: Database) -> None:
    async with any_db.transaction() as session:
        st = await stage(session)
    people = await _users(any_db, st)
    async with any_db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        with pytest.raises(Forbidden):  # the jury does not ask itself
            await clarifications.ask(session, people["jury"], contest, "Hm?", None, NOW)
        with pytest.raises(InvalidInput):  # the lab has not opened yet at minute 50
            await clarifications.ask(
                session, people["ann"], contest, "Hm?", (st.lab.id, st.tasks[1].id), at(50)
            )
        with pytest.raises(InvalidInput):  # a task of no round of this contest
            await clarifications.ask(
                session, people["ann"], contest, "Hm?", (st.lab.id, 10**6), NOW
            )
        with pytest.raises(Forbidden):  # a participant does not answer
            await clarifications.announce(session, people["cat"], contest, "All done", False, NOW)
        await session.rollback()
    async with any_db.session() as session:
        assert (await session.scalars(select(Clarification))).all() == []
