"""An admin's edits of a tier's entry criteria, and the view of every track the editor shows.

Saving sets :attr:`Tier.criteria` and marks the edit (``criteria_edited_by``/``_at``), so that
a re-import keeps it (:func:`ictarena.catalog.tracks.write_tracks`); reverting goes back to
what the track file said at the last import. Each is audited. The caller owns the
transaction: either everything of a save is written or, after an error, nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.criteria import Difference, EntryCriteria, differences
from ictarena.catalog.models import Module, Tier, Track
from ictarena.catalog.tracks import editor_name
from ictarena.db import utcnow
from ictarena.errors import InvalidInput, NotFound
from ictarena.events.audit import audit


@dataclass(frozen=True)
class TierView:
    """One tier as the editor shows it. ``below`` lists the modules of the tier below (the
    ones ``modules_done`` may name); ``changes`` is what the edit changed from the file."""

    tier: Tier
    below: list[Module]
    criteria: EntryCriteria
    shipped: EntryCriteria
    editor: str | None
    changes: list[Difference]

    @property
    def edited(self) -> bool:
        return self.tier.criteria_edited_at is not None


@dataclass(frozen=True)
class TrackView:
    track: Track
    tiers: list[TierView]


async def tracks_for_editing(session: AsyncSession) -> list[TrackView]:
    """Every track with its tiers, in order, and each tier's criteria (a fixed number of
    queries, plus one per edited tier for its editor's name)."""
    tracks = (await session.scalars(select(Track).order_by(Track.position, Track.slug))).all()
    tiers = (await session.scalars(select(Tier).order_by(Tier.track_id, Tier.level))).all()
    modules = (await session.scalars(select(Module).order_by(Module.position, Module.slug))).all()
    by_tier: dict[int, list[Module]] = {}
    for module in modules:
        by_tier.setdefault(module.tier_id, []).append(module)
    level_of = {(t.track_id, t.level): t.id for t in tiers}
    views = []
    for track in tracks:
        tier_views = []
        for tier in (t for t in tiers if t.track_id == track.id):
            below_id = level_of.get((track.id, tier.level - 1))
            criteria = EntryCriteria.from_json(tier.criteria)
            shipped = EntryCriteria.from_json(tier.criteria_shipped)
            edited = tier.criteria_edited_at is not None
            tier_views.append(
                TierView(
                    tier=tier,
                    below=by_tier.get(below_id, []) if below_id is not None else [],
                    criteria=criteria,
                    shipped=shipped,
                    editor=await editor_name(session, tier.criteria_edited_by) if edited else None,
                    changes=differences(shipped, criteria) if edited else [],
                )
            )
        views.append(TrackView(track, tier_views))
    return views


async def _editable(session: AsyncSession, tier_id: int) -> Tier:
    tier = await session.get(Tier, tier_id)
    if tier is None:
        raise NotFound("not_found")
    if tier.level < 2:
        raise InvalidInput("criteria_entry_tier", field="tier")
    return tier


async def save_criteria(
    session: AsyncSession,
    actor_id: int,
    tier_id: int,
    criteria: EntryCriteria,
    ip: str | None = None,
) -> Tier:
    """Make ``criteria`` the tier's entry criteria, as an admin's edit that re-imports keep.
    ``modules_done`` may name only modules of the tier below (:class:`InvalidInput` with
    ``field="modules_done"`` otherwise); nothing is written then."""
    tier = await _editable(session, tier_id)
    if isinstance(criteria.modules_done, list):
        below = await session.scalar(
            select(Tier.id).where(Tier.track_id == tier.track_id, Tier.level == tier.level - 1)
        )
        allowed = set(
            (await session.scalars(select(Module.slug).where(Module.tier_id == below))).all()
        )
        unknown = [m for m in criteria.modules_done if m not in allowed]
        if unknown:
            raise InvalidInput("criteria_unknown_module", field="modules_done", module=unknown[0])
    before = dict(tier.criteria)
    tier.criteria = criteria.to_json()
    tier.criteria_edited_by = actor_id
    tier.criteria_edited_at = utcnow()
    await audit(
        session,
        actor_id,
        "tier.criteria.edit",
        f"tier:{tier.id}",
        {"before": before, "after": tier.criteria},
        ip,
    )
    await session.flush()
    return tier


async def revert_criteria(
    session: AsyncSession, actor_id: int, tier_id: int, ip: str | None = None
) -> Tier:
    """Drop the admin's edit: the tier's criteria are again what its track file says."""
    tier = await _editable(session, tier_id)
    before = dict(tier.criteria)
    tier.criteria = dict(tier.criteria_shipped)
    tier.criteria_edited_by = None
    tier.criteria_edited_at = None
    await audit(
        session,
        actor_id,
        "tier.criteria.revert",
        f"tier:{tier.id}",
        {"before": before, "after": tier.criteria},
        ip,
    )
    await session.flush()
    return tier
