"""Every state-changing form of the app confirms itself once, after its redirect, in a
``role="status"`` message in the reader's language. The list of scenarios below must cover
every POST route: a new route without a confirmation fails
``test_every_post_route_has_a_confirmation_scenario``."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update
from starlette.routing import Route

from ictarena.accounts.models import Role, User
from ictarena.accounts.services import join_cohort
from ictarena.catalog.models import Tier, Track
from ictarena.db import Database
from ictarena.events.notifications import notify
from ictarena.http.app import create_app
from ictarena.settings import Settings
from ictarena.submissions.models import Judging
from ictarena.submissions.recording import record_error
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.contests_admin_flashes import SCENARIOS as CONTEST_ADMIN_SCENARIOS
from tests.arena.contests_flashes import SCENARIOS as CONTEST_SCENARIOS
from tests.arena.helpers import PASSWORD, UserFactory, csrf_of, log_in
from tests.arena.pages import Site, judged, queued
from tests.arena.plagiarism_flashes import SCENARIOS as PLAGIARISM_SCENARIOS
from tests.arena.virtual_flashes import SCENARIOS as VIRTUAL_SCENARIOS

Client = tuple[httpx.AsyncClient, InProcessQueue]
STATUS_RE = re.compile(r'<p class="notice flash" role="status">([^<]*)</p>')
REPO = Path(__file__).resolve().parents[2]
ACCEPTED = NormalReport("AC", 100.0, 100.0, [], {})

# POST routes that change nothing a person would want confirmed, or answer a program.
SILENT = {
    "/login": "signing in lands on the home page, which is the confirmation",
    "/lang": "the page itself switches language",
    "/api/submissions": "a JSON API for programs: its 201 answer carries the submission",
    "/notifications/{id:int}/open": "opening a notification follows its link; it shows as read",
    "/tasks/{task_id:int}/run": "a run changes nothing: its answer is the program's result",
    "/contests/{slug:str}/rounds/{position:int}/tasks/{label:str}/run": (
        "a run changes nothing: its answer is the program's result"
    ),
}


@dataclass
class World:
    http: httpx.AsyncClient
    queue: InProcessQueue
    users: UserFactory
    site: Site
    db: Database


Scenario = Callable[[World], Awaitable[tuple[httpx.Response, str]]]
"""Performs the POST (returning its response) and names the page to visit afterwards."""


async def _as(world: World, role: Role) -> int:
    user = await world.users(role)
    await log_in(world.http, user.username)
    return user.id


async def _coach_create(world: World) -> tuple[httpx.Response, str]:
    await _as(world, Role.COACH)
    token = await csrf_of(world.http, "/coach")
    return await world.http.post("/coach", data={"name": "N", "csrf_token": token}), "/coach"


async def _cohort_rename(world: World) -> tuple[httpx.Response, str]:
    coach = await world.users(Role.COACH)
    cohort = await world.users.cohort(coach)
    await log_in(world.http, coach.username)
    url = f"/coach/cohorts/{cohort.id}"
    token = await csrf_of(world.http, url)
    data = {"action": "rename", "name": "M", "csrf_token": token}
    return await world.http.post(url, data=data), url


async def _cohort_public_name(world: World) -> tuple[httpx.Response, str]:
    coach = await world.users(Role.COACH)
    cohort = await world.users.cohort(coach)
    await log_in(world.http, coach.username)
    url = f"/coach/cohorts/{cohort.id}"
    token = await csrf_of(world.http, url)
    data = {"action": "public_name", "public_name": "Shenzhen Poly", "csrf_token": token}
    return await world.http.post(url, data=data), url


async def _cohort_rotate(world: World) -> tuple[httpx.Response, str]:
    coach = await world.users(Role.COACH)
    cohort = await world.users.cohort(coach)
    await log_in(world.http, coach.username)
    url = f"/coach/cohorts/{cohort.id}"
    token = await csrf_of(world.http, url)
    return await world.http.post(url + "/rotate", data={"csrf_token": token}), url


async def _user_update(world: World) -> tuple[httpx.Response, str]:
    student = await world.users()
    await _as(world, Role.ADMIN)
    token = await csrf_of(world.http, "/admin/users")
    data = {"user_id": str(student.id), "role": "coach", "csrf_token": token}
    return await world.http.post("/admin/users", data=data), "/admin/users"


async def _password(world: World) -> tuple[httpx.Response, str]:
    await _as(world, Role.STUDENT)
    token = await csrf_of(world.http, "/account/password")
    new = "plum kettle orbit 47"
    data = {"current_password": PASSWORD, "password": new, "password2": new, "csrf_token": token}
    return await world.http.post("/account/password", data=data), "/account/password"


async def _board_name(world: World) -> tuple[httpx.Response, str]:
    await _as(world, Role.STUDENT)
    token = await csrf_of(world.http, "/account")
    data = {"board_name": "Packet Wizard", "csrf_token": token}
    return await world.http.post("/account", data=data), "/account"


async def _logout(world: World) -> tuple[httpx.Response, str]:
    await _as(world, Role.STUDENT)
    token = await csrf_of(world.http, "/student")
    return await world.http.post("/logout", data={"csrf_token": token}), "/login"


async def _register(world: World) -> tuple[httpx.Response, str]:
    cohort = await world.users.cohort(await world.users(Role.COACH))
    token = await csrf_of(world.http, "/register")
    data = {"invite_code": cohort.invite_code, "username": "new.one", "display_name": "",
            "password": PASSWORD, "password2": PASSWORD, "csrf_token": token}  # fmt: skip
    return await world.http.post("/register", data=data), "/student"


async def _submit(world: World) -> tuple[httpx.Response, str]:
    await _as(world, Role.STUDENT)
    token = await csrf_of(world.http, "/student")
    data = {"language": "cpp", "source": "verdict=AC", "csrf_token": token}
    response = await world.http.post(f"/tasks/{world.site.code.id}/submit", data=data)
    return response, response.headers.get("location", "/")


async def _submitted_and_judged(world: World) -> int:
    student = await world.users()
    sid = await queued(world.db, student.id, world.site.code, {"main.cpp": "verdict=AC"})
    return sid


async def _rejudging_create(world: World) -> tuple[httpx.Response, str]:
    sid = await _submitted_and_judged(world)
    await _as(world, Role.ADMIN)
    token = await csrf_of(world.http, "/admin/rejudgings")
    data = {"submissions": str(sid), "reason": "check", "csrf_token": token}
    response = await world.http.post("/admin/rejudgings", data=data)
    return response, response.headers.get("location", "/")


async def _rejudging_cancel(world: World) -> tuple[httpx.Response, str]:
    created, _ = await _rejudging_create(world)
    url = created.headers["location"]
    await world.http.get(url)  # the creation's own confirmation is shown and spent
    token = await csrf_of(world.http, url)
    return await world.http.post(url, data={"action": "cancel", "csrf_token": token}), url


async def _judging_retry(world: World) -> tuple[httpx.Response, str]:
    sid = await _submitted_and_judged(world)
    async with world.db.session() as session:
        judging = await session.scalar(select(Judging).where(Judging.submission_id == sid))
        assert judging is not None
        await record_error(session, judging.id, "engine unreachable")
        await session.commit()
    await _as(world, Role.ADMIN)
    token = await csrf_of(world.http, "/admin/fleet")
    url = f"/admin/judgings/{judging.id}/retry"
    return await world.http.post(url, data={"csrf_token": token}), "/admin/fleet"


async def _package_import(world: World) -> tuple[httpx.Response, str]:
    await _as(world, Role.ADMIN)
    token = await csrf_of(world.http, "/admin/problems")
    bundled = REPO / "problem_sets" / "programming"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # the set with one of its tasks
        archive.write(bundled / "set.yaml", "set.yaml")
        for path in sorted((bundled / "subnet-mask").rglob("*")):
            if path.is_file():
                archive.write(path, str(path.relative_to(bundled)))
    response = await world.http.post(
        "/admin/problems",
        params={"csrf_token": token},
        files={"package": ("programming-set.zip", buffer.getvalue(), "application/zip")},
    )
    return response, ""  # the import page shows its report and confirmation at once


async def _quiz_grant(world: World) -> tuple[httpx.Response, str]:
    coach = await world.users(Role.COACH)
    cohort = await world.users.cohort(coach)
    student = await world.users()
    async with world.db.session() as session:
        member = await session.get(User, student.id)
        assert member is not None
        await join_cohort(session, member, cohort.invite_code)
        await session.commit()
    await log_in(world.http, coach.username)
    url = f"/coach/students/{student.id}/submissions"
    token = await csrf_of(world.http, url)
    data = {"task_id": str(world.site.quiz.id), "count": "2", "csrf_token": token}
    return await world.http.post(f"/coach/students/{student.id}/quiz-grants", data=data), url


async def _editorial_release(world: World) -> tuple[httpx.Response, str]:
    from sqlalchemy import update

    from ictarena.catalog.models import Dataset

    async with world.db.transaction() as session:
        await session.execute(
            update(Dataset)
            .where(Dataset.task_id == world.site.code.id)
            .values(editorial_en="Add.", editorial_zh="相加。")
        )
    coach = await world.users(Role.COACH)
    cohort = await world.users.cohort(coach)
    await log_in(world.http, coach.username)
    token = await csrf_of(world.http, "/tasks/aplusb")
    data = {"cohort": str(cohort.id), "released": "1", "csrf_token": token}
    return await world.http.post("/tasks/aplusb/editorial", data=data), "/tasks/aplusb"


async def _criteria(world: World, action: str) -> tuple[httpx.Response, str]:
    from ictarena.catalog.models import Tier, Track

    await _as(world, Role.ADMIN)
    async with world.db.session() as session:
        tier_id = await session.scalar(
            select(Tier.id).join(Track).where(Track.slug == "programming", Tier.level == 2)
        )
    token = await csrf_of(world.http, "/admin/tracks")
    data = {"tier_id": str(tier_id), "action": action, "points": "70", "csrf_token": token}
    return await world.http.post("/admin/tracks", data=data), "/admin/tracks"


async def _criteria_save(world: World) -> tuple[httpx.Response, str]:
    return await _criteria(world, "save")


async def _criteria_revert(world: World) -> tuple[httpx.Response, str]:
    return await _criteria(world, "revert")


async def _coached_student(world: World) -> tuple[User, int]:
    """A coach (logged in) with a cohort and one student in it; returns the student and the
    cohort's id."""
    coach = await world.users(Role.COACH)
    cohort = await world.users.cohort(coach)
    student = await world.users()
    async with world.db.session() as session:
        member = await session.get(User, student.id)
        assert member is not None
        await join_cohort(session, member, cohort.invite_code)
        await session.commit()
    await log_in(world.http, coach.username)
    return student, cohort.id


async def _promotion_hold(world: World) -> tuple[httpx.Response, str]:
    student, cohort_id = await _coached_student(world)
    url = f"/coach/promotions?cohort={cohort_id}"
    token = await csrf_of(world.http, url)
    async with world.db.session() as session:
        track = await session.scalar(select(Track.id).where(Track.slug == "programming"))
    data = {"action": "hold", "student": str(student.id), "track": str(track),
            "reason": "Finish Basics first.", "csrf_token": token}  # fmt: skip
    return await world.http.post(f"/coach/promotions/decide?cohort={cohort_id}", data=data), url


async def _promotion_bulk(world: World) -> tuple[httpx.Response, str]:
    student, cohort_id = await _coached_student(world)
    async with world.db.session() as session:
        track = await session.scalar(select(Track).where(Track.slug == "programming"))
        assert track is not None
        await session.execute(
            update(Tier)
            .where(Tier.track_id == track.id, Tier.level == 2)
            .values(criteria={"modules_done": ["prog-basics"]})
        )
        await session.commit()
    await judged(world.db, student.id, world.site.code, {"main.cpp": "x"}, ACCEPTED, "cpp")
    url = f"/coach/promotions?cohort={cohort_id}"
    token = await csrf_of(world.http, url)
    data = {"pick": f"{student.id}:{track.id}", "csrf_token": token}
    return await world.http.post(f"/coach/promotions/approve?cohort={cohort_id}", data=data), url


async def _notifications_read(world: World) -> tuple[httpx.Response, str]:
    student_id = await _as(world, Role.STUDENT)
    async with world.db.session() as session:
        await notify(session, student_id, "promotion.promote", {"track_en": "Datacom",
                     "tier_en": "Professional"}, link="/progress")  # fmt: skip
        await session.commit()
    token = await csrf_of(world.http, "/notifications")
    response = await world.http.post("/notifications/read", data={"csrf_token": token})
    return response, "/notifications"


SCENARIOS: dict[str, list[tuple[str, Scenario, str]]] = {
    "/coach/promotions/decide": [("hold a student", _promotion_hold, "Hold recorded.")],
    "/coach/promotions/approve": [
        ("bulk-approve", _promotion_bulk, "The selected students were promoted")
    ],
    "/notifications/read": [
        ("mark notifications read", _notifications_read, "All notifications marked as read.")
    ],
    "/coach": [("create cohort", _coach_create, "Cohort created.")],
    "/coach/cohorts/{cohort_id:int}": [
        ("rename cohort", _cohort_rename, "Cohort renamed."),
        ("cohort public name", _cohort_public_name, "Public name saved."),
    ],
    "/coach/cohorts/{cohort_id:int}/rotate": [
        ("rotate invite", _cohort_rotate, "Invite code rotated")
    ],
    "/admin/users": [("change role", _user_update, "User updated.")],
    "/account/password": [("change password", _password, "Password changed.")],
    "/account": [("board name", _board_name, "Board name saved.")],
    "/logout": [("log out", _logout, "You have logged out.")],
    "/register": [("register", _register, "Welcome! Your account is ready.")],
    "/tasks/{task_id:int}/submit": [("submit", _submit, "Submission received.")],
    "/admin/rejudgings": [("create rejudging", _rejudging_create, "Rejudging created")],
    "/admin/rejudgings/{id:int}": [("cancel rejudging", _rejudging_cancel, "Rejudging cancelled.")],
    "/admin/judgings/{id:int}/retry": [("retry judging", _judging_retry, "Judging queued again.")],
    "/admin/problems": [("import package", _package_import, "Package imported.")],
    "/admin/tracks": [
        ("save entry criteria", _criteria_save, "Entry criteria saved"),
        ("revert entry criteria", _criteria_revert, "Entry criteria reverted"),
    ],
    "/coach/students/{user_id:int}/quiz-grants": [
        ("grant quiz attempts", _quiz_grant, "Extra quiz attempts granted")
    ],
    "/tasks/{slug}/editorial": [("release an editorial", _editorial_release, "Editorial released")],
    **CONTEST_ADMIN_SCENARIOS,  # the jury's contest pages
    **CONTEST_SCENARIOS,  # taking part: registering, teams, timers, submitting, exams
    **VIRTUAL_SCENARIOS,  # after a contest: virtual participation and upsolving
    **PLAGIARISM_SCENARIOS,  # the jury's plagiarism review
}


def _post_routes(settings: Settings) -> set[str]:
    app = create_app(settings, queue=InProcessQueue(), connect_docker_engine=False)
    return {
        route.path
        for route in app.routes
        if isinstance(route, Route) and route.methods and "POST" in route.methods
    }


def test_every_post_route_has_a_confirmation_scenario(settings: Settings) -> None:
    routes = _post_routes(settings)
    assert routes - set(SILENT) - set(SCENARIOS) == set(), "POST routes without a confirmation"
    assert set(SCENARIOS) <= routes, "scenarios for routes that no longer exist"


CASES = [(route, case) for route, cases in SCENARIOS.items() for case in cases]


@pytest.mark.parametrize(("route", "case"), CASES, ids=[case[0] for _r, case in CASES])
async def test_the_confirmation_appears_once_after_the_redirect(
    client: Client,
    users: UserFactory,
    site: Site,
    committed_db: Database,
    route: str,
    case: tuple[str, Scenario, str],
) -> None:
    http, queue = client
    _name, scenario, text = case
    response, then = await scenario(World(http, queue, users, site, committed_db))
    if response.status_code == 200:  # a page that shows its result at once
        shown = STATUS_RE.findall(response.text)
    else:
        assert response.status_code == 303, response.text
        page = await http.get(then)
        assert page.status_code == 200, page.text
        shown = STATUS_RE.findall(page.text)
        again = await http.get(then)
        assert not STATUS_RE.findall(again.text), "a confirmation is shown once"
    assert len(shown) == 1 and text in shown[0], shown


async def test_a_confirmation_is_translated(client: Client, users: UserFactory) -> None:
    http, _queue = client
    await log_in(http, (await users(Role.COACH)).username)
    http.cookies.set("arena_lang", "zh_Hans")
    token = await csrf_of(http, "/coach")
    await http.post("/coach", data={"name": "N", "csrf_token": token})
    shown = STATUS_RE.findall((await http.get("/coach")).text)
    assert shown == ["班级已创建。"]


async def test_a_forged_confirmation_cookie_shows_nothing(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    await log_in(http, (await users(Role.COACH)).username)
    http.cookies.set("arena_flash", "cohort_created.0000")
    assert not STATUS_RE.findall((await http.get("/coach")).text)
