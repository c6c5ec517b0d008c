"""Catalogue tables.

A Track (certification area) has ordered Tiers (Associate → Professional → Expert). A Tier has
Modules, which form a DAG of prerequisites. A Module has Tasks. A Task owns versioned Datasets
with exactly one live; re-import makes a new Dataset and old judgings keep theirs.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ictarena.db import Base, EnumText, utcnow


class Competency(StrEnum):
    """The seven core competencies."""

    ENTERPRISE_APPLICATION_ANALYSIS = "enterprise_application_analysis"
    PRODUCT_PROFICIENCY = "product_proficiency"
    PROTOCOL_COMPREHENSION = "protocol_comprehension"
    LOGICAL_REASONING = "logical_reasoning"
    NETWORK_FAULT_DIAGNOSIS = "network_fault_diagnosis"
    NETWORK_ARCHITECTURE_DESIGN = "network_architecture_design"
    PROJECT_MANAGEMENT = "project_management"


TIER_SLUGS = ("associate", "professional", "expert")


class Track(Base):
    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)

    tiers: Mapped[list[Tier]] = relationship(
        back_populates="track", order_by="Tier.level", lazy="raise"
    )


class Tier(Base):
    __tablename__ = "tiers"
    __table_args__ = (UniqueConstraint("track_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer, doc="1 = Associate, 2 = Professional, 3 = Expert")
    slug: Mapped[str] = mapped_column(String(32))
    name_en: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    # Entry criteria (from Professional up): ``criteria`` is what applies, ``criteria_shipped``
    # what the problem set's track file said at the last import. An admin's edit sets
    # ``criteria_edited_by``/``_at``; a re-import then keeps it and reports the difference.
    criteria: Mapped[dict[str, Any]] = mapped_column(default=dict)
    criteria_shipped: Mapped[dict[str, Any]] = mapped_column(default=dict)
    criteria_edited_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    criteria_edited_at: Mapped[datetime | None] = mapped_column(default=None)

    track: Mapped[Track] = relationship(back_populates="tiers", lazy="raise")
    modules: Mapped[list[Module]] = relationship(
        back_populates="tier", order_by="Module.position", lazy="raise"
    )


class Module(Base):
    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    tier_id: Mapped[int] = mapped_column(ForeignKey("tiers.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title_en: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The module is done when the student's module score (the mean of their best score
    # fractions over its visible tasks, in percent) reaches this threshold.
    done_percent: Mapped[int] = mapped_column(Integer, default=100)

    tier: Mapped[Tier] = relationship(back_populates="modules", lazy="raise")


class ModulePrerequisite(Base):
    __tablename__ = "module_prerequisites"

    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True
    )
    prerequisite_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True
    )


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    type: Mapped[str] = mapped_column(String(16))  # a name in ictarena.catalog.tasktypes
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    title_en: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str] = mapped_column(String(200))
    difficulty: Mapped[int] = mapped_column(Integer, default=1)
    tags: Mapped[list[Any]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    live_dataset_id: Mapped[int | None] = mapped_column(
        ForeignKey("datasets.id", use_alter=True, ondelete="SET NULL"), default=None
    )
    author: Mapped[str | None] = mapped_column(String(200), default=None)
    source: Mapped[str | None] = mapped_column(String(200), default=None)
    license: Mapped[str | None] = mapped_column(String(100), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    module: Mapped[Module] = relationship(lazy="raise")
    live_dataset: Mapped[Dataset | None] = relationship(
        foreign_keys=[live_dataset_id], lazy="raise", post_update=True
    )


class TaskCompetency(Base):
    __tablename__ = "task_competencies"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    )
    competency: Mapped[Competency] = mapped_column(EnumText(Competency, 48), primary_key=True)
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class Dataset(Base):
    """One immutable version of a task's statement, limits and tests (content-addressed)."""

    __tablename__ = "datasets"
    __table_args__ = (
        UniqueConstraint("task_id", "version"),
        UniqueConstraint("task_id", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    statement_en: Mapped[str] = mapped_column(Text, default="")
    statement_zh: Mapped[str] = mapped_column(Text, default="")
    editorial_en: Mapped[str] = mapped_column(Text, default="", doc="Markdown; '' when none")
    editorial_zh: Mapped[str] = mapped_column(Text, default="")
    manifest: Mapped[dict[str, Any]] = mapped_column(default=dict)
    max_score: Mapped[float] = mapped_column(Float, default=100.0)
    time_limit_note: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    task: Mapped[Task] = relationship(foreign_keys=[task_id], lazy="raise")


class ReferenceSolution(Base):
    """A jury submission shipped with a dataset, with the verdict it must get."""

    __tablename__ = "reference_solutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), index=True
    )
    path: Mapped[str] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(32), default=None)
    expected_verdicts: Mapped[list[Any]] = mapped_column(default=list)
    expected_score: Mapped[float | None] = mapped_column(Float, default=None)
