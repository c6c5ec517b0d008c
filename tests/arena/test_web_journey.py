"""The foundation's story over HTTP: an admin makes a cohort, a student registers with its code,
logs in, switches to Chinese and sees the path."""

from __future__ import annotations

import re

import httpx

from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import PASSWORD, UserFactory, csrf_of, log_in
from tests.strict_html import STRICT_HOOKS


async def test_admin_cohort_then_student_registration_and_chinese_home(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    admin = await make_user(Role.ADMIN, username="root.admin")
    await log_in(app_client, admin.username)
    token = await csrf_of(app_client, "/coach")
    created = await app_client.post("/coach", data={"name": "Network 2026", "csrf_token": token})
    assert created.status_code == 303
    cohorts = (await app_client.get("/coach")).text
    code = re.search(r'class="invite">([A-Z0-9]{8})<', cohorts)
    assert code, cohorts
    await app_client.post("/logout", data={"csrf_token": await csrf_of(app_client, "/coach")})

    token = await csrf_of(app_client, "/register")
    registered = await app_client.post(
        "/register",
        data={
            "invite_code": code.group(1),
            "username": "chen.jie",
            "display_name": "Chen Jie",
            "password": PASSWORD,
            "password2": PASSWORD,
            "csrf_token": token,
        },
    )
    assert registered.status_code == 303
    assert registered.headers["location"] == "/student"
    home = await app_client.get("/student")
    assert "My path" in home.text and "Datacom" in home.text and "Associate" in home.text

    token = await csrf_of(app_client, "/student")
    switched = await app_client.post(
        "/lang", data={"locale": "zh_Hans", "next": "/student", "csrf_token": token}
    )
    assert switched.status_code == 303
    chinese = await app_client.get("/student")
    assert '<html lang="zh-Hans">' in chinese.text
    assert "我的路径" in chinese.text and "数据通信" in chinese.text

    # The choice is stored on the account, so it follows the student to a fresh browser.
    app_client.cookies.clear()
    await log_in(app_client, "chen.jie")
    assert "我的路径" in (await app_client.get("/student")).text


async def test_registration_errors_are_shown_next_to_the_field(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    coach = await make_user(Role.COACH)
    cohort = await make_user.cohort(coach)
    await make_user(username="taken.name")
    token = await csrf_of(app_client, "/register")
    bad_code = await app_client.post(
        "/register",
        data={
            "invite_code": "WRONG123",
            "username": "fresh",
            "password": PASSWORD,
            "password2": PASSWORD,
            "csrf_token": token,
        },
    )
    assert bad_code.status_code == 400
    assert "invite code is not valid" in bad_code.text
    duplicate = await app_client.post(
        "/register",
        data={
            "invite_code": cohort.invite_code,
            "username": "Taken.Name",
            "password": PASSWORD,
            "password2": PASSWORD,
            "csrf_token": token,
        },
    )
    assert duplicate.status_code == 400
    assert "already taken" in duplicate.text


async def test_the_browser_language_is_used_until_the_user_chooses(
    app_client: httpx.AsyncClient,
) -> None:
    page = await app_client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert "<h1>登录</h1>" in page.text
    page = await app_client.get("/login", headers={"Accept-Language": "fr-FR,en;q=0.5"})
    assert "<h1>Log in</h1>" in page.text


async def test_wrong_credentials_give_one_generic_message(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user = await make_user()
    unknown = await log_in(app_client, "no.such.user", "whatever1")
    wrong = await log_in(app_client, user.username, "whatever1")
    assert unknown.status_code == wrong.status_code == 400
    assert (
        "Wrong username or password." in unknown.text
        and "Wrong username or password." in wrong.text
    )


async def test_login_is_throttled_after_repeated_failures(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user = await make_user()
    for _ in range(3):
        assert (await log_in(app_client, user.username, "bad-password")).status_code == 400
    throttled = await log_in(app_client, user.username)
    assert throttled.status_code == 429
    assert "Retry-After" in throttled.headers
    assert "Too many failed logins" in throttled.text


async def test_login_rotates_the_session_and_sets_safe_cookies(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user = await make_user()
    first = await log_in(app_client, user.username)
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    token_one = app_client.cookies["arena_session"]
    csrf = await csrf_of(app_client, "/student")
    again = await app_client.post(
        "/login", data={"username": user.username, "password": PASSWORD, "csrf_token": csrf}
    )
    assert again.status_code == 303
    token_two = app_client.cookies["arena_session"]
    assert token_one != token_two
    app_client.cookies.set("arena_session", token_one)
    assert (await app_client.get("/student")).status_code == 303  # the old session is gone


async def test_error_pages_are_clean(app_client: httpx.AsyncClient) -> None:
    missing = await app_client.get("/no/such/page")
    assert missing.status_code == 404
    assert "Page not found" in missing.text and "Traceback" not in missing.text


async def test_open_redirects_are_refused(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user = await make_user()
    token = await csrf_of(app_client, "/login")
    response = await app_client.post(
        "/login?next=//evil.example/x",
        data={
            "username": user.username,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example",
        },
    )
    assert response.headers["location"] == "/student"


async def test_health_endpoints(app_client: httpx.AsyncClient) -> None:
    assert (await app_client.get("/healthz")).json() == {"status": "ok"}
    ready = await app_client.get("/readyz")
    body = ready.json()
    assert body["checks"]["database"] == "ok" and body["checks"]["queue"] == "ok"
    assert ready.status_code == 503  # this app was built without a Docker client


async def test_a_server_error_shows_a_clean_page(settings: Settings) -> None:
    unreachable = Database.from_url("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = create_app(
        settings,
        database=unreachable,
        queue=InProcessQueue(),
        connect_docker_engine=False,
        languages={},
        sweep_every_s=None,
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", event_hooks=STRICT_HOOKS
        ) as client:
            client.cookies.set("arena_session", "some-token")
            response = await client.get("/student")
    await unreachable.dispose()
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "Traceback" not in response.text and "asyncpg" not in response.text
