"""Contest tasks and practice: a contest with hidden tasks keeps them out of practice from
the moment they join a round until the jury publishes them, after the end only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role
from ictarena.catalog.models import Task
from ictarena.contests import setup
from ictarena.errors import InvalidInput
from tests.arena.contests.staging import catalogue, person
from tests.arena.contests.test_setup import audited, db_session, lab_round, later, new_contest

__all__ = ["db_session"]  # the fixture


async def test_tasks_are_published_to_practice_only_after_the_end(
    db_session: AsyncSession,
) -> None:
    coach = await person(db_session, Role.COACH)
    tasks = await catalogue(db_session, 2)
    for task in tasks:
        task.visible = False
    contest = await new_contest(db_session, coach)
    lab = await setup.add_round(
        db_session, coach, contest, **lab_round(starts_at=later(-3), ends_at=later(-1))
    )
    await setup.set_round_task(db_session, coach, lab, tasks[0].id, label="A", points=1)
    await db_session.commit()
    assert await setup.contest_task_ids(db_session) == {tasks[0].id}
    with pytest.raises(InvalidInput) as early:
        await setup.publish_tasks(db_session, coach, contest, now=later(-2))
    assert early.value.message == "contest_not_ended"
    assert await setup.publish_tasks(db_session, coach, contest) == 1
    await db_session.commit()
    refreshed = await db_session.get(Task, tasks[0].id)
    assert refreshed is not None and refreshed.visible
    assert not tasks[1].visible
    assert contest.published_at is not None
    assert await setup.contest_task_ids(db_session) == set()
    assert len(await audited(db_session, "contest.publish")) == 1


async def test_a_contest_with_hidden_tasks_keeps_them_out_of_practice_until_published(
    db_session: AsyncSession,
) -> None:
    coach = await person(db_session, Role.COACH)
    hidden, shown, late = await catalogue(db_session, 3)
    secret = await new_contest(db_session, coach)  # hidden_tasks by default
    open_book = await new_contest(db_session, coach, slug="open-book", hidden_tasks=False)
    ended = {"starts_at": later(-3), "ends_at": later(-1)}
    secret_round = await setup.add_round(db_session, coach, secret, **lab_round(**ended))
    open_round = await setup.add_round(db_session, coach, open_book, **lab_round(**ended))
    await setup.set_round_task(db_session, coach, secret_round, hidden.id, label="A", points=1)
    await setup.set_round_task(db_session, coach, open_round, shown.id, label="A", points=1)
    await setup.set_round_task(db_session, coach, open_round, late.id, label="B", points=1)
    await db_session.commit()
    assert (hidden.visible, shown.visible, late.visible) == (False, True, True)
    # Hiding them later hides those already there.
    await setup.update_contest(db_session, coach, open_book, hidden_tasks=True)
    await db_session.commit()
    await db_session.refresh(shown)
    assert shown.visible is False
    # A clone of a contest whose tasks were published hides them again for its own run.
    await setup.publish_tasks(db_session, coach, secret)
    await db_session.commit()
    await db_session.refresh(hidden)
    assert hidden.visible is True
    await setup.clone_contest(
        db_session, coach, secret, slug="secret-2", title="Again", shift=timedelta(days=7)
    )
    await db_session.commit()
    await db_session.refresh(hidden)
    assert hidden.visible is False
