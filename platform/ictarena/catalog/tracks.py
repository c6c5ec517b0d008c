"""The standard tracks and their tiers, created in every catalogue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import TIER_SLUGS, Tier, Track

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
