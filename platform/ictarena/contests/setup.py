"""Setting a contest up: the contest, its rounds and their tasks, clones, and publishing its
tasks to practice after the end. The jury's actions, each validated whole before anything is
written (``InvalidInput`` with the field at fault) and each recorded in the audit log, so that
an edit made while the contest runs (a window moved, a task added) is on record.

A round task pins the dataset its task has live when it is added: re-importing the task later
changes nothing for this contest until an admin moves it to the new dataset explicitly (through
a rejudging). A contest with ``hidden_tasks`` takes its tasks out of practice (``Task.visible``)
as they are added, until :func:`publish_tasks` opens them after the end; contest intake does
not read ``visible``, so participants are unaffected (see :mod:`ictarena.contests.publishing`).
A round's kind and scoring rule are fixed once it has started, and its tasks can no longer be
removed; its window, weight and freeze stay editable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Task
from ictarena.contests import access
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    ContestJury,
    ContestKind,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    ScoreMode,
    Scoring,
    WindowType,
)
from ictarena.contests.publishing import contest_task_ids as contest_task_ids  # noqa: PLC0414
from ictarena.contests.publishing import hide_tasks, hides
from ictarena.contests.publishing import publish_tasks as publish_tasks  # noqa: PLC0414
from ictarena.contests.rules import (
    CONTEST_FIELDS,
    LABEL_RE,
    MAX_POINTS,
    ContestPlan,
    RoundPlan,
    check_contest,
    check_people,
    check_round,
    plain,
)
from ictarena.db import utcnow
from ictarena.errors import Conflict, Forbidden, InvalidInput, NotFound
from ictarena.events.audit import audit


async def _set_people(
    session: AsyncSession, contest_id: int, cohorts: list[int], jury: list[int]
) -> None:
    await session.execute(delete(ContestCohort).where(ContestCohort.contest_id == contest_id))
    await session.execute(delete(ContestJury).where(ContestJury.contest_id == contest_id))
    session.add_all(ContestCohort(contest_id=contest_id, cohort_id=c) for c in cohorts)
    session.add_all(ContestJury(contest_id=contest_id, user_id=u) for u in jury)
    await session.flush()


def _require_coach(actor: User) -> None:
    if actor.role not in (Role.COACH, Role.ADMIN) or not actor.is_active:
        raise Forbidden("coach_only")


async def create_contest(
    session: AsyncSession,
    actor: User,
    *,
    slug: str,
    title: str,
    description: str = "",
    kind: ContestKind = ContestKind.COMPETITION,
    track_id: int | None = None,
    open_registration: bool = False,
    team_size: int = 3,
    hidden_tasks: bool = True,
    scale: float = 100.0,
    pass_score: float | None = None,
    unfreeze_at: datetime | None = None,
    rated: bool = False,
    cohort_ids: Iterable[int] = (),
    jury_ids: Iterable[int] = (),
) -> Contest:
    """A new contest created by a coach or an admin (who is then on its jury)."""
    _require_coach(actor)
    plan = await check_contest(
        session,
        ContestPlan(
            slug, title, description, kind, track_id, open_registration, team_size,
            hidden_tasks, scale, pass_score, unfreeze_at, rated,
        ),
    )  # fmt: skip
    cohorts, jury = await check_people(session, cohort_ids, jury_ids)
    contest = Contest(created_by=actor.id, **{name: getattr(plan, name) for name in CONTEST_FIELDS})
    session.add(contest)
    await session.flush()
    await _set_people(session, contest.id, cohorts, jury)
    await audit(
        session,
        actor.id,
        "contest.create",
        f"contest:{contest.id}",
        {"slug": contest.slug, "cohorts": cohorts, "jury": jury},
    )
    return contest


async def update_contest(
    session: AsyncSession, actor: User, contest: Contest, **changes: Any
) -> Contest:
    """Change some of a contest's settings (the keyword arguments of :func:`create_contest`).
    Audited with the values before and after."""
    await access.require_jury(session, actor, contest)
    unknown = set(changes) - set(CONTEST_FIELDS) - {"cohort_ids", "jury_ids"}
    if unknown:
        raise TypeError(f"update_contest() got unexpected fields {sorted(unknown)}")
    current = ContestPlan(**{name: getattr(contest, name) for name in CONTEST_FIELDS})
    wanted = {k: v for k, v in changes.items() if k in CONTEST_FIELDS}
    plan = await check_contest(session, replace(current, **wanted), contest.id)
    if plan.team_size < current.team_size:
        largest = await _largest_team(session, contest.id)
        if largest > plan.team_size:
            raise InvalidInput("contest_team_size_below_team", field="team_size", size=largest)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in CONTEST_FIELDS:
        old, new = getattr(current, name), getattr(plan, name)
        if old != new:
            before[name], after[name] = plain(old), plain(new)
            setattr(contest, name, new)
    if "cohort_ids" in changes or "jury_ids" in changes:
        old_cohorts = await _ids(session, ContestCohort.cohort_id, contest.id)
        old_jury = await _ids(session, ContestJury.user_id, contest.id)
        cohorts, jury = await check_people(
            session, changes.get("cohort_ids", old_cohorts), changes.get("jury_ids", old_jury)
        )
        await _set_people(session, contest.id, cohorts, jury)
        if sorted(cohorts) != old_cohorts:
            before["cohorts"], after["cohorts"] = old_cohorts, sorted(cohorts)
        if sorted(jury) != old_jury:
            before["jury"], after["jury"] = old_jury, sorted(jury)
    await session.flush()
    if hides(contest) and not current.hidden_tasks:
        await hide_tasks(session, contest)
    if after:
        await audit(
            session,
            actor.id,
            "contest.update",
            f"contest:{contest.id}",
            {"before": before, "after": after},
        )
    return contest


async def _ids(session: AsyncSession, column: Any, contest_id: int) -> list[int]:
    table = column.class_
    result = await session.scalars(select(column).where(table.contest_id == contest_id))
    return sorted(result)


async def _largest_team(session: AsyncSession, contest_id: int) -> int:
    counts = (
        select(func.count().label("n"))
        .where(Participation.contest_id == contest_id)
        .group_by(Participation.entry_id)
        .subquery()
    )
    return int(await session.scalar(select(func.coalesce(func.max(counts.c.n), 0))) or 0)


# Rounds ---------------------------------------------------------------------------------------


async def _other_weights(session: AsyncSession, contest_id: int, round_id: int | None) -> float:
    query = select(func.coalesce(func.sum(Round.weight), 0.0)).where(Round.contest_id == contest_id)
    if round_id is not None:
        query = query.where(Round.id != round_id)
    return float(await session.scalar(query) or 0.0)


async def add_round(
    session: AsyncSession,
    actor: User,
    contest: Contest,
    *,
    name: str,
    kind: RoundKind = RoundKind.LAB,
    scoring: Scoring = Scoring.IOI,
    mode: ScoreMode | None = None,
    weight: float = 100.0,
    window: WindowType = WindowType.FIXED,
    starts_at: datetime,
    ends_at: datetime,
    duration_min: int | None = None,
    freeze_min: int | None = None,
    penalty_min: int = 20,
    blueprint: Mapping[str, Any] | None = None,
) -> Round:
    """Append a round (validated by :func:`ictarena.contests.round_rules.check_round`; the weights
    of a contest's rounds add up to at most 100). ``mode`` None: the rule's default."""
    await access.require_jury(session, actor, contest)
    plan = check_round(
        RoundPlan(
            name, kind, scoring, mode, weight, window, starts_at, ends_at, duration_min,
            freeze_min, penalty_min, dict(blueprint) if blueprint is not None else None,
        )
    )  # fmt: skip
    others = await _other_weights(session, contest.id, None)
    if others + plan.weight > 100.0 + 1e-9:
        raise InvalidInput("contest_weights_over", field="weight", left=max(0.0, 100 - others))
    last = await session.scalar(
        select(func.coalesce(func.max(Round.position), 0)).where(Round.contest_id == contest.id)
    )
    round = Round(contest_id=contest.id, position=int(last or 0) + 1, **plan.columns())
    session.add(round)
    await session.flush()
    await audit(
        session,
        actor.id,
        "contest.round.add",
        f"round:{round.id}",
        {"contest": contest.id, **{k: plain(v) for k, v in plan.columns().items()}},
    )
    return round


async def update_round(session: AsyncSession, actor: User, round: Round, **changes: Any) -> Round:
    """Change a round (the keyword arguments of :func:`add_round`). Its window, weight,
    freeze and penalty stay editable while the contest runs; its kind and scoring rule not,
    once it has started. Audited with the values before and after."""
    contest = await access.contest_by_id(session, round.contest_id)
    await access.require_jury(session, actor, contest)
    current = RoundPlan.of(round)
    unknown = set(changes) - set(current.columns())
    if unknown:
        raise TypeError(f"update_round() got unexpected fields {sorted(unknown)}")
    plan = check_round(replace(current, **changes))
    started = utcnow() >= round.starts_at
    fixed = {"kind", "scoring", "mode"}
    if started and any(getattr(plan, k) != getattr(current, k) for k in fixed):
        raise InvalidInput("contest_round_started_locked", field="scoring", round=round.name)
    others = await _other_weights(session, contest.id, round.id)
    if others + plan.weight > 100.0 + 1e-9:
        raise InvalidInput("contest_weights_over", field="weight", left=max(0.0, 100 - others))
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, new in plan.columns().items():
        old = getattr(round, name)
        if old != new:
            before[name], after[name] = plain(old), plain(new)
            setattr(round, name, new)
    await session.flush()
    if after:
        await audit(
            session,
            actor.id,
            "contest.round.update",
            f"round:{round.id}",
            {"contest": contest.id, "started": started, "before": before, "after": after},
        )
    return round


# Round tasks ------------------------------------------------------------------------------------


async def set_round_task(
    session: AsyncSession,
    actor: User,
    round: Round,
    task_id: int,
    *,
    label: str,
    points: float,
    position: int | None = None,
) -> RoundTask:
    """Add a task to a round, pinning the dataset it has live now, or change the label,
    points or position of a task already there (its pinned dataset stays). Audited."""
    contest = await access.contest_by_id(session, round.contest_id)
    await access.require_jury(session, actor, contest)
    task = await session.get(Task, task_id)
    if task is None:
        raise NotFound("task_not_found")
    label = label.strip().upper()
    if not LABEL_RE.match(label):
        raise InvalidInput("contest_task_label_invalid", field="label")
    if not 0 < points <= MAX_POINTS:
        raise InvalidInput("contest_task_points_invalid", field="points")
    present = await access.round_tasks(session, round.id)
    if any(rt.label == label and rt.task_id != task_id for rt in present):
        raise Conflict("contest_task_label_taken", field="label", label=label)
    row = next((rt for rt in present if rt.task_id == task_id), None)
    if row is None:
        if task.live_dataset_id is None:
            raise InvalidInput("task_not_ready", field="task_id")
        row = RoundTask(round_id=round.id, task_id=task.id, dataset_id=task.live_dataset_id)
        row.position = len(present) if position is None else position
        session.add(row)
        if hides(contest):
            task.visible = False
    elif position is not None:
        row.position = position
    row.label, row.points = label, points
    await session.flush()
    await audit(
        session,
        actor.id,
        "contest.task.set",
        f"round:{round.id}",
        {
            "contest": contest.id,
            "task": task.id,
            "dataset": row.dataset_id,
            "label": label,
            "points": points,
            "visible": task.visible,
        },
    )
    return row


async def remove_round_task(session: AsyncSession, actor: User, round: Round, task_id: int) -> None:
    """Take a task out of a round that has not started. Audited."""
    contest = await access.contest_by_id(session, round.contest_id)
    await access.require_jury(session, actor, contest)
    if utcnow() >= round.starts_at:
        raise InvalidInput("contest_round_started_locked", field="task_id", round=round.name)
    row = await session.get(RoundTask, (round.id, task_id))
    if row is None:
        raise NotFound("contest_task_not_in_round", round=round.name)
    await session.delete(row)
    await session.flush()
    await audit(
        session,
        actor.id,
        "contest.task.remove",
        f"round:{round.id}",
        {"contest": contest.id, "task": task_id},
    )


# Clones and publishing ----------------------------------------------------------------------------


async def clone_contest(
    session: AsyncSession,
    actor: User,
    contest: Contest,
    *,
    slug: str,
    title: str,
    shift: timedelta,
) -> Contest:
    """A copy of ``contest`` (settings, cohorts, jury, rounds with their tasks) with every time
    moved by ``shift``; nobody takes part yet. Tasks pin their live dataset again (the source's
    pin when a task has none live)."""
    await access.require_jury(session, actor, contest)
    cohorts = await _ids(session, ContestCohort.cohort_id, contest.id)
    jury = await _ids(session, ContestJury.user_id, contest.id)
    settings = {n: getattr(contest, n) for n in CONTEST_FIELDS if n not in ("slug", "title")}
    if contest.unfreeze_at is not None:
        settings["unfreeze_at"] = contest.unfreeze_at + shift
    copy = await create_contest(
        session, actor, slug=slug, title=title, cohort_ids=cohorts, jury_ids=jury, **settings
    )
    for source in await access.rounds(session, contest.id):
        columns = RoundPlan.of(source).columns()
        columns.update(starts_at=source.starts_at + shift, ends_at=source.ends_at + shift)
        round = Round(contest_id=copy.id, position=source.position, **columns)
        session.add(round)
        await session.flush()
        for task in await access.round_tasks(session, source.id):
            live = await session.scalar(select(Task.live_dataset_id).where(Task.id == task.task_id))
            session.add(
                RoundTask(
                    round_id=round.id,
                    task_id=task.task_id,
                    dataset_id=live or task.dataset_id,
                    position=task.position,
                    label=task.label,
                    points=task.points,
                )
            )
    await session.flush()
    if hides(copy):
        await hide_tasks(session, copy)
    await audit(
        session,
        actor.id,
        "contest.clone",
        f"contest:{copy.id}",
        {"source": contest.id, "shift_s": int(shift.total_seconds())},
    )
    return copy
