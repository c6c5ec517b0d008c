"""User management: the password policy, admins creating users, resetting passwords with a
one-time password that must be changed and expires, deactivation ending sessions at once, the
last active admin kept, and every user changing their own password."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from ictarena.accounts import services as accounts
from ictarena.accounts.models import Role, User
from ictarena.accounts.passwords import PasswordPolicy, password_refusal
from ictarena.db import Database, utcnow
from ictarena.errors import InvalidInput
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import PASSWORD, UserFactory, csrf_of, log_in

Client = tuple[httpx.AsyncClient, InProcessQueue]
NEW_PASSWORD = "plum kettle orbit 47"
ONE_TIME_RE = re.compile(r'<code class="one-time">([a-z0-9-]+)</code>')


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Sh0rt!", "password_too_short"),
        ("nine-char", "password_too_short"),
        ("password123", "password_weak"),
        ("qwertyuiop", "password_weak"),
        ("1234567890", "password_weak"),
        ("zhangsan2024", "password_weak"),  # the username with a year
    ],
    ids=["6-chars", "9-chars", "common", "keyboard-walk", "digits", "username-based"],
)
def test_the_policy_refuses_short_and_guessable_passwords(password: str, reason: str) -> None:
    refusal = password_refusal(password, PasswordPolicy(), ("zhangsan",))
    assert refusal is not None and refusal.key == reason


def test_the_policy_accepts_a_long_uncommon_passphrase() -> None:
    assert password_refusal(NEW_PASSWORD, PasswordPolicy()) is None
    assert password_refusal(PASSWORD, PasswordPolicy()) is None


async def test_registration_shows_every_error_at_once(client: Client) -> None:
    http, _queue = client
    token = await csrf_of(http, "/register")
    response = await http.post(
        "/register",
        data={"invite_code": "", "username": "x", "display_name": "",
              "password": "password", "password2": "other", "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 400
    for text in (
        "Usernames are 3–32 characters",
        "The password must have at least 10 characters.",
        "The two passwords differ.",
        "That invite code is not valid.",
    ):
        assert text in response.text, text


async def test_registration_refuses_a_common_password_and_says_why(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach)
    token = await csrf_of(http, "/register")
    response = await http.post(
        "/register",
        data={"invite_code": cohort.invite_code, "username": "li.lei", "display_name": "",
              "password": "password1234", "password2": "password1234", "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 400
    assert "This password is too easy to guess: it is a common password" in response.text


@pytest.mark.parametrize("role", list(Role), ids=str)
async def test_an_admin_creates_a_user_of_any_role_who_can_log_in(
    client: Client, users: UserFactory, role: Role
) -> None:
    http, _queue = client
    await log_in(http, (await users(Role.ADMIN)).username)
    token = await csrf_of(http, "/admin/users")
    created = await http.post(
        "/admin/users",
        data={"action": "create", "username": f"new.{role.value}", "display_name": "New One",
              "password": NEW_PASSWORD, "role": role.value, "csrf_token": token},
    )  # fmt: skip
    assert created.status_code == 303, created.text
    assert "User created." in (await http.get("/admin/users")).text
    http.cookies.clear()
    assert (await log_in(http, f"new.{role.value}", NEW_PASSWORD)).status_code == 303


async def test_an_admin_created_user_follows_the_password_policy(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    await log_in(http, (await users(Role.ADMIN)).username)
    token = await csrf_of(http, "/admin/users")
    refused = await http.post(
        "/admin/users",
        data={"action": "create", "username": "weak.one", "password": "short",
              "role": "student", "csrf_token": token},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "The password must have at least 10 characters." in refused.text


async def _reset(http: httpx.AsyncClient, user_id: int) -> str:
    token = await csrf_of(http, "/admin/users")
    shown = await http.post(
        "/admin/users", data={"action": "reset", "user_id": str(user_id), "csrf_token": token}
    )
    assert shown.status_code == 200, shown.text
    match = ONE_TIME_RE.search(shown.text)
    assert match, shown.text
    assert ONE_TIME_RE.search((await http.get("/admin/users")).text) is None  # shown once
    return match.group(1)


async def test_a_reset_gives_a_one_time_password_that_must_be_changed_first(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    admin, student = await users(Role.ADMIN), await users()
    async with httpx.AsyncClient(transport=http._transport, base_url=http.base_url) as theirs:
        await log_in(theirs, student.username)
        assert (await theirs.get("/student")).status_code == 200
        await log_in(http, admin.username)
        one_time = await _reset(http, student.id)
        # the reset ended the student's sessions
        assert (await theirs.get("/student")).headers["location"].startswith("/login")
    http.cookies.clear()
    assert (await log_in(http, student.username)).status_code == 400  # old password gone
    assert (await log_in(http, student.username, one_time)).status_code == 303
    for path in ("/student", "/tasks", "/submissions"):
        response = await http.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/account/password"
    page = await http.get("/account/password")
    assert "Your password was reset." in page.text
    token = await csrf_of(http, "/account/password")
    changed = await http.post(
        "/account/password",
        data={"current_password": one_time, "password": NEW_PASSWORD,
              "password2": NEW_PASSWORD, "csrf_token": token},
    )  # fmt: skip
    assert changed.status_code == 303 and changed.headers["location"] == "/student"
    landing = await http.get("/student")
    assert landing.status_code == 200
    assert 'role="status">Password changed.' in landing.text


async def test_an_expired_one_time_password_is_refused(
    client: Client, users: UserFactory, committed_db: Database
) -> None:
    http, _queue = client
    admin, student = await users(Role.ADMIN), await users()
    await log_in(http, admin.username)
    one_time = await _reset(http, student.id)
    async with committed_db.session() as session:
        await session.execute(
            update(User)
            .where(User.id == student.id)
            .values(password_expires_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()
    http.cookies.clear()
    refused = await log_in(http, student.username, one_time)
    assert refused.status_code == 400
    assert "This one-time password has expired." in refused.text


async def test_the_reset_lifetime_comes_from_the_setting(
    client: Client, users: UserFactory, committed_db: Database
) -> None:
    http, _queue = client
    admin, student = await users(Role.ADMIN), await users()
    await log_in(http, admin.username)
    before = utcnow()
    await _reset(http, student.id)
    async with committed_db.session() as session:
        reloaded = await session.get(User, student.id)
        assert reloaded is not None and reloaded.password_expires_at is not None
        assert reloaded.must_change_password
        lifetime = reloaded.password_expires_at - before
        assert timedelta(hours=23) < lifetime <= timedelta(hours=24, minutes=1)


async def test_deactivation_logs_the_user_out_at_once_and_reactivation_lets_them_back(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    admin, student = await users(Role.ADMIN), await users()
    async with httpx.AsyncClient(transport=http._transport, base_url=http.base_url) as theirs:
        await log_in(theirs, student.username)
        assert (await theirs.get("/student")).status_code == 200
        await log_in(http, admin.username)
        token = await csrf_of(http, "/admin/users")
        off = await http.post(
            "/admin/users", data={"user_id": str(student.id), "active": "0", "csrf_token": token}
        )
        assert off.status_code == 303
        assert "User deactivated and logged out." in (await http.get("/admin/users")).text
        next_request = await theirs.get("/student")
        assert next_request.status_code == 303
        assert next_request.headers["location"].startswith("/login")
        theirs.cookies.clear()
        assert (await log_in(theirs, student.username)).status_code == 400
        on = await http.post(
            "/admin/users", data={"user_id": str(student.id), "active": "1", "csrf_token": token}
        )
        assert on.status_code == 303
        assert (await log_in(theirs, student.username)).status_code == 303


async def test_an_admin_cannot_deactivate_themselves(client: Client, users: UserFactory) -> None:
    http, _queue = client
    admin = await users(Role.ADMIN)
    await log_in(http, admin.username)
    token = await csrf_of(http, "/admin/users")
    refused = await http.post(
        "/admin/users", data={"user_id": str(admin.id), "active": "0", "csrf_token": token}
    )
    assert refused.status_code == 400 and "You cannot disable your own account." in refused.text


async def test_the_last_active_admin_cannot_be_deactivated_or_demoted(
    users: UserFactory, committed_db: Database
) -> None:
    first, second = await users(Role.ADMIN), await users(Role.ADMIN)
    async with committed_db.session() as session:
        actor = await session.get(User, first.id)
        assert actor is not None
        await accounts.set_active(session, actor, second.id, False)  # one admin stays: allowed
        await session.flush()
        await accounts.set_active(session, actor, second.id, True)
        actor.is_active = False  # a stale admin acting on the only active one left
        await session.flush()
        for call in (
            accounts.set_active(session, actor, second.id, False),
            accounts.set_role(session, actor, second.id, Role.COACH),
        ):
            with pytest.raises(InvalidInput, match="last_admin"):
                await call


async def test_changing_ones_password_needs_the_current_one_and_ends_other_sessions(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    async with httpx.AsyncClient(transport=http._transport, base_url=http.base_url) as other:
        await log_in(other, coach.username)
        await log_in(http, coach.username)
        token = await csrf_of(http, "/account/password")
        wrong = await http.post(
            "/account/password",
            data={"current_password": "not it at all", "password": NEW_PASSWORD,
                  "password2": NEW_PASSWORD, "csrf_token": token},
        )  # fmt: skip
        assert wrong.status_code == 400 and "The current password is wrong." in wrong.text
        weak = await http.post(
            "/account/password",
            data={"current_password": PASSWORD, "password": "abcdefghij",
                  "password2": "abcdefghij", "csrf_token": token},
        )  # fmt: skip
        assert weak.status_code == 400 and "too easy to guess" in weak.text
        assert (await other.get("/coach")).status_code == 200  # refused changes end nothing
        changed = await http.post(
            "/account/password",
            data={"current_password": PASSWORD, "password": NEW_PASSWORD,
                  "password2": NEW_PASSWORD, "csrf_token": token},
        )  # fmt: skip
        assert changed.status_code == 303
        page = await http.get("/account/password")
        assert page.status_code == 200
        assert 'role="status">Password changed. Your other sessions have ended.' in page.text
        assert (await http.get("/coach")).status_code == 200  # this session goes on
        assert (await other.get("/coach")).headers["location"].startswith("/login")
    http.cookies.clear()
    assert (await log_in(http, coach.username, NEW_PASSWORD)).status_code == 303
