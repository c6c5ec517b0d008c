"""Fixtures for catalogue tests: the bundled tracks, seeded from their track files."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.tracks import seed_bundled_tracks
from tests.arena.catalog.builders import BUNDLED_SETS


@pytest.fixture
async def tracks(session: AsyncSession) -> None:
    """The bundled tracks and tiers (programming, datacom, …), as ``arena up`` seeds them."""
    await seed_bundled_tracks(session, BUNDLED_SETS)
    await session.commit()
