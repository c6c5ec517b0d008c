"""How the practice community fares on each task: how many students solved it and how many of
its judged practice submissions were accepted, read from the per-task cache (``TaskStat``) in
one query for a whole task list, never from the submissions themselves."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.leaderboards.models import TaskStat


@dataclass(frozen=True)
class Popularity:
    """One task's practice figures; a task nobody has submitted to has zeros."""

    solved: int = 0  # students who solved it
    submissions: int = 0  # judged practice submissions
    accepted: int = 0  # of which accepted

    @property
    def acceptance(self) -> int | None:
        """Accepted submissions as a whole percentage of the judged ones; None when none was
        judged (the list shows "—", not a misleading 0 %)."""
        if self.submissions <= 0:
            return None
        return round(100 * min(self.accepted, self.submissions) / self.submissions)


async def popularity(session: AsyncSession, task_ids: Collection[int]) -> dict[int, Popularity]:
    """The figures of every task in ``task_ids``, in one query."""
    found = {
        stat.task_id: Popularity(stat.solved, stat.submissions, stat.accepted)
        for stat in (
            await session.scalars(select(TaskStat).where(TaskStat.task_id.in_(list(task_ids))))
        ).all()
    }
    return {task_id: found.get(task_id, Popularity()) for task_id in task_ids}
