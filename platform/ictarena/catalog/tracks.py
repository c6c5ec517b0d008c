"""Tracks and their tiers, written from the problem sets' track files.

A track is data that ships with a problem set (``track.yaml``, see
:mod:`ictarena.catalog.packages.trackfile`). Importing a set writes its track file with
:func:`write_tracks`; :func:`seed_bundled_tracks` writes every bundled one (``arena up``, and
tests that need the standard tracks without importing any task).

Entry criteria stay an admin's once edited: a tier's ``criteria`` is what applies and
``criteria_shipped`` what the file said at the last import. An import sets both while the tier
is unedited; after an admin's edit (``criteria_edited_at``) it updates only
``criteria_shipped`` and reports the difference as a :class:`CriteriaKept`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import column, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.criteria import Difference, EntryCriteria, differences
from ictarena.catalog.models import Tier, Track
from ictarena.catalog.packages.errors import PackageError, PackageInvalid, Problems
from ictarena.catalog.packages.files import children
from ictarena.catalog.packages.native import SET_FILE, read_set
from ictarena.catalog.packages.trackfile import TRACK_FILE, TrackSpec, read_track

# The accounts' table, read for an editor's name only: catalog does not import accounts.
_USERS = table("users", column("id"), column("username"))


@dataclass(frozen=True)
class CriteriaKept:
    """A tier whose entry criteria an admin edited, and where the track file now differs."""

    track: str
    tier: str
    track_name: tuple[str, str]  # en, zh
    tier_name: tuple[str, str]
    edited_by: str | None
    edited_at: datetime
    differences: tuple[Difference, ...]

    def __str__(self) -> str:
        who = self.edited_by or "an admin"
        changes = ", ".join(str(d) for d in self.differences)
        return (
            f"{self.track} / {self.tier_name[0]}: entry criteria kept as edited by {who} "
            f"on {self.edited_at:%Y-%m-%d}; the file now says {changes}"
        )


async def write_tracks(session: AsyncSession, specs: list[TrackSpec]) -> list[CriteriaKept]:
    """Create or update each track and its tiers from its track file (idempotent); return the
    tiers whose admin-edited criteria now differ from the file. The caller commits."""
    kept: list[CriteriaKept] = []
    for spec in specs:
        track = await session.scalar(select(Track).where(Track.slug == spec.id))
        if track is None:
            track = Track(slug=spec.id, name_en="", name_zh="")
            session.add(track)
        track.name_en, track.name_zh = spec.name.en, spec.name.zh
        track.position = spec.position
        await session.flush()
        tiers = {
            t.level: t
            for t in (await session.scalars(select(Tier).where(Tier.track_id == track.id))).all()
        }
        for level, tier_spec in enumerate(spec.tiers, start=1):
            tier = tiers.get(level)
            if tier is None:
                tier = Tier(track_id=track.id, level=level, slug="", name_en="", name_zh="")
                session.add(tier)
            tier.slug = tier_spec.id
            tier.name_en, tier.name_zh = tier_spec.name.en, tier_spec.name.zh
            shipped = tier_spec.entry.to_json()
            tier.criteria_shipped = shipped
            if tier.criteria_edited_at is None:
                tier.criteria = shipped
                continue
            changed = differences(tier_spec.entry, EntryCriteria.from_json(tier.criteria))
            if changed:
                kept.append(
                    CriteriaKept(
                        track=spec.id,
                        tier=tier_spec.id,
                        track_name=(spec.name.en, spec.name.zh),
                        tier_name=(tier_spec.name.en, tier_spec.name.zh),
                        edited_by=await editor_name(session, tier.criteria_edited_by),
                        edited_at=tier.criteria_edited_at,
                        differences=tuple(changed),
                    )
                )
        await session.flush()
    return kept


async def editor_name(session: AsyncSession, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    name = await session.scalar(select(_USERS.c.username).where(_USERS.c.id == user_id))
    return str(name) if name is not None else None


def read_bundled_tracks(problem_sets_dir: Path) -> list[TrackSpec]:
    """Every ``*/track.yaml`` under ``problem_sets_dir``, checked against its ``set.yaml``;
    :class:`PackageInvalid` with every located error when one is broken."""
    specs: list[TrackSpec] = []
    errors: list[PackageError] = []
    for directory in children(problem_sets_dir):
        if not (directory / TRACK_FILE).is_file():
            continue
        problems = Problems(f"{problem_sets_dir.name}/{directory.name}")
        set_spec = read_set(directory, problems) if (directory / SET_FILE).is_file() else None
        if set_spec is None and not problems:
            problems.add(SET_FILE, "", f"missing: a {TRACK_FILE} belongs beside a set's set.yaml")
        spec = read_track(directory, set_spec, problems) if set_spec is not None else None
        errors.extend(problems.errors)
        if spec is not None:
            specs.append(spec)
    if errors:
        raise PackageInvalid(errors)
    return specs


async def seed_bundled_tracks(session: AsyncSession, problem_sets_dir: Path) -> list[CriteriaKept]:
    """Create or update the tracks of the bundled problem sets (every ``*/track.yaml`` of
    ``problem_sets_dir``) without importing their tasks; idempotent. The caller commits."""
    return await write_tracks(session, read_bundled_tracks(problem_sets_dir))
