"""Looking people and cohorts up: a user by id, the user list, the cohorts a coach runs or a
student belongs to, and a cohort's members. Read-only; a cohort that is not the actor's does
not exist for them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.errors import NotFound


async def find_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def all_users(session: AsyncSession) -> Sequence[User]:
    """Every account, by role then username (the admin's list)."""
    return (await session.scalars(select(User).order_by(User.role, User.username))).all()


async def member_cohorts(session: AsyncSession, user_id: int) -> Sequence[Cohort]:
    """The cohorts ``user_id`` belongs to."""
    return (
        await session.scalars(
            select(Cohort)
            .join(CohortMember, CohortMember.cohort_id == Cohort.id)
            .where(CohortMember.user_id == user_id)
        )
    ).all()


async def cohorts_with_sizes(
    session: AsyncSession, coach_id: int | None
) -> list[tuple[Cohort, int]]:
    """Cohorts, newest first, each with its number of members: one coach's, or every one
    (``coach_id`` None)."""
    query = (
        select(Cohort, func.count(CohortMember.user_id))
        .outerjoin(CohortMember, CohortMember.cohort_id == Cohort.id)
        .group_by(Cohort.id)
        .order_by(Cohort.created_at.desc())
    )
    if coach_id is not None:
        query = query.where(Cohort.coach_id == coach_id)
    return [(cohort, int(count)) for cohort, count in (await session.execute(query)).all()]


async def open_cohorts(session: AsyncSession, coach_id: int | None) -> list[Cohort]:
    """Cohorts not archived, by name: one coach's, or every one (``coach_id`` None)."""
    query = select(Cohort).where(Cohort.archived.is_(False)).order_by(Cohort.name)
    if coach_id is not None:
        query = query.where(Cohort.coach_id == coach_id)
    return list((await session.scalars(query)).all())


async def managed_cohort(session: AsyncSession, actor: User, cohort_id: int) -> Cohort:
    """A cohort ``actor`` runs (any cohort for an admin); another coach's is not found."""
    cohort = await session.get(Cohort, cohort_id)
    if cohort is None or (actor.role is not Role.ADMIN and cohort.coach_id != actor.id):
        raise NotFound("cohort_not_found")
    return cohort


async def cohort_members(session: AsyncSession, cohort_id: int) -> Sequence[Row[User, datetime]]:
    """``(user, joined_at)`` of every member, by username."""
    return (
        await session.execute(
            select(User, CohortMember.joined_at)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort_id)
            .order_by(User.username)
        )
    ).all()


async def cohort_students(session: AsyncSession, cohort_id: int) -> Sequence[User]:
    """The members of a cohort, by username."""
    return (
        await session.scalars(
            select(User)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort_id)
            .order_by(User.username)
        )
    ).all()
