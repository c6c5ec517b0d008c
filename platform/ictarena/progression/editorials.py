"""Who may read a task's editorial, and the coach's release of it to a cohort.

- **Practice**: a student reads it once they have solved the task (their best verdict is
  accepted), or when a coach released it to a cohort they belong to. Coaches and admins always
  read it, to prepare their students.
- **A contest's task**: every reader of the contest's task page once the contest has ended; the
  jury before that, to answer clarifications.

A release is one row per task and cohort; releasing twice or withdrawing what was not released
changes nothing. Every change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.catalog.models import Dataset, Task
from ictarena.errors import Forbidden, NotFound
from ictarena.events.audit import audit
from ictarena.progression.models import EditorialRelease
from ictarena.submissions.models import TaskResult


class Access(StrEnum):
    OPEN = "open"  # the reader may read it
    SOLVE_FIRST = "solve_first"  # a student: solve the task, or wait for the coach
    AFTER_CONTEST = "after_contest"  # a contest's task before the end
    NONE = "none"  # the task has no editorial


@dataclass(frozen=True, slots=True)
class Editorial:
    access: Access
    text: str  # Markdown, the reader's language first; '' unless open


@dataclass(frozen=True, slots=True)
class Release:
    """A cohort the reader coaches, and whether the task's editorial is released to it."""

    cohort: Cohort
    released: bool


def has_editorial(dataset: Dataset | None) -> bool:
    return dataset is not None and bool(dataset.editorial_en or dataset.editorial_zh)


def text_of(dataset: Dataset, locale: str) -> str:
    primary, other = (
        (dataset.editorial_zh, dataset.editorial_en)
        if locale == "zh_Hans"
        else (dataset.editorial_en, dataset.editorial_zh)
    )
    return primary or other


def practice_access(role: Role, solved: bool, released: bool, present: bool) -> Access:
    """The practice rule, as a pure function."""
    if not present:
        return Access.NONE
    if role is not Role.STUDENT or solved or released:
        return Access.OPEN
    return Access.SOLVE_FIRST


def contest_access(ended: bool, jury: bool, present: bool) -> Access:
    """A contest task's rule: open to its readers at the end, to the jury throughout."""
    if not present:
        return Access.NONE
    return Access.OPEN if ended or jury else Access.AFTER_CONTEST


async def released_to(session: AsyncSession, user_id: int, task_id: int) -> bool:
    """Is the task's editorial released to a cohort the student belongs to?"""
    found = await session.scalar(
        select(EditorialRelease.cohort_id)
        .join(CohortMember, CohortMember.cohort_id == EditorialRelease.cohort_id)
        .where(EditorialRelease.task_id == task_id, CohortMember.user_id == user_id)
        .limit(1)
    )
    return found is not None


async def practice_editorial(
    session: AsyncSession, user: User, task: Task, dataset: Dataset | None, locale: str
) -> Editorial:
    """The editorial of a practice task's page, as ``user`` may read it."""
    present = has_editorial(dataset)
    solved = released = False
    if present and user.role is Role.STUDENT:
        result = await session.get(TaskResult, (user.id, task.id))
        solved = result is not None and result.best_verdict == "AC"
        released = solved or await released_to(session, user.id, task.id)
    access = practice_access(user.role, solved, released, present)
    shown = text_of(dataset, locale) if access is Access.OPEN and dataset is not None else ""
    return Editorial(access, shown)


def contest_editorial(dataset: Dataset | None, ended: bool, jury: bool, locale: str) -> Editorial:
    """The editorial of a contest task's page (its pinned dataset's)."""
    access = contest_access(ended, jury, has_editorial(dataset))
    shown = text_of(dataset, locale) if access is Access.OPEN and dataset is not None else ""
    return Editorial(access, shown)


async def coach_cohorts(session: AsyncSession, user: User) -> Sequence[Cohort]:
    """The cohorts whose releases ``user`` manages: their own (every cohort for an admin),
    archived ones aside."""
    query = select(Cohort).where(Cohort.archived.is_(False)).order_by(Cohort.name, Cohort.id)
    if user.role is not Role.ADMIN:
        query = query.where(Cohort.coach_id == user.id)
    return (await session.scalars(query)).all()


async def releases(session: AsyncSession, user: User, task_id: int) -> list[Release]:
    """The reader's cohorts with the task's release state (empty for students)."""
    if user.role is Role.STUDENT:
        return []
    cohorts = await coach_cohorts(session, user)
    done = set(
        (
            await session.scalars(
                select(EditorialRelease.cohort_id).where(EditorialRelease.task_id == task_id)
            )
        ).all()
    )
    return [Release(cohort, cohort.id in done) for cohort in cohorts]


async def set_release(
    session: AsyncSession, actor: User, task: Task, cohort_id: int, released: bool
) -> bool:
    """Release the task's editorial to a cohort the actor coaches (any cohort for an admin),
    or withdraw it. True when something changed (audited)."""
    if actor.role is Role.STUDENT:
        raise Forbidden("coach_only")
    cohort = await session.get(Cohort, cohort_id)
    if cohort is None or cohort.archived:
        raise NotFound("cohort_not_found")
    if actor.role is not Role.ADMIN and cohort.coach_id != actor.id:
        raise Forbidden("editorial_not_your_cohort")
    current = await session.get(EditorialRelease, (task.id, cohort.id))
    if released == (current is not None):
        return False
    if released:
        session.add(EditorialRelease(task_id=task.id, cohort_id=cohort.id, released_by=actor.id))
    else:
        await session.execute(
            delete(EditorialRelease).where(
                EditorialRelease.task_id == task.id, EditorialRelease.cohort_id == cohort.id
            )
        )
    await audit(
        session,
        actor.id,
        "editorial.release" if released else "editorial.withdraw",
        target=f"task:{task.slug}",
        details={"cohort": cohort.id},
    )
    await session.flush()
    return True
