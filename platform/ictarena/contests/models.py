"""Contest tables.

A Contest has Rounds (theory round, lab round), each with its own window and tasks. A
Participation is a student's entry, with a personal start and extra time for windowed
(virtual) contests. Milestones follow DOMjudge: start, freeze, end, unfreeze.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ictarena.db import Base, utcnow


class Contest(Base):
    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"), default=None)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scoring_rule: Mapped[str] = mapped_column(String(16), default="ioi", doc="acm, oi or ioi")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    freeze_at: Mapped[datetime | None] = mapped_column(default=None)
    unfreeze_at: Mapped[datetime | None] = mapped_column(default=None)
    windowed: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_min: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("contest_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16), default="lab", doc="theory or lab")
    starts_at: Mapped[datetime | None] = mapped_column(default=None)
    ends_at: Mapped[datetime | None] = mapped_column(default=None)
    duration_min: Mapped[int | None] = mapped_column(Integer, default=None)


class RoundTask(Base):
    __tablename__ = "round_tasks"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(8), default="A")
    points: Mapped[float] = mapped_column(Float, default=100.0)


class Participation(Base):
    __tablename__ = "participations"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
