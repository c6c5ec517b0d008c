"""The resolver: hidden cells revealed from the bottom line up, one at a time, then all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import User
from ictarena.contests import standings
from ictarena.contests.models import Contest
from ictarena.contests.reveal import reveal_all, reveal_next
from ictarena.contests.standings import View, scoreboard
from ictarena.db import Database, utcnow
from ictarena.events.models import AuditEntry
from tests.arena.contests.board_world import judge, stage, submit


@pytest.fixture(autouse=True)
def _fresh() -> None:
    standings.forget()


async def test_reveal_steps_from_the_bottom_then_marks_the_board_revealed(
    any_db: Database,
) -> None:
    async with any_db.session() as session:
        st = await stage(session)
    _w, a, b = st.tasks
    # Before the freeze (340): the team solves A at 110 and B at 150; Cat solves A at 200.
    # After it: Cat solves B at 350 (hidden) and the team tries A again (hidden, ignored live).
    for who, task, minute in (
        (st.ann, a, 110),
        (st.bob, b, 150),
        (st.cat, a, 200),
        (st.cat, b, 350),
    ):
        _s, j = await submit(any_db, st, who, st.lab, task, minute)
        await judge(any_db, j, "AC")
    # The theory round is over long before: the board is frozen now (the lab ends in 2026).
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        actor = await session.get(User, st.admin.id)
        assert contest is not None and actor is not None
        board = await scoreboard(session, contest, View.PUBLIC, None, utcnow())
        assert board.frozen and board.lines[-1].entry_id == st.solo.id
        first = await reveal_next(session, actor, contest)
        assert first is not None
        assert (first.entry_id, first.task_id, first.label) == (st.solo.id, b.id, "B")
        after = await scoreboard(session, contest, View.PUBLIC, None, utcnow())
        # Cat climbs level with the team: both solved two
        assert [line.rank for line in after.lines] == [1, 2]
        assert after.line(st.solo.id) is not None
        assert await reveal_next(session, actor, contest) is None
        assert contest.revealed_at is not None
        unfrozen = await scoreboard(session, contest, View.PUBLIC, None, utcnow())
        assert not unfrozen.frozen
        audits = await session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.target == f"contest:{contest.id}")
        )
        assert audits == 2


async def test_reveal_all_at_once(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session)
    _s, j = await submit(any_db, st, st.cat, st.lab, st.tasks[1], 350)
    await judge(any_db, j, "AC")
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        actor = await session.get(User, st.admin.id)
        assert contest is not None and actor is not None
        version = contest.board_version
        await reveal_all(session, actor, contest)
        assert contest.board_version == version + 1
        board = await scoreboard(session, contest, View.PUBLIC, None, utcnow())
        line = board.line(st.solo.id)
        assert line is not None and line.cells[(st.lab.id, st.tasks[1].id)].solved
