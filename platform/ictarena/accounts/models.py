"""Account tables: users, login sessions, throttle counters, cohorts and their members."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ictarena.db import Base, EnumText, utcnow


class Role(StrEnum):
    STUDENT = "student"
    COACH = "coach"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    # The name shown on the global leaderboard, when the student chose one (else display_name).
    board_name: Mapped[str | None] = mapped_column(String(80), default=None)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(EnumText(Role), default=Role.STUDENT)
    locale: Mapped[str | None] = mapped_column(String(16), default=None)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
    # Set by an admin's password reset: the password is a one-time one, refused after
    # ``password_expires_at`` and to be changed before anything else at the next login.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    password_expires_at: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class LoginSession(Base):
    """A server-side session; the cookie holds a random token whose SHA-256 is the key."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ip: Mapped[str | None] = mapped_column(String(64), default=None)
    user_agent: Mapped[str | None] = mapped_column(String(255), default=None)

    user: Mapped[User] = relationship(lazy="joined")


class ThrottleCounter(Base):
    """Attempts counted for one throttled thing (a login pair, an account, an address, a
    student's submissions): the count in the current window, when the window began, when the
    last attempt was counted, and (for an account that is being slowed) when the next slowed
    attempt may run. See :mod:`ictarena.accounts.throttle`."""

    __tablename__ = "throttle_counters"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime]
    last_at: Mapped[datetime] = mapped_column(index=True)
    next_at: Mapped[datetime | None] = mapped_column(default=None)


class Cohort(Base):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    invite_code: Mapped[str] = mapped_column(String(32), unique=True)
    invite_open: Mapped[bool] = mapped_column(Boolean, default=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    public_name: Mapped[str | None] = mapped_column(
        String(120), default=None, doc="its name in the public contest API; None: not shown"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    coach: Mapped[User] = relationship(lazy="joined")


class CohortMember(Base):
    __tablename__ = "cohort_members"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
