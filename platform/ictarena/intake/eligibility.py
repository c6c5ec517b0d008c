"""Who may see and submit to a task: hidden tasks are for coaches and admins, and a student
sees the tiers of a track up to the one they hold
(:func:`ictarena.progression.tiers.held_level`)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.browse import placement
from ictarena.catalog.models import Task
from ictarena.errors import NotFound
from ictarena.progression.tiers import held_level
from ictarena.submissions.services import open_task


async def visible_task(session: AsyncSession, user: User, task_id: int) -> Task:
    """The task, if ``user`` may see and submit to it; NotFound otherwise (``task_locked``
    when the student has not reached its tier)."""
    task = await open_task(session, user, task_id)
    if user.role is not Role.STUDENT:
        return task
    _module, tier, track = await placement(session, task.module_id)
    if tier.level > await held_level(session, user.id, track.id):
        raise NotFound("task_locked")
    return task
