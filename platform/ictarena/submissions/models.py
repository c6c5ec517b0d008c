"""Submission tables.

A Submission is immutable. A Judging is one evaluation of it against one Dataset (keyed by
submission, dataset and attempt sequence, so a job that runs twice records once). Runs are its
per-test or per-assessment-item results. TaskResult caches each student's best per task.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    literal_column,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ictarena.db import Base, EnumText, utcnow
from ictjudge.wire import Verdict


class JudgingStatus(StrEnum):
    QUEUED = "queued"
    JUDGING = "judging"
    DONE = "done"
    ERROR = "error"  # infrastructure failed after every retry: JE, visible to admins
    CANCELLED = "cancelled"  # belonged to a rejudging that was cancelled


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_user_task", "user_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    language: Mapped[str | None] = mapped_column(String(32), default=None)
    files: Mapped[dict[str, Any]] = mapped_column(doc="file name -> text")
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    participation_id: Mapped[int | None] = mapped_column(
        ForeignKey("participations.id"), default=None, index=True
    )
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), default=None)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entries.id"), default=None, index=True, doc="a contest submission's line"
    )
    is_reference: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ip: Mapped[str | None] = mapped_column(String(64), default=None)


class Rejudging(Base):
    """A previewable set of re-evaluations; applied or cancelled as a whole (as in DOMjudge)."""

    __tablename__ = "rejudgings"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(255), default="")
    scope: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="preview")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


def _submission_author(context: Any) -> int:
    """A judging's user when its insert does not name one: its submission's (one query; the
    intake and rejudgings name it)."""
    submission_id = context.get_current_parameters()["submission_id"]
    users = Submission.__table__.c.user_id
    return int(
        context.connection.scalar(select(users).where(Submission.__table__.c.id == submission_id))
    )


class Judging(Base):
    __tablename__ = "judgings"
    __table_args__ = (UniqueConstraint("submission_id", "dataset_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        Integer,
        default=_submission_author,
        doc="its submission's author, copied: the fair queue counts a student's judgings in "
        "flight and picks their oldest waiting one by it, from the two small indexes below",
    )
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0, doc="attempt sequence for this pair")
    rejudging_id: Mapped[int | None] = mapped_column(ForeignKey("rejudgings.id"), default=None)
    valid: Mapped[bool] = mapped_column(
        Boolean, default=True, doc="the judging that counts for the submission"
    )
    status: Mapped[JudgingStatus] = mapped_column(
        EnumText(JudgingStatus), default=JudgingStatus.QUEUED, index=True
    )
    verdict: Mapped[Verdict | None] = mapped_column(EnumText(Verdict, 8), default=None)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    max_score: Mapped[float | None] = mapped_column(Float, default=None)
    report: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    worker: Mapped[str | None] = mapped_column(String(120), default=None)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column(
        default=None, doc="when handed to the job queue; None while waiting for a fair slot"
    )
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)

    submission: Mapped[Submission] = relationship(lazy="raise")
    runs: Mapped[list[Run]] = relationship(
        order_by="Run.position", lazy="raise", cascade="all, delete-orphan"
    )


def in_flight(judgings: Any) -> ColumnElement[bool]:
    """Handed to the job queue and not finished (``judgings``: the table or an alias of it).
    The statuses are written into the SQL, not bound, so that PostgreSQL's generic plan of a
    prepared statement may use the partial index on the same condition."""
    return and_(
        judgings.c.enqueued_at.is_not(None),
        judgings.c.status.in_([literal_column("'queued'"), literal_column("'judging'")]),
    )


def waiting(judgings: Any) -> ColumnElement[bool]:
    """Queued and not yet handed to the job queue (waiting for room under the student's cap)."""
    return and_(judgings.c.enqueued_at.is_(None), judgings.c.status == literal_column("'queued'"))


# The fair queue's two questions about one student, answered from indexes that hold only the
# judgings not finished, whatever the history: how many they have in flight, and which of theirs
# wait, oldest first.
_JUDGINGS = Judging.__table__
Index(
    "ix_judgings_in_flight",
    _JUDGINGS.c.user_id,
    postgresql_where=in_flight(_JUDGINGS),
    sqlite_where=in_flight(_JUDGINGS),
)
Index(
    "ix_judgings_waiting",
    _JUDGINGS.c.user_id,
    _JUDGINGS.c.id,
    postgresql_where=waiting(_JUDGINGS),
    sqlite_where=waiting(_JUDGINGS),
)


class Run(Base):
    """One test's (or one assessment item's) result within a judging."""

    __tablename__ = "runs"
    __table_args__ = (UniqueConstraint("judging_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judging_id: Mapped[int] = mapped_column(ForeignKey("judgings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    group: Mapped[str | None] = mapped_column(String(255), default=None)
    verdict: Mapped[str] = mapped_column(String(8))
    score: Mapped[float | None] = mapped_column(Float, default=None)
    max_score: Mapped[float | None] = mapped_column(Float, default=None)
    cpu_ms: Mapped[float | None] = mapped_column(Float, default=None)
    wall_ms: Mapped[float | None] = mapped_column(Float, default=None)
    memory_kb: Mapped[int | None] = mapped_column(Integer, default=None)
    exit_code: Mapped[int | None] = mapped_column(Integer, default=None)
    signal: Mapped[int | None] = mapped_column(Integer, default=None)
    message: Mapped[str | None] = mapped_column(Text, default=None)
    visible: Mapped[bool] = mapped_column(Boolean, default=False, doc="may the student see details")


class TaskResult(Base):
    """Score cache: a student's best result on a task (outside contests)."""

    __tablename__ = "task_results"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    )
    best_score: Mapped[float] = mapped_column(Float, default=0.0)
    max_score: Mapped[float] = mapped_column(Float, default=100.0)
    best_verdict: Mapped[str | None] = mapped_column(String(8), default=None)
    best_submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions.id"), default=None
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    solved_at: Mapped[datetime | None] = mapped_column(default=None)
    last_submission_at: Mapped[datetime | None] = mapped_column(default=None)


class QuizAttempt(Base):
    """A student's graded attempts at one quiz on one UTC day, and the extra attempts coaches
    granted for that day. Taken with one conditional UPDATE, so concurrent submissions never
    exceed the allowance."""

    __tablename__ = "quiz_attempts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    used: Mapped[int] = mapped_column(Integer, default=0)
    granted: Mapped[int] = mapped_column(Integer, default=0)


class QuizGrant(Base):
    """Audit record: a coach granted a student extra attempts at a quiz for a day."""

    __tablename__ = "quiz_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
