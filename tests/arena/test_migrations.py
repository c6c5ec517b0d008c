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
