"""A student's standing on the path: module statuses, competency scores, activity.

Module status, as Hydro's training plans show it: ``done`` when every visible task of the
module is solved, ``in_progress`` when some task was attempted, ``open`` when its prerequisites
are done, ``locked`` when a prerequisite is not done or its tier is above the student's.
Everything here is computed from a few bulk queries by pure functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

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


async def load_catalogue(session: AsyncSession) -> Catalogue:
    tracks = (await session.scalars(select(Track).order_by(Track.position))).all()
    tiers = {t.id: t for t in (await session.scalars(select(Tier))).all()}
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
    for link in (await session.scalars(select(TaskCompetency))).all():
        competencies[link.task_id].append((str(link.competency), float(link.weight)))
    return Catalogue(tracks, tiers, modules, tasks_by_module, prerequisites, competencies)


@dataclass(frozen=True)
class Standing:
    """One student's results: task id -> (fraction of the best score, solved?)."""

    results: Mapping[int, tuple[float, bool]]
    held: Mapping[int, int]  # track id -> tier level held (ENTRY_LEVEL when absent)


def module_statuses(catalogue: Catalogue, standing: Standing) -> dict[int, str]:
    status: dict[int, str] = {}
    done: dict[int, bool] = {}
    for module in catalogue.modules:
        tasks = catalogue.tasks_by_module.get(module.id, [])
        done[module.id] = bool(tasks) and all(
            standing.results.get(t, (0.0, False))[1] for t in tasks
        )
    for module in catalogue.modules:
        tier = catalogue.tiers[module.tier_id]
        tasks = catalogue.tasks_by_module.get(module.id, [])
        if tier.level > standing.held.get(tier.track_id, ENTRY_LEVEL):
            status[module.id] = "locked"
        elif done[module.id]:
            status[module.id] = "done"
        elif not all(done.get(p, False) for p in catalogue.prerequisites.get(module.id, [])):
            status[module.id] = "locked"
        elif any(t in standing.results for t in tasks):
            status[module.id] = "in_progress"
        else:
            status[module.id] = "open"
    return status


def competency_scores(catalogue: Catalogue, standing: Standing) -> dict[str, float]:
    """Per competency, the weighted share (0–100) of its tasks' points the student holds."""
    earned: dict[str, float] = defaultdict(float)
    possible: dict[str, float] = defaultdict(float)
    for task_id, pairs in catalogue.competencies.items():
        fraction = standing.results.get(task_id, (0.0, False))[0]
        for competency, weight in pairs:
            possible[competency] += weight
            earned[competency] += weight * fraction
    return {
        c.value: round(100 * earned[c.value] / possible[c.value], 1) if possible[c.value] else 0.0
        for c in Competency
    }


async def standings(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, Standing]:
    """Standings of many students in two queries."""
    ids = list(user_ids)
    results: dict[int, dict[int, tuple[float, bool]]] = defaultdict(dict)
    for row in (await session.scalars(select(TaskResult).where(TaskResult.user_id.in_(ids)))).all():
        fraction = row.best_score / row.max_score if row.max_score else 0.0
        results[row.user_id][row.task_id] = (min(1.0, fraction), row.best_verdict == "AC")
    held = await held_tiers_of(session, ids)
    return {uid: Standing(results.get(uid, {}), held[uid]) for uid in ids}


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
