"""What keeps a student out of a task, as pure functions of the catalogue and their standing.

A student may open a task when both hold:

- its tier is at most the tier they hold in its track (tier lock), and
- every prerequisite of its module is done, unless a coach waived the prerequisites of that
  tier for them (prerequisite lock).

A module is done when its score, the mean of the student's best score fractions over its
visible tasks in percent, reaches the module's ``done_percent``. A module without visible tasks
asks nothing: it never blocks the modules that depend on it.

Coaches and admins are never locked out; enforcing the rule is
:mod:`ictarena.intake.eligibility`'s (the one place), the task list and the path map only show it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Module, ModulePrerequisite, Task, Tier, Track
from ictarena.progression.models import PrerequisiteWaiver, StudentTier
from ictarena.progression.path import (
    Catalogue,
    Standing,
    done_modules,
    module_percent,
    prerequisites_met,
)
from ictarena.progression.tiers import ENTRY_LEVEL
from ictarena.submissions.models import TaskResult


@dataclass(frozen=True)
class PrerequisiteProgress:
    """A prerequisite module not done yet: the student's module score against its threshold."""

    module: Module
    percent: float  # the module score, 0–100
    need: int  # the module's done_percent


@dataclass(frozen=True)
class Lock:
    """Why a task is closed to a student, and what opens it.

    ``tier_needed`` is the task's tier when the student holds a lower one in ``track`` (their
    level is ``held_level``), else None; ``prerequisites`` lists the module's prerequisites
    that are not done (empty when a coach waived them for that tier).
    """

    track: Track
    tier: Tier  # the task's tier
    module: Module  # the task's module
    held_level: int
    tier_needed: Tier | None
    prerequisites: tuple[PrerequisiteProgress, ...] = ()

    @property
    def message(self) -> str:
        """The message key of the refusal: the tier first, as it must be opened first."""
        return "task_locked" if self.tier_needed is not None else "task_prerequisites_missing"


def module_lock(
    catalogue: Catalogue, standing: Standing, module_id: int, done: set[int] | None = None
) -> Lock | None:
    """The lock on the tasks of ``module_id`` for a student with ``standing``, or None.
    ``done`` (the student's done modules) may be passed when asking for many modules."""
    by_id = {m.id: m for m in catalogue.modules}
    module = by_id[module_id]
    tier = catalogue.tiers[module.tier_id]
    track = next(t for t in catalogue.tracks if t.id == tier.track_id)
    held = standing.held.get(track.id, ENTRY_LEVEL)
    tier_needed = tier if tier.level > held else None
    if done is None:
        done = done_modules(catalogue, standing)
    missing: tuple[PrerequisiteProgress, ...] = ()
    if not prerequisites_met(catalogue, standing, module, done):
        missing = tuple(
            PrerequisiteProgress(
                by_id[p], module_percent(catalogue, standing, p), by_id[p].done_percent
            )
            for p in catalogue.prerequisites.get(module.id, [])
            if p in by_id and p not in done and catalogue.tasks_by_module.get(p)
        )
    if tier_needed is None and not missing:
        return None
    return Lock(track, tier, module, held, tier_needed, missing)


def module_locks(catalogue: Catalogue, standing: Standing) -> dict[int, Lock]:
    """The locks on every module of the catalogue for one student (open modules absent)."""
    done = done_modules(catalogue, standing)
    locks = {}
    for module in catalogue.modules:
        lock = module_lock(catalogue, standing, module.id, done)
        if lock is not None:
            locks[module.id] = lock
    return locks


def _module_rows(one_module: bool) -> Select[Any]:
    """Modules with their tier, track, the tier the student (``user_id``) holds in the track
    and whether that tier's prerequisites were waived for them: every module, or (``one_module``)
    the module ``module_id`` and its prerequisites. Built once, bound at each call."""
    held = (
        select(Tier.level)
        .join(StudentTier, StudentTier.tier_id == Tier.id)
        .where(StudentTier.user_id == bindparam("user_id"), StudentTier.track_id == Track.id)
        .scalar_subquery()
    )
    waived = (
        select(PrerequisiteWaiver.tier_id)
        .where(
            PrerequisiteWaiver.user_id == bindparam("user_id"),
            PrerequisiteWaiver.tier_id == Tier.id,
        )
        .exists()
    )
    statement = (
        select(Module, Tier, Track, held, waived)
        .join(Tier, Tier.id == Module.tier_id)
        .join(Track, Track.id == Tier.track_id)
        .order_by(Track.position, Tier.level, Module.position, Module.id)
    )
    if one_module:
        its_prerequisites = select(ModulePrerequisite.prerequisite_id).where(
            ModulePrerequisite.module_id == bindparam("module_id")
        )
        statement = statement.where(
            or_(Module.id == bindparam("module_id"), Module.id.in_(its_prerequisites))
        )
    return statement


def _prerequisite_rows(one_module: bool) -> Select[int, int, int]:
    """(module, prerequisite, visible task of the prerequisite or None) of every module, or
    of ``module_id`` (``one_module``)."""
    statement = (
        select(ModulePrerequisite.module_id, ModulePrerequisite.prerequisite_id, Task.id)
        .outerjoin(
            Task,
            (Task.module_id == ModulePrerequisite.prerequisite_id) & Task.visible.is_(True),
        )
        .order_by(Task.position, Task.id)
    )
    if one_module:
        statement = statement.where(ModulePrerequisite.module_id == bindparam("module_id"))
    return statement


_MODULES = {False: _module_rows(False), True: _module_rows(True)}
_PREREQUISITES = {False: _prerequisite_rows(False), True: _prerequisite_rows(True)}


async def lock_view(
    session: AsyncSession, user_id: int, results: Sequence[TaskResult] | None = None
) -> tuple[Catalogue, Standing]:
    """What :func:`module_lock` needs for one student and every module, in two queries
    (three when ``results``, the student's ``TaskResult`` rows, are not given): every module
    with its tier, track, the tier held there and whether it was waived; the prerequisites
    with their visible tasks. The catalogue returned knows the tasks of prerequisite modules
    only and no competencies: it serves locks, not statuses or scores."""
    return await _view(session, user_id, None, results)


async def module_lock_view(
    session: AsyncSession, user_id: int, module_id: int
) -> tuple[Catalogue, Standing]:
    """What :func:`module_lock` needs for one student and one module (a submission's check):
    the module and its prerequisite modules only, with the results those prerequisites read.
    One query when the module has no prerequisites (the common case), else two or three."""
    return await _view(session, user_id, module_id, None)


async def _view(
    session: AsyncSession,
    user_id: int,
    module_id: int | None,
    results: Sequence[TaskResult] | None,
) -> tuple[Catalogue, Standing]:
    one = module_id is not None
    tracks: dict[int, Track] = {}
    tiers: dict[int, Tier] = {}
    modules: list[Module] = []
    held_levels: dict[int, int] = {}
    waived_tiers: set[int] = set()
    bound = {"user_id": user_id, "module_id": module_id} if one else {"user_id": user_id}
    for module, tier, track, level, is_waived in await session.execute(_MODULES[one], bound):
        tracks.setdefault(track.id, track)
        tiers[tier.id] = tier
        modules.append(module)
        if level is not None:
            held_levels[track.id] = int(level)
        if is_waived:
            waived_tiers.add(tier.id)
    prerequisites: dict[int, list[int]] = defaultdict(list)
    tasks_by_module: dict[int, list[int]] = defaultdict(list)
    # The prerequisite graph is acyclic (the import refuses a cycle), so a module read alone
    # has no prerequisites, and there is nothing more to read.
    if not one or any(m.id != module_id for m in modules):
        for dependent, prerequisite_id, task_id in await session.execute(
            _PREREQUISITES[one], {"module_id": module_id} if one else {}
        ):
            if prerequisite_id not in prerequisites[dependent]:
                prerequisites[dependent].append(prerequisite_id)
            if task_id is not None and task_id not in tasks_by_module[prerequisite_id]:
                tasks_by_module[prerequisite_id].append(task_id)
    if results is None:
        asked = prerequisites.get(module_id, []) if module_id is not None else tasks_by_module
        wanted = {t for p in asked for t in tasks_by_module.get(p, [])}
        results = (
            (
                await session.scalars(
                    select(TaskResult).where(
                        TaskResult.user_id == user_id, TaskResult.task_id.in_(wanted)
                    )
                )
            ).all()
            if wanted
            else []
        )
    fractions = {
        r.task_id: (min(1.0, r.best_score / r.max_score if r.max_score else 0.0), False)
        for r in results
    }
    catalogue = Catalogue(
        list(tracks.values()), tiers, modules, dict(tasks_by_module), dict(prerequisites), {}
    )
    return catalogue, Standing(fractions, held_levels, frozenset(waived_tiers))
