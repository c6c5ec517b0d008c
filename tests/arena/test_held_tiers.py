"""The tier a student holds in each track: recorded tiers, the entry tier when none is, one
student or many."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Tier, Track
from ictarena.progression.models import StudentTier
from ictarena.progression.tiers import ENTRY_LEVEL, held_level, held_tiers, held_tiers_of
from tests.arena.helpers import UserFactory


async def test_held_tiers_for_one_student_and_for_many(
    session: AsyncSession, make_user: UserFactory
) -> None:
    promoted = await make_user()
    newcomer = await make_user()
    datacom = await session.scalar(select(Track).where(Track.slug == "datacom"))
    assert datacom is not None
    expert = await session.scalar(
        select(Tier).where(Tier.track_id == datacom.id, Tier.slug == "expert")
    )
    assert expert is not None
    session.add(StudentTier(user_id=promoted.id, track_id=datacom.id, tier_id=expert.id))
    await session.flush()

    assert await held_tiers(session, promoted.id) == {datacom.id: 3}
    assert await held_tiers(session, newcomer.id) == {}
    assert await held_tiers_of(session, [promoted.id, newcomer.id]) == {
        promoted.id: {datacom.id: 3},
        newcomer.id: {},
    }
    assert await held_level(session, promoted.id, datacom.id) == 3
    assert await held_level(session, newcomer.id, datacom.id) == ENTRY_LEVEL == 1
