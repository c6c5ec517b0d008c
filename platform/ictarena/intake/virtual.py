"""Intake for a contest's tasks off the record: a virtual run's submissions and upsolving.

The grant (:mod:`ictarena.contests.virtual`) is checked at the server's clock and that instant
is the submission's time, as in contest intake. The submission is judged on the round task's
pinned dataset, may reach a task still hidden from practice, and is marked in
``contest_practice`` in the same transaction; it has no entry, round or participation, so it
never touches a score cell or the board's version, and it earns no practice points. An exam
task is not taken here: its answers are graded against a drawn paper.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.models import Task
from ictarena.contests.models import ContestPractice
from ictarena.contests.papers import EXAM_TYPE
from ictarena.contests.virtual import Grant, upsolve_grant, virtual_grant
from ictarena.db import utcnow
from ictarena.errors import InvalidInput
from ictarena.intake.service import Outlets, hand_on
from ictarena.submissions import services
from ictarena.submissions.models import Submission

Granter = Callable[[AsyncSession, User, int, int, int, datetime], Awaitable[Grant]]


async def _accept(
    granter: Granter,
    session: AsyncSession,
    user: User,
    contest_id: int,
    round_id: int,
    task_id: int,
    language: str | None,
    files: Mapping[str, str | bytes],
    rules: services.IntakeRules,
    outlets: Outlets,
    ip: str | None,
) -> Submission:
    now = utcnow()
    grant = await granter(session, user, contest_id, round_id, task_id, now)
    task = await session.get(Task, task_id)
    assert task is not None  # the round task's foreign key
    if task.type == EXAM_TYPE:
        raise InvalidInput("virtual_no_exam_tasks", field="round")
    stamp = services.ContestStamp(
        participation_id=None,
        entry_id=None,
        round_id=None,
        dataset_id=grant.round_task.dataset_id,
        open_hidden=True,
        at=now,
    )
    submission, judging = await services.submit(
        session, user, task.id, language, files, rules, ip=ip, stamp=stamp
    )
    session.add(
        ContestPractice(
            submission_id=submission.id,
            contest_id=grant.contest.id,
            round_id=grant.round.id,
            run_id=None if grant.run is None else grant.run.id,
        )
    )
    await session.flush()
    await hand_on(session, task, submission, judging, outlets)
    return submission


async def accept_virtual(
    session: AsyncSession,
    user: User,
    contest_id: int,
    round_id: int,
    task_id: int,
    language: str | None,
    files: Mapping[str, str | bytes],
    rules: services.IntakeRules,
    outlets: Outlets,
    ip: str | None = None,
) -> Submission:
    """A submission in ``user``'s virtual run; commits. Raises what the grant and intake's
    checks raise; nothing is stored then, and the caller rolls back."""
    return await _accept(
        virtual_grant,
        session,
        user,
        contest_id,
        round_id,
        task_id,
        language,
        files,
        rules,
        outlets,
        ip,
    )


async def accept_upsolve(
    session: AsyncSession,
    user: User,
    contest_id: int,
    round_id: int,
    task_id: int,
    language: str | None,
    files: Mapping[str, str | bytes],
    rules: services.IntakeRules,
    outlets: Outlets,
    ip: str | None = None,
) -> Submission:
    """An upsolving submission after the contest's end; commits. Raises what the grant and
    intake's checks raise; nothing is stored then, and the caller rolls back."""
    return await _accept(
        upsolve_grant,
        session,
        user,
        contest_id,
        round_id,
        task_id,
        language,
        files,
        rules,
        outlets,
        ip,
    )
