"""A student's task list: the catalogue's tasks with the student's best result on each, its
standing (new, attempted, solved) and its lock: a tier above the one the student holds, or
module prerequisites not done (:mod:`ictarena.progression.locks`). Coaches and admins see every
task, hidden ones too, and nothing is locked for them. A fixed
number of queries whatever the number of tasks."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.listing import listed_tasks
from ictarena.catalog.models import Module, Task, Tier, Track
from ictarena.progression.locks import Lock, lock_view, module_locks
from ictarena.submissions.models import TaskResult


@dataclass
class TaskRow:
    task: Task
    module: Module
    tier: Tier
    track: Track
    locked: bool
    result: TaskResult | None = None
    competencies: list[str] = field(default_factory=list)
    lock: Lock | None = None  # what unlocks the task, when locked

    @property
    def status(self) -> str:
        if self.result is None or self.result.attempts == 0:
            return "new"
        if self.result.best_verdict == "AC":
            return "solved"
        return "attempted"


STATUSES = ("new", "attempted", "solved")  # a student's standing on a task (TaskRow.status)


@dataclass(frozen=True)
class TaskFilter:
    track: str | None = None
    tier: str | None = None
    module: str | None = None
    type: str | None = None
    competency: str | None = None
    status: str | None = None
    search: str | None = None  # text in a title (either language) or the slug


async def task_rows(
    session: AsyncSession, user_id: int, is_student: bool, wanted: TaskFilter
) -> list[TaskRow]:
    listed = await listed_tasks(
        session,
        visible_only=is_student,
        track=wanted.track,
        tier=wanted.tier,
        module=wanted.module,
        type=wanted.type,
        competency=wanted.competency,
        search=wanted.search,
    )
    ids = [entry.task.id for entry in listed]
    mine = select(TaskResult).where(TaskResult.user_id == user_id)
    if not is_student:  # a student's locks read their results on every task
        mine = mine.where(TaskResult.task_id.in_(ids))
    found = (await session.scalars(mine)).all()
    results = {r.task_id: r for r in found}
    locks: dict[int, Lock] = {}
    if is_student:
        locks = module_locks(*await lock_view(session, user_id, found))
    rows = [
        TaskRow(
            task=entry.task,
            module=entry.module,
            tier=entry.tier,
            track=entry.track,
            locked=entry.module.id in locks,
            result=results.get(entry.task.id),
            competencies=entry.competencies,
            lock=locks.get(entry.module.id),
        )
        for entry in listed
    ]
    if wanted.status:
        rows = [row for row in rows if row.status == wanted.status]
    return rows
