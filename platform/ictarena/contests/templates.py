"""Contest templates: a whole contest set up in one call, the way coaches usually want it.

"HCIA/HCIP mock exam" (:func:`create_mock_exam`) is a certification exam rehearsal: a contest of
kind exam, scored out of 1000 with a pass mark of 600, with one theory round on a personal
timer (90 minutes by default, started by each participant inside the round's window) whose one
task is an exam task's question bank. The round carries the blueprint its papers are drawn by
(the bank's default, or the one given), and counts each participant's last submission, as an
exam counts the answers handed in. Everything goes through :mod:`ictarena.contests.setup`, so
the same checks and audit entries apply as when a coach builds the contest by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.bank import checked_blueprint
from ictarena.catalog.models import Dataset, Module, Task, Tier
from ictarena.contests import setup
from ictarena.contests.models import (
    Contest,
    ContestKind,
    RoundKind,
    ScoreMode,
    Scoring,
    WindowType,
)
from ictarena.contests.papers import EXAM_TYPE
from ictarena.errors import InvalidInput

EXAM_SCALE = 1000.0
PASS_SCORE = 600.0
EXAM_MINUTES = 90
ROUND_NAME = "Written exam"
TASK_LABEL = "A"


async def _track_of(session: AsyncSession, task: Task) -> int | None:
    track_id: int | None = await session.scalar(
        select(Tier.track_id)
        .join(Module, Module.tier_id == Tier.id)
        .where(Module.id == task.module_id)
    )
    return track_id


async def create_mock_exam(
    session: AsyncSession,
    actor: User,
    *,
    slug: str,
    title: str,
    task_id: int,
    opens_at: datetime,
    closes_at: datetime,
    track_id: int | None = None,
    duration_min: int = EXAM_MINUTES,
    cohort_ids: Iterable[int] = (),
    jury_ids: Iterable[int] = (),
    description: str = "",
    open_registration: bool = False,
    blueprint: Mapping[str, Any] | None = None,
) -> Contest:
    """Create an "HCIA/HCIP mock exam" on the bank ``task_id`` (an exam task with a live
    dataset): participants start their ``duration_min``-minute timer between ``opens_at`` and
    ``closes_at`` (a timer started late is cut at ``closes_at``). ``track_id`` defaults to the
    bank's track. In the caller's transaction; raises InvalidInput (nothing written) for a task
    that is not an exam's bank or a blueprint that does not add up, and whatever the setup
    functions raise for the rest."""
    task = await session.get(Task, task_id)
    if task is None or task.type != EXAM_TYPE:
        raise InvalidInput("exam_task_not_exam", field="task_id")
    dataset = await session.get(Dataset, task.live_dataset_id) if task.live_dataset_id else None
    if dataset is None:
        raise InvalidInput("task_not_ready", field="task_id")
    try:
        plan = checked_blueprint(blueprint or dataset.manifest["blueprint"])
    except ValueError as exc:
        raise InvalidInput("exam_blueprint_invalid", field="blueprint", reason=str(exc)) from None
    contest = await setup.create_contest(
        session,
        actor,
        slug=slug,
        title=title,
        description=description,
        kind=ContestKind.EXAM,
        track_id=track_id if track_id is not None else await _track_of(session, task),
        open_registration=open_registration,
        team_size=1,
        hidden_tasks=True,
        scale=EXAM_SCALE,
        pass_score=PASS_SCORE,
        cohort_ids=tuple(cohort_ids),
        jury_ids=tuple(jury_ids),
    )
    exam_round = await setup.add_round(
        session,
        actor,
        contest,
        name=ROUND_NAME,
        kind=RoundKind.THEORY,
        scoring=Scoring.EXAM,
        mode=ScoreMode.LAST,
        weight=100.0,
        window=WindowType.PERSONAL,
        starts_at=opens_at,
        ends_at=closes_at,
        duration_min=duration_min,
        blueprint=plan.model_dump(mode="json"),
    )
    await setup.set_round_task(
        session, actor, exam_round, task.id, label=TASK_LABEL, points=EXAM_SCALE
    )
    return contest
