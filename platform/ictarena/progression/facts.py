"""The facts the entry criteria read (:class:`ictarena.progression.criteria.Facts`), for a whole
cohort in a fixed number of queries: the catalogue, the students' standings (results, held
tiers, waivers), their practice points per track, and their best result in the ended mock
contests of each track (:func:`ictarena.contests.results.best_results`: one query when none of
them took part in a contest of a track, then the boards of the contests they took). Ratings do
not exist yet: they stay None, and the criteria that need them stay unmet, as a contest
criterion does for a student who has not taken a contest of the track.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.contests import rating_history
from ictarena.contests.models import Contest, Participation
from ictarena.contests.results import best_results
from ictarena.leaderboards.cache import track_points
from ictarena.progression import path
from ictarena.progression.criteria import ContestResult, Facts
from ictarena.progression.tiers import ENTRY_LEVEL


@dataclass(frozen=True)
class CohortFacts:
    """Everything loaded for a set of students: the catalogue, each student's standing, and
    their facts per track id."""

    catalogue: path.Catalogue
    standings: dict[int, path.Standing]
    facts: dict[int, dict[int, Facts]]  # user id -> track id -> facts


def track_facts(
    catalogue: path.Catalogue,
    standing: path.Standing,
    points: Mapping[int, float],
    contests: Mapping[int, ContestResult] | None = None,
    rating: int | None = None,
) -> dict[int, Facts]:
    """One student's facts for the next tier of every track (pure). ``points`` maps a track id
    to the practice points earned in it, ``contests`` to the best mock-contest result in it;
    ``rating`` is the student's displayed rating (one for every track), None before any
    rated contest."""
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
            contest=(contests or {}).get(track.id),
            rating=None if rating is None else float(rating),
        )
    return facts


async def cohort_facts(session: AsyncSession, user_ids: Iterable[int]) -> CohortFacts:
    """The facts of every student of ``user_ids`` (a fixed number of queries)."""
    ids = list(user_ids)
    catalogue = await path.load_catalogue(session)
    standings = await path.standings(session, ids)
    points = await track_points(session, ids)
    contests = await contest_results(session, ids)
    ratings = await rating_history.current(session, ids)
    facts = {
        uid: track_facts(
            catalogue, standings[uid], points.get(uid, {}), contests.get(uid), ratings.get(uid)
        )
        for uid in ids
    }
    return CohortFacts(catalogue, standings, facts)


async def contest_results(
    session: AsyncSession, user_ids: Iterable[int]
) -> dict[int, dict[int, ContestResult]]:
    """Each student's best result per track in the ended mock contests of that track
    ({user id: {track id: result}}; students without one are left out). A mixed contest (no
    track) feeds none."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    tracks = (
        await session.scalars(
            select(Contest.track_id)
            .join(Participation, Participation.contest_id == Contest.id)
            .where(Participation.user_id.in_(ids), Contest.track_id.is_not(None))
            .distinct()
        )
    ).all()
    results: dict[int, dict[int, ContestResult]] = {}
    for track_id in sorted(t for t in tracks if t is not None):
        for user_id, (percentile, score) in (await best_results(session, ids, track_id)).items():
            results.setdefault(user_id, {})[track_id] = ContestResult(percentile, score)
    return results
