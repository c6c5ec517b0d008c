"""Rejudging as a previewable set, as in DOMjudge.

Creating a rejudging makes a new, not-yet-valid judging for every submission in scope (by
submission, by task, or by dataset version) against the task's live dataset, or, for a contest
submission, against its round task's pinned dataset (a contest judges with what it pinned, not
with what was imported since). The preview lists old and new verdicts side by side as the new
judgings finish. Applying makes exactly those new judgings the valid ones (and refreshes score
caches: students' results and the leaderboards for practice submissions, the scoreboard cells
for contest ones); cancelling discards them. Old judgings are never deleted.

Quizzes and exams are graded in the platform: their new judgings are graded as the rejudging
is created (an exam against the participant's paper), the others queued for the judges.

Moving a contest's round task to a new dataset is a rejudging too (:func:`create_dataset_move`):
its contest submissions judged on the new dataset, previewed; applying it moves the pin,
cancelling leaves it where it was.

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
from ictarena.catalog.models import Dataset, Task
from ictarena.catalog.tasktypes.registry import kind
from ictarena.contests.access import rounds as contest_rounds
from ictarena.contests.models import Contest, Round, RoundTask
from ictarena.contests.papers import paper_manifest, paper_of
from ictarena.contests.windows import board_unfrozen
from ictarena.db import utcnow
from ictarena.errors import Forbidden, InvalidInput, NotFound
from ictarena.events.audit import audit
from ictarena.leaderboards.cache import lock_students
from ictarena.submissions.contest_cells import refresh_subjects
from ictarena.submissions.instant import grade_instantly
from ictarena.submissions.models import Judging, JudgingStatus, Rejudging, Submission
from ictarena.submissions.recording import refresh_task_result
from ictarena.submissions.status import current_judging

OPEN = (JudgingStatus.QUEUED, JudgingStatus.JUDGING)
UTC_ZONE = ZoneInfo("UTC")

# Who submitted what: (user id, task id) for a practice submission, (user id, task id,
# participation id) for a contest one.
Key = tuple[int, ...]
# Of those keys, the ones whose user may still submit (to the task, in the participation).
Allowed = Callable[[AsyncSession, Collection[Key]], Awaitable[set[Key]]]


def key(submission: Submission) -> Key:
    """What ``Allowed`` is asked about for ``submission``."""
    if submission.participation_id is None:
        return (submission.user_id, submission.task_id)
    return (submission.user_id, submission.task_id, submission.participation_id)


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
    submissions = await _still_allowed(session, found, allowed, scope)
    if not submissions:
        raise InvalidInput("rejudge_scope_locked", field="scope", n=len(found))
    datasets = await _datasets(session, submissions)
    return await _open(session, actor, reason, scope, submissions, datasets)


async def create_dataset_move(
    session: AsyncSession,
    actor: User,
    round_task: RoundTask,
    dataset_id: int,
    *,
    reason: str = "",
    allowed: Allowed,
) -> tuple[Rejudging, list[int]]:
    """A rejudging of the contest submissions to ``round_task`` on the dataset ``dataset_id``
    (another version of its task); applying it moves the round task's pin there. It may be
    empty (nothing submitted yet): applied at once, it only moves the pin. Whether ``actor``
    is on the contest's jury is the caller's question."""
    _require_admin_or_coach(actor)
    dataset = await session.get(Dataset, dataset_id)
    if dataset is None or dataset.task_id != round_task.task_id:
        raise InvalidInput("contest_dataset_not_of_task", field="dataset")
    if dataset_id == round_task.dataset_id:
        raise InvalidInput("contest_dataset_unchanged", field="dataset")
    found = (
        await session.scalars(
            select(Submission)
            .where(
                Submission.round_id == round_task.round_id,
                Submission.task_id == round_task.task_id,
                Submission.is_reference.is_(False),
            )
            .order_by(Submission.id)
        )
    ).all()
    scope: dict[str, Any] = {
        "round_task": {
            "round": round_task.round_id,
            "task": round_task.task_id,
            "from": round_task.dataset_id,
            "dataset": dataset_id,
        }
    }
    submissions = await _still_allowed(session, found, allowed, scope)
    datasets = dict.fromkeys((s.id for s in submissions), dataset_id)
    return await _open(session, actor, reason, scope, submissions, datasets)


async def _still_allowed(
    session: AsyncSession, found: Sequence[Submission], allowed: Allowed, scope: dict[str, Any]
) -> list[Submission]:
    may = await allowed(session, {key(s) for s in found})
    submissions = [s for s in found if key(s) in may]
    scope["left_out"] = len(found) - len(submissions)
    return submissions


async def _datasets(session: AsyncSession, submissions: Sequence[Submission]) -> dict[int, int]:
    """The dataset each submission is rejudged on: its round task's pin for a contest
    submission, its task's live dataset otherwise (left out when there is none)."""
    tasks = {
        t.id: t
        for t in (
            await session.scalars(select(Task).where(Task.id.in_({s.task_id for s in submissions})))
        ).all()
    }
    rounds = {s.round_id for s in submissions if s.round_id is not None}
    pins: dict[tuple[int, int], int] = {}
    if rounds:
        pins = {
            (rt.round_id, rt.task_id): rt.dataset_id
            for rt in (
                await session.scalars(select(RoundTask).where(RoundTask.round_id.in_(rounds)))
            ).all()
        }
    datasets: dict[int, int] = {}
    for submission in submissions:
        if submission.round_id is not None:
            pinned = pins.get((submission.round_id, submission.task_id))
        else:
            pinned = tasks[submission.task_id].live_dataset_id
        if pinned is not None:
            datasets[submission.id] = pinned
    return datasets


async def _open(
    session: AsyncSession,
    actor: User,
    reason: str,
    scope: dict[str, Any],
    submissions: Sequence[Submission],
    datasets: dict[int, int],
) -> tuple[Rejudging, list[int]]:
    rejudging = Rejudging(created_by=actor.id, reason=reason[:255], scope=scope)
    session.add(rejudging)
    await session.flush()
    types = {
        int(task_id): str(task_type)
        for task_id, task_type in await session.execute(
            select(Task.id, Task.type).where(Task.id.in_({s.task_id for s in submissions}))
        )
    }
    users: list[int] = []
    instant: list[tuple[Submission, Judging]] = []
    for submission in submissions:
        dataset = datasets.get(submission.id)
        if dataset is None:
            continue
        seq = await session.scalar(
            select(func.max(Judging.seq)).where(
                Judging.submission_id == submission.id, Judging.dataset_id == dataset
            )
        )
        judging = Judging(
            submission_id=submission.id,
            user_id=submission.user_id,
            dataset_id=dataset,
            seq=(seq + 1) if seq is not None else 0,
            rejudging_id=rejudging.id,
            valid=False,
        )
        session.add(judging)
        if kind(types[submission.task_id]).instant:
            instant.append((submission, judging))
        else:
            users.append(submission.user_id)
    await session.flush()
    for submission, judging in instant:
        await _grade_now(session, submission, judging)
    await audit(session, actor.id, "rejudging.create", f"rejudging:{rejudging.id}", scope)
    return rejudging, users


async def _grade_now(session: AsyncSession, submission: Submission, judging: Judging) -> None:
    """Quizzes and exams are graded in the platform, not by a judge: their new judgings are
    graded at once, an exam's against the participant's own paper (a question no longer in
    the dataset's bank is left out of it)."""
    manifest = None
    if submission.round_id is not None and submission.participation_id is not None:
        paper = await paper_of(session, submission.round_id, submission.participation_id)
        if paper is not None and paper.task_id == submission.task_id:
            dataset = await session.get(Dataset, judging.dataset_id)
            assert dataset is not None
            manifest = paper_manifest(dataset.manifest, paper)
    # Not valid until applied, so no result or board is refreshed: the zone is not read.
    await grade_instantly(session, judging, UTC_ZONE, manifest)


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
    results and the leaderboards (weeks and months in ``zone``) are refreshed with them, and
    the scoreboard cells of contest submissions; a dataset move moves the round task's pin.
    Every contest it touches gets an audit entry saying whether its board was already
    unfrozen (a rejudge after the unfreeze changes standings people have seen)."""
    _require_admin_or_coach(actor)
    rejudging = await get_rejudging(session, rejudging_id)
    if rejudging.status != "preview":
        raise InvalidInput("rejudging_closed", field="rejudging")
    rows = await preview(session, rejudging_id)
    if any(row.new.status in OPEN for row in rows):
        raise InvalidInput("rejudging_unfinished", field="rejudging")
    moved = rejudging.scope.get("round_task")
    if moved is not None:
        await _refuse_outdated_move(session, moved, {row.submission.id for row in rows})
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
    if moved is not None:
        await session.execute(
            update(RoundTask)
            .where(RoundTask.round_id == moved["round"], RoundTask.task_id == moved["task"])
            .values(dataset_id=moved["dataset"])
        )
    practice = [row.submission for row in rows if row.submission.participation_id is None]
    for user_id, task_id in sorted({(s.user_id, s.task_id) for s in practice}):
        await refresh_task_result(session, user_id, task_id, zone)
    contest = [row.submission for row in rows if row.submission.participation_id is not None]
    await refresh_subjects(session, contest)
    rejudging.status = "applied"
    rejudging.finished_at = utcnow()
    await audit(session, actor.id, "rejudging.apply", f"rejudging:{rejudging.id}", {"n": len(rows)})
    await _audit_contests(session, actor, rejudging, contest, moved)
    return len(rows)


async def _refuse_outdated_move(
    session: AsyncSession, moved: dict[str, Any], previewed: set[int]
) -> None:
    """A dataset move previews the submissions made until it was created; one made since was
    judged on the old pin, so applying the move would leave it judged on another dataset than
    the rest: refused, to be moved again."""
    later = await session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(
            Submission.round_id == moved["round"],
            Submission.task_id == moved["task"],
            Submission.is_reference.is_(False),
            Submission.id.not_in(previewed) if previewed else Submission.id.is_not(None),
        )
    )
    if later:
        raise InvalidInput("contest_move_outdated", field="rejudging", n=int(later))


async def _audit_contests(
    session: AsyncSession,
    actor: User,
    rejudging: Rejudging,
    submissions: Sequence[Submission],
    moved: dict[str, Any] | None,
) -> None:
    """One audit entry per contest whose submissions (or pinned dataset) the rejudging
    changed, on the contest's own log."""
    round_ids = {s.round_id for s in submissions if s.round_id is not None}
    if moved is not None:
        round_ids.add(int(moved["round"]))
    if not round_ids:
        return
    of_rounds = select(Round.contest_id).where(Round.id.in_(round_ids))
    contests = (
        await session.scalars(select(Contest).where(Contest.id.in_(of_rounds)).order_by(Contest.id))
    ).all()
    now = utcnow()
    for contest in contests:
        rounds = await contest_rounds(session, contest.id)
        mine = [s for s in submissions if s.round_id in {r.id for r in rounds}]
        await audit(
            session,
            actor.id,
            "contest.rejudge",
            f"contest:{contest.id}",
            {
                "rejudging": rejudging.id,
                "submissions": len(mine),
                "after_unfreeze": board_unfrozen(contest, rounds, now),
                **({"round_task": moved} if moved is not None else {}),
            },
        )


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
