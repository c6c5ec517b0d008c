"""A cohort's public name: what the public contest API (``/api``) calls the cohort as an
organization of its students' teams. Unset, the cohort is not shown to the public at all; its
own name stays the coach's business."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, Role, User
from ictarena.errors import Forbidden, InvalidInput
from ictarena.events.audit import audit

MAX_LENGTH = 120


async def set_public_name(session: AsyncSession, actor: User, cohort: Cohort, name: str) -> None:
    """Set (or, with an empty ``name``, clear) the cohort's public name; its coach or an admin."""
    if actor.role is not Role.ADMIN and cohort.coach_id != actor.id:
        raise Forbidden("not_your_cohort")
    name = " ".join(name.split())
    if len(name) > MAX_LENGTH:
        raise InvalidInput("cohort_public_name_invalid", field="public_name")
    old = cohort.public_name
    cohort.public_name = name or None
    await audit(session, actor.id, "cohort.public_name", f"cohort:{cohort.id}", {"from": old})
