"""Throttling: counters that concurrent requests update atomically, and the policies that read
them.

A counter is one row of ``throttle_counters``, keyed by a scope (what is counted) and a key (whose
attempts). Each request that may be throttled *reserves* its attempt before doing the expensive
or guessable part (verifying a password, looking up an invite code, storing a submission):

1. one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` creates the row or locks it and reads
   it back. On PostgreSQL the row stays locked until the transaction ends; on SQLite the
   statement takes the database's write lock, which ``FOR UPDATE`` could not. Either way no other
   request reads the counter until this one has written it;
2. a pure policy function decides from the counts and times: allow, delay or refuse (with the
   seconds to wait);
3. an allowed or delayed attempt is counted in the same transaction.

Login and invite-code reservations run in short transactions of their own, committed at once,
so that concurrent requests see each other's attempts before any password is verified, and a
failed attempt stays counted when the request's transaction is rolled back; a success gives the
attempt back the same way. (On SQLite these transactions wait for the database's write lock, so
call them before the request's session writes anything.) They also delete counters nobody has
touched for two days. A submission's reservation joins the request's transaction instead: it is
counted when the submission is stored, and not when it is not.

The login policy (every number is a setting):

- per (account, address): ``login_max_failures`` failures, then an exponential backoff that
  starts at ``login_backoff_s`` and doubles up to ``login_backoff_max_s``;
- per account over all addresses: past ``login_account_ceiling`` failures in the window, attempts
  from addresses that have failed on the account are spaced ``login_slow_s`` apart (slowed, not
  refused; only when more than ``login_slow_max_wait_s`` of them are queued is one asked to come
  back later);
- per address over all accounts: ``login_address_cap`` failures in the window (a classroom
  behind one NAT address shares it);
- an address that has not failed on the account is never slowed by the account's ceiling, so
  its owner logs in at once while the account is under attack from elsewhere.

Wrong invite codes are throttled per address with the same backoff after
``invite_max_failures``.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, Update, and_, bindparam, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import ThrottleCounter
from ictarena.db import Compiled, Database, driver_in_transaction, utcnow
from ictarena.errors import Throttled

if TYPE_CHECKING:
    from ictarena.settings import Settings

# Windows and waits are at most a day (settings bounds), so a row untouched for two days says
# nothing a missing row would not.
STALE_AFTER = timedelta(days=2)


class Scope(StrEnum):
    LOGIN_PAIR = "login.pair"  # key: "<address> <account>"
    LOGIN_ACCOUNT = "login.account"  # key: the account name as typed (normalised)
    LOGIN_ADDRESS = "login.address"  # key: the address
    INVITE_ADDRESS = "invite.address"  # key: the address
    SUBMISSION = "submission.user"  # key: the user id
    CLARIFICATION = "clarification.user"  # key: the user id
    CUSTOM_RUN = "run.user"  # key: the user id


# The counter and the pure policy ------------------------------------------------------------


@dataclass(frozen=True)
class Counter:
    """A counter's state: attempts counted in the window that began at ``window_start``, the
    time of the last one, and (accounts being slowed) when the next slowed attempt may run."""

    count: int
    window_start: datetime
    last_at: datetime
    next_at: datetime | None = None

    def current(self, now: datetime, window_s: int) -> int:
        """The count, or 0 when the window is over."""
        return self.count if now < self.window_start + timedelta(seconds=window_s) else 0

    def counted(self, now: datetime, window_s: int) -> Counter:
        """This counter with one more attempt at ``now`` (a new window when the old is over)."""
        if self.current(now, window_s) == 0:
            return replace(self, count=1, window_start=now, last_at=now)
        return replace(self, count=self.count + 1, last_at=now)


class Action(StrEnum):
    ALLOW = "allow"
    DELAY = "delay"  # go ahead after waiting ``seconds``
    REFUSE = "refuse"  # come back after ``seconds`` (Retry-After)


@dataclass(frozen=True)
class Decision:
    action: Action
    seconds: int = 0


ALLOW = Decision(Action.ALLOW)


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def backoff_wait(failures: int, free: int, first_s: int, max_s: int) -> int:
    """Seconds to wait after ``failures`` failures: none for the first ``free``, then
    ``first_s``, doubling with each further failure, at most ``max_s``."""
    if failures < free:
        return 0
    doublings = failures - free
    if doublings >= 32:  # far past any cap; avoid huge integers
        return max_s
    return int(min(first_s * 2**doublings, max_s))


def backoff(
    counter: Counter, now: datetime, free: int, first_s: int, max_s: int, window_s: int
) -> Decision:
    """Allow while the counter is under ``free`` failures or its backoff has run out."""
    wait = backoff_wait(counter.current(now, window_s), free, first_s, max_s)
    ready = counter.last_at + timedelta(seconds=wait)
    if wait == 0 or now >= ready:
        return ALLOW
    return Decision(Action.REFUSE, _seconds_until(ready, now))


def capped(counter: Counter, now: datetime, limit: int, window_s: int) -> Decision:
    """Allow while fewer than ``limit`` attempts were counted in the current window."""
    if counter.current(now, window_s) < limit:
        return ALLOW
    end = counter.window_start + timedelta(seconds=window_s)
    return Decision(Action.REFUSE, _seconds_until(end, now))


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    backoff_s: int = 30
    backoff_max_s: int = 900
    window_s: int = 3600
    account_ceiling: int = 50
    slow_s: int = 2
    slow_max_wait_s: int = 60
    address_cap: int = 300

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginPolicy:
        return cls(
            max_failures=settings.login_max_failures,
            backoff_s=settings.login_backoff_s,
            backoff_max_s=settings.login_backoff_max_s,
            window_s=settings.login_window_s,
            account_ceiling=settings.login_account_ceiling,
            slow_s=settings.login_slow_s,
            slow_max_wait_s=settings.login_slow_max_wait_s,
            address_cap=settings.login_address_cap,
        )


def slowed_start(account: Counter, now: datetime, slow_s: int) -> datetime:
    """When a slowed attempt on ``account`` may run: ``slow_s`` after the last one queued."""
    queue_end = account.next_at if account.next_at is not None and account.next_at > now else now
    return queue_end + timedelta(seconds=slow_s)


def login_decision(
    pair: Counter, account: Counter, address: Counter, now: datetime, policy: LoginPolicy
) -> Decision:
    """Whether a login attempt may verify its password now, after a delay, or not yet.

    ``pair`` counts the failures of this account from this address, ``account`` those of the
    account from every address, ``address`` those of the address on every account.
    """
    window = policy.window_s
    decision = capped(address, now, policy.address_cap, window)
    if decision.action is Action.REFUSE:
        return decision
    decision = backoff(
        pair, now, policy.max_failures, policy.backoff_s, policy.backoff_max_s, window
    )
    if decision.action is Action.REFUSE:
        return decision
    if pair.current(now, window) == 0 or account.current(now, window) < policy.account_ceiling:
        return ALLOW  # an address that has not failed here is never slowed by others' failures
    start = slowed_start(account, now, policy.slow_s)
    wait = math.ceil((start - now).total_seconds())
    if wait > max(policy.slow_max_wait_s, policy.slow_s):
        return Decision(Action.REFUSE, wait - policy.slow_s)
    return Decision(Action.DELAY, wait)


@dataclass(frozen=True)
class InvitePolicy:
    max_failures: int = 20
    backoff_s: int = 30
    backoff_max_s: int = 900
    window_s: int = 3600

    @classmethod
    def from_settings(cls, settings: Settings) -> InvitePolicy:
        return cls(
            max_failures=settings.invite_max_failures,
            backoff_s=settings.login_backoff_s,
            backoff_max_s=settings.login_backoff_max_s,
            window_s=settings.login_window_s,
        )


def invite_decision(address: Counter, now: datetime, policy: InvitePolicy) -> Decision:
    return backoff(
        address, now, policy.max_failures, policy.backoff_s, policy.backoff_max_s, policy.window_s
    )


# Storage --------------------------------------------------------------------------------------


def _lock_statement(insert: Any) -> Any:
    """Create the counter or lock it, and read it back: built once per dialect (``insert`` is
    its ``insert``), bound at each call."""
    table = ThrottleCounter.__table__
    at = bindparam("at", type_=table.c.window_start.type)
    return (
        insert(table)
        .values(
            scope=bindparam("of_scope"),
            key=bindparam("of_key"),
            count=0,
            window_start=at,
            last_at=at,
        )
        .on_conflict_do_update(
            index_elements=[table.c.scope, table.c.key], set_={"count": table.c.count}
        )
        .returning(table.c.count, table.c.window_start, table.c.last_at, table.c.next_at)
    )


_LOCK = {"postgresql": _lock_statement(postgresql.insert), "sqlite": _lock_statement(sqlite.insert)}


def _store_statement() -> Update:
    table = cast(Table, ThrottleCounter.__table__)
    return (
        update(table)
        .where(table.c.scope == bindparam("of_scope"), table.c.key == bindparam("of_key"))
        .values(
            {
                name: bindparam(f"new_{name}", type_=table.c[name].type)
                for name in ("count", "window_start", "last_at", "next_at")
            }
        )
    )


_STORE = _store_statement()
# The busiest counter is a submission's, counted in the intake's open transaction: there the
# two statements go through the driver (:class:`ictarena.db.Compiled`), which costs the web
# process a fraction of the ORM's execution of them.
_LOCK_ON_DRIVER = Compiled(_LOCK["postgresql"])
_STORE_ON_DRIVER = Compiled(_STORE)


async def lock(session: AsyncSession, scope: Scope, key: str, now: datetime) -> Counter:
    """Create the counter or lock it for this transaction, and read it (one statement)."""
    values = {"of_scope": scope.value, "of_key": key, "at": now}
    driver = await driver_in_transaction(session)
    if driver is not None:
        (row,) = await _LOCK_ON_DRIVER.rows(driver, **values)
    else:
        dialect = session.get_bind().dialect.name
        if dialect not in _LOCK:
            raise RuntimeError(f"throttle counters need PostgreSQL or SQLite, not {dialect}")
        row = tuple((await session.execute(_LOCK[dialect], values)).one())
    count, window_start, last_at, next_at = row
    return Counter(count, window_start, last_at, next_at)


async def store(session: AsyncSession, scope: Scope, key: str, counter: Counter) -> None:
    values = {
        "of_scope": scope.value,
        "of_key": key,
        "new_count": counter.count,
        "new_window_start": counter.window_start,
        "new_last_at": counter.last_at,
        "new_next_at": counter.next_at,
    }
    driver = await driver_in_transaction(session)
    if driver is not None:
        await _STORE_ON_DRIVER.fetch(driver, **values)
    else:
        await session.execute(_STORE, values)


async def give_back(
    session: AsyncSession, scope: Scope, key: str, reserved_at: datetime, *, reset: bool = False
) -> None:
    """Uncount an attempt reserved at ``reserved_at`` that turned out not to be a failure
    (``reset``: forget the whole count). One statement, atomic on its own."""
    where = [ThrottleCounter.scope == scope.value, ThrottleCounter.key == key]
    if reset:
        await session.execute(update(ThrottleCounter).where(*where).values(count=0))
        return
    await session.execute(
        update(ThrottleCounter)
        .where(*where, ThrottleCounter.count > 0, ThrottleCounter.window_start <= reserved_at)
        .values(count=ThrottleCounter.count - 1)
    )


async def forget_stale(session: AsyncSession, now: datetime, batch: int = 200) -> None:
    """Delete counters too old to matter. Rows another transaction holds are skipped (``SKIP
    LOCKED`` on PostgreSQL), so that the clean-up never waits and cannot deadlock."""
    stale = (
        select(ThrottleCounter.scope, ThrottleCounter.key)
        .where(ThrottleCounter.last_at < now - STALE_AFTER)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    rows = (await session.execute(stale)).all()
    if rows:
        await session.execute(
            delete(ThrottleCounter).where(
                or_(
                    *(
                        and_(ThrottleCounter.scope == scope, ThrottleCounter.key == key)
                        for scope, key in rows
                    )
                )
            )
        )


# Logins -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginAttempt:
    """A reserved login attempt: counted as a failure until :meth:`LoginThrottle.succeeded`."""

    account: str
    address: str
    reserved_at: datetime
    delayed_s: int = 0

    @property
    def pair_key(self) -> str:
        return f"{self.address} {self.account}"


Sleep = Callable[[float], Awaitable[Any]]


class LoginThrottle:
    """Reserves login attempts in short transactions of its own (see the module's notes)."""

    def __init__(
        self,
        db: Database,
        policy: LoginPolicy,
        *,
        clock: Callable[[], datetime] = utcnow,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.db = db
        self.policy = policy
        self.clock = clock
        self.sleep = sleep

    async def reserve(self, account: str, address: str) -> LoginAttempt:
        """Count an attempt on ``account`` from ``address`` before its password is verified.

        Raises :class:`Throttled` (``login_throttled``) when the attempt must wait, and sleeps
        first when the account is being slowed.
        """
        address = address[:64]
        policy = self.policy
        async with self.db.transaction() as session:
            now = self.clock()
            attempt = LoginAttempt(account, address, now)
            # always in this order, so that concurrent reservations never deadlock
            pair = await lock(session, Scope.LOGIN_PAIR, attempt.pair_key, now)
            on_account = await lock(session, Scope.LOGIN_ACCOUNT, account, now)
            on_address = await lock(session, Scope.LOGIN_ADDRESS, address, now)
            decision = login_decision(pair, on_account, on_address, now, policy)
            if decision.action is Action.REFUSE:
                raise Throttled(
                    "login_throttled", retry_after=decision.seconds, seconds=decision.seconds
                )
            on_account = on_account.counted(now, policy.window_s)
            if decision.action is Action.DELAY:
                on_account = replace(on_account, next_at=now + timedelta(seconds=decision.seconds))
                attempt = replace(attempt, delayed_s=decision.seconds)
            await store(
                session, Scope.LOGIN_PAIR, attempt.pair_key, pair.counted(now, policy.window_s)
            )
            await store(session, Scope.LOGIN_ACCOUNT, account, on_account)
            await store(
                session, Scope.LOGIN_ADDRESS, address, on_address.counted(now, policy.window_s)
            )
            await forget_stale(session, now)
        if attempt.delayed_s:
            await self.sleep(attempt.delayed_s)
        return attempt

    async def succeeded(self, attempt: LoginAttempt) -> None:
        """The password was right: forget this address's failures on the account and uncount
        the attempt. The account's failures from other addresses stay counted."""
        reserved_at = attempt.reserved_at
        async with self.db.transaction() as session:  # same order as reserve: no deadlock
            await give_back(session, Scope.LOGIN_PAIR, attempt.pair_key, reserved_at, reset=True)
            await give_back(session, Scope.LOGIN_ACCOUNT, attempt.account, reserved_at)
            await give_back(session, Scope.LOGIN_ADDRESS, attempt.address, reserved_at)


# Invite codes ---------------------------------------------------------------------------------


class InviteGuard:
    """Throttles wrong invite codes from one address (registration, joining a cohort)."""

    def __init__(
        self,
        db: Database,
        policy: InvitePolicy,
        address: str,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.policy = policy
        self.address = address[:64]
        self.clock = clock

    async def reserve(self) -> datetime:
        """Count an invite-code attempt before the code is looked up; raise ``Throttled``
        (``invite_throttled``) while the address is in its backoff."""
        async with self.db.transaction() as session:
            now = self.clock()
            counter = await lock(session, Scope.INVITE_ADDRESS, self.address, now)
            decision = invite_decision(counter, now, self.policy)
            if decision.action is Action.REFUSE:
                raise Throttled(
                    "invite_throttled", retry_after=decision.seconds, seconds=decision.seconds
                )
            counted = counter.counted(now, self.policy.window_s)
            await store(session, Scope.INVITE_ADDRESS, self.address, counted)
            await forget_stale(session, now)
        return now

    async def succeeded(self, reserved_at: datetime) -> None:
        """The code was right: uncount the attempt."""
        async with self.db.transaction() as session:
            await give_back(session, Scope.INVITE_ADDRESS, self.address, reserved_at)


# Submissions ----------------------------------------------------------------------------------


async def take_submission_slot(
    session: AsyncSession, user_id: int, per_minute: int, now: datetime | None = None
) -> None:
    """Count a submission against the student's ``per_minute`` limit, in the caller's
    transaction (the counter stays locked until it ends); raise ``Throttled``
    (``submission_rate``) when the minute's submissions are used up."""
    now = now or utcnow()
    key = str(user_id)
    counter = await lock(session, Scope.SUBMISSION, key, now)
    decision = capped(counter, now, per_minute, 60)
    if decision.action is Action.REFUSE:
        raise Throttled("submission_rate", retry_after=decision.seconds, limit=per_minute)
    await store(session, Scope.SUBMISSION, key, counter.counted(now, 60))


async def take_clarification_slot(
    session: AsyncSession, user_id: int, limit: int, window_s: int, now: datetime
) -> None:
    """Count a question to a contest's jury against the student's ``limit`` per ``window_s``,
    in the caller's transaction; raise ``Throttled`` (``clarification_rate``) past it."""
    key = str(user_id)
    counter = await lock(session, Scope.CLARIFICATION, key, now)
    decision = capped(counter, now, limit, window_s)
    if decision.action is Action.REFUSE:
        raise Throttled("clarification_rate", retry_after=decision.seconds, limit=limit)
    await store(session, Scope.CLARIFICATION, key, counter.counted(now, window_s))


# Runs on a custom input ------------------------------------------------------------------------


async def take_run_slot(
    session: AsyncSession, user_id: int, per_minute: int, now: datetime
) -> None:
    """Count a run of the user's program on their own input against ``per_minute`` in the
    caller's transaction, which commits at once (a run stores nothing else, and it must not
    hold the counter, or SQLite's write lock, while the program runs); raise ``Throttled``
    (``run_rate``) when the minute's runs are used up."""
    key = str(user_id)
    counter = await lock(session, Scope.CUSTOM_RUN, key, now)
    decision = capped(counter, now, per_minute, 60)
    if decision.action is Action.REFUSE:
        raise Throttled("run_rate", retry_after=decision.seconds, limit=per_minute)
    await store(session, Scope.CUSTOM_RUN, key, counter.counted(now, 60))
