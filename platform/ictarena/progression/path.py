"""A student's standing on the path: module statuses, competency scores, activity.

Module status, as Hydro's training plans show it: ``done`` when the module score (the mean of
the student's best score fractions over its visible tasks, in percent) reaches the module's
``done_percent``, ``in_progress`` when some task was attempted, ``open`` when its prerequisites
are done (or a coach waived them for its tier), ``locked`` when a prerequisite is not done or
its tier is above the student's (:mod:`ictarena.progression.locks` says why).
Everything here is computed from a few bulk queries by pure functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import (
    Competency,
    Module,
    ModulePrerequisite,
    Task,
    TaskCompetency,
    Tier,
    Track,
)
from ictarena.progression.models import PrerequisiteWaiver
from ictarena.progression.tiers import ENTRY_LEVEL, held_tiers_of
from ictarena.submissions.models import Submission, TaskResult


@dataclass
class Catalogue:
    """The visible catalogue, loaded once: modules, their tasks, prerequisites, competencies."""

    tracks: Sequence[Track]
    tiers: dict[int, Tier]
    modules: Sequence[Module]
    tasks_by_module: dict[int, list[int]]
    prerequisites: dict[int, list[int]]
    competencies: dict[int, list[tuple[str, float]]]  # task id -> (competency, weight)


async def load_catalogue(session: AsyncSession, with_competencies: bool = True) -> Catalogue:
    """The visible catalogue in five queries (four without the competencies, which only the
    competency scores read)."""
    tracks: list[Track] = []
    tiers: dict[int, Tier] = {}
    for track, tier in await session.execute(
        select(Track, Tier).outerjoin(Tier, Tier.track_id == Track.id).order_by(Track.position)
    ):
        if not tracks or tracks[-1].id != track.id:
            tracks.append(track)
        if tier is not None:
            tiers[tier.id] = tier
    modules = (
        await session.scalars(
            select(Module)
            .join(Tier)
            .order_by(Tier.track_id, Tier.level, Module.position, Module.id)
        )
    ).all()
    tasks_by_module: dict[int, list[int]] = defaultdict(list)
    for task_id, module_id in await session.execute(
        select(Task.id, Task.module_id)
        .where(Task.visible.is_(True))
        .order_by(Task.position, Task.id)
    ):
        tasks_by_module[int(module_id)].append(int(task_id))
    prerequisites: dict[int, list[int]] = defaultdict(list)
    for row in (await session.scalars(select(ModulePrerequisite))).all():
        prerequisites[row.module_id].append(row.prerequisite_id)
    competencies: dict[int, list[tuple[str, float]]] = defaultdict(list)
    if with_competencies:
        for link in (await session.scalars(select(TaskCompetency))).all():
            competencies[link.task_id].append((str(link.competency), float(link.weight)))
    return Catalogue(tracks, tiers, modules, tasks_by_module, prerequisites, competencies)


@dataclass(frozen=True)
class Standing:
    """One student's results: task id -> (fraction of the best score, solved?), the tier level
    held per track, and the tiers whose prerequisites a coach waived for them."""

    results: Mapping[int, tuple[float, bool]]
    held: Mapping[int, int]  # track id -> tier level held (ENTRY_LEVEL when absent)
    waived: frozenset[int] = frozenset()  # tier ids


def module_percent(catalogue: Catalogue, standing: Standing, module_id: int) -> float:
    """The module score: the mean of the best score fractions over the module's visible
    tasks, in percent (0 for a module without tasks)."""
    tasks = catalogue.tasks_by_module.get(module_id, [])
    if not tasks:
        return 0.0
    return 100 * sum(standing.results.get(t, (0.0, False))[0] for t in tasks) / len(tasks)


def module_done(catalogue: Catalogue, standing: Standing, module: Module) -> bool:
    """The module has visible tasks and its score reaches its ``done_percent``."""
    if not catalogue.tasks_by_module.get(module.id):
        return False
    threshold = module.done_percent if module.done_percent is not None else 100
    return module_percent(catalogue, standing, module.id) >= threshold


def done_modules(catalogue: Catalogue, standing: Standing) -> set[int]:
    """Ids of the modules the student has done."""
    return {m.id for m in catalogue.modules if module_done(catalogue, standing, m)}


def prerequisites_met(
    catalogue: Catalogue, standing: Standing, module: Module, done: set[int]
) -> bool:
    """Every prerequisite of ``module`` is done, asks nothing (no visible tasks), or was
    waived for the module's tier."""
    if module.tier_id in standing.waived:
        return True
    return all(
        p in done or not catalogue.tasks_by_module.get(p)
        for p in catalogue.prerequisites.get(module.id, [])
    )


def module_statuses(catalogue: Catalogue, standing: Standing) -> dict[int, str]:
    """Module id -> ``done``, ``in_progress``, ``open`` or ``locked`` for one student."""
    status: dict[int, str] = {}
    done = done_modules(catalogue, standing)
    for module in catalogue.modules:
        tier = catalogue.tiers[module.tier_id]
        tasks = catalogue.tasks_by_module.get(module.id, [])
        if tier.level > standing.held.get(tier.track_id, ENTRY_LEVEL):
            status[module.id] = "locked"
        elif module.id in done:
            status[module.id] = "done"
        elif not prerequisites_met(catalogue, standing, module, done):
            status[module.id] = "locked"
        elif any(t in standing.results for t in tasks):
            status[module.id] = "in_progress"
        else:
            status[module.id] = "open"
    return status


Scope = Literal["held", "all"]


def held_task_ids(catalogue: Catalogue, standing: Standing) -> set[int]:
    """The visible tasks of the tiers the student holds (their tier and those below)."""
    held = set()
    for module in catalogue.modules:
        tier = catalogue.tiers[module.tier_id]
        if tier.level <= standing.held.get(tier.track_id, ENTRY_LEVEL):
            held.update(catalogue.tasks_by_module.get(module.id, []))
    return held


def competency_scores(
    catalogue: Catalogue, standing: Standing, scope: Scope = "held"
) -> dict[str, float]:
    """Per competency, the weighted share (0–100) of its tasks' points the student holds,
    over the visible tasks of the tiers they hold (``held``, what the entry criteria read) or
    of every tier (``all``, the whole path)."""
    earned: dict[str, float] = defaultdict(float)
    possible: dict[str, float] = defaultdict(float)
    if scope == "held":
        counted = held_task_ids(catalogue, standing)
    else:
        counted = {t for tasks in catalogue.tasks_by_module.values() for t in tasks}
    for task_id, pairs in catalogue.competencies.items():
        if task_id not in counted:
            continue
        fraction = standing.results.get(task_id, (0.0, False))[0]
        for competency, weight in pairs:
            possible[competency] += weight
            earned[competency] += weight * fraction
    return {
        c.value: round(100 * earned[c.value] / possible[c.value], 1) if possible[c.value] else 0.0
        for c in Competency
    }


async def standings(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, Standing]:
    """Standings of many students in three queries."""
    ids = list(user_ids)
    rows = (await session.scalars(select(TaskResult).where(TaskResult.user_id.in_(ids)))).all()
    return await standings_from(session, ids, rows)


async def standings_from(
    session: AsyncSession, user_ids: Sequence[int], rows: Iterable[TaskResult]
) -> dict[int, Standing]:
    """Standings of ``user_ids`` from their ``TaskResult`` rows, already read (two queries:
    the tiers held and the waivers)."""
    results: dict[int, dict[int, tuple[float, bool]]] = defaultdict(dict)
    for row in rows:
        fraction = row.best_score / row.max_score if row.max_score else 0.0
        results[row.user_id][row.task_id] = (min(1.0, fraction), row.best_verdict == "AC")
    held = await held_tiers_of(session, user_ids)
    waived: dict[int, set[int]] = defaultdict(set)
    for user_id, tier_id in await session.execute(
        select(PrerequisiteWaiver.user_id, PrerequisiteWaiver.tier_id).where(
            PrerequisiteWaiver.user_id.in_(list(user_ids))
        )
    ):
        waived[int(user_id)].add(int(tier_id))
    return {
        uid: Standing(results.get(uid, {}), held[uid], frozenset(waived.get(uid, ())))
        for uid in user_ids
    }


@dataclass
class Activity:
    days: list[tuple[date, int]] = field(default_factory=list)  # oldest first

    @property
    def busiest(self) -> int:
        return max((n for _d, n in self.days), default=0)


async def activity(session: AsyncSession, user_id: int, today: date, weeks: int = 20) -> Activity:
    start = today - timedelta(days=weeks * 7 - 1)
    day = func.date(Submission.created_at)
    counts = {
        str(d): int(n)
        for d, n in await session.execute(
            select(day, func.count()).where(Submission.user_id == user_id).group_by(day)
        )
    }
    days = [start + timedelta(days=i) for i in range(weeks * 7)]
    return Activity([(d, counts.get(d.isoformat(), 0)) for d in days])
