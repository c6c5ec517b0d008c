"""Shared fixtures: a real PostgreSQL database per test session (migrated with Alembic), a
rolled-back transaction per test, and an app client on top of it."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from sqlalchemy.pool import NullPool

from ictarena import migrate
from ictarena.db import Database, create_engine

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get(
    "ARENA_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


async def _admin_execute(sql: str) -> None:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
async def pg_url() -> AsyncIterator[str]:
    """A fresh, migrated PostgreSQL database for this test session."""
    name = f"arena_test_{uuid.uuid4().hex[:10]}"
    await _admin_execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        yield url
    finally:
        await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
async def pg_engine(pg_url: str) -> AsyncIterator[Database]:
    database = Database.from_url(pg_url)
    yield database
    await database.dispose()


@pytest.fixture
async def connection(pg_engine: Database) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with pg_engine.engine.connect() as conn:
        outer = await conn.begin()
        try:
            yield conn
        finally:
            await outer.rollback()


@pytest.fixture
def db(connection: AsyncConnection) -> Database:
    """A Database whose sessions join the test's transaction (commits become savepoints)."""
    maker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    return Database(connection.engine, maker)  # type: ignore[arg-type]


@pytest.fixture
async def session(db: Database) -> AsyncIterator[AsyncSession]:
    async with db.sessionmaker() as s:
        yield s


@pytest.fixture
async def committed_db(pg_url: str) -> AsyncIterator[Database]:
    """A Database whose commits are real (for concurrent workers); emptied after the test."""
    from ictarena.models import metadata

    database = Database.from_url(pg_url)
    try:
        yield database
    finally:
        tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        async with database.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await database.dispose()


@pytest.fixture(scope="session")
def docker_client() -> Iterator[Any]:
    """A real Docker engine with the judge's runtime images built."""
    from ictjudge import images
    from ictjudge.sandbox import connect

    client = connect()
    images.build_all(client, lambda message: None)
    yield client
    client.close()


@pytest.fixture
def tmp_data_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "var"
    path.mkdir()
    yield path
