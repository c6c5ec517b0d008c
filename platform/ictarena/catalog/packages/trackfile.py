"""A problem set's ``track.yaml``: the track it belongs to, its tiers and their entry criteria.

Tracks are data that ships with the sets, not a constant of the platform. A set that owns a
track carries ``track.yaml`` beside ``set.yaml``::

    id: datacom
    name: {en: Datacom, zh: 数据通信}
    position: 1
    tiers:                      # in order: associate (level 1), professional, expert
      - id: associate
        name: {en: Associate, zh: 工程师级（初级）}
      - id: professional
        name: {en: Professional, zh: 高级工程师级（中级）}
        entry: {modules_done: all, points: 150, competencies: {protocol_comprehension: 50}}

``entry`` is an :class:`~ictarena.catalog.criteria.EntryCriteria`. Checks that need the set
(``modules_done`` names modules of the tier below) are made here with located errors; the
import writes the file with :func:`ictarena.catalog.tracks.write_tracks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ictarena.catalog.criteria import EntryCriteria
from ictarena.catalog.models import TIER_SLUGS
from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import inside, line_of, load_yaml, validate
from ictarena.catalog.packages.schema import TRACK_PATTERN, SetSpec, TierSlug
from ictarena.catalog.packages.tree import LEAVES
from ictarena.catalog.quiz import Text

TRACK_FILE = "track.yaml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TierSpec(_Model):
    """One tier of a track; its level is its place in the list."""

    id: TierSlug
    name: Text
    entry: EntryCriteria = Field(default_factory=EntryCriteria)


class TrackSpec(_Model):
    """``track.yaml``."""

    id: str = Field(pattern=TRACK_PATTERN)
    name: Text
    position: int = Field(0, ge=0, le=1000, description="order among the tracks")
    tiers: list[TierSpec] = Field(min_length=1, max_length=len(TIER_SLUGS))


@dataclass(frozen=True)
class TrackFile:
    """A track file read from a set: the spec and where it came from (for messages)."""

    spec: TrackSpec
    label: str


def read_track(root: Path, set_spec: SetSpec, problems: Problems) -> TrackSpec | None:
    """``root/track.yaml`` checked against the set beside it, or None (errors recorded) when it
    is broken; None without an error when the set ships no track file."""
    path = root / TRACK_FILE
    if not path.exists() and not path.is_symlink():
        return None
    if not inside(path, root) or not path.is_file():
        problems.add(TRACK_FILE, "", LEAVES)
        return None
    data, node = load_yaml(path, TRACK_FILE, problems)
    if data is None and node is None:
        return None
    spec = validate(TrackSpec, data, TRACK_FILE, problems, node)
    if spec is None:
        return None
    before = len(problems.errors)

    def add(loc: list[int | str], message: str) -> None:
        line = line_of(node, loc)
        where = ".".join(str(p) for p in loc)
        problems.add(f"{TRACK_FILE}:{line}" if line else TRACK_FILE, where, message)

    if spec.id != set_spec.track:
        add(["id"], f"set.yaml puts the set in track {set_spec.track!r}")
    for level, tier in enumerate(spec.tiers):
        expected = TIER_SLUGS[level]
        if tier.id != expected:
            add(
                ["tiers", level, "id"],
                f"expected {expected!r}: tiers are listed in order ({', '.join(TIER_SLUGS)})",
            )
            continue
        if level == 0:
            if not tier.entry.empty:
                add(["tiers", 0, "entry"], "every student starts in this tier: no entry criteria")
            continue
        if isinstance(tier.entry.modules_done, list):
            below = spec.tiers[level - 1].id
            modules = {m.id for m in set_spec.modules if m.tier == below}
            for number, module in enumerate(tier.entry.modules_done):
                if module not in modules:
                    add(
                        ["tiers", level, "entry", "modules_done", number],
                        f"{module!r} is not a module of the {below} tier in set.yaml",
                    )
    return spec if len(problems.errors) == before else None
