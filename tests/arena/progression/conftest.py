"""A small coaching path for the progression tests, committed: one track with three tiers and
entry criteria, modules whose prerequisites cross a tier, code and quiz tasks; a coach with a
cohort, and helpers to give a student results without judging anything."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts import services as accounts
from ictarena.accounts.models import Cohort, Role, User
from ictarena.catalog.models import (
    Competency,
    Dataset,
    Module,
    ModulePrerequisite,
    Task,
    TaskCompetency,
    Tier,
    Track,
)
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.submissions.models import TaskResult
from tests.arena.helpers import PASSWORD

QUIZ = {
    "questions": [
        {
            "id": "udp",
            "kind": "true_false",
            "text": {"en": "UDP is connectionless.", "zh": "UDP 是无连接的。"},
            "answer": True,
        }
    ]
}
PROFESSIONAL_CRITERIA = {"modules_done": "all", "competencies": {"protocol_comprehension": 50}}
EXPERT_CRITERIA = {"points": 100}


@dataclass
class Course:
    """The path: ``tiers`` by level; ``basics`` → ``routing`` (Associate) → ``advanced``
    (Professional, needs ``routing``: a prerequisite across tiers) → ``design`` (Expert)."""

    track: Track
    tiers: dict[int, Tier]
    basics: Module
    routing: Module
    advanced: Module
    design: Module
    tasks: dict[str, Task]


async def _task(
    session: AsyncSession, tasks_dir: Path, module: Module, slug: str, kind: str = "code"
) -> Task:
    task = Task(slug=slug, type=kind, module_id=module.id, title_en=slug, title_zh=f"{slug}（中）")
    session.add(task)
    await session.flush()
    if kind == "quiz":
        manifest: dict[str, object] = {"task_type": "quiz", "quiz": QUIZ}
        max_score = 1.0
    else:
        manifest = {"limits": {"code_kb": 64}, "languages": None}
        max_score = 100.0
    content_hash = hashlib.sha256(f"{slug}-{json.dumps(manifest)}".encode()).hexdigest()
    (tasks_dir / content_hash).mkdir(parents=True, exist_ok=True)
    (tasks_dir / content_hash / "dataset.json").write_text(json.dumps(manifest))
    dataset = Dataset(
        task_id=task.id,
        version=1,
        content_hash=content_hash,
        manifest=manifest,
        max_score=max_score,
        statement_en=f"Statement of {slug}",
        statement_zh=f"{slug} 的题面",
    )
    session.add(dataset)
    await session.flush()
    task.live_dataset_id = dataset.id
    session.add(
        TaskCompetency(task_id=task.id, competency=Competency.PROTOCOL_COMPREHENSION, weight=1)
    )
    await session.flush()
    return task


async def build_course(db: Database, tasks_dir: Path) -> Course:
    async with db.session() as session:
        track = Track(slug="netpath", name_en="Net path", name_zh="网络路径", position=0)
        session.add(track)
        await session.flush()
        tiers = {}
        for level, slug, criteria in (
            (1, "associate", {}),
            (2, "professional", PROFESSIONAL_CRITERIA),
            (3, "expert", EXPERT_CRITERIA),
        ):
            tier = Tier(
                track_id=track.id,
                level=level,
                slug=slug,
                name_en=slug.title(),
                name_zh=f"{slug}级",
                criteria=criteria,
            )
            session.add(tier)
            tiers[level] = tier
        await session.flush()
        modules = {}
        for position, (slug, level, done_percent) in enumerate(
            (("basics", 1, 100), ("routing", 1, 50), ("advanced", 2, 100), ("design", 3, 100))
        ):
            module = Module(
                tier_id=tiers[level].id,
                slug=slug,
                title_en=slug.title(),
                title_zh=f"{slug}模块",
                position=position,
                done_percent=done_percent,
            )
            session.add(module)
            modules[slug] = module
        await session.flush()
        session.add(
            ModulePrerequisite(
                module_id=modules["routing"].id, prerequisite_id=modules["basics"].id
            )
        )
        session.add(
            ModulePrerequisite(
                module_id=modules["advanced"].id, prerequisite_id=modules["routing"].id
            )
        )
        tasks = {
            "basics-code": await _task(session, tasks_dir, modules["basics"], "basics-code"),
            "basics-quiz": await _task(
                session, tasks_dir, modules["basics"], "basics-quiz", "quiz"
            ),
            "routing-code": await _task(session, tasks_dir, modules["routing"], "routing-code"),
            "routing-quiz": await _task(
                session, tasks_dir, modules["routing"], "routing-quiz", "quiz"
            ),
            "advanced-code": await _task(session, tasks_dir, modules["advanced"], "advanced-code"),
            "advanced-quiz": await _task(
                session, tasks_dir, modules["advanced"], "advanced-quiz", "quiz"
            ),
            "design-code": await _task(session, tasks_dir, modules["design"], "design-code"),
        }
        await session.commit()
        return Course(
            track,
            tiers,
            modules["basics"],
            modules["routing"],
            modules["advanced"],
            modules["design"],
            tasks,
        )


@dataclass
class People:
    coach: User
    cohort: Cohort
    student: User
    other_coach: User
    other_cohort: Cohort
    admin: User


async def make_user(db: Database, username: str, role: Role = Role.STUDENT) -> User:
    async with db.session() as session:
        user = await accounts.create_user(session, username, PASSWORD, role)
        await session.commit()
        return user


async def build_people(db: Database) -> People:
    coach = await make_user(db, "coach1", Role.COACH)
    other_coach = await make_user(db, "coach2", Role.COACH)
    admin = await make_user(db, "admin1", Role.ADMIN)
    student = await make_user(db, "ada")
    async with db.session() as session:
        cohort = await accounts.create_cohort(session, coach, "Class A")
        other_cohort = await accounts.create_cohort(session, other_coach, "Class B")
        await session.commit()
        await accounts.join_cohort(session, student, cohort.invite_code)
        await session.commit()
    return People(coach, cohort, student, other_coach, other_cohort, admin)


async def join(db: Database, student: User, cohort: Cohort) -> None:
    async with db.session() as session:
        await accounts.join_cohort(session, student, cohort.invite_code)
        await session.commit()


async def give(db: Database, user_id: int, task: Task, fraction: float) -> None:
    """Record ``fraction`` of ``task``'s points as the student's best, as judging would."""
    async with db.session() as session:
        result = await session.get(TaskResult, (user_id, task.id))
        if result is None:
            result = TaskResult(user_id=user_id, task_id=task.id, max_score=100.0, attempts=1)
            session.add(result)
        result.best_score = 100.0 * fraction
        result.best_verdict = "AC" if fraction >= 1 else "WA"
        await session.commit()


@pytest.fixture
async def course(any_db: Database, settings: Settings) -> Course:
    return await build_course(any_db, settings.tasks_dir)


@pytest.fixture
async def people(any_db: Database, course: Course) -> People:
    return await build_people(any_db)
