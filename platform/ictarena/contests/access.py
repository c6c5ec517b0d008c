"""Who may do what in a contest: its jury, who is eligible to take part, and the one check every
contest submission passes (:func:`entitlement`).

The jury of a contest is every admin, the coaches named on it and the coach who created it.
Eligible students are those of the contest's cohorts, those the jury entered by name (a
listed participation), or any student when registration is open.

:func:`entitlement` is the only gate of contest intake (the web form, the API, a page left
open past the end): it reads the participant's entry and their window at the server's ``now``
and refuses with a message key that says exactly why. The entry is always the caller's own
(there is no entry argument), so a member of one team can never submit for another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import CohortMember, Role, User
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    ContestJury,
    Entry,
    Participation,
    Round,
    RoundTask,
    Sitting,
)
from ictarena.contests.windows import Phase, Window, extra_minutes, phase, subject_window
from ictarena.errors import Forbidden, InvalidInput, NotFound

TIME_FORMAT = "%Y-%m-%d %H:%M UTC"


@dataclass(frozen=True)
class Entitlement:
    """What a participant may submit to, and under which clock: the subject is
    ``(entry.id, member_id)`` (``member_id`` 0 in a round the team shares)."""

    contest: Contest
    round: Round
    round_task: RoundTask
    participation: Participation
    entry: Entry
    member_id: int
    window: Window


async def contest_by_slug(session: AsyncSession, slug: str) -> Contest:
    contest = await session.scalar(select(Contest).where(Contest.slug == slug))
    if contest is None:
        raise NotFound("contest_not_found")
    return contest


async def contest_by_id(session: AsyncSession, contest_id: int) -> Contest:
    contest = await session.get(Contest, contest_id)
    if contest is None:
        raise NotFound("contest_not_found")
    return contest


async def rounds(session: AsyncSession, contest_id: int) -> list[Round]:
    """The contest's rounds in order."""
    result = await session.scalars(
        select(Round).where(Round.contest_id == contest_id).order_by(Round.position)
    )
    return list(result)


async def round_tasks(session: AsyncSession, round_id: int) -> list[RoundTask]:
    """A round's tasks in order (position, then label)."""
    result = await session.scalars(
        select(RoundTask)
        .where(RoundTask.round_id == round_id)
        .order_by(RoundTask.position, RoundTask.label)
    )
    return list(result)


async def max_extra_minutes(session: AsyncSession, contest_id: int) -> int:
    """The most extra minutes any subject of the contest may have (the largest entry's plus
    the largest participation's: a bound, read in one query), for "has the contest ended?"."""
    entry = select(func.coalesce(func.max(Entry.extra_minutes), 0)).where(
        Entry.contest_id == contest_id
    )
    member = select(func.coalesce(func.max(Participation.extra_minutes), 0)).where(
        Participation.contest_id == contest_id
    )
    row = (await session.execute(select(entry.scalar_subquery(), member.scalar_subquery()))).one()
    return int(row[0] or 0) + int(row[1] or 0)


async def is_jury(session: AsyncSession, user: User, contest: Contest) -> bool:
    """Is ``user`` on the contest's jury: an admin, its creator, or a coach named on it?"""
    if not user.is_active:
        return False
    if user.role is Role.ADMIN or contest.created_by == user.id:
        return True
    if user.role is not Role.COACH:
        return False
    named = await session.scalar(
        select(exists().where(ContestJury.contest_id == contest.id, ContestJury.user_id == user.id))
    )
    return bool(named)


async def require_jury(session: AsyncSession, user: User, contest: Contest) -> None:
    if not await is_jury(session, user, contest):
        raise Forbidden("contest_not_jury")


async def participation(
    session: AsyncSession, contest_id: int, user_id: int
) -> Participation | None:
    result: Participation | None = await session.scalar(
        select(Participation).where(
            Participation.contest_id == contest_id, Participation.user_id == user_id
        )
    )
    return result


async def eligible(session: AsyncSession, user: User, contest: Contest) -> bool:
    """May ``user`` take part: an active student who is entered by name, in one of the
    contest's cohorts, or anyone when registration is open? (Coaches and admins judge.)"""
    if not user.is_active or user.role is not Role.STUDENT:
        return False
    if contest.open_registration:
        return True
    if await participation(session, contest.id, user.id) is not None:
        return True
    in_cohort = await session.scalar(
        select(
            exists().where(
                ContestCohort.contest_id == contest.id,
                CohortMember.cohort_id == ContestCohort.cohort_id,
                CohortMember.user_id == user.id,
            )
        )
    )
    return bool(in_cohort)


def member_id(round: Round, participation: Participation) -> int:
    """The member part of a subject: 0 in a round the team shares, else the participation."""
    return 0 if round.shared else participation.id


async def sitting(
    session: AsyncSession, round_id: int, entry_id: int, member: int
) -> Sitting | None:
    return await session.get(Sitting, (round_id, entry_id, member))


async def subject_window_of(
    session: AsyncSession, round: Round, entry: Entry, participation: Participation | None
) -> Window:
    """The window of the subject that ``participation`` (of ``entry``) belongs to in ``round``
    (the entry's own in a shared round when ``participation`` is None)."""
    member = 0 if participation is None else member_id(round, participation)
    seat = await sitting(session, round.id, entry.id, member)
    extra = extra_minutes(round, entry, participation)
    return subject_window(round, None if seat is None else seat.started_at, extra)


async def entitlement(
    session: AsyncSession,
    user: User,
    contest_id: int,
    round_id: int,
    task_id: int,
    now: datetime,
) -> Entitlement:
    """May ``user`` submit to ``task_id`` of ``round_id`` at server time ``now``?

    Checked in this order, so that nothing of a round leaks before its start: the contest and
    the round exist and belong together (NotFound), the user takes part (Forbidden), their own
    window is open (InvalidInput on the field ``round``: not started, timer not started, over),
    and only then that the task is in the round (NotFound).
    """
    contest = await session.get(Contest, contest_id)
    if contest is None:
        raise NotFound("contest_not_found")
    round = await session.get(Round, round_id)
    if round is None or round.contest_id != contest.id:
        raise NotFound("contest_round_not_found")
    place = await participation(session, contest.id, user.id)
    if place is None or not user.is_active:
        raise Forbidden("contest_not_participant")
    entry = await session.get(Entry, place.entry_id)
    if entry is None or entry.contest_id != contest.id:  # pragma: no cover - the schema's FK
        raise Forbidden("contest_not_participant")
    window = await subject_window_of(session, round, entry, place)
    match phase(window, round, now):
        case Phase.BEFORE:
            raise InvalidInput(
                "contest_round_not_started",
                field="round",
                round=round.name,
                starts=round.starts_at.strftime(TIME_FORMAT),
            )
        case Phase.OPEN:
            raise InvalidInput("contest_timer_not_started", field="round", round=round.name)
        case Phase.OVER:
            ended = window.end or round.ends_at
            raise InvalidInput(
                "contest_round_over",
                field="round",
                round=round.name,
                ended=ended.strftime(TIME_FORMAT),
            )
        case Phase.RUNNING | Phase.FROZEN:
            pass
    round_task = await session.get(RoundTask, (round.id, task_id))
    if round_task is None:
        raise NotFound("contest_task_not_in_round", round=round.name)
    return Entitlement(
        contest=contest,
        round=round,
        round_task=round_task,
        participation=place,
        entry=entry,
        member_id=member_id(round, place),
        window=window,
    )
