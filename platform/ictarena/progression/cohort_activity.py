"""How busy a cohort is: submissions and active students per calendar week, and who has gone
quiet. Weeks start on Monday at midnight in the platform's time zone (the same calendar as the
leaderboards' weekly boards), so a coach in Beijing sees the weeks their students live in.
Two queries whatever the size of the cohort or the number of weeks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.submissions.history import last_submitted
from ictarena.submissions.models import Submission

WEEKS = 12
QUIET_DAYS = 7


@dataclass(frozen=True)
class Week:
    start: date  # the Monday, in the platform's time zone
    submissions: int = 0
    students: int = 0  # distinct students who submitted that week


@dataclass(frozen=True)
class Quiet:
    """A student with no submission in the last ``QUIET_DAYS`` days."""

    student: User
    last_submission: datetime | None  # None: never submitted


@dataclass(frozen=True)
class CohortActivity:
    weeks: list[Week]  # oldest first, the current week last
    quiet: list[Quiet]  # never submitted first, then the longest quiet

    @property
    def busiest(self) -> int:
        return max((week.submissions for week in self.weeks), default=0)


def week_starts(now: datetime, zone: ZoneInfo, weeks: int = WEEKS) -> list[datetime]:
    """The instants (UTC) at which each of the last ``weeks`` weeks began, oldest first, the
    week holding ``now`` last. Computed per week, so a daylight-saving change inside the window
    moves the boundaries with it."""
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    days = [monday - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    return [datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC) for day in days]


async def cohort_activity(
    session: AsyncSession,
    students: Sequence[User],
    now: datetime,
    zone: ZoneInfo,
    weeks: int = WEEKS,
    quiet_days: int = QUIET_DAYS,
) -> CohortActivity:
    """The weekly activity of ``students`` and those of them quiet for ``quiet_days`` days."""
    starts = week_starts(now, zone, weeks)
    ids = [student.id for student in students]
    counts: dict[int, tuple[int, int]] = {}
    if ids:
        # The latest boundary is tested first, so each submission falls in its own week.
        week = case(
            *(
                (Submission.created_at >= start, index)
                for index, start in reversed(list(enumerate(starts)))
            )
        )
        rows = await session.execute(
            select(week, func.count(), func.count(Submission.user_id.distinct()))
            .where(
                Submission.user_id.in_(ids),
                Submission.is_reference.is_(False),
                Submission.created_at >= starts[0],
            )
            .group_by(week)
        )
        counts = {int(index): (int(n), int(people)) for index, n, people in rows.all()}
    local = [start.astimezone(zone).date() for start in starts]
    weekly = [Week(day, *counts.get(i, (0, 0))) for i, day in enumerate(local)]
    last = await last_submitted(session, ids) if ids else {}
    since = now - timedelta(days=quiet_days)
    quiet = [
        Quiet(student, last.get(student.id))
        for student in students
        if student.id not in last or last[student.id] < since
    ]
    quiet.sort(key=lambda q: (q.last_submission is not None, q.last_submission or now))
    return CohortActivity(weekly, quiet)
