"""The quiz attempt policy, as pure functions.

A student has a number of graded attempts at a quiz per UTC day (the quiz's
``attempts_per_day``, else the ``quiz_attempts_per_day`` setting), plus any attempts a coach
granted for that day. A blank quiz is refused before this policy is asked and costs nothing.
Answers and explanations are revealed once the quiz is passed or the day's last attempt is
used, never while attempts remain after a wrong try.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Dataset, Task
from ictarena.catalog.tasktypes.registry import find
from ictarena.errors import InvalidInput, NotFound, Throttled
from ictarena.submissions.models import QuizAttempt, QuizGrant, TaskResult


def day_start(now: datetime) -> datetime:
    """Midnight UTC at the start of the day that contains ``now``."""
    utc = now.astimezone(UTC)
    return datetime.combine(utc.date(), time(0), tzinfo=UTC)


def next_opening(now: datetime) -> datetime:
    """When the next UTC day, and with it a new set of attempts, begins."""
    return day_start(now) + timedelta(days=1)


@dataclass(frozen=True)
class AttemptState:
    """What the policy needs to know about one student and one quiz today."""

    limit: int  # attempts per day for this quiz
    used: int  # graded attempts made today
    granted: int = 0  # extra attempts a coach granted for today
    passed: bool = False  # the quiz has been passed (at any time)

    @property
    def allowed(self) -> int:
        return self.limit + self.granted

    @property
    def remaining(self) -> int:
        return max(0, self.allowed - self.used)

    @property
    def may_attempt(self) -> bool:
        return self.remaining > 0

    @property
    def reveal(self) -> bool:
        """Show the correct answers and explanations."""
        return self.passed or self.remaining == 0


def is_blank(answers: dict[str, Any]) -> bool:
    """True when no question carries an answer (empty strings and empty lists count as none)."""
    for value in answers.values():
        if value is None:
            continue
        if isinstance(value, str) and not value.strip():
            continue
        if isinstance(value, list | tuple | set | dict) and not value:
            continue
        return False
    return True


MAX_GRANT = 20  # extra attempts one grant may give


def quiz_limit(manifest: dict[str, Any], default: int) -> int:
    """The attempts per day a quiz allows: its own ``attempts_per_day``, else ``default``."""
    value = (manifest.get("quiz") or {}).get("attempts_per_day")
    return value if isinstance(value, int) and value > 0 else default


async def _ensure_row(session: AsyncSession, user_id: int, task_id: int, day: date) -> None:
    values = {"user_id": user_id, "task_id": task_id, "day": day, "used": 0, "granted": 0}
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(pg_insert(QuizAttempt).values(values).on_conflict_do_nothing())
    else:
        await session.execute(sqlite_insert(QuizAttempt).values(values).on_conflict_do_nothing())


async def take_attempt(
    session: AsyncSession, user_id: int, task_id: int, limit: int, now: datetime
) -> None:
    """Use one of today's attempts, in the caller's transaction; raise ``Throttled``
    (``quiz_attempts_used``) when none is left. One conditional UPDATE decides, so concurrent
    submissions never get past the allowance."""
    day = day_start(now).date()
    await _ensure_row(session, user_id, task_id, day)
    taken = await session.execute(
        update(QuizAttempt)
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.task_id == task_id,
            QuizAttempt.day == day,
            QuizAttempt.used < limit + QuizAttempt.granted,
        )
        .values(used=QuizAttempt.used + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        opens = next_opening(now)
        raise Throttled(
            "quiz_attempts_used",
            retry_after=max(1, int((opens - now).total_seconds())),
            limit=limit,
            opens=opens.strftime("%Y-%m-%d %H:%M UTC"),
        )


async def attempt_state(
    session: AsyncSession, user_id: int, task_id: int, limit: int, when: datetime
) -> AttemptState:
    """The policy's view of ``user_id`` and a quiz on the UTC day containing ``when`` (one
    query: the task page shows it on every visit)."""
    today = (
        QuizAttempt.user_id == user_id,
        QuizAttempt.task_id == task_id,
        QuizAttempt.day == day_start(when).date(),
    )
    used, granted, solved = (
        await session.execute(
            select(
                select(QuizAttempt.used).where(*today).scalar_subquery(),
                select(QuizAttempt.granted).where(*today).scalar_subquery(),
                select(TaskResult.solved_at)
                .where(TaskResult.user_id == user_id, TaskResult.task_id == task_id)
                .scalar_subquery(),
            )
        )
    ).one()
    return AttemptState(
        limit=limit, used=used or 0, granted=granted or 0, passed=solved is not None
    )


async def grant_attempts(
    session: AsyncSession, coach: User, student_id: int, task_id: int, count: int, now: datetime
) -> None:
    """Give ``student_id`` ``count`` more attempts at a quiz today, recorded with the coach.
    Only a coach of one of the student's cohorts (or an admin) may."""
    from ictarena.submissions.access import coaches

    if coach.role is Role.STUDENT or coach.id == student_id:
        raise NotFound("user_not_found")
    if coach.role is not Role.ADMIN and not await coaches(session, coach, student_id):
        raise NotFound("user_not_found")
    if not 1 <= count <= MAX_GRANT:
        raise InvalidInput("quiz_grant_count", field="count", max=MAX_GRANT)
    task = await session.get(Task, task_id)
    found = find(task.type) if task is not None else None
    if task is None or found is None or found.answers != "quiz":
        raise NotFound("task_not_found")
    day = day_start(now).date()
    await _ensure_row(session, student_id, task_id, day)
    await session.execute(
        update(QuizAttempt)
        .where(
            QuizAttempt.user_id == student_id,
            QuizAttempt.task_id == task_id,
            QuizAttempt.day == day,
        )
        .values(granted=QuizAttempt.granted + count)
        .execution_options(synchronize_session=False)
    )
    session.add(
        QuizGrant(
            coach_id=coach.id, student_id=student_id, task_id=task_id, day=day, count=count, at=now
        )
    )
    await session.flush()


@dataclass(frozen=True)
class QuizDay:
    """One quiz a student worked on today, as a coach's grant form shows it."""

    task: Task
    state: AttemptState


async def quiz_days(
    session: AsyncSession, user_id: int, default_limit: int, now: datetime
) -> list[QuizDay]:
    """The quizzes ``user_id`` has attempts or grants at on the UTC day containing ``now``."""
    day = day_start(now).date()
    rows = (
        await session.execute(
            select(QuizAttempt, Task, Dataset)
            .join(Task, Task.id == QuizAttempt.task_id)
            .outerjoin(Dataset, Dataset.id == Task.live_dataset_id)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.day == day)
            .order_by(Task.slug)
        )
    ).all()
    solved = set(
        (
            await session.scalars(
                select(TaskResult.task_id).where(
                    TaskResult.user_id == user_id,
                    TaskResult.solved_at.is_not(None),
                    TaskResult.task_id.in_([task.id for _row, task, _d in rows]),
                )
            )
        ).all()
    )
    return [
        QuizDay(
            task,
            AttemptState(
                limit=quiz_limit(dataset.manifest if dataset else {}, default_limit),
                used=row.used,
                granted=row.granted,
                passed=task.id in solved,
            ),
        )
        for row, task, dataset in rows
    ]
