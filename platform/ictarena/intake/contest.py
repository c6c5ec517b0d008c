"""Contest intake: the one path from a contest submit request to graded or queued work.

A contest has its own access path. The contest's entitlement check
(:func:`ictarena.contests.access.entitlement`) replaces practice's visibility and tier locks:
a participant may submit to a task of their round while their own window is open, even if the
task is hidden from practice or above the tier they hold, and nobody else may. The check runs
at the server's clock, and that same instant is the submission's time, so a page left open
past the end is refused with the reason, and a submission accepted just before the end counts
in the window that accepted it (its judging may finish after the end: the submission time
decides, see :mod:`ictarena.contests.windows`).

The submission is judged on the round task's pinned dataset (re-importing the task mid-contest
changes nothing), and the subject's scoreboard cell is refreshed before the commit, so the
board shows the pending try at once. An exam's answers are graded against the participant's
drawn paper (:mod:`ictarena.contests.papers`), not against the whole bank.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.models import Dataset, Task
from ictarena.contests.access import Entitlement, entitlement
from ictarena.contests.papers import EXAM_TYPE, hold_paper, paper_manifest
from ictarena.db import utcnow
from ictarena.errors import InvalidInput
from ictarena.intake.service import Outlets, hand_on
from ictarena.submissions import services
from ictarena.submissions.contest_cells import refresh_cell
from ictarena.submissions.models import Submission


async def accept_contest(
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
    """Store ``user``'s submission to ``task_id`` in ``round_id`` of ``contest_id`` and grade
    it at once or queue it; commits. Raises what the entitlement check raises (NotFound,
    Forbidden ``contest_not_participant``, InvalidInput on the field ``round`` when the
    participant's window is not open) and what intake checks raise (InvalidInput, Throttled);
    nothing is stored then, and the caller rolls back."""
    now = utcnow()
    grant = await entitlement(session, user, contest_id, round_id, task_id, now)
    task = await session.get(Task, task_id)
    assert task is not None  # the round task's foreign key
    manifest = await _exam_manifest(session, grant, task)
    stamp = services.ContestStamp(
        participation_id=grant.participation.id,
        entry_id=grant.entry.id,
        round_id=grant.round.id,
        dataset_id=grant.round_task.dataset_id,
        open_hidden=True,
        at=now,
    )
    submission, judging = await services.submit(
        session, user, task.id, language, files, rules, ip=ip, stamp=stamp
    )
    await refresh_cell(session, submission)
    await hand_on(session, task, submission, judging, outlets, manifest)
    return submission


async def _exam_manifest(
    session: AsyncSession, grant: Entitlement, task: Task
) -> dict[str, Any] | None:
    """For an exam task, the bank restricted to the participant's drawn paper, which the
    answers are graded against; None for any other task. The paper is held until the commit,
    so two submissions of one paper are graded one after the other. An exam answered without a
    drawn paper (the paper page draws it) is refused: there is nothing to grade it against, and
    so is a second set of answers to one paper."""
    if task.type != EXAM_TYPE:
        return None
    paper = await hold_paper(session, grant.round.id, grant.participation.id)
    if paper is None or paper.task_id != task.id:
        raise InvalidInput("contest_no_paper", field="round", round=grant.round.name)
    # One set of answers per paper, whatever the way in: the score shows at once, so a second
    # set would let a participant probe the key one answer at a time.
    handed_in = await session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(
            Submission.round_id == grant.round.id,
            Submission.participation_id == grant.participation.id,
            Submission.task_id == task.id,
        )
    )
    if handed_in:
        raise InvalidInput("exam_already_submitted", field="answers")
    dataset = await session.get(Dataset, grant.round_task.dataset_id)
    assert dataset is not None
    return paper_manifest(dataset.manifest, paper)
