"""Rejudging as a previewable set, as in DOMjudge.

Creating a rejudging makes a new, not-yet-valid judging for every submission in scope (by
submission, by task, or by dataset version) against the task's live dataset. The preview lists
old and new verdicts side by side as the new judgings finish. Applying makes exactly those new
judgings the valid ones (and refreshes score caches); cancelling discards them. Old judgings are
never deleted.

A rejudging is an intake path too: it leaves out the submissions whose authors may no longer
submit to their task (a tier withdrawn, a task hidden). Who may is the intake's question, one
layer up, so the caller passes it in (:func:`ictarena.intake.eligibility.still_allowed`); the
number left out is kept in the rejudging's scope (``left_out``) and in the audit log.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Task
from ictarena.db import utcnow
from ictarena.errors import Forbidden, InvalidInput, NotFound
from ictarena.events.audit import audit
from ictarena.leaderboards.cache import lock_students
from ictarena.submissions.models import Judging, JudgingStatus, Rejudging, Submission
from ictarena.submissions.recording import refresh_task_result
from ictarena.submissions.status import current_judging

OPEN = (JudgingStatus.QUEUED, JudgingStatus.JUDGING)

# Of (user id, task id) pairs, those whose user may still submit to the task.
Allowed = Callable[[AsyncSession, Collection[tuple[int, int]]], Awaitable[set[tuple[int, int]]]]


@dataclass(frozen=True)
class PreviewRow:
    submission: Submission
    old: Judging | None
    new: Judging

    @property
    def changed(self) -> bool:
        return self.old is None or (self.old.verdict, self.old.score) != (
            self.new.verdict,
            self.new.score,
        )


def _require_admin_or_coach(actor: User) -> None:
    if actor.role not in (Role.ADMIN, Role.COACH):
        raise Forbidden("forbidden_role")


async def create_rejudging(
    session: AsyncSession,
    actor: User,
    *,
    submission_ids: Sequence[int] = (),
    task_id: int | None = None,
    dataset_id: int | None = None,
    reason: str = "",
    allowed: Allowed,
) -> tuple[Rejudging, list[int]]:
    """Create the set and its queued judgings; returns it and the users to dispatch for.
    Submissions whose author may no longer submit to the task (``allowed`` says who may) are
    left out, and counted in ``scope["left_out"]``; ``InvalidInput("rejudge_scope_locked")``
    when that leaves nothing."""
    _require_admin_or_coach(actor)
    query = select(Submission).where(Submission.is_reference.is_(False))
    scope: dict[str, Any] = {}
    if submission_ids:
        query = query.where(Submission.id.in_(list(submission_ids)))
        scope["submissions"] = list(submission_ids)
    elif task_id is not None:
        query = query.where(Submission.task_id == task_id)
        scope["task"] = task_id
    elif dataset_id is not None:
        judged = select(Judging.submission_id).where(
            Judging.dataset_id == dataset_id, Judging.valid.is_(True)
        )
        query = query.where(Submission.id.in_(judged))
        scope["dataset"] = dataset_id
    else:
        raise InvalidInput("rejudge_scope_missing", field="scope")
    found = (await session.scalars(query.order_by(Submission.id))).all()
    if not found:
        raise InvalidInput("rejudge_scope_empty", field="scope")
    may = await allowed(session, {(s.user_id, s.task_id) for s in found})
    submissions = [s for s in found if (s.user_id, s.task_id) in may]
    scope["left_out"] = len(found) - len(submissions)
    if not submissions:
        raise InvalidInput("rejudge_scope_locked", field="scope", n=len(found))
    rejudging = Rejudging(created_by=actor.id, reason=reason[:255], scope=scope)
    session.add(rejudging)
    await session.flush()
    tasks = {
        t.id: t
        for t in (
            await session.scalars(select(Task).where(Task.id.in_({s.task_id for s in submissions})))
        ).all()
    }
    users: list[int] = []
    for submission in submissions:
        dataset = tasks[submission.task_id].live_dataset_id
        if dataset is None:
            continue
        seq = await session.scalar(
            select(func.max(Judging.seq)).where(
                Judging.submission_id == submission.id, Judging.dataset_id == dataset
            )
        )
        session.add(
            Judging(
                submission_id=submission.id,
                dataset_id=dataset,
                seq=(seq + 1) if seq is not None else 0,
                rejudging_id=rejudging.id,
                valid=False,
            )
        )
        users.append(submission.user_id)
    await session.flush()
    await audit(session, actor.id, "rejudging.create", f"rejudging:{rejudging.id}", scope)
    return rejudging, users


async def get_rejudging(session: AsyncSession, rejudging_id: int) -> Rejudging:
    rejudging = await session.get(Rejudging, rejudging_id)
    if rejudging is None:
        raise NotFound("rejudging_not_found")
    return rejudging


async def recent_rejudgings(session: AsyncSession, limit: int = 50) -> Sequence[Rejudging]:
    """The latest rejudgings, newest first."""
    return (
        await session.scalars(select(Rejudging).order_by(Rejudging.id.desc()).limit(limit))
    ).all()


async def preview(session: AsyncSession, rejudging_id: int) -> list[PreviewRow]:
    new_judgings = (
        await session.scalars(
            select(Judging).where(Judging.rejudging_id == rejudging_id).order_by(Judging.id)
        )
    ).all()
    rows = []
    for new in new_judgings:
        submission = await session.get(Submission, new.submission_id)
        assert submission is not None
        old = await current_judging(session, submission.id)
        rows.append(PreviewRow(submission, old, new))
    return rows


async def apply_rejudging(
    session: AsyncSession, actor: User, rejudging_id: int, zone: ZoneInfo
) -> int:
    """Make the new judgings valid. Refused until every one has finished. The students'
    results and the leaderboards (weeks and months in ``zone``) are refreshed with them."""
    _require_admin_or_coach(actor)
    rejudging = await get_rejudging(session, rejudging_id)
    if rejudging.status != "preview":
        raise InvalidInput("rejudging_closed", field="rejudging")
    rows = await preview(session, rejudging_id)
    if any(row.new.status in OPEN for row in rows):
        raise InvalidInput("rejudging_unfinished", field="rejudging")
    # All the students' locks first, in order, as a verdict being recorded takes its one.
    await lock_students(session, [row.submission.user_id for row in rows])
    for row in rows:
        await session.execute(
            update(Judging)
            .where(Judging.submission_id == row.submission.id, Judging.id != row.new.id)
            .values(valid=False)
        )
        row.new.valid = True
    await session.flush()
    for user_id, task_id in sorted(
        {(row.submission.user_id, row.submission.task_id) for row in rows}
    ):
        await refresh_task_result(session, user_id, task_id, zone)
    rejudging.status = "applied"
    rejudging.finished_at = utcnow()
    await audit(session, actor.id, "rejudging.apply", f"rejudging:{rejudging.id}", {"n": len(rows)})
    return len(rows)


async def cancel_rejudging(session: AsyncSession, actor: User, rejudging_id: int) -> None:
    _require_admin_or_coach(actor)
    rejudging = await get_rejudging(session, rejudging_id)
    if rejudging.status != "preview":
        raise InvalidInput("rejudging_closed", field="rejudging")
    await session.execute(
        update(Judging)
        .where(Judging.rejudging_id == rejudging_id, Judging.status.in_(OPEN))
        .values(status=JudgingStatus.CANCELLED, finished_at=utcnow())
    )
    rejudging.status = "cancelled"
    rejudging.finished_at = utcnow()
    await audit(session, actor.id, "rejudging.cancel", f"rejudging:{rejudging.id}")


async def retry_failed(session: AsyncSession, actor: User, judging_id: int) -> int:
    """Put a judging that ended in a judge error back in the queue; returns the user id."""
    if actor.role is not Role.ADMIN:
        raise Forbidden("admin_only")
    judging = await session.get(Judging, judging_id)
    if judging is None:
        raise NotFound("judging_not_found")
    if judging.status != JudgingStatus.ERROR:
        raise InvalidInput("judging_not_failed", field="judging")
    judging.status = JudgingStatus.QUEUED
    judging.verdict = None
    judging.error = None
    judging.finished_at = None
    judging.enqueued_at = None
    judging.attempts += 1
    submission = await session.get(Submission, judging.submission_id)
    assert submission is not None
    await audit(session, actor.id, "judging.retry", f"judging:{judging.id}")
    return submission.user_id
