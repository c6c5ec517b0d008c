"""The standard tracks and tiers, and the path overview a student's home shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import TIER_SLUGS, Module, Task, Tier, Track
from ictarena.progression.models import StudentTier

# slug, English, Chinese
STANDARD_TRACKS: tuple[tuple[str, str, str], ...] = (
    ("programming", "Programming", "程序设计"),
    ("datacom", "Datacom", "数据通信"),
    ("openeuler", "openEuler (Linux operations)", "openEuler（Linux 运维）"),
    ("opengauss", "openGauss (SQL)", "openGauss（数据库）"),
    ("theory", "Theory", "理论"),
    ("cloud", "Cloud", "云计算"),
)
TIER_NAMES: dict[str, tuple[str, str]] = {
    "associate": ("Associate", "工程师级（初级）"),
    "professional": ("Professional", "高级工程师级（中级）"),
    "expert": ("Expert", "专家级（高级）"),
}


async def ensure_standard_tracks(session: AsyncSession) -> None:
    """Create the standard tracks and their three tiers when missing (idempotent)."""
    existing = {t.slug: t for t in (await session.scalars(select(Track))).all()}
    for position, (slug, name_en, name_zh) in enumerate(STANDARD_TRACKS):
        track = existing.get(slug)
        if track is None:
            track = Track(slug=slug, name_en=name_en, name_zh=name_zh, position=position)
            session.add(track)
            await session.flush()
        levels = set(
            (await session.scalars(select(Tier.level).where(Tier.track_id == track.id))).all()
        )
        for level, tier_slug in enumerate(TIER_SLUGS, start=1):
            if level not in levels:
                en, zh = TIER_NAMES[tier_slug]
                session.add(
                    Tier(track_id=track.id, level=level, slug=tier_slug, name_en=en, name_zh=zh)
                )
    await session.flush()


@dataclass
class TierView:
    id: int
    level: int
    slug: str
    name_en: str
    name_zh: str
    modules: int = 0
    tasks: int = 0
    state: str = "locked"  # current, done, locked


@dataclass
class TrackView:
    id: int
    slug: str
    name_en: str
    name_zh: str
    tiers: list[TierView] = field(default_factory=list)
    current_level: int = 1

    @property
    def tasks(self) -> int:
        return sum(t.tasks for t in self.tiers)


async def path_overview(session: AsyncSession, user_id: int | None) -> list[TrackView]:
    """Tracks with their tiers, counts and the student's standing, in three queries."""
    tracks = (await session.scalars(select(Track).order_by(Track.position))).all()
    tiers = (await session.scalars(select(Tier).order_by(Tier.track_id, Tier.level))).all()
    counts_rows = await session.execute(
        select(Module.tier_id, func.count(func.distinct(Module.id)), func.count(Task.id))
        .select_from(Module)
        .outerjoin(Task, (Task.module_id == Module.id) & Task.visible.is_(True))
        .group_by(Module.tier_id)
    )
    counts = {row[0]: (int(row[1]), int(row[2])) for row in counts_rows}
    held: dict[int, int] = {}
    if user_id is not None:
        rows = await session.execute(
            select(StudentTier.track_id, Tier.level)
            .join(Tier, Tier.id == StudentTier.tier_id)
            .where(StudentTier.user_id == user_id)
        )
        held = {int(track_id): int(level) for track_id, level in rows}
    views = []
    for track in tracks:
        current = held.get(track.id, 1)
        view = TrackView(track.id, track.slug, track.name_en, track.name_zh, current_level=current)
        for tier in tiers:
            if tier.track_id != track.id:
                continue
            modules, tasks = counts.get(tier.id, (0, 0))
            state = (
                "current" if tier.level == current else "done" if tier.level < current else "locked"
            )
            view.tiers.append(
                TierView(
                    tier.id,
                    tier.level,
                    tier.slug,
                    tier.name_en,
                    tier.name_zh,
                    modules,
                    tasks,
                    state,
                )
            )
        views.append(view)
    return views
