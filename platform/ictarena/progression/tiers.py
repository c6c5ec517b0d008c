"""The tier a student holds in each track: the one place that reads it.

A student without a row for a track holds its entry tier (Associate, level 1). Every answer is
one query, for one student or for many.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Tier
from ictarena.progression.models import StudentTier

ENTRY_LEVEL = 1  # Associate: the tier held in a track until a coach promotes the student


async def held_tiers_of(
    session: AsyncSession, user_ids: Iterable[int]
) -> dict[int, dict[int, int]]:
    """Per student, track id -> tier level held; tracks at the entry tier are absent."""
    ids = list(user_ids)
    held: dict[int, dict[int, int]] = {uid: {} for uid in ids}
    for user_id, track_id, level in await session.execute(
        select(StudentTier.user_id, StudentTier.track_id, Tier.level)
        .join(Tier, Tier.id == StudentTier.tier_id)
        .where(StudentTier.user_id.in_(ids))
    ):
        held[int(user_id)][int(track_id)] = int(level)
    return held


async def held_tiers(session: AsyncSession, user_id: int) -> dict[int, int]:
    """Track id -> tier level ``user_id`` holds; tracks at the entry tier are absent."""
    return (await held_tiers_of(session, [user_id]))[user_id]


async def held_level(session: AsyncSession, user_id: int, track_id: int) -> int:
    """The tier level ``user_id`` holds in ``track_id`` (the entry level when none recorded)."""
    return (await held_tiers(session, user_id)).get(track_id, ENTRY_LEVEL)
