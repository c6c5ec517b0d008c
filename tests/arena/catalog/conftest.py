"""Fixtures for catalogue tests: the bundled tracks, seeded from their track files."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.tracks import seed_bundled_tracks
from ictarena.settings import Settings
from tests.arena.catalog.builders import BUNDLED_SETS


@pytest.fixture
async def tracks(session: AsyncSession) -> None:
    """The bundled tracks and tiers (programming, datacom, …), as ``arena up`` seeds them."""
    await seed_bundled_tracks(session, BUNDLED_SETS)
    await session.commit()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The app's settings with the event fan-out's unwoken reads a minute apart: in these
    tests the app shares the test's one connection, and a read of the log in the middle of a
    request would interleave its savepoints with the request's."""
    return settings.model_copy(update={"sse_poll_s": 60.0})
