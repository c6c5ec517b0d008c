"""Login and invite-code throttling: the pure policy, then hostile floods of concurrent requests
against real SQLite and PostgreSQL databases, then the login and registration pages."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from ictarena.accounts import services as accounts
from ictarena.accounts.models import Cohort, Role, ThrottleCounter
from ictarena.accounts.throttle import (
    ALLOW,
    Action,
    Counter,
    Decision,
    InviteGuard,
    InvitePolicy,
    LoginPolicy,
    LoginThrottle,
    backoff_wait,
    capped,
    invite_decision,
    login_decision,
    take_submission_slot,
)
from ictarena.db import Database
from ictarena.errors import InvalidInput, Throttled
from ictarena.settings import Settings, load_settings
from tests.arena.helpers import PASSWORD, UserFactory, csrf_of, driver_statements

T0 = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
POLICY = LoginPolicy(
    max_failures=5,
    backoff_s=30,
    backoff_max_s=900,
    window_s=3600,
    account_ceiling=50,
    slow_s=2,
    slow_max_wait_s=60,
    address_cap=300,
)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def failures(
    count: int, last: float = 0, first: float = 0, next_at: float | None = None
) -> Counter:
    """A counter of ``count`` failures, the first ``first`` s and the last ``last`` s after T0."""
    return Counter(count, at(first), at(last), None if next_at is None else at(next_at))


NONE = failures(0)


# The pure policy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "wait"),
    [(0, 0), (4, 0), (5, 30), (6, 60), (7, 120), (9, 480), (10, 900), (50, 900), (10**6, 900)],
    ids=str,
)
def test_the_backoff_doubles_after_the_free_failures_up_to_its_cap(count: int, wait: int) -> None:
    assert backoff_wait(count, free=5, first_s=30, max_s=900) == wait


@pytest.mark.parametrize(
    ("pair", "account", "address", "now", "expected"),
    [
        pytest.param(NONE, NONE, NONE, 0, ALLOW, id="nothing-failed"),
        pytest.param(failures(4), failures(4), failures(4), 1, ALLOW, id="under-the-limit"),
        pytest.param(
            failures(5), failures(5), failures(5), 1, Decision(Action.REFUSE, 29), id="backoff"
        ),
        pytest.param(failures(5), failures(5), failures(5), 30, ALLOW, id="backoff-over"),
        pytest.param(
            failures(7, last=100),
            failures(7),
            failures(7),
            150,
            Decision(Action.REFUSE, 70),
            id="backoff-doubles",
        ),
        pytest.param(
            failures(40, last=100),
            failures(40),
            failures(40),
            101,
            Decision(Action.REFUSE, 899),
            id="backoff-capped",
        ),
        pytest.param(failures(9), failures(9), failures(9), 3600, ALLOW, id="window-over"),
        pytest.param(
            NONE, NONE, failures(300, last=10), 20, Decision(Action.REFUSE, 3580), id="address-cap"
        ),
        pytest.param(NONE, failures(5000), failures(1), 1, ALLOW, id="owner-at-a-clean-address"),
        pytest.param(
            failures(1), failures(50), failures(1), 1, Decision(Action.DELAY, 2), id="slowed"
        ),
        pytest.param(
            failures(1),
            failures(50, next_at=10),
            failures(1),
            1,
            Decision(Action.DELAY, 11),
            id="slowed-behind-others",
        ),
        pytest.param(
            failures(1),
            failures(50, next_at=100),
            failures(1),
            1,
            Decision(Action.REFUSE, 99),
            id="slowed-queue-full",
        ),
    ],
)
def test_login_decision(
    pair: Counter, account: Counter, address: Counter, now: float, expected: Decision
) -> None:
    assert login_decision(pair, account, address, at(now), POLICY) == expected


def test_the_account_ceiling_slows_but_never_refuses_while_the_queue_is_short() -> None:
    account = failures(10_000)
    for step in range(30):
        decision = login_decision(failures(1), account, failures(1), at(0), POLICY)
        assert decision == Decision(Action.DELAY, 2 * (step + 1))
        account = Counter(account.count + 1, at(0), at(0), at(decision.seconds))


def test_invite_codes_back_off_per_address() -> None:
    policy = InvitePolicy(max_failures=3, backoff_s=30, backoff_max_s=900, window_s=3600)
    assert invite_decision(failures(2), at(0), policy) == ALLOW
    assert invite_decision(failures(3), at(10), policy) == Decision(Action.REFUSE, 20)
    assert invite_decision(failures(4), at(10), policy) == Decision(Action.REFUSE, 50)


@pytest.mark.parametrize(
    ("counter", "now", "expected"),
    [
        (failures(9), 59, ALLOW),
        (failures(10), 59, Decision(Action.REFUSE, 1)),
        (failures(10, first=30), 31, Decision(Action.REFUSE, 59)),
        (failures(10), 60, ALLOW),
    ],
    ids=["under", "at-limit", "window-later", "next-window"],
)
def test_a_capped_counter(counter: Counter, now: float, expected: Decision) -> None:
    assert capped(counter, at(now), limit=10, window_s=60) == expected


# Floods against real databases ----------------------------------------------------------------


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passwords that reached verification."""
    seen: list[str] = []
    real = accounts.verify_password

    async def counting(password_hash: str | None, password: str) -> bool:
        seen.append(password)
        return await real(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    return seen


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def throttle(db: Database, policy: LoginPolicy, sleeps: Sleeps | None = None) -> LoginThrottle:
    """A throttle whose clock stands still: the floods below take no time, however slow the
    machine is, and no backoff runs out during one."""
    return LoginThrottle(db, policy, clock=lambda: T0, sleep=Sleeps() if sleeps is None else sleeps)


async def log_in(db: Database, guard: LoginThrottle, username: str, password: str, ip: str) -> str:
    """One login request in its own session, as the login page makes it: the outcome."""
    async with db.session() as session:
        try:
            await accounts.authenticate(session, username, password, ip, guard)
        except InvalidInput:
            await session.rollback()
            return "failed"
        except Throttled as exc:
            await session.rollback()
            return f"throttled {exc.retry_after}"
        await session.commit()
        return "ok"


async def make_account(db: Database, username: str, role: Role = Role.ADMIN) -> None:
    async with db.session() as session:
        await accounts.create_user(session, username, PASSWORD, role)
        await session.commit()


async def test_fifty_concurrent_guesses_from_one_address_get_five_through(
    any_db: Database, verifications: list[str]
) -> None:
    await make_account(any_db, "admin")
    guard = throttle(any_db, POLICY)
    outcomes = await asyncio.gather(
        *(log_in(any_db, guard, "admin", f"guess-{i}", "198.51.100.7") for i in range(50))
    )
    assert len(verifications) == POLICY.max_failures
    assert sorted(outcomes) == ["failed"] * 5 + ["throttled 30"] * 45


async def test_fifty_concurrent_guesses_over_many_accounts_stop_at_the_address_cap(
    any_db: Database, verifications: list[str]
) -> None:
    policy = LoginPolicy(address_cap=8)
    guard = throttle(any_db, policy)
    outcomes = await asyncio.gather(
        *(log_in(any_db, guard, f"user{i}", "guess", "198.51.100.8") for i in range(50))
    )
    assert len(verifications) == 8
    assert outcomes.count("failed") == 8
    assert outcomes.count("throttled 3600") == 42


async def test_after_floods_from_five_addresses_the_owner_logs_in_from_a_sixth_at_once(
    any_db: Database, verifications: list[str]
) -> None:
    await make_account(any_db, "admin")
    policy = LoginPolicy(max_failures=5, account_ceiling=12)
    sleeps = Sleeps()
    guard = throttle(any_db, policy, sleeps)
    for n in range(1, 6):  # one address after the other, twenty concurrent guesses from each
        outcomes = await asyncio.gather(
            *(log_in(any_db, guard, "admin", f"guess-{i}", f"203.0.113.{n}") for i in range(20))
        )
        assert sorted(outcomes) == ["failed"] * 5 + ["throttled 30"] * 15
    # Past the ceiling of 12 failures, the guesses from an address that had already failed
    # waited, one slot of 2 s after the other: 3 from the third address, 4 from the fourth
    # and the fifth (the first guess from each address is not slowed).
    assert sorted(sleeps) == [2 * (n + 1) for n in range(11)]

    sleeps.clear()
    verifications.clear()
    assert await log_in(any_db, guard, "admin", PASSWORD, "192.0.2.66") == "ok"
    assert sleeps == []  # not slowed
    assert verifications == [PASSWORD]


async def test_a_correct_password_during_an_attack_leaves_the_attack_counted(
    any_db: Database,
) -> None:
    await make_account(any_db, "admin")
    guard = throttle(any_db, LoginPolicy(max_failures=3))
    for i in range(3):
        assert await log_in(any_db, guard, "admin", f"guess-{i}", "203.0.113.9") == "failed"
    assert await log_in(any_db, guard, "admin", PASSWORD, "192.0.2.66") == "ok"
    assert await log_in(any_db, guard, "admin", "guess", "203.0.113.9") == "throttled 30"
    async with any_db.session() as session:
        on_account = await session.scalar(
            select(ThrottleCounter.count).where(ThrottleCounter.scope == "login.account")
        )
    assert on_account == 3  # the owner's success took back only its own attempt


async def test_counters_nobody_touched_for_two_days_are_deleted(any_db: Database) -> None:
    async with any_db.session() as session:
        for key, age in (("old", timedelta(days=2, seconds=1)), ("recent", timedelta(days=1))):
            session.add(
                ThrottleCounter(
                    scope="login.account", key=key, count=9, window_start=T0, last_at=T0 - age
                )
            )
        await session.commit()
    assert await log_in(any_db, throttle(any_db, POLICY), "nobody", "x", "192.0.2.9") == "failed"
    async with any_db.session() as session:
        keys = set(await session.scalars(select(ThrottleCounter.key)))
    assert "old" not in keys and {"recent", "nobody"} <= keys


# A submission's counter, in the intake's transaction ---------------------------------------------


@pytest.mark.parametrize("opened", [True, False], ids=["transaction-open", "first-statement"])
async def test_a_submission_counter_counts_alike_through_the_driver_and_the_orm(
    any_db: Database, monkeypatch: pytest.MonkeyPatch, opened: bool
) -> None:
    """The intake counts a submission after it has read the task: on PostgreSQL the counter's
    statements then go through the driver; a statement that opens the transaction (and every
    one on SQLite) goes through the ORM. Either way the counts, the window and the refusal
    agree."""
    through_driver = driver_statements(monkeypatch)

    async def slot(at: datetime) -> None:
        async with any_db.session() as session:
            if opened:
                await session.execute(select(1))  # the intake's reads come first
            await take_submission_slot(session, 4242, 3, at)
            await session.commit()

    for seconds in (0, 1, 2):
        await slot(at(seconds))
    with pytest.raises(Throttled) as refused:
        await slot(at(5))
    assert (refused.value.message, refused.value.retry_after) == ("submission_rate", 55)
    await slot(at(61))  # a new window
    async with any_db.session() as session:
        counter = await session.scalar(select(ThrottleCounter).where(ThrottleCounter.key == "4242"))
    assert counter is not None
    assert (counter.count, counter.window_start, counter.last_at) == (1, at(61), at(61))
    # On PostgreSQL, once the transaction is open: a lock and a count for each of the four
    # slots taken, a lock for the one refused. When the lock opens the transaction, only the
    # counts that follow it.
    expected = (9 if opened else 4) if any_db.engine.dialect.name == "postgresql" else 0
    assert len(through_driver) == expected


# Invite codes ---------------------------------------------------------------------------------


async def _cohort(db: Database) -> Cohort:
    async with db.session() as session:
        coach = await accounts.create_user(session, "coach", PASSWORD, Role.COACH)
        cohort = await accounts.create_cohort(session, coach, "Class A")
        await session.commit()
        return cohort


async def register(db: Database, guard: InviteGuard, code: str, username: str) -> str:
    async with db.session() as session:
        try:
            await accounts.register_student(session, code, username, PASSWORD, guard=guard)
        except InvalidInput as exc:
            await session.rollback()
            return exc.message
        except Throttled as exc:
            await session.rollback()
            return f"throttled {exc.retry_after}"
        await session.commit()
        return "ok"


async def test_twenty_concurrent_wrong_invite_codes_get_three_looked_up(
    any_db: Database,
) -> None:
    cohort = await _cohort(any_db)
    policy = InvitePolicy(max_failures=3)

    def guard(address: str) -> InviteGuard:
        return InviteGuard(any_db, policy, address, clock=lambda: T0)

    outcomes = await asyncio.gather(
        *(register(any_db, guard("198.51.100.9"), f"WRONG{i:03d}", f"s{i:03d}") for i in range(20))
    )
    assert sorted(outcomes) == ["invite_invalid"] * 3 + ["throttled 30"] * 17
    # the right code is throttled from that address too, but not from another one
    assert await register(any_db, guard("198.51.100.9"), cohort.invite_code, "late") == (
        "throttled 30"
    )
    for n in range(5):  # right codes give their attempt back: a classroom shares one address
        assert await register(any_db, guard("192.0.2.1"), cohort.invite_code, f"pupil{n}") == "ok"


async def test_joining_a_cohort_is_throttled_too(any_db: Database) -> None:
    cohort = await _cohort(any_db)
    guard = InviteGuard(any_db, InvitePolicy(max_failures=2), "198.51.100.10", clock=lambda: T0)
    async with any_db.session() as session:
        student = await accounts.create_user(session, "student", PASSWORD)
        await session.commit()
        for _ in range(2):
            with pytest.raises(InvalidInput):
                await accounts.join_cohort(session, student, "NOPE2345", guard)
        with pytest.raises(Throttled):
            await accounts.join_cohort(session, student, cohort.invite_code, guard)


# The pages ------------------------------------------------------------------------------------


@pytest.fixture
def settings(tmp_data_dir: Path) -> Settings:
    return load_settings(
        data_dir=tmp_data_dir,
        login_max_failures=3,
        login_backoff_s=45,
        invite_max_failures=2,
        secret_key="test-secret",
    )


async def test_the_login_page_answers_429_with_retry_after_and_the_generic_message(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user = await make_user(username="page.user")
    for _ in range(3):
        token = await csrf_of(app_client, "/login")
        wrong = await app_client.post(
            "/login", data={"username": user.username, "password": "x", "csrf_token": token}
        )
        assert wrong.status_code == 400
        assert "Wrong username or password." in wrong.text
    token = await csrf_of(app_client, "/login")
    refused = await app_client.post(
        "/login", data={"username": user.username, "password": PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 45
    assert "Too many failed logins. Try again in" in refused.text


async def test_the_register_page_throttles_wrong_invite_codes(
    app_client: httpx.AsyncClient,
) -> None:
    async def post(code: str) -> httpx.Response:
        token = await csrf_of(app_client, "/register")
        form = {
            "invite_code": code,
            "username": "new.student",
            "display_name": "",
            "password": PASSWORD,
            "password2": PASSWORD,
            "csrf_token": token,
        }
        return await app_client.post("/register", data=form)

    for code in ("WRONG234", "WRONG345"):
        assert (await post(code)).status_code == 400
    refused = await post("WRONG456")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 45
    assert "Too many wrong invite codes" in refused.text
