"""What a contest task's page offers after the contest, off the record: the submit form of the
reader's running virtual run (its round open on their replayed clock), or upsolving once the
contest has ended (:mod:`ictarena.contests.virtual`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ictarena.accounts.models import Role
from ictarena.contests import virtual
from ictarena.contests.listing import Overview, RoundView, State
from ictarena.contests.models import Contest
from ictarena.contests.papers import EXAM_TYPE
from ictarena.db import utcnow
from ictarena.http.context import Ctx
from ictarena.submissions.virtual_board import off_record_attempts

VIRTUAL = "virtual"
UPSOLVE = "upsolve"


@dataclass(frozen=True)
class OffRecord:
    """The reader may submit off the record: ``kind`` (:data:`VIRTUAL` or :data:`UPSOLVE`),
    where the form goes, until when (a virtual round's replayed end), and their earlier
    submissions of that kind to the task."""

    kind: str
    action: str
    end: datetime | None
    attempts: list[tuple[Any, Any]]


async def off_record(
    ctx: Ctx, contest: Contest, shown: Overview, view: RoundView, base: str, task: Any
) -> OffRecord | None:
    user = ctx.user
    if user is None or user.role is not Role.STUDENT or task.type == EXAM_TYPE:
        return None
    now = utcnow()
    run = await virtual.run_of(ctx.db, contest.id, user.id)
    running = False
    if run is not None:
        replay = virtual.replay_of(run, [v.round for v in shown.rounds])
        running = replay.running(now)
        if replay.round_open(view.round.id, now):
            attempts = await off_record_attempts(ctx.db, user.id, contest.id, task.id, run.id)
            end = replay.schedule[view.round.id][1]
            return OffRecord(VIRTUAL, f"{base}/virtual", end, attempts)
    if running or shown.state is not State.ENDED:
        return None
    if not await virtual.may_upsolve(ctx.db, user, contest):
        return None
    attempts = await off_record_attempts(ctx.db, user.id, contest.id, task.id, None)
    return OffRecord(UPSOLVE, f"{base}/upsolve", None, attempts)
