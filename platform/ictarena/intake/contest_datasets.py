"""Moving a contest's round task to another dataset: an explicit jury action, through the
rejudging preview.

A round task pins the dataset it judges with, so re-importing the task changes nothing for a
running contest. When the jury decides the contest should judge with the new version (a wrong
test found mid-contest), :func:`move_dataset` opens a rejudging of the contest's submissions to
that task on the chosen dataset: the jury previews the old and new verdicts, then applies it
(the pin moves, and the scoreboard cells with it) or cancels it (the pin stays). The
rejudging's scope records the round task, the dataset it came from and the one it goes to.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.contests.access import require_jury
from ictarena.contests.models import Contest, Round, RoundTask
from ictarena.errors import NotFound
from ictarena.events.audit import audit
from ictarena.intake.eligibility import still_allowed
from ictarena.submissions import rejudging as rejudgings
from ictarena.submissions.dispatch import DEFAULT_CAP, dispatch_ready
from ictarena.submissions.models import Rejudging
from ictarena.submissions.queue import JobQueue


async def move_dataset(
    session: AsyncSession,
    actor: User,
    contest: Contest,
    round_task: RoundTask,
    dataset_id: int,
    *,
    reason: str = "",
    queue: JobQueue | None = None,
    judge_cap: int = DEFAULT_CAP,
) -> Rejudging:
    """Open the preview rejudging that moves ``round_task`` of ``contest`` to ``dataset_id``
    (a version of the same task). Only the contest's jury may (Forbidden); the round task must
    be the contest's (NotFound) and the dataset another version of its task (InvalidInput on
    the field ``dataset``). Audited on the contest. With ``queue``, commits and dispatches the
    new judgings (at most ``judge_cap`` a student at once); without, the caller does both."""
    await require_jury(session, actor, contest)
    round = await session.get(Round, round_task.round_id)
    if round is None or round.contest_id != contest.id:
        raise NotFound("contest_task_not_in_round", round="")
    created, users = await rejudgings.create_dataset_move(
        session, actor, round_task, dataset_id, reason=reason, allowed=still_allowed
    )
    await audit(
        session,
        actor.id,
        "contest.move_dataset",
        f"contest:{contest.id}",
        {"rejudging": created.id, **created.scope["round_task"]},
    )
    if queue is not None:
        await session.commit()
        await dispatch_ready(session, queue, users, judge_cap)
    return created
