"""The "HCIA/HCIP mock exam" template: one call makes an exam contest (scale 1000, pass mark
600) with one 90-minute personal-timer theory round, scored the exam way, on the bank's task
pinned to its live dataset, with the blueprint its papers are drawn by."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role
from ictarena.catalog.models import Module, Tier
from ictarena.contests import access, papers, templates
from ictarena.contests.models import (
    Contest,
    ContestKind,
    RoundKind,
    ScoreMode,
    Scoring,
    WindowType,
)
from ictarena.db import Database
from ictarena.errors import Forbidden, InvalidInput
from tests.arena.contests.exam_bank import BLUEPRINT, blueprint, exam_task, manifest
from tests.arena.contests.staging import at, catalogue, person


@pytest.fixture
async def db_session(any_db: Database) -> AsyncIterator[AsyncSession]:
    async with any_db.sessionmaker() as session:
        yield session


async def contests(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Contest)) or 0)


async def test_a_mock_exam_is_one_timed_theory_round_on_the_bank(db_session: AsyncSession) -> None:
    coach = await person(db_session, Role.COACH)
    tasks = await catalogue(db_session, 2)
    bank = await exam_task(db_session, tasks)
    mock = await templates.create_mock_exam(
        db_session, coach, slug="hcia-mock-1", title="HCIA mock 1", task_id=bank.id,
        opens_at=at(0), closes_at=at(24 * 60),
    )  # fmt: skip
    await db_session.commit()
    assert (mock.kind, mock.scale, mock.pass_score, mock.team_size) == (
        ContestKind.EXAM, 1000.0, 600.0, 1
    )  # fmt: skip
    module = await db_session.get(Module, bank.module_id)
    assert module is not None
    tier = await db_session.get(Tier, module.tier_id)
    assert tier is not None and mock.track_id == tier.track_id  # the bank's track
    (exam,) = await access.rounds(db_session, mock.id)
    assert (exam.kind, exam.window, exam.duration_min) == (
        RoundKind.THEORY, WindowType.PERSONAL, 90
    )  # fmt: skip
    assert (exam.scoring, exam.mode, exam.weight) == (Scoring.EXAM, ScoreMode.LAST, 100.0)
    assert (exam.starts_at, exam.ends_at) == (at(0), at(24 * 60))
    assert exam.blueprint == manifest()["blueprint"]
    (round_task,) = await access.round_tasks(db_session, exam.id)
    assert (round_task.task_id, round_task.dataset_id, round_task.points) == (
        bank.id, bank.live_dataset_id, 1000.0
    )  # fmt: skip
    found, dataset = await papers.exam_task(db_session, exam)
    assert found.task_id == bank.id and dataset.id == bank.live_dataset_id


async def test_a_mock_exam_takes_its_own_duration_and_blueprint(db_session: AsyncSession) -> None:
    coach = await person(db_session, Role.COACH)
    bank = await exam_task(db_session, await catalogue(db_session, 1))
    own = blueprint(("routing", 2, 250), ("switching", 2, 250))
    mock = await templates.create_mock_exam(
        db_session, coach, slug="hcip-mock", title="HCIP mock", task_id=bank.id,
        opens_at=at(0), closes_at=at(180), duration_min=60, blueprint=own,
    )  # fmt: skip
    (exam,) = await access.rounds(db_session, mock.id)
    assert exam.duration_min == 60
    assert exam.blueprint is not None and exam.blueprint["sections"][0]["points"] == 250


@pytest.mark.parametrize(
    ("change", "key"),
    [
        pytest.param("code-task", "exam_task_not_exam", id="not-an-exam-bank"),
        pytest.param("blueprint", "exam_blueprint_invalid", id="blueprint-not-1000"),
        pytest.param("student", "coach_only", id="a-student-creates"),
    ],
)
async def test_a_bad_mock_exam_writes_nothing(
    db_session: AsyncSession, change: str, key: str
) -> None:
    coach = await person(db_session, Role.COACH)
    tasks = await catalogue(db_session, 2)
    bank = await exam_task(db_session, tasks)
    actor = await person(db_session) if change == "student" else coach
    before = await contests(db_session)
    with pytest.raises((InvalidInput, Forbidden)) as refused:
        await templates.create_mock_exam(
            db_session, actor, slug="bad-mock", title="Bad", opens_at=at(0), closes_at=at(120),
            task_id=tasks[1].id if change == "code-task" else bank.id,
            blueprint=blueprint(("routing", 5, 100), ("switching", 4, 100))
            if change == "blueprint" else BLUEPRINT,
        )  # fmt: skip
    assert refused.value.message == key
    assert await contests(db_session) == before
