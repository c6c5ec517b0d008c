"""Contest tasks and practice: a contest with ``hidden_tasks`` keeps its tasks out of practice
(``Task.visible`` false, which practice's listing and intake read) from the moment they are
added to a round until the jury publishes them after the end. Contest intake does not read
``visible``: participants see and submit to their round's tasks whatever practice shows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.models import Task
from ictarena.contests import access
from ictarena.contests.models import Contest, Round, RoundTask
from ictarena.contests.windows import contest_ended
from ictarena.db import utcnow
from ictarena.errors import InvalidInput
from ictarena.events.audit import audit


def hides(contest: Contest) -> bool:
    """Does the contest keep its tasks out of practice now (until they are published)?"""
    return contest.hidden_tasks and contest.published_at is None


async def hide_tasks(session: AsyncSession, contest: Contest) -> None:
    """Take every task of the contest out of practice (``Task.visible``)."""
    tasks = select(RoundTask.task_id).join(Round, Round.id == RoundTask.round_id)
    await session.execute(
        update(Task)
        .where(Task.id.in_(tasks.where(Round.contest_id == contest.id)))
        .values(visible=False)
        .execution_options(synchronize_session="fetch")
    )


async def publish_tasks(
    session: AsyncSession, actor: User, contest: Contest, *, now: datetime | None = None
) -> int:
    """After the contest has ended, open its tasks to practice (``Task.visible``); returns how
    many tasks it has. Audited."""
    await access.require_jury(session, actor, contest)
    now = now or utcnow()
    rounds = await access.rounds(session, contest.id)
    if not contest_ended(rounds, await access.max_extra_minutes(session, contest.id), now):
        raise InvalidInput("contest_not_ended", field="contest")
    task_ids = set(
        await session.scalars(
            select(RoundTask.task_id).where(RoundTask.round_id.in_([r.id for r in rounds]))
        )
    )
    for task in await session.scalars(select(Task).where(Task.id.in_(task_ids))):
        task.visible = True
    contest.published_at = now
    await session.flush()
    await audit(
        session, actor.id, "contest.publish", f"contest:{contest.id}", {"tasks": sorted(task_ids)}
    )
    return len(task_ids)


async def contest_task_ids(session: AsyncSession) -> set[int]:
    """Tasks that practice keeps hidden: those of contests with ``hidden_tasks`` whose tasks
    have not been published yet."""
    result = await session.scalars(
        select(RoundTask.task_id)
        .join(Round, Round.id == RoundTask.round_id)
        .join(Contest, Contest.id == Round.contest_id)
        .where(Contest.hidden_tasks, Contest.published_at.is_(None))
        .distinct()
    )
    return set(result)
