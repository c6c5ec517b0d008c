"""How ready a student is for the next tier of each track: the tier held, the next one, each
entry criterion with its progress, and the coach's last decision with its reason. The student's
panel ("What's left before Professional") and the coach's queue read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.criteria import EntryCriteria
from ictarena.catalog.models import Tier, Track
from ictarena.progression.criteria import (
    CriterionProgress,
    Facts,
    all_met,
    closeness,
    evaluate,
)
from ictarena.progression.facts import CohortFacts, cohort_facts
from ictarena.progression.models import Promotion
from ictarena.progression.path import Catalogue
from ictarena.progression.tiers import ENTRY_LEVEL


@dataclass(frozen=True)
class Readiness:
    """One student in one track. ``next_tier`` is None at the top tier (then ``progress`` is
    empty and ``met`` False). ``last`` is the latest decision of a coach in this track."""

    user_id: int
    track: Track
    held: Tier
    next_tier: Tier | None
    progress: tuple[CriterionProgress, ...]
    met: bool
    closeness: float
    last: Promotion | None = None

    @property
    def no_criteria(self) -> bool:
        """The next tier has no entry criteria: only a coach's override opens it."""
        return self.next_tier is not None and not self.progress

    def snapshot(self) -> dict[str, object]:
        """The criteria with the student's progress, as stored with a decision."""
        return {
            "tier": self.next_tier.slug if self.next_tier else None,
            "met": self.met,
            "closeness": round(self.closeness, 4),
            "criteria": [p.to_json() for p in self.progress],
        }


def tiers_of(catalogue: Catalogue, track_id: int) -> list[Tier]:
    """The tiers of a track, lowest first."""
    return sorted(
        (t for t in catalogue.tiers.values() if t.track_id == track_id), key=lambda t: t.level
    )


def track_readiness(
    catalogue: Catalogue, user_id: int, track: Track, held_level: int, facts: Facts
) -> Readiness:
    """One student's readiness in one track (pure)."""
    tiers = tiers_of(catalogue, track.id)
    held = next((t for t in tiers if t.level == held_level), tiers[0])
    next_tier = next((t for t in tiers if t.level == held.level + 1), None)
    progress: tuple[CriterionProgress, ...] = ()
    if next_tier is not None:
        progress = tuple(evaluate(facts, EntryCriteria.from_json(next_tier.criteria)))
    return Readiness(
        user_id, track, held, next_tier, progress, all_met(progress), closeness(progress)
    )


async def last_decisions(
    session: AsyncSession, user_ids: Sequence[int]
) -> dict[tuple[int, int], Promotion]:
    """The latest decision per (student, track) of ``user_ids``."""
    latest: dict[tuple[int, int], Promotion] = {}
    rows = await session.scalars(
        select(Promotion).where(Promotion.user_id.in_(list(user_ids))).order_by(Promotion.id)
    )
    for promotion in rows.all():
        latest[(promotion.user_id, promotion.track_id)] = promotion
    return latest


def readiness_from(
    loaded: CohortFacts, decisions: dict[tuple[int, int], Promotion]
) -> dict[int, list[Readiness]]:
    """Every student's readiness in every track that has tiers, from loaded facts (pure)."""
    result: dict[int, list[Readiness]] = {}
    catalogue = loaded.catalogue
    for user_id, by_track in loaded.facts.items():
        held = loaded.standings[user_id].held
        rows = []
        for track in catalogue.tracks:
            if not tiers_of(catalogue, track.id):
                continue
            row = track_readiness(
                catalogue, user_id, track, held.get(track.id, ENTRY_LEVEL), by_track[track.id]
            )
            rows.append(replace(row, last=decisions.get((user_id, track.id))))
        result[user_id] = rows
    return result


async def readiness_of(
    session: AsyncSession, user_ids: Iterable[int]
) -> dict[int, list[Readiness]]:
    """Readiness of many students in every track, in a fixed number of queries."""
    ids = list(user_ids)
    loaded = await cohort_facts(session, ids)
    return readiness_from(loaded, await last_decisions(session, ids))


async def readiness(session: AsyncSession, user_id: int) -> list[Readiness]:
    """One student's readiness in every track, in track order (the student's panel)."""
    return (await readiness_of(session, [user_id]))[user_id]
