"""The student's panel on their progress page, per track: the tier held, "What's left before
<next tier>" criterion by criterion, and the coach's last decision with its reason. Built from
:class:`ictarena.progression.readiness.Readiness`; nothing here reads the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ictarena.catalog.models import Tier, Track
from ictarena.http import criteria
from ictarena.http.criteria import CriterionView, DecisionView, localised
from ictarena.i18n import gettext
from ictarena.progression.path import Catalogue
from ictarena.progression.readiness import Readiness


@dataclass(frozen=True)
class TrackPanel:
    track: Track
    held: Tier
    next_tier: Tier | None
    criteria: list[CriterionView]
    met: bool
    no_criteria: bool
    decision: DecisionView | None


def _decision(ready: Readiness, catalogue: Catalogue) -> DecisionView | None:
    last = ready.last
    if last is None:
        return None
    # A hold leaves the student where they were; a promotion or a withdrawal moves them.
    tier_id = (
        last.from_tier_id if last.decision == "hold" and last.from_tier_id else last.to_tier_id
    )
    tier = catalogue.tiers.get(tier_id)
    return criteria.decision(
        last.decision,
        gettext("Your coach"),
        localised(tier, "name") if tier else "",
        last.created_at,
        last.reason,
        last.early,
    )


def panels(
    rows: Sequence[Readiness], catalogue: Catalogue, solved: Mapping[int, tuple[int, int]]
) -> list[TrackPanel]:
    """The panel of every track with tasks (``solved`` maps a tier id to solved / total)."""
    titles = {m.slug: localised(m, "title") for m in catalogue.modules}
    with_tasks = {
        tier.track_id
        for tier_id, (_done, total) in solved.items()
        if total
        for tier in [catalogue.tiers[tier_id]]
    }
    return [
        TrackPanel(
            track=ready.track,
            held=ready.held,
            next_tier=ready.next_tier,
            criteria=criteria.views(ready.progress, titles),
            met=ready.met,
            no_criteria=ready.no_criteria,
            decision=_decision(ready, catalogue),
        )
        for ready in rows
        if ready.track.id in with_tasks
    ]
