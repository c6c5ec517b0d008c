"""Importing read packages into the catalogue: the sets' tracks (``track.yaml``), modules,
tasks, versioned datasets.

All or nothing: :func:`import_catalogue` refuses a catalogue with any error before writing,
checks everything that needs the database (modules, tiers, task types) before its first write,
writes dataset directories content-addressed (a directory is inert until a row names it), and
makes every change in the caller's transaction, which the caller commits.

Tracks: a set's track file creates or updates its track and tiers (an admin's edit of a tier's
entry criteria is kept and reported in :attr:`ImportReport.criteria_kept`); a module whose track
is neither in the platform nor in a track file being imported is refused.

Versioning: a package whose normalised content is new for its task becomes the next dataset
version and goes live; an identical package changes nothing; the report lists the tasks whose
live dataset changed so that a rejudge can be offered (:meth:`ImportReport.datasets_changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import (
    Dataset,
    Module,
    ModulePrerequisite,
    ReferenceSolution,
    Task,
    TaskCompetency,
    Tier,
    Track,
)
from ictarena.catalog.packages.errors import PackageError, PackageInvalid
from ictarena.catalog.packages.files import children
from ictarena.catalog.packages.native import SET_FILE
from ictarena.catalog.packages.package import Package
from ictarena.catalog.packages.schema import ModuleSpec
from ictarena.catalog.packages.sources import Catalogue, find_cycle, read_paths
from ictarena.catalog.packages.storage import content, digest, store
from ictarena.catalog.packages.tree import PackageLimits
from ictarena.catalog.tracks import CriteriaKept, write_tracks
from ictarena.db import Database
from ictarena.settings import Settings

Status = Literal["created", "new_version", "switched", "unchanged"]
SOURCE_HASH = "package_hash"


@dataclass(frozen=True)
class TaskChange:
    """What an import did to one task."""

    slug: str
    task_id: int
    status: Status
    dataset_id: int
    version: int
    previous_dataset_id: int | None = None


@dataclass
class ImportReport:
    changes: list[TaskChange] = field(default_factory=list)
    modules_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tracks_written: list[str] = field(default_factory=list)
    criteria_kept: list[CriteriaKept] = field(default_factory=list)

    def datasets_changed(self) -> list[TaskChange]:
        """Tasks that had a live dataset and now have another: candidates for a rejudge."""
        return [
            c
            for c in self.changes
            if c.status in ("new_version", "switched") and c.previous_dataset_id is not None
        ]

    def count(self, status: Status) -> int:
        return sum(1 for c in self.changes if c.status == status)


def source_hash(package: Package) -> str:
    """The hash of a package before its time limit or C++ standard was chosen from its
    submissions' runs (for idempotence); the mark :func:`mark_source` leaves is not part of
    it, so that the package hashes the same marked or not."""
    extra = {k: v for k, v in package.manifest.get("extra", {}).items() if k != SOURCE_HASH}
    return digest(content(replace(package, manifest={**package.manifest, "extra": extra})))


def mark_source(package: Package) -> None:
    """Remember the package's own hash in its manifest before its time limit or C++ standard
    is chosen, so that re-importing the same package is recognised without running the judge
    again."""
    extra = dict(package.manifest.get("extra", {}))
    extra.pop(SOURCE_HASH, None)
    package.manifest["extra"] = extra
    extra[SOURCE_HASH] = source_hash(package)


async def existing_import(session: AsyncSession, package: Package) -> Dataset | None:
    """The task's dataset made from this very package (by its pre-inference hash), if any."""
    wanted = source_hash(package)
    rows = await session.scalars(
        select(Dataset).join(Task, Task.id == Dataset.task_id).where(Task.slug == package.slug)
    )
    for dataset in rows:
        if dataset.manifest.get("extra", {}).get(SOURCE_HASH) == wanted:
            return dataset
    return None


@dataclass
class _Plan:
    tiers: dict[tuple[str, str], Tier]
    modules: dict[str, Module]
    module_specs: dict[str, tuple[ModuleSpec, str, bool]]  # id -> (spec, track, authoritative)
    errors: list[PackageError] = field(default_factory=list)


async def _tiers(session: AsyncSession) -> dict[tuple[str, str], Tier]:
    rows = await session.execute(select(Track.slug, Tier).join(Tier, Tier.track_id == Track.id))
    return {(track, tier.slug): tier for track, tier in rows}


def _check_tracks(
    plan: _Plan, catalogue: Catalogue, where: dict[str, tuple[str, str, str]]
) -> None:
    """Every module lands in a tier of a track that exists or that a track file brings.
    ``where`` locates each module's track and tier: (file, track field, tier field)."""
    shipped = {(t.spec.id, tier.id) for t in catalogue.tracks for tier in t.spec.tiers}
    known = set(plan.tiers) | shipped
    tracks = {track for track, _ in known}
    errors: dict[PackageError, None] = {}
    for module_id, (spec, track, _) in plan.module_specs.items():
        if (track, spec.tier) in known:
            continue
        file, track_field, tier_field = where[module_id]
        if track not in tracks:
            message = (
                f"unknown track {track!r}: no track.yaml beside set.yaml defines it, "
                "and the platform has no such track"
            )
            errors[PackageError(file, track_field, message)] = None
        else:
            message = f"track {track!r} has no {spec.tier} tier"
            errors[PackageError(file, tier_field, message)] = None
    plan.errors.extend(errors)


async def _plan(session: AsyncSession, catalogue: Catalogue) -> _Plan:
    tiers = await _tiers(session)
    track_of_tier = {tier.id: track for (track, _), tier in tiers.items()}
    modules = {m.slug: m for m in (await session.scalars(select(Module))).all()}
    plan = _Plan(tiers, modules, {})
    where: dict[str, tuple[str, str, str]] = {}
    for set_spec in catalogue.sets:
        set_file = f"{catalogue.set_labels.get(set_spec.id, set_spec.id)}/{SET_FILE}"
        for number, declared in enumerate(set_spec.modules):
            plan.module_specs[declared.id] = (declared, set_spec.track, True)
            where[declared.id] = (set_file, "track", f"modules.{number}.tier")
    for package in catalogue.packages:
        inline = package.spec.module
        track = package.track or "programming"
        if isinstance(inline, ModuleSpec) and inline.id not in plan.module_specs:
            plan.module_specs[inline.id] = (inline, track, False)
            label = f"{package.label}/task.yaml" if package.format == "native" else package.label
            where[inline.id] = (label, "track", "module.tier")
    _check_tracks(plan, catalogue, where)
    # prerequisites resolve and stay acyclic together with the modules already stored
    graph: dict[str, list[str]] = {}
    stored = await session.execute(
        select(Module.slug, ModulePrerequisite.prerequisite_id).join(
            ModulePrerequisite, ModulePrerequisite.module_id == Module.id
        )
    )
    slug_of = {m.id: slug for slug, m in modules.items()}
    for slug, prerequisite_id in stored:
        graph.setdefault(slug, []).append(slug_of.get(prerequisite_id, "?"))
    for module_id, (spec, _, authoritative) in plan.module_specs.items():
        if authoritative or module_id not in modules:
            graph[module_id] = list(spec.prerequisites)
        for prerequisite in spec.prerequisites:
            if prerequisite not in plan.module_specs and prerequisite not in modules:
                plan.errors.append(
                    PackageError(module_id, "prerequisites", f"unknown module {prerequisite!r}")
                )
    cycle = find_cycle(graph)
    if cycle:
        plan.errors.append(
            PackageError("modules", "prerequisites", "form a cycle: " + " → ".join(cycle))
        )
    existing_tasks = {t.slug: t for t in (await session.scalars(select(Task))).all()}
    for package in catalogue.packages:
        label = f"{package.label}/task.yaml" if package.format == "native" else package.label
        module_id = package.spec.module_id
        if module_id in plan.module_specs:
            spec, track, _ = plan.module_specs[module_id]
            tier_slug: str = spec.tier
        elif module_id in modules:
            module_row = modules[module_id]
            track = track_of_tier.get(module_row.tier_id, "?")
            tier_slug = next(t.slug for t in tiers.values() if t.id == module_row.tier_id)
        else:
            plan.errors.append(PackageError(label, "module", f"unknown module {module_id!r}"))
            continue
        if package.track is not None and package.track != track:
            plan.errors.append(
                PackageError(label, "track", f"module {module_id!r} is in track {track}")
            )
        if package.spec.tier is not None and package.spec.tier != tier_slug:
            plan.errors.append(
                PackageError(label, "tier", f"module {module_id!r} is in tier {tier_slug}")
            )
        task = existing_tasks.get(package.slug)
        if task is not None and task.type != package.spec.type:
            plan.errors.append(
                PackageError(
                    label,
                    "type",
                    f"task {package.slug!r} exists as a {task.type} task; "
                    "a task's type cannot change (give it a new id)",
                )
            )
        if package.time_limit_plan is not None:
            plan.errors.append(
                PackageError(
                    label,
                    "time limit",
                    "not stated: infer it by running the accepted submissions "
                    "(arena problems import), or add a .timelimit file",
                )
            )
    return plan


async def _write_modules(session: AsyncSession, plan: _Plan, report: ImportReport) -> None:
    plan.tiers = await _tiers(session)  # with the tracks the import has just written
    for position, (module_id, (spec, track, authoritative)) in enumerate(plan.module_specs.items()):
        tier = plan.tiers[(track, spec.tier)]
        module = plan.modules.get(module_id)
        if module is None:
            module = Module(
                tier_id=tier.id,
                slug=module_id,
                title_en=spec.title.en,
                title_zh=spec.title.zh,
                position=spec.position if spec.position is not None else position,
                done_percent=spec.done_percent,
            )
            session.add(module)
            plan.modules[module_id] = module
            report.modules_created.append(module_id)
        elif authoritative:
            module.tier_id = tier.id
            module.title_en, module.title_zh = spec.title.en, spec.title.zh
            module.position = spec.position if spec.position is not None else position
            module.done_percent = spec.done_percent
        else:
            continue
    await session.flush()
    for module_id, (spec, _track, authoritative) in plan.module_specs.items():
        module = plan.modules[module_id]
        if not authoritative and module_id not in report.modules_created:
            continue
        await session.execute(
            delete(ModulePrerequisite).where(ModulePrerequisite.module_id == module.id)
        )
        for prerequisite in dict.fromkeys(spec.prerequisites):
            session.add(
                ModulePrerequisite(
                    module_id=module.id, prerequisite_id=plan.modules[prerequisite].id
                )
            )
    await session.flush()


async def _write_task(
    session: AsyncSession, package: Package, module: Module, position: int, tasks_dir: Path
) -> TaskChange:
    spec = package.spec
    files = content(package)
    content_hash, _directory = store(files, tasks_dir)
    task = await session.scalar(select(Task).where(Task.slug == spec.id))
    created = task is None
    if task is None:
        task = Task(slug=spec.id, type=spec.type, module_id=module.id, title_en="", title_zh="")
        session.add(task)
    task.module_id = module.id
    task.title_en, task.title_zh = spec.title.en, spec.title.zh
    task.difficulty = spec.difficulty
    task.tags = list(spec.tags)
    task.position = spec.position if spec.position is not None else position
    task.visible = spec.visible
    task.author, task.source, task.license = spec.author, spec.source, spec.license
    await session.flush()
    weights = spec.competency_weights()
    current = {
        c.competency: c
        for c in (
            await session.scalars(select(TaskCompetency).where(TaskCompetency.task_id == task.id))
        ).all()
    }
    for competency, row in current.items():
        if competency not in weights:
            await session.delete(row)
        else:
            row.weight = weights[competency]
    for competency, weight in weights.items():
        if competency not in current:
            session.add(TaskCompetency(task_id=task.id, competency=competency, weight=weight))
    previous = task.live_dataset_id
    dataset = await session.scalar(
        select(Dataset).where(Dataset.task_id == task.id, Dataset.content_hash == content_hash)
    )
    if dataset is not None:
        status: Status = "unchanged" if previous == dataset.id else "switched"
    else:
        version = (
            await session.scalar(
                select(func.max(Dataset.version)).where(Dataset.task_id == task.id)
            )
            or 0
        ) + 1
        dataset = Dataset(
            task_id=task.id,
            version=version,
            content_hash=content_hash,
            statement_en=package.statements.get("en", ""),
            statement_zh=package.statements.get("zh", ""),
            editorial_en=package.editorials.get("en", ""),
            editorial_zh=package.editorials.get("zh", ""),
            manifest=package.manifest,
            max_score=package.max_score,
            time_limit_note=(package.time_limit_note or "")[:200] or None,
        )
        session.add(dataset)
        await session.flush()
        for reference in package.references:
            session.add(
                ReferenceSolution(
                    dataset_id=dataset.id,
                    path=reference.path[:255],
                    language=reference.language,
                    expected_verdicts=reference.expectation.shown(),
                    expected_score=reference.expectation.expected_score(),
                )
            )
        status = "created" if created else "new_version"
    task.live_dataset_id = dataset.id
    await session.flush()
    return TaskChange(
        slug=spec.id,
        task_id=task.id,
        status=status,
        dataset_id=dataset.id,
        version=dataset.version,
        previous_dataset_id=previous if previous != dataset.id else None,
    )


async def import_catalogue(
    session: AsyncSession,
    catalogue: Catalogue,
    tasks_dir: Path,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import every package and set of ``catalogue``; raise :class:`PackageInvalid` (having
    written nothing to the database) when anything is wrong. The caller commits."""
    if not catalogue.ok:
        raise PackageInvalid(catalogue.errors)
    plan = await _plan(session, catalogue)
    if plan.errors:
        raise PackageInvalid(plan.errors)
    report = ImportReport(warnings=list(catalogue.warnings))
    report.criteria_kept = await write_tracks(session, [t.spec for t in catalogue.tracks])
    report.tracks_written = [t.spec.id for t in catalogue.tracks]
    await _write_modules(session, plan, report)
    for position, package in enumerate(catalogue.packages):
        if progress is not None:
            progress(package.slug)
        module = plan.modules[package.spec.module_id]
        report.changes.append(await _write_task(session, package, module, position, tasks_dir))
    return report


async def import_bundled(
    settings: Settings, database: Database, progress: Callable[[str], None] | None = None
) -> ImportReport:
    """Import the problem sets shipped with the platform (``settings.problem_sets_dir``) in
    one transaction of its own; idempotent. ``arena up`` calls it after the migrations.

    Raises :class:`PackageInvalid` (and changes nothing) when a bundled package is broken.
    """
    directory = settings.problem_sets_dir
    sets = [d for d in children(directory) if (d / SET_FILE).is_file()]
    if not sets:
        return ImportReport(warnings=[f"{directory}: no bundled problem sets"])
    catalogue = read_paths(sets, limits=PackageLimits.from_settings(settings))
    async with database.transaction() as session:
        return await import_catalogue(session, catalogue, settings.tasks_dir, progress)
