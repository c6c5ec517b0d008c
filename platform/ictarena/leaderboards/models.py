"""Leaderboard tables: a ledger of practice points earned and the totals the boards read.

Both are caches of the recorded judgings, rebuilt for one student and task whenever one of
their practice judgings is recorded or rejudged, so they always equal a recomputation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ictarena.db import Base


class PointGain(Base):
    """Points a student earned on a task at a moment: the rise of their best score fraction
    times the task's worth. ``solved`` marks the gain that completed the task."""

    __tablename__ = "point_gains"
    __table_args__ = (Index("ix_point_gains_user_task", "user_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    earned_at: Mapped[datetime] = mapped_column(index=True)
    points: Mapped[float] = mapped_column(Float)
    solved: Mapped[bool] = mapped_column(Boolean, default=False)


class BoardTotal(Base):
    """One student's line on one board and period.

    ``board`` is ``all``, ``track:<id>`` or ``tier:<id>``; ``period`` is ``all``,
    ``m:<YYYY-MM>`` or ``w:<date of the Monday>`` in the platform's time zone. ``reached_at``
    is when the student reached these points (ties go to the earlier).
    """

    __tablename__ = "board_totals"
    # user_id last: the page and the count of rows ahead of a student read the index alone.
    __table_args__ = (
        Index("ix_board_totals_rank", "board", "period", "points", "reached_at", "user_id"),
    )

    board: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    points: Mapped[float] = mapped_column(Float, default=0.0)
    solved: Mapped[int] = mapped_column(Integer, default=0)
    last_solve_at: Mapped[datetime | None] = mapped_column(default=None)
    reached_at: Mapped[datetime]


class TaskStat(Base):
    """Per task, practice only: students who tried and who solved it, submissions judged and
    accepted (the task list's solve count and acceptance rate)."""

    __tablename__ = "task_stats"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    )
    attempted: Mapped[int] = mapped_column(Integer, default=0)
    solved: Mapped[int] = mapped_column(Integer, default=0)
    submissions: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)


class PracticeCount(Base):
    """One student's share of a task's statistics: their judged practice submissions and the
    accepted ones. Recording a judging changes :class:`TaskStat` by the difference between
    the old and the new share, so it never counts the task's whole history again."""

    __tablename__ = "practice_counts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    judged: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
