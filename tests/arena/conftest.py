"""Fixtures for platform tests: settings, the app and an HTTP client, user factories."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.tracks import seed_bundled_tracks
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.settings import Settings, load_settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.catalog.builders import BUNDLED_SETS
from tests.arena.databases import any_db, sqlite_db  # noqa: F401  (fixtures)
from tests.arena.helpers import UserFactory, strict_client
from tests.arena.pages import Site, build_site, open_site, patch_labs
from tests.arena.pipeline.fakes import ScriptedGrader


@pytest.fixture
def settings(tmp_data_dir: Path) -> Settings:
    # The event fan-out reads the log through the test's one connection: let it read when
    # woken, not every second in the middle of a request's savepoints.
    return load_settings(
        data_dir=tmp_data_dir, login_max_failures=3, secret_key="test-secret", sse_poll_s=60
    )


@pytest.fixture
async def app_client(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        settings,
        database=db,
        queue=InProcessQueue(),
        connect_docker_engine=False,
        grader=ScriptedGrader(),
        sweep_every_s=None,  # the test's single connection must not be shared with a sweeper
    )
    async with strict_client(app) as client:
        yield client


@pytest.fixture
async def make_user(session: AsyncSession) -> UserFactory:
    await seed_bundled_tracks(session, BUNDLED_SETS)
    await session.commit()
    return UserFactory(session)


@pytest.fixture
async def site(committed_db: Database, settings: Settings) -> Site:
    """A small catalogue with tasks of every type, committed (see tests/arena/pages.py)."""
    return await build_site(committed_db, settings.tasks_dir)


@pytest.fixture
async def client(
    settings: Settings, committed_db: Database, site: Site
) -> AsyncIterator[tuple[httpx.AsyncClient, InProcessQueue]]:
    """The embedded app over ``site``."""
    async with open_site(settings, committed_db) as opened:
        yield opened


@pytest.fixture
def stand_in_labs(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests that open the network or Linux task of ``site``: their labs' answer files and
    topology come from :func:`tests.arena.pages.patch_labs`, not from a real lab section."""
    patch_labs(monkeypatch)


@pytest.fixture
def users(committed_db: Database) -> UserFactory:
    return UserFactory(committed_db.sessionmaker())
