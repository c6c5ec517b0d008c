"""theory into tracks: the theory quizzes' modules join the tracks they examine

Revision ID: 0007_theory_into_tracks
Revises: 0006_coaching_path
Create Date: 2026-12-05 19:30:00

The separate ``theory`` track goes away: each of its modules is re-attached to the tier of the
same level in the track its slug names (``theory-datacom-associate`` → datacom's Associate
tier, renamed ``datacom-theory-associate`` as the bundled datacom set now declares it), with
its tasks and their history. A module whose slug names no track goes to the first track's tier
of its level and keeps its slug. The tiers students held in the theory track, the promotions,
waivers and leaderboard lines of that track are dropped (they have no meaning any more), and
the theory track and its tiers are deleted. The empty ``cloud`` track goes too.

Downgrade recreates both tracks with their three tiers and moves the modules named
``<track>-theory-<tier>`` back under their old slugs; what upgrade dropped stays dropped.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007_theory_into_tracks"
down_revision: str | None = "0006_coaching_path"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIERS = (
    ("associate", "Associate", "工程师级（初级）"),
    ("professional", "Professional", "高级工程师级（中级）"),
    ("expert", "Expert", "专家级（高级）"),
)
GONE = {"theory": ("Theory", "理论"), "cloud": ("Cloud", "云计算")}
EXAMINED = ("datacom", "openeuler", "opengauss")


def _rows(sql: str, **params: Any) -> list[Any]:
    return list(op.get_bind().execute(sa.text(sql), params))


def _run(sql: str, **params: Any) -> None:
    op.get_bind().execute(sa.text(sql), params)


def _track_id(slug: str) -> int | None:
    rows = _rows("SELECT id FROM tracks WHERE slug = :slug", slug=slug)
    return int(rows[0][0]) if rows else None


def _tier_ids(track_id: int) -> dict[int, int]:
    rows = _rows("SELECT level, id FROM tiers WHERE track_id = :t", t=track_id)
    return {int(level): int(tier_id) for level, tier_id in rows}


def _slug_taken(slug: str) -> bool:
    return bool(_rows("SELECT 1 FROM modules WHERE slug = :s", s=slug))


def _add_tier(track_id: int, level: int) -> int:
    """A tier at ``level`` with its standard slug and names (no entry criteria)."""
    slug, name_en, name_zh = TIERS[min(level, len(TIERS)) - 1]
    _run(
        "INSERT INTO tiers (track_id, level, slug, name_en, name_zh) VALUES (:t, :l, :s, :en, :zh)",
        t=track_id,
        l=level,
        s=slug,
        en=name_en,
        zh=name_zh,
    )
    return _tier_ids(track_id)[level]


def _drop_track(track_id: int) -> None:
    """Delete a track and everything that only means something inside it."""
    tiers = list(_tier_ids(track_id).values())
    _run("DELETE FROM student_tiers WHERE track_id = :t", t=track_id)
    _run("DELETE FROM promotions WHERE track_id = :t", t=track_id)
    boards = [f"track:{track_id}", *(f"tier:{tier}" for tier in tiers)]
    for tier in tiers:
        _run("DELETE FROM promotions WHERE from_tier_id = :i OR to_tier_id = :i", i=tier)
        _run("DELETE FROM student_tiers WHERE tier_id = :i", i=tier)
        _run("DELETE FROM prerequisite_waivers WHERE tier_id = :i", i=tier)
    for board in boards:
        _run("DELETE FROM board_totals WHERE board = :b", b=board)
    _run("DELETE FROM tiers WHERE track_id = :t", t=track_id)
    _run("DELETE FROM tracks WHERE id = :t", t=track_id)


def upgrade() -> None:
    theory = _track_id("theory")
    if theory is not None:
        levels = {tier: level for level, tier in _tier_ids(theory).items()}
        others = _rows(
            "SELECT slug, id FROM tracks WHERE slug NOT IN ('theory', 'cloud') "
            "ORDER BY position, slug"
        )
        modules = _rows(
            "SELECT m.id, m.slug, t.id FROM modules m JOIN tiers t ON t.id = m.tier_id "
            "WHERE t.track_id = :t ORDER BY m.id",
            t=theory,
        )
        for module_id, slug, tier_id in modules:
            level = levels[tier_id]
            parts = str(slug).split("-")
            named = parts[1] if len(parts) >= 3 and parts[0] == "theory" else None
            target = _track_id(named) if named else None
            new_slug = str(slug)
            if target is not None:
                new_slug = "-".join([named or "", "theory", *parts[2:]])
                if _slug_taken(new_slug):
                    new_slug = str(slug)
            elif others:
                target = int(others[0][1])
            if target is None:
                raise RuntimeError(f"module {slug!r} has no track to go to")
            tier = _tier_ids(target).get(level) or _add_tier(target, level)
            _run(
                "UPDATE modules SET tier_id = :tier, slug = :slug WHERE id = :m",
                tier=tier,
                slug=new_slug,
                m=module_id,
            )
        _drop_track(theory)
    cloud = _track_id("cloud")
    if cloud is not None:
        used = _rows(
            "SELECT 1 FROM modules m JOIN tiers t ON t.id = m.tier_id WHERE t.track_id = :t",
            t=cloud,
        )
        if not used:
            _drop_track(cloud)


def downgrade() -> None:
    position = int(_rows("SELECT COALESCE(MAX(position), 0) FROM tracks")[0][0])
    for slug, (name_en, name_zh) in GONE.items():
        if _track_id(slug) is not None:
            continue
        position += 1
        _run(
            "INSERT INTO tracks (slug, name_en, name_zh, position) VALUES (:s, :en, :zh, :p)",
            s=slug,
            en=name_en,
            zh=name_zh,
            p=position,
        )
    for slug in GONE:
        track_id = _track_id(slug)
        assert track_id is not None
        for level in range(1, len(TIERS) + 1):
            if level not in _tier_ids(track_id):
                _add_tier(track_id, level)
    theory = _track_id("theory")
    assert theory is not None
    tiers = _tier_ids(theory)
    for track in EXAMINED:
        modules = _rows(
            "SELECT m.id, m.slug, t.level FROM modules m JOIN tiers t ON t.id = m.tier_id "
            "JOIN tracks k ON k.id = t.track_id WHERE k.slug = :k AND m.slug LIKE :pattern",
            k=track,
            pattern=f"{track}-theory-%",
        )
        for module_id, slug, level in modules:
            old = "theory-" + track + str(slug)[len(track) + len("-theory") :]
            _run(
                "UPDATE modules SET tier_id = :tier, slug = :slug WHERE id = :m",
                tier=tiers[int(level)],
                slug=str(slug) if _slug_taken(old) else old,
                m=module_id,
            )
