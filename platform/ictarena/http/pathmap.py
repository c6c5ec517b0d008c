"""The path map a student's home shows: tracks, their tiers, and inside each tier the modules
with prerequisites and progress (done / in progress / open / locked, as Hydro's training plans).

A pure function of the catalogue and the student's standing (both loaded in a few bulk
queries by :mod:`ictarena.progression.path`), so the page costs the same number of queries
however large the catalogue is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ictarena.catalog.models import Module, Tier, Track
from ictarena.progression.path import Catalogue, Standing, module_statuses


@dataclass
class ModuleStop:
    module: Module
    status: str  # done, in_progress, open, locked
    solved: int
    total: int
    prerequisites: list[Module] = field(default_factory=list)
    missing: list[Module] = field(default_factory=list)  # prerequisites not done yet


@dataclass
class TierStop:
    tier: Tier
    state: str  # current, done, locked
    modules: list[ModuleStop] = field(default_factory=list)

    @property
    def solved(self) -> int:
        return sum(m.solved for m in self.modules)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)


@dataclass
class TrackPath:
    track: Track
    held_level: int
    tiers: list[TierStop] = field(default_factory=list)

    @property
    def current(self) -> TierStop | None:
        return next((t for t in self.tiers if t.state == "current"), None)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.tiers)


def path_map(catalogue: Catalogue, standing: Standing) -> list[TrackPath]:
    """Every track with its tiers in order; modules in catalogue order inside their tier."""
    statuses = module_statuses(catalogue, standing)
    by_id = {m.id: m for m in catalogue.modules}
    done = {mid for mid, status in statuses.items() if status == "done"}
    modules_by_tier: dict[int, list[ModuleStop]] = {}
    for module in catalogue.modules:
        tasks = catalogue.tasks_by_module.get(module.id, [])
        prerequisites = [by_id[p] for p in catalogue.prerequisites.get(module.id, []) if p in by_id]
        modules_by_tier.setdefault(module.tier_id, []).append(
            ModuleStop(
                module=module,
                status=statuses.get(module.id, "open"),
                solved=sum(1 for t in tasks if standing.results.get(t, (0.0, False))[1]),
                total=len(tasks),
                prerequisites=prerequisites,
                missing=[p for p in prerequisites if p.id not in done],
            )
        )
    paths = []
    for track in catalogue.tracks:
        held = standing.held.get(track.id, 1)
        path = TrackPath(track, held)
        tiers = sorted(
            (t for t in catalogue.tiers.values() if t.track_id == track.id), key=lambda t: t.level
        )
        for tier in tiers:
            state = "current" if tier.level == held else "done" if tier.level < held else "locked"
            path.tiers.append(TierStop(tier, state, modules_by_tier.get(tier.id, [])))
        paths.append(path)
    return paths
