"""Account services against a real PostgreSQL: users, invites, authentication, throttling."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts import services as accounts
from ictarena.accounts.models import Role
from ictarena.accounts.passwords import hash_password, verify_password
from ictarena.accounts.throttle import LoginPolicy, LoginThrottle
from ictarena.db import Database
from ictarena.errors import Conflict, InvalidInput, Throttled
from tests.arena.helpers import PASSWORD, UserFactory

POLICY = LoginPolicy(max_failures=3)


@pytest.fixture
def throttle(db: Database) -> LoginThrottle:
    return LoginThrottle(db, POLICY)


async def test_passwords_are_hashed_with_argon2id() -> None:
    digest = await hash_password("s3cret-pass")
    assert digest.startswith("$argon2id$")
    assert await verify_password(digest, "s3cret-pass")
    assert not await verify_password(digest, "s3cret-pasS")
    assert not await verify_password(None, "anything")


async def test_duplicate_usernames_are_refused_whatever_the_case(
    session: AsyncSession, make_user: UserFactory
) -> None:
    await make_user(username="li.wei")
    with pytest.raises(Conflict) as caught:
        await accounts.create_user(session, "Li.Wei", PASSWORD)
    assert caught.value.field == "username"
    assert caught.value.message == "username_taken"


@pytest.mark.parametrize("name", ["ab", "-lead", "has space", "x" * 33, "名字"], ids=str)
async def test_malformed_usernames_are_refused(session: AsyncSession, name: str) -> None:
    with pytest.raises(InvalidInput, match="username_invalid"):
        await accounts.create_user(session, name, PASSWORD)


async def test_registration_needs_a_valid_open_invite_code(
    session: AsyncSession, make_user: UserFactory
) -> None:
    coach = await make_user(Role.COACH)
    cohort = await make_user.cohort(coach)
    with pytest.raises(InvalidInput) as caught:
        await accounts.register_student(session, "NOPE1234", "zhang.san", PASSWORD)
    assert (caught.value.field, caught.value.message) == ("invite_code", "invite_invalid")
    student = await accounts.register_student(
        session, cohort.invite_code.lower(), "zhang.san", PASSWORD
    )
    assert student.role is Role.STUDENT


async def test_a_rotated_invite_code_stops_working(
    session: AsyncSession, make_user: UserFactory
) -> None:
    coach = await make_user(Role.COACH)
    cohort = await make_user.cohort(coach)
    old = cohort.invite_code
    new = await accounts.rotate_invite_code(session, coach, cohort)
    assert new != old
    with pytest.raises(InvalidInput):
        await accounts.register_student(session, old, "late.student", PASSWORD)


async def test_wrong_username_and_wrong_password_fail_alike(
    session: AsyncSession, make_user: UserFactory, throttle: LoginThrottle
) -> None:
    await make_user(username="wang.fang")
    with pytest.raises(InvalidInput) as unknown:
        await accounts.authenticate(session, "nobody", PASSWORD, "10.0.0.1", throttle)
    with pytest.raises(InvalidInput) as wrong:
        await accounts.authenticate(session, "wang.fang", "not it", "10.0.0.1", throttle)
    assert unknown.value.message == wrong.value.message == "login_failed"


async def test_repeated_failures_throttle_the_address_but_not_the_owner_elsewhere(
    session: AsyncSession, make_user: UserFactory, throttle: LoginThrottle
) -> None:
    await make_user(username="target")
    for _ in range(POLICY.max_failures):
        with pytest.raises(InvalidInput):
            await accounts.authenticate(session, "target", "guess", "10.0.0.2", throttle)
    with pytest.raises(Throttled):
        await accounts.authenticate(session, "target", PASSWORD, "10.0.0.2", throttle)
    user = await accounts.authenticate(session, "target", PASSWORD, "10.0.0.3", throttle)
    assert user.username == "target"


async def test_a_successful_login_clears_earlier_failures(
    session: AsyncSession, make_user: UserFactory, throttle: LoginThrottle
) -> None:
    await make_user(username="forgetful")
    for _ in range(POLICY.max_failures - 1):
        with pytest.raises(InvalidInput):
            await accounts.authenticate(session, "forgetful", "guess", "10.0.0.4", throttle)
    await accounts.authenticate(session, "forgetful", PASSWORD, "10.0.0.4", throttle)
    with pytest.raises(InvalidInput):
        await accounts.authenticate(session, "forgetful", "guess", "10.0.0.4", throttle)
    user = await accounts.authenticate(session, "forgetful", PASSWORD, "10.0.0.4", throttle)
    assert user.username == "forgetful"


async def test_sessions_rotate_and_end(session: AsyncSession, make_user: UserFactory) -> None:
    user = await make_user()
    first, _ = await accounts.start_session(session, user, days=1)
    second, _ = await accounts.start_session(session, user, days=1, replaces=first)
    assert await accounts.session_for_token(session, first) is None
    assert await accounts.session_for_token(session, second) is not None
    await accounts.end_session(session, second)
    assert await accounts.session_for_token(session, second) is None


async def test_disabling_a_user_ends_their_sessions(
    session: AsyncSession, make_user: UserFactory
) -> None:
    admin = await make_user(Role.ADMIN)
    user = await make_user()
    token, _ = await accounts.start_session(session, user, days=1)
    await accounts.set_active(session, admin, user.id, False)
    assert await accounts.session_for_token(session, token) is None
