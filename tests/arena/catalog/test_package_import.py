"""Importing into the database: modules and tasks, versioned datasets, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import (
    Dataset,
    Module,
    ModulePrerequisite,
    ReferenceSolution,
    Task,
    TaskCompetency,
)
from ictarena.catalog.packages.errors import PackageInvalid
from ictarena.catalog.packages.importer import import_bundled, import_catalogue
from ictarena.catalog.packages.sources import read_paths
from ictarena.db import Database
from ictarena.settings import load_settings
from tests.arena.catalog.builders import code_task, problem_set


async def _counts(session: AsyncSession) -> tuple[int, int, int]:
    return (
        await session.scalar(select(func.count()).select_from(Task)) or 0,
        await session.scalar(select(func.count()).select_from(Dataset)) or 0,
        await session.scalar(select(func.count()).select_from(Module)) or 0,
    )


@pytest.mark.usefixtures("tracks")
async def test_import_creates_modules_tasks_and_a_live_dataset(
    session: AsyncSession, tmp_path: Path
) -> None:
    tasks_dir = tmp_path / "datasets"
    report = await import_catalogue(session, read_paths([problem_set(tmp_path)]), tasks_dir)
    await session.commit()
    assert sorted((c.slug, c.status, c.version) for c in report.changes) == [
        ("aplusb", "created", 1),
        ("quiz-demo", "created", 1),
    ]
    task = await session.scalar(select(Task).where(Task.slug == "aplusb"))
    assert task is not None and task.live_dataset_id is not None
    dataset = await session.get(Dataset, task.live_dataset_id)
    assert dataset is not None
    assert (tasks_dir / dataset.content_hash / "dataset.json").is_file()
    assert (tasks_dir / dataset.content_hash / "tests/secret/01.in").read_text() == "5 7\n"
    assert dataset.manifest["limits"]["time_s"] == 1
    assert "Print" in dataset.statement_en and dataset.time_limit_note == "stated in task.yaml"
    refs = (
        await session.scalars(
            select(ReferenceSolution).where(ReferenceSolution.dataset_id == dataset.id)
        )
    ).all()
    assert sorted((r.path, r.language, tuple(r.expected_verdicts)) for r in refs)[0] == (
        "accepted/sol.cpp",
        "cpp",
        ("AC",),
    )
    competencies = (
        await session.scalars(
            select(TaskCompetency.competency).where(TaskCompetency.task_id == task.id)
        )
    ).all()
    assert [c.value for c in competencies] == ["logical_reasoning"]
    graphs = await session.scalar(select(Module).where(Module.slug == "demo-graphs"))
    assert graphs is not None
    prerequisites = (
        await session.scalars(
            select(ModulePrerequisite.prerequisite_id).where(
                ModulePrerequisite.module_id == graphs.id
            )
        )
    ).all()
    basics = await session.scalar(select(Module.id).where(Module.slug == "demo-basics"))
    assert prerequisites == [basics]


@pytest.mark.usefixtures("tracks")
async def test_reimport_is_a_no_op_and_a_change_makes_a_new_version(
    session: AsyncSession, tmp_path: Path
) -> None:
    tasks_dir = tmp_path / "datasets"
    set_dir = problem_set(tmp_path)
    first = await import_catalogue(session, read_paths([set_dir]), tasks_dir)
    await session.commit()
    again = await import_catalogue(session, read_paths([set_dir]), tasks_dir)
    await session.commit()
    assert {c.status for c in again.changes} == {"unchanged"}
    assert again.datasets_changed() == []
    assert await _counts(session) == (2, 2, 2)

    (set_dir / "aplusb" / "data" / "secret" / "03.in").write_text("2 2\n")
    (set_dir / "aplusb" / "data" / "secret" / "03.ans").write_text("4\n")
    changed = await import_catalogue(session, read_paths([set_dir]), tasks_dir)
    await session.commit()
    [change] = changed.datasets_changed()
    old = next(c for c in first.changes if c.slug == "aplusb")
    assert (change.slug, change.status, change.version) == ("aplusb", "new_version", 2)
    assert change.previous_dataset_id == old.dataset_id
    task = await session.get(Task, change.task_id)
    assert task is not None and task.live_dataset_id == change.dataset_id
    assert await session.get(Dataset, old.dataset_id) is not None  # old judgings keep theirs


@pytest.mark.usefixtures("tracks")
@pytest.mark.parametrize("breakage", ["bad-package", "unknown-module", "type-change"])
async def test_a_failing_import_changes_nothing(
    session: AsyncSession, tmp_path: Path, breakage: str
) -> None:
    tasks_dir = tmp_path / "datasets"
    await import_catalogue(session, read_paths([problem_set(tmp_path / "v1")]), tasks_dir)
    await session.commit()
    before = await _counts(session)
    set_dir = problem_set(tmp_path / "v2", "aplusb", "other")
    (set_dir / "aplusb" / "data" / "secret" / "09.in").write_text("1 1\n")
    if breakage == "bad-package":
        (set_dir / "aplusb" / "data" / "secret" / "09.in").write_text("1 1\n")
    else:
        (set_dir / "aplusb" / "data" / "secret" / "09.ans").write_text("2\n")
    if breakage == "unknown-module":
        task_yaml = set_dir / "other" / "task.yaml"
        task_yaml.write_text(task_yaml.read_text().replace("demo-basics", "nowhere"))
    if breakage == "type-change":
        code_task(set_dir, "quiz-demo")
    catalogue = read_paths([set_dir])
    with pytest.raises(PackageInvalid) as caught:
        await import_catalogue(session, catalogue, tasks_dir)
    await session.rollback()
    message = str(caught.value)
    expected = {
        "bad-package": "missing data/secret/09.ans",
        "unknown-module": "unknown module 'nowhere'",
        "type-change": "a task's type cannot change",
    }[breakage]
    assert expected in message
    assert await _counts(session) == before
    live = await session.scalar(
        select(Dataset.version)
        .join(Task, Task.live_dataset_id == Dataset.id)
        .where(Task.slug == "aplusb")
    )
    assert live == 1


@pytest.mark.usefixtures("tracks")
async def test_import_bundled_imports_every_set_once(
    db: Database, session: AsyncSession, tmp_path: Path
) -> None:
    sets = tmp_path / "problem_sets"
    problem_set(sets)
    (sets / "README.md").write_text("not a set\n")
    settings = load_settings(data_dir=tmp_path / "var", problem_sets_dir=sets, secret_key="x")
    first = await import_bundled(settings, db)
    again = await import_bundled(settings, db)
    assert sorted(c.status for c in first.changes) == ["created", "created"]
    assert sorted(c.status for c in again.changes) == ["unchanged", "unchanged"]
    assert await session.scalar(select(func.count()).select_from(Task)) == 2
    empty = await import_bundled(load_settings(problem_sets_dir=tmp_path / "none"), db)
    assert empty.changes == [] and "no bundled problem sets" in empty.warnings[0]
