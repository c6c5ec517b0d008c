"""What a viewer can pick on the board page: tracks with their tiers, and cohorts.

Read as plain columns (two statements built once per process): the page is reloaded by every
viewer every few seconds and only needs ids and names, not ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.catalog.models import Tier, Track


@dataclass(frozen=True)
class Named:
    """A track or a tier as the filters show it (``|l10n("name")`` reads both names)."""

    id: int
    name_en: str
    name_zh: str


@dataclass(frozen=True)
class CohortChoice:
    id: int
    name: str


@dataclass(frozen=True)
class Choices:
    """Tracks in their order, each with its tiers by level; the viewer's cohorts by name."""

    tracks: list[tuple[Named, list[Named]]]
    cohorts: list[CohortChoice]

    @property
    def cohort_ids(self) -> frozenset[int]:
        return frozenset(cohort.id for cohort in self.cohorts)


_TRACKS = Track.__table__
_TIERS = Tier.__table__
_COHORTS = Cohort.__table__
_MEMBERS = CohortMember.__table__

# Every track with its tiers (a track without tiers still shows): one statement.
_TRACKS_AND_TIERS = (
    select(
        _TRACKS.c.id,
        _TRACKS.c.name_en,
        _TRACKS.c.name_zh,
        _TIERS.c.id.label("tier_id"),
        _TIERS.c.name_en.label("tier_en"),
        _TIERS.c.name_zh.label("tier_zh"),
    )
    .select_from(_TRACKS.outerjoin(_TIERS, _TIERS.c.track_id == _TRACKS.c.id))
    .order_by(_TRACKS.c.position, _TRACKS.c.id, _TIERS.c.level)
)


@cache
def _cohorts(role: Role) -> Select[Any]:
    """Unarchived cohorts by name: all for an admin, a coach's own, a student's own."""
    query = select(_COHORTS.c.id, _COHORTS.c.name).where(_COHORTS.c.archived.is_(False))
    if role is Role.COACH:
        query = query.where(_COHORTS.c.coach_id == bindparam("viewer"))
    elif role is not Role.ADMIN:
        mine = select(_MEMBERS.c.cohort_id).where(_MEMBERS.c.user_id == bindparam("viewer"))
        query = query.where(_COHORTS.c.id.in_(mine))
    return query.order_by(_COHORTS.c.name, _COHORTS.c.id)


async def choices(session: AsyncSession, viewer: User) -> Choices:
    tracks: list[tuple[Named, list[Named]]] = []
    for row in await session.execute(_TRACKS_AND_TIERS):
        if not tracks or tracks[-1][0].id != row.id:
            tracks.append((Named(row.id, row.name_en, row.name_zh), []))
        if row.tier_id is not None:
            tracks[-1][1].append(Named(row.tier_id, row.tier_en, row.tier_zh))
    found = await session.execute(_cohorts(viewer.role), {"viewer": viewer.id})
    return Choices(tracks, [CohortChoice(row.id, row.name) for row in found])
