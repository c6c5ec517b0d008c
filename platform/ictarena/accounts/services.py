"""Account services: users, registration by invite code, authentication with throttling,
server-side sessions and cohorts. Services never commit; the caller owns the transaction (the
throttle's reservations excepted: they commit in short transactions of their own, see
:mod:`ictarena.accounts.throttle`)."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from ictarena.accounts.models import Cohort, CohortMember, LoginSession, Role, User
from ictarena.accounts.passwords import (
    PasswordPolicy,
    hash_password,
    needs_rehash,
    password_refusal,
    verify_password,
)
from ictarena.accounts.throttle import InviteGuard, LoginThrottle
from ictarena.db import DriverRead, asyncpg_connection, utcnow
from ictarena.errors import Conflict, Forbidden, InvalidInput, NotFound
from ictarena.events.audit import audit

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,31}$")
MAX_PASSWORD_LENGTH = 256
INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud


def normalise_username(username: str) -> str:
    return username.strip().lower()


def validate_password(
    password: str,
    policy: PasswordPolicy | None = None,
    user_inputs: tuple[str, ...] = (),
    field: str = "password",
) -> None:
    """Raise ``InvalidInput`` naming the reason when ``password`` breaks the policy."""
    policy = policy or PasswordPolicy()
    refusal = password_refusal(password, policy, user_inputs)
    if refusal is not None:
        raise InvalidInput(refusal.key, field=field, min=policy.min_length, max=MAX_PASSWORD_LENGTH)


async def create_user(
    session: AsyncSession,
    username: str,
    password: str,
    role: Role = Role.STUDENT,
    display_name: str | None = None,
    policy: PasswordPolicy | None = None,
) -> User:
    name = normalise_username(username)
    if not USERNAME_RE.match(name):
        raise InvalidInput("username_invalid", field="username")
    validate_password(password, policy, (name, display_name or ""))
    taken = await session.scalar(select(User.id).where(User.username == name))
    if taken is not None:
        raise Conflict("username_taken", field="username", username=name)
    user = User(
        username=name,
        display_name=(display_name or "").strip()[:80] or name,
        password_hash=await hash_password(password),
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
    _check_owner(actor, cohort)
    cohort.invite_code = new_invite_code()
    await audit(session, actor.id, "cohort.rotate_invite", f"cohort:{cohort.id}")
    return cohort.invite_code


async def cohort_by_invite(
    session: AsyncSession, code: str, guard: InviteGuard | None = None
) -> Cohort:
    """The open cohort whose invite code this is. With a ``guard``, the attempt is counted
    against the caller's address first (``Throttled`` while it is in its backoff), and given
    back when the code is right; call it before writing in ``session``."""
    reserved_at = await guard.reserve() if guard is not None else None
    cohort = await session.scalar(
        select(Cohort).where(Cohort.invite_code == code.strip().upper(), Cohort.archived.is_(False))
    )
    if cohort is None or not cohort.invite_open:
        raise InvalidInput("invite_invalid", field="invite_code")
    if guard is not None and reserved_at is not None:
        await guard.succeeded(reserved_at)
    return cohort


async def register_student(
    session: AsyncSession,
    invite_code: str,
    username: str,
    password: str,
    display_name: str = "",
    guard: InviteGuard | None = None,
    policy: PasswordPolicy | None = None,
) -> User:
    """Create a student account inside the cohort whose invite code is given."""
    cohort = await cohort_by_invite(session, invite_code, guard)
    user = await create_user(session, username, password, Role.STUDENT, display_name, policy)
    session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
    await audit(session, user.id, "user.register", f"user:{user.id}", {"cohort": cohort.id})
    return user


async def join_cohort(
    session: AsyncSession, user: User, invite_code: str, guard: InviteGuard | None = None
) -> Cohort:
    cohort = await cohort_by_invite(session, invite_code, guard)
    exists = await session.get(CohortMember, (cohort.id, user.id))
    if exists is None:
        session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
    return cohort


# Authentication -------------------------------------------------------------------------------


async def authenticate(
    session: AsyncSession, username: str, password: str, ip: str, throttle: LoginThrottle
) -> User:
    """Return the user for valid credentials.

    Raises ``InvalidInput("login_failed")`` for any wrong username, wrong password or disabled
    account alike, and ``Throttled`` when the attempt must wait (see
    :mod:`ictarena.accounts.throttle`). The attempt is reserved, and counted as a failure,
    before the password is verified; a success gives it back. Call it before writing in
    ``session``: the throttle commits in transactions of its own.
    """
    name = normalise_username(username)[:64]
    attempt = await throttle.reserve(name, ip)
    user = await session.scalar(select(User).where(User.username == name))
    ok = await verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        raise InvalidInput("login_failed")
    if user.password_expires_at is not None and user.password_expires_at <= utcnow():
        raise InvalidInput("one_time_password_expired")
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_password(password)
    await throttle.succeeded(attempt)
    user.last_login_at = utcnow()
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


# Built once (every request asks it): ``session.get`` builds its query at each call.
_LOGIN_SESSION = select(LoginSession).where(LoginSession.id == bindparam("key"))
# The same read through the driver (PostgreSQL), the login with its user in one row.
_LOGIN_ROW = DriverRead(
    select(*DriverRead.columns(LoginSession), *DriverRead.columns(User))
    .join_from(LoginSession, User, LoginSession.user_id == User.id)
    .where(LoginSession.id == bindparam("key")),
    LoginSession,
    User,
)


async def session_for_token(session: AsyncSession, token: str) -> LoginSession | None:
    """The live login session of a cookie's token, with its user (one query); an expired one,
    or one whose user was disabled, is deleted (the caller commits) and None returned.

    Every request of a logged-in user starts here. On PostgreSQL, in a session that holds
    nothing yet (a request's), the row is read through the driver and its two objects put in
    the session as a load would leave them: the ORM's execution of this one query cost the
    web process more than the rest of a page such as the JSON intake's."""
    login: LoginSession | None
    driver = await asyncpg_connection(session) if not session.identity_map else None
    if driver is not None:
        found = await _LOGIN_ROW.first(driver, key=_token_key(token))
        if found is None:
            return None
        login, user = found
        set_committed_value(login, "user", user)
        session.add_all(found)
    else:
        login = (await session.scalars(_LOGIN_SESSION, {"key": _token_key(token)})).first()
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
    if user.role is Role.ADMIN and role is not Role.ADMIN:
        await _keep_an_admin(session, user)
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
    if user.id == actor.id and not active:
        raise InvalidInput("cannot_disable_self", field="active")
    if not active and user.role is Role.ADMIN:
        await _keep_an_admin(session, user)
    user.is_active = active
    if not active:
        await session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    await audit(session, actor.id, "user.active", f"user:{user.id}", {"active": active})
    return user


async def _keep_an_admin(session: AsyncSession, user: User) -> None:
    """Refuse to take away the last active admin (``user`` is the one about to go)."""
    others = await session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.is_active.is_(True), User.id != user.id)
    )
    if not others:
        raise InvalidInput("last_admin", field="role")


async def admin_create_user(
    session: AsyncSession,
    actor: User,
    username: str,
    password: str,
    role: Role,
    display_name: str,
    policy: PasswordPolicy,
) -> User:
    if actor.role is not Role.ADMIN:
        raise Forbidden("admin_only")
    user = await create_user(session, username, password, role, display_name, policy)
    await audit(session, actor.id, "user.create", f"user:{user.id}", {"role": role})
    return user


def new_one_time_password() -> str:
    """Four groups of four letters and digits (no look-alikes): about 80 bits."""
    groups = ("".join(secrets.choice(INVITE_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups).lower()


async def reset_password(
    session: AsyncSession, actor: User, user_id: int, valid_for: timedelta
) -> tuple[User, str]:
    """Give the user a one-time password (returned, shown once) that must be changed at the
    next login and expires after ``valid_for``; end all of the user's sessions."""
    if actor.role is not Role.ADMIN:
        raise Forbidden("admin_only")
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound("user_not_found")
    if user.id == actor.id:
        raise InvalidInput("cannot_reset_self", field="user_id")
    one_time = new_one_time_password()
    user.password_hash = await hash_password(one_time)
    user.must_change_password = True
    user.password_expires_at = utcnow() + valid_for
    await session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    await audit(session, actor.id, "user.reset_password", f"user:{user.id}")
    return user, one_time


async def change_password(
    session: AsyncSession,
    user: User,
    current: str,
    new: str,
    policy: PasswordPolicy,
    keep_session: str | None,
) -> None:
    """Change ``user``'s password after checking the current one; every session of the user
    but ``keep_session`` (a login session id) ends."""
    if not await verify_password(user.password_hash, current):
        raise InvalidInput("current_password_wrong", field="current_password")
    if new == current:
        raise InvalidInput("password_unchanged", field="password")
    validate_password(new, policy, (user.username, user.display_name))
    user.password_hash = await hash_password(new)
    user.must_change_password = False
    user.password_expires_at = None
    ending = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_session is not None:
        ending = ending.where(LoginSession.id != keep_session)
    await session.execute(ending)
    await audit(session, user.id, "user.change_password", f"user:{user.id}")


# Cohorts --------------------------------------------------------------------------------------


def _check_owner(actor: User, cohort: Cohort) -> None:
    if actor.role is not Role.ADMIN and cohort.coach_id != actor.id:
        raise Forbidden("not_your_cohort")


async def rename_cohort(session: AsyncSession, actor: User, cohort: Cohort, name: str) -> None:
    _check_owner(actor, cohort)
    name = name.strip()
    if not 1 <= len(name) <= 120:
        raise InvalidInput("cohort_name_invalid", field="name")
    old = cohort.name
    cohort.name = name
    await audit(session, actor.id, "cohort.rename", f"cohort:{cohort.id}", {"from": old})


async def set_cohort_archived(
    session: AsyncSession, actor: User, cohort: Cohort, archived: bool
) -> None:
    """Archive (its invite code stops working) or restore a cohort."""
    _check_owner(actor, cohort)
    cohort.archived = archived
    await audit(session, actor.id, "cohort.archive", f"cohort:{cohort.id}", {"archived": archived})


async def remove_member(session: AsyncSession, actor: User, cohort: Cohort, user_id: int) -> None:
    _check_owner(actor, cohort)
    member = await session.get(CohortMember, (cohort.id, user_id))
    if member is None:
        raise NotFound("member_not_found")
    await session.delete(member)
    await audit(session, actor.id, "cohort.remove_member", f"cohort:{cohort.id}", {"user": user_id})
