"""A fixture that runs a test once on each database the platform supports, with real commits:
a migrated SQLite file (the classroom default) and the session's PostgreSQL database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ictarena import migrate
from ictarena.db import Database


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite file, as embedded mode uses it."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'arena.db'}"
    await asyncio.to_thread(migrate.upgrade, url)
    database = Database.from_url(url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture(
    params=[
        pytest.param("sqlite_db", id="sqlite"),
        pytest.param("committed_db", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def any_db(request: pytest.FixtureRequest) -> Database:
    """A Database whose commits are real: SQLite, then PostgreSQL."""
    database: Database = request.getfixturevalue(request.param)
    return database
