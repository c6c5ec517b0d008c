"""Account services: users, registration by invite code, authentication with throttling,
server-side sessions and cohorts. Services never commit; the caller owns the transaction."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, CohortMember, LoginFailure, LoginSession, Role, User
from ictarena.accounts.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from ictarena.db import utcnow
from ictarena.errors import Conflict, Forbidden, InvalidInput, NotFound, Throttled
from ictarena.events.audit import audit

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,31}$")
INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud


def normalise_username(username: str) -> str:
    return username.strip().lower()


def validate_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput("password_too_short", field="password", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise InvalidInput("password_too_long", field="password", max=MAX_LENGTH)


async def create_user(
    session: AsyncSession,
    username: str,
    password: str,
    role: Role = Role.STUDENT,
    display_name: str | None = None,
) -> User:
    name = normalise_username(username)
    if not USERNAME_RE.match(name):
        raise InvalidInput("username_invalid", field="username")
    validate_password(password)
    taken = await session.scalar(select(User.id).where(User.username == name))
    if taken is not None:
        raise Conflict("username_taken", field="username", username=name)
    user = User(
        username=name,
        display_name=(display_name or "").strip()[:80] or name,
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    await session.flush()
    return user


def new_invite_code() -> str:
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(8))


async def create_cohort(session: AsyncSession, coach: User, name: str) -> Cohort:
    if coach.role not in (Role.COACH, Role.ADMIN):
        raise Forbidden("coach_only")
    name = name.strip()
    if not 1 <= len(name) <= 120:
        raise InvalidInput("cohort_name_invalid", field="name")
    cohort = Cohort(name=name, coach_id=coach.id, invite_code=new_invite_code())
    session.add(cohort)
    await session.flush()
    await audit(session, coach.id, "cohort.create", f"cohort:{cohort.id}", {"name": name})
    return cohort


async def rotate_invite_code(session: AsyncSession, actor: User, cohort: Cohort) -> str:
    if actor.role is not Role.ADMIN and cohort.coach_id != actor.id:
        raise Forbidden("not_your_cohort")
    cohort.invite_code = new_invite_code()
    await audit(session, actor.id, "cohort.rotate_invite", f"cohort:{cohort.id}")
    return cohort.invite_code


async def cohort_by_invite(session: AsyncSession, code: str) -> Cohort:
    cohort = await session.scalar(
        select(Cohort).where(Cohort.invite_code == code.strip().upper(), Cohort.archived.is_(False))
    )
    if cohort is None or not cohort.invite_open:
        raise InvalidInput("invite_invalid", field="invite_code")
    return cohort


async def register_student(
    session: AsyncSession, invite_code: str, username: str, password: str, display_name: str = ""
) -> User:
    """Create a student account inside the cohort whose invite code is given."""
    cohort = await cohort_by_invite(session, invite_code)
    user = await create_user(session, username, password, Role.STUDENT, display_name)
    session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
    await audit(session, user.id, "user.register", f"user:{user.id}", {"cohort": cohort.id})
    return user


async def join_cohort(session: AsyncSession, user: User, invite_code: str) -> Cohort:
    cohort = await cohort_by_invite(session, invite_code)
    exists = await session.get(CohortMember, (cohort.id, user.id))
    if exists is None:
        session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
    return cohort


# Authentication and throttling --------------------------------------------------------------


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 5
    window_s: int = 900


async def _recent_failures(
    session: AsyncSession, username: str, ip: str, since: datetime
) -> tuple[int, int]:
    by_name = await session.scalar(
        select(func.count()).where(LoginFailure.username == username, LoginFailure.at >= since)
    )
    by_ip = await session.scalar(
        select(func.count()).where(LoginFailure.ip == ip, LoginFailure.at >= since)
    )
    return int(by_name or 0), int(by_ip or 0)


async def authenticate(
    session: AsyncSession, username: str, password: str, ip: str, policy: ThrottlePolicy
) -> User:
    """Return the user for valid credentials.

    Raises ``InvalidInput("login_failed")`` for any wrong username, wrong password or disabled
    account alike, and ``Throttled`` once a username or an address has too many recent failures
    (an address gets four times the allowance, as classrooms share one).
    """
    name = normalise_username(username)[:64]
    now = utcnow()
    since = now - timedelta(seconds=policy.window_s)
    by_name, by_ip = await _recent_failures(session, name, ip, since)
    if by_name >= policy.max_failures or by_ip >= policy.max_failures * 4:
        raise Throttled("login_throttled", retry_after=policy.window_s)
    user = await session.scalar(select(User).where(User.username == name))
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        session.add(LoginFailure(username=name, ip=ip, at=now))
        raise InvalidInput("login_failed")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    await session.execute(delete(LoginFailure).where(LoginFailure.username == name))
    await session.execute(delete(LoginFailure).where(LoginFailure.at < since))
    user.last_login_at = now
    return user


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(
    session: AsyncSession,
    user: User,
    days: int,
    ip: str | None = None,
    user_agent: str | None = None,
    replaces: str | None = None,
) -> tuple[str, LoginSession]:
    """Create a new server-side session (rotating away ``replaces``); return its cookie token."""
    if replaces:
        await end_session(session, replaces)
    token = secrets.token_urlsafe(32)
    login = LoginSession(
        id=_token_key(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + timedelta(days=days),
        ip=ip,
        user_agent=(user_agent or "")[:255] or None,
    )
    session.add(login)
    await session.flush()
    return token, login


async def session_for_token(session: AsyncSession, token: str) -> LoginSession | None:
    login = await session.get(LoginSession, _token_key(token))
    if login is None:
        return None
    if login.expires_at <= utcnow() or not login.user.is_active:
        await session.delete(login)
        return None
    return login


async def end_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(LoginSession).where(LoginSession.id == _token_key(token)))


async def set_role(session: AsyncSession, actor: User, user_id: int, role: Role) -> User:
    if actor.role is not Role.ADMIN:
        raise Forbidden("admin_only")
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound("user_not_found")
    if user.id == actor.id and role is not Role.ADMIN:
        raise InvalidInput("cannot_demote_self", field="role")
    old = user.role
    user.role = role
    await audit(session, actor.id, "user.role", f"user:{user.id}", {"from": old, "to": role})
    return user


async def set_active(session: AsyncSession, actor: User, user_id: int, active: bool) -> User:
    if actor.role is not Role.ADMIN:
        raise Forbidden("admin_only")
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound("user_not_found")
    if user.id == actor.id:
        raise InvalidInput("cannot_disable_self", field="active")
    user.is_active = active
    if not active:
        await session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    await audit(session, actor.id, "user.active", f"user:{user.id}", {"active": active})
    return user
