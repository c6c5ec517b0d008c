"""The size of the site at a glance, for the admin's desk: how many users, cohorts, tasks and
submissions there are."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, User
from ictarena.catalog.models import Task
from ictarena.submissions.models import Submission

COUNTED = {"users": User, "cohorts": Cohort, "tasks": Task, "submissions": Submission}


async def site_totals(session: AsyncSession) -> dict[str, int]:
    """The number of rows of each of :data:`COUNTED`, in one query."""
    counts = [
        select(func.count()).select_from(table).scalar_subquery() for table in COUNTED.values()
    ]
    row = (await session.execute(select(*counts))).one()
    return {name: int(count or 0) for name, count in zip(COUNTED, row, strict=True)}
