"""Migration 0007 on a database with data in place (SQLite and PostgreSQL): the theory track's
modules move into the tracks they examine with their tasks, what only meant something in the
theory track is dropped, re-importing the bundled sets finds the moved modules, and downgrade
moves them back."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.pool import NullPool

import ictarena.models  # noqa: F401 - every table mapped
from ictarena import migrate
from ictarena.accounts.models import User
from ictarena.catalog.models import Module, Task, Tier, Track
from ictarena.catalog.packages.importer import import_bundled
from ictarena.db import Database, utcnow
from ictarena.leaderboards.models import BoardTotal
from ictarena.progression.models import PrerequisiteWaiver, Promotion, StudentTier
from ictarena.settings import load_settings
from tests.arena.catalog.builders import BUNDLED_SETS
from tests.conftest import PG_ADMIN_URL, _admin_execute

BEFORE = "0006_coaching_path"
OLD_TRACKS = ("programming", "datacom", "openeuler", "opengauss", "theory", "cloud")
THEORY_MODULES = {  # slug -> (level, task)
    "theory-datacom-associate": (1, "datacom-fundamentals"),
    "theory-datacom-professional": (2, "datacom-switching-routing"),
    "theory-openeuler-associate": (1, "openeuler-fundamentals"),
    "theory-misc": (1, "misc-quiz"),  # names no track: goes to the first track
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
        return
    name = f"arena_m7_{uuid.uuid4().hex[:8]}"
    await _admin_execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _tier(session: AsyncSession, track: str, level: int) -> Tier:
    tier = await session.scalar(
        select(Tier).join(Track).where(Track.slug == track, Tier.level == level)
    )
    assert tier is not None, (track, level)
    return tier


async def _old_catalogue(session: AsyncSession) -> dict[str, int]:
    """The catalogue as the platform had it before: six tracks, quizzes in ``theory``, a
    student with a theory tier, a promotion, a waiver and a board line there. Returns ids."""
    for position, slug in enumerate(OLD_TRACKS):
        track = Track(slug=slug, name_en=slug, name_zh=slug, position=position)
        session.add(track)
        await session.flush()
        for level, tier in enumerate(("associate", "professional", "expert"), start=1):
            session.add(Tier(track_id=track.id, level=level, slug=tier, name_en=tier, name_zh=tier))
    await session.flush()
    ids: dict[str, int] = {}
    for slug, (level, task_slug) in THEORY_MODULES.items():
        module = Module(
            tier_id=(await _tier(session, "theory", level)).id,
            slug=slug,
            title_en=slug,
            title_zh=slug,
        )
        session.add(module)
        await session.flush()
        task = Task(slug=task_slug, type="quiz", module_id=module.id, title_en="Q", title_zh="Q")
        session.add(task)
        await session.flush()
        ids[task_slug] = task.id
    student = User(username="stu", display_name="S", password_hash="x")
    coach = User(username="coach", display_name="C", password_hash="x")
    session.add_all([student, coach])
    await session.flush()
    theory = await session.scalar(select(Track).where(Track.slug == "theory"))
    datacom = await session.scalar(select(Track).where(Track.slug == "datacom"))
    assert theory is not None and datacom is not None
    professional = await _tier(session, "theory", 2)
    session.add_all(
        [
            StudentTier(user_id=student.id, track_id=theory.id, tier_id=professional.id),
            StudentTier(
                user_id=student.id,
                track_id=datacom.id,
                tier_id=(await _tier(session, "datacom", 1)).id,
            ),
            Promotion(
                user_id=student.id,
                track_id=theory.id,
                from_tier_id=(await _tier(session, "theory", 1)).id,
                to_tier_id=professional.id,
                coach_id=coach.id,
                decision="promote",
                reason="good",
            ),
            PrerequisiteWaiver(
                user_id=student.id, tier_id=professional.id, coach_id=coach.id, reason="r"
            ),
            BoardTotal(
                board=f"track:{theory.id}", period="all", user_id=student.id, reached_at=utcnow()
            ),
            BoardTotal(board="all", period="all", user_id=student.id, reached_at=utcnow()),
        ]
    )
    await session.commit()
    ids["student"] = student.id
    return ids


async def _count(session: AsyncSession, model: type) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def _module_of(session: AsyncSession, task_slug: str) -> tuple[str, str, int]:
    row = (
        await session.execute(
            select(Module.slug, Track.slug, Tier.level)
            .join(Task, Task.module_id == Module.id)
            .join(Tier, Tier.id == Module.tier_id)
            .join(Track, Track.id == Tier.track_id)
            .where(Task.slug == task_slug)
        )
    ).one()
    return str(row[0]), str(row[1]), int(row[2])


async def test_theory_moves_into_its_tracks_and_back(url: str, tmp_path: Path) -> None:
    await asyncio.to_thread(migrate.upgrade, url, BEFORE)
    database = Database.from_url(url, poolclass=NullPool)
    try:
        async with database.session() as session:
            ids = await _old_catalogue(session)

        await asyncio.to_thread(migrate.upgrade, url)
        async with database.session() as session:
            slugs = (await session.scalars(select(Track.slug).order_by(Track.position))).all()
            assert list(slugs) == ["programming", "datacom", "openeuler", "opengauss"]
            assert await _module_of(session, "datacom-fundamentals") == (
                "datacom-theory-associate",
                "datacom",
                1,
            )
            assert await _module_of(session, "datacom-switching-routing") == (
                "datacom-theory-professional",
                "datacom",
                2,
            )
            assert await _module_of(session, "openeuler-fundamentals") == (
                "openeuler-theory-associate",
                "openeuler",
                1,
            )
            assert await _module_of(session, "misc-quiz") == ("theory-misc", "programming", 1)
            task = await session.scalar(select(Task).where(Task.slug == "datacom-fundamentals"))
            assert task is not None and task.id == ids["datacom-fundamentals"]  # history kept
            held = await session.execute(select(StudentTier.user_id, Track.slug).join(Track))
            assert [(u, t) for u, t in held] == [(ids["student"], "datacom")]
            assert await _count(session, Promotion) == 0
            assert await _count(session, PrerequisiteWaiver) == 0
            boards = (await session.scalars(select(BoardTotal.board))).all()
            assert list(boards) == ["all"]

        # the bundled sets, imported again, find the moved modules: no duplicates
        settings = load_settings(
            data_dir=tmp_path / "var", problem_sets_dir=BUNDLED_SETS, secret_key="x"
        )
        report = await import_bundled(settings, database)
        assert not [w for w in report.warnings if "theory" in w]
        async with database.session() as session:
            theory_modules = (
                await session.scalars(select(Module.slug).where(Module.slug.like("%theory%")))
            ).all()
            expected = {
                f"{track}-theory-{tier}"
                for track in ("datacom", "openeuler", "opengauss", "harmonyos", "cloud")
                for tier in ("associate", "professional")
            }
            assert sorted(theory_modules) == sorted({*expected, "theory-misc"})
            by_slug = {c.slug: c for c in report.changes}
            assert by_slug["datacom-fundamentals"].task_id == ids["datacom-fundamentals"]
            assert await _count(session, Task) == len(report.changes) + 1  # and misc-quiz
            assert await _module_of(session, "datacom-fundamentals") == (
                "datacom-theory-associate",
                "datacom",
                1,
            )

        await asyncio.to_thread(migrate.downgrade, url, BEFORE)
        async with database.session() as session:
            slugs = (await session.scalars(select(Track.slug))).all()
            assert {"theory", "cloud"} <= set(slugs)
            for track in ("theory", "cloud"):
                for level in (1, 2, 3):
                    await _tier(session, track, level)
            assert await _module_of(session, "datacom-fundamentals") == (
                "theory-datacom-associate",
                "theory",
                1,
            )
            assert await _module_of(session, "opengauss-internals") == (
                "theory-opengauss-professional",
                "theory",
                2,
            )
            assert await _module_of(session, "misc-quiz") == ("theory-misc", "programming", 1)

        await asyncio.to_thread(migrate.upgrade, url)  # and up again
        async with database.session() as session:
            assert await _module_of(session, "datacom-fundamentals") == (
                "datacom-theory-associate",
                "datacom",
                1,
            )
    finally:
        await database.dispose()
