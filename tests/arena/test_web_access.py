"""Access control over HTTP: roles checked server-side on every route, CSRF on every change."""

from __future__ import annotations

import httpx
import pytest
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.http.app import all_routes
from tests.arena.helpers import UserFactory, csrf_of, log_in

# Outside page(): probes, the metrics (their own bearer token or loopback), and the judge-host
# API, which checks its own bearer token.
PUBLIC_UNWRAPPED = {"/healthz", "/readyz", "/metrics", "/api/judge/datasets/{content_hash}"}


def _routes() -> list[Route]:
    return [route for route in all_routes() if isinstance(route, Route)]


def test_every_route_goes_through_the_page_decorator() -> None:
    for route in _routes():
        if route.path in PUBLIC_UNWRAPPED:
            assert route.methods is not None and route.methods <= {"GET", "HEAD"}
            continue
        assert "arena_login" in route.endpoint.__dict__, f"{route.path} bypasses page()"


ADMIN_ONLY = ["/admin", "/admin/users"]
COACH_ONLY = ["/coach"]


@pytest.mark.parametrize("path", ADMIN_ONLY + COACH_ONLY)
async def test_a_student_gets_403_on_coach_and_admin_pages(
    app_client: httpx.AsyncClient, make_user: UserFactory, path: str
) -> None:
    student = await make_user(Role.STUDENT)
    await log_in(app_client, student.username)
    response = await app_client.get(path)
    assert response.status_code == 403
    assert "Not allowed" in response.text


@pytest.mark.parametrize("path", ADMIN_ONLY)
async def test_a_coach_gets_403_on_admin_pages(
    app_client: httpx.AsyncClient, make_user: UserFactory, path: str
) -> None:
    coach = await make_user(Role.COACH)
    await log_in(app_client, coach.username)
    assert (await app_client.get(path)).status_code == 403


async def test_a_student_cannot_post_to_admin_actions_either(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    student = await make_user(Role.STUDENT)
    await log_in(app_client, student.username)
    token = await csrf_of(app_client, "/student")
    response = await app_client.post(
        "/admin/users", data={"user_id": str(student.id), "role": "admin", "csrf_token": token}
    )
    assert response.status_code == 403


async def test_a_coach_cannot_see_another_coachs_cohort(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    owner = await make_user(Role.COACH)
    cohort = await make_user.cohort(owner)
    other = await make_user(Role.COACH)
    await log_in(app_client, other.username)
    assert (await app_client.get(f"/coach/cohorts/{cohort.id}")).status_code == 404


@pytest.mark.parametrize("path", ["/student", "/coach", "/admin"])
async def test_anonymous_visitors_are_sent_to_the_login_page(
    app_client: httpx.AsyncClient, path: str
) -> None:
    response = await app_client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


async def test_a_post_without_a_csrf_token_is_rejected(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    coach = await make_user(Role.COACH)
    await log_in(app_client, coach.username)
    response = await app_client.post("/coach", data={"name": "Sneaky cohort"})
    assert response.status_code == 403
    page = await app_client.get("/coach")
    assert "Sneaky cohort" not in page.text


async def test_a_post_with_another_sessions_token_is_rejected(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    coach = await make_user(Role.COACH)
    await log_in(app_client, coach.username)
    foreign = await csrf_of(app_client, "/coach")
    await app_client.post("/logout", data={"csrf_token": foreign})
    await log_in(app_client, coach.username)
    response = await app_client.post("/coach", data={"name": "Replayed", "csrf_token": foreign})
    assert response.status_code == 403


async def test_a_cross_site_origin_is_rejected_even_with_a_token(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    coach = await make_user(Role.COACH)
    await log_in(app_client, coach.username)
    token = await csrf_of(app_client, "/coach")
    response = await app_client.post(
        "/coach",
        data={"name": "x", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


async def test_login_form_needs_its_csrf_token(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user = await make_user()
    response = await app_client.post("/login", data={"username": user.username, "password": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path", sorted({r.path for r in _routes() if r.methods and "POST" in r.methods}), ids=str
)
async def test_every_state_changing_route_rejects_a_missing_token(
    app_client: httpx.AsyncClient, make_user: UserFactory, path: str
) -> None:
    admin = await make_user(Role.ADMIN)
    await log_in(app_client, admin.username)
    concrete = path.replace("{cohort_id:int}", "1").replace("{id:int}", "1")
    concrete = concrete.replace("{task_id:int}", "1").replace("{user_id:int}", "1")
    concrete = concrete.replace("{position:int}", "1")
    response = await app_client.post(concrete, data={"anything": "1"})
    assert response.status_code == 403
