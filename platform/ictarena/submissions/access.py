"""Who may see what: a submission is visible to its author, to coaches of a cohort the author
belongs to, and to admins; so is a student's record. A contest submission is also visible to
the author's teammates when the round is one the team shares (lab, code, mixed: a team shares
its submissions there, not in a theory round), and to the contest's jury."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.contests import access as contest_access
from ictarena.contests.models import Participation, Round, RoundKind
from ictarena.errors import NotFound
from ictarena.submissions.models import Submission


async def coaches(session: AsyncSession, coach: User, student_id: int) -> bool:
    """True when ``coach`` owns a cohort that ``student_id`` belongs to."""
    found = await session.scalar(
        select(CohortMember.user_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(Cohort.coach_id == coach.id, CohortMember.user_id == student_id)
        .limit(1)
    )
    return found is not None


async def coached_student(session: AsyncSession, actor: User, student_id: int) -> User:
    """A student of one of ``actor``'s cohorts (anyone for an admin); another coach's student
    is not found."""
    student = await session.get(User, student_id)
    if student is None or (
        actor.role is not Role.ADMIN and not await coaches(session, actor, student.id)
    ):
        raise NotFound("user_not_found")
    return student


async def viewable_submission(session: AsyncSession, user: User, submission_id: int) -> Submission:
    submission = await session.get(Submission, submission_id)
    if submission is None:
        raise NotFound("submission_not_found")
    if user.role is Role.ADMIN or submission.user_id == user.id:
        return submission
    if user.role is Role.COACH and await coaches(session, user, submission.user_id):
        return submission
    if submission.entry_id is not None and await _contest_viewer(session, user, submission):
        return submission
    raise NotFound("submission_not_found")  # do not reveal that it exists


async def _contest_viewer(session: AsyncSession, user: User, submission: Submission) -> bool:
    """A teammate in a round the team shares, or the contest's jury."""
    round = await session.get(Round, submission.round_id) if submission.round_id else None
    if round is None:
        return False
    if round.kind is not RoundKind.THEORY:
        teammate = await session.scalar(
            select(Participation.id).where(
                Participation.entry_id == submission.entry_id, Participation.user_id == user.id
            )
        )
        if teammate is not None:
            return True
    if user.role is Role.STUDENT:
        return False
    contest = await contest_access.contest_by_id(session, round.contest_id)
    return await contest_access.is_jury(session, user, contest)
