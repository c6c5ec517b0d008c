"""The facts the entry criteria read (:class:`ictarena.progression.criteria.Facts`), for a whole
cohort in a fixed number of queries: the catalogue, the students' standings (results, held
tiers, waivers), their practice points per track. Mock-contest results and ratings do not exist
yet: they stay None, and the criteria that need them stay unmet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.leaderboards.cache import track_points
from ictarena.progression import path
from ictarena.progression.criteria import Facts
from ictarena.progression.tiers import ENTRY_LEVEL


@dataclass(frozen=True)
class CohortFacts:
    """Everything loaded for a set of students: the catalogue, each student's standing, and
    their facts per track id."""

    catalogue: path.Catalogue
    standings: dict[int, path.Standing]
    facts: dict[int, dict[int, Facts]]  # user id -> track id -> facts


def track_facts(
    catalogue: path.Catalogue, standing: path.Standing, points: Mapping[int, float]
) -> dict[int, Facts]:
    """One student's facts for the next tier of every track (pure). ``points`` maps a track id
    to the practice points earned in it."""
    done = path.done_modules(catalogue, standing)
    slugs = {m.id: m.slug for m in catalogue.modules}
    done_slugs = frozenset(slugs[m] for m in done)
    competencies = path.competency_scores(catalogue, standing, "held")
    facts = {}
    for track in catalogue.tracks:
        held = standing.held.get(track.id, ENTRY_LEVEL)
        below = tuple(
            m.slug
            for m in catalogue.modules
            if catalogue.tiers[m.tier_id].track_id == track.id
            and catalogue.tiers[m.tier_id].level == held
            and catalogue.tasks_by_module.get(m.id)
        )
        facts[track.id] = Facts(
            done_modules=done_slugs,
            tier_below_modules=below,
            points=float(points.get(track.id, 0.0)),
            competencies=competencies,
        )
    return facts


async def cohort_facts(session: AsyncSession, user_ids: Iterable[int]) -> CohortFacts:
    """The facts of every student of ``user_ids`` (a fixed number of queries)."""
    ids = list(user_ids)
    catalogue = await path.load_catalogue(session)
    standings = await path.standings(session, ids)
    points = await track_points(session, ids)
    facts = {uid: track_facts(catalogue, standings[uid], points.get(uid, {})) for uid in ids}
    return CohortFacts(catalogue, standings, facts)
