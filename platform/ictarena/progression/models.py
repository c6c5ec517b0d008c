"""Progression tables: the tier a student holds in each track, and audited promotions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ictarena.db import Base, utcnow


class StudentTier(Base):
    """The tier a student holds in a track (one row per student and track)."""

    __tablename__ = "student_tiers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    track_id: Mapped[int] = mapped_column(
        ForeignKey("tracks.id", ondelete="CASCADE"), primary_key=True
    )
    tier_id: Mapped[int] = mapped_column(ForeignKey("tiers.id"))
    since: Mapped[datetime] = mapped_column(default=utcnow)


class Promotion(Base):
    """A coach's decision on a student's tier in a track: ``promote`` (to the next tier),
    ``hold`` (stay, with a reason) or ``revoke`` (back one tier, with a reason).

    ``criteria`` snapshots the entry criteria with the student's progress when deciding;
    ``early`` marks a promotion before every criterion was met (an override, reason required).
    """

    __tablename__ = "promotions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"))
    from_tier_id: Mapped[int | None] = mapped_column(ForeignKey("tiers.id"), default=None)
    to_tier_id: Mapped[int] = mapped_column(ForeignKey("tiers.id"))
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(16), doc="'promote', 'hold' or 'revoke'")
    early: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text)
    criteria: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PrerequisiteWaiver(Base):
    """A coach let one student into a tier's modules without their prerequisites."""

    __tablename__ = "prerequisite_waivers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    tier_id: Mapped[int] = mapped_column(
        ForeignKey("tiers.id", ondelete="CASCADE"), primary_key=True
    )
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EditorialRelease(Base):
    """A coach's release of a task's editorial to a cohort, before its students solve it."""

    __tablename__ = "editorial_releases"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    )
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    released_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    released_at: Mapped[datetime] = mapped_column(default=utcnow)
