"""Alembic migrations go up and down on empty PostgreSQL and SQLite databases and match
the models."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.pool import NullPool

from ictarena import migrate
from ictarena.db import create_engine
from ictarena.models import metadata
from tests.conftest import PG_ADMIN_URL, _admin_execute


async def _tables(url: str) -> set[str]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def _diff(url: str) -> list[object]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), metadata)
            )
    finally:
        await engine.dispose()


async def _round_trip(url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, url)
    assert set(metadata.tables) <= await _tables(url)
    assert await _diff(url) == [], "models and migrations disagree"
    await asyncio.to_thread(migrate.downgrade, url, "base")
    assert await _tables(url) <= {"alembic_version"}
    await asyncio.to_thread(migrate.upgrade, url)


async def test_upgrade_and_downgrade_on_sqlite(tmp_path: Path) -> None:
    await _round_trip(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
async def test_upgrade_and_downgrade_on_postgres() -> None:
    name = f"arena_mig_{uuid.uuid4().hex[:8]}"
    await _admin_execute(f'CREATE DATABASE "{name}"')
    try:
        await _round_trip(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    finally:
        await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fk.db'}"
    await asyncio.to_thread(migrate.upgrade, url)
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            with pytest.raises(Exception, match="FOREIGN KEY"):
                await conn.execute(
                    text(
                        "INSERT INTO cohort_members (cohort_id, user_id, joined_at) "
                        "VALUES (99, 99, '2026-01-01')"
                    )
                )
    finally:
        await engine.dispose()


async def _judged_history(url: str, tmp_path: Path) -> tuple[int, int]:
    """A user's submission with a judging and its run, stored at head; (user id, judging id)."""
    from ictarena.accounts import services as accounts
    from ictarena.accounts.models import Role
    from ictarena.db import Database
    from ictarena.submissions.models import Judging, Run, Submission
    from tests.arena.pipeline.conftest import make_code_task

    database = Database.from_url(url)
    try:
        async with database.session() as session:
            made = await make_code_task(session, tmp_path / "datasets")
            user = await accounts.create_user(session, "mig", "a-long-password", Role.STUDENT)
            submission = Submission(user_id=user.id, task_id=made.task.id, files={"a.py": "1"})
            session.add(submission)
            await session.flush()
            judging = Judging(submission_id=submission.id, dataset_id=made.dataset.id)
            session.add(judging)
            await session.flush()
            session.add(Run(judging_id=judging.id, position=0, name="1", verdict="AC"))
            await session.commit()
            return user.id, judging.id
    finally:
        await database.dispose()


async def _judging_user_and_runs(url: str, judging_id: int) -> tuple[int, int]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            user = await conn.scalar(
                text("SELECT user_id FROM judgings WHERE id = :id"), {"id": judging_id}
            )
            runs = await conn.scalar(text("SELECT count(*) FROM runs"))
            return int(user), int(runs)
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    "dialect", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_a_judgings_user_is_filled_in_from_its_submission_and_nothing_is_lost(
    tmp_path: Path, dialect: str
) -> None:
    """Down to 0015 and up again over a judged submission: the judging's new column is filled
    in from its submission, and its run survives both ways (on SQLite a table rebuild would
    have deleted it through ON DELETE CASCADE)."""
    name = f"arena_mig_{uuid.uuid4().hex[:8]}"
    if dialect == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'history.db'}"
    else:
        await _admin_execute(f'CREATE DATABASE "{name}"')
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        user_id, judging_id = await _judged_history(url, tmp_path)
        assert await _judging_user_and_runs(url, judging_id) == (user_id, 1)
        await asyncio.to_thread(migrate.downgrade, url, "0015_ccs_api")
        engine = create_engine(url, poolclass=NullPool)
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT count(*) FROM runs")) == 1
        await engine.dispose()
        await asyncio.to_thread(migrate.upgrade, url)
        assert await _judging_user_and_runs(url, judging_id) == (user_id, 1)
    finally:
        if dialect == "postgres":
            await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
