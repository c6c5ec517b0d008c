"""A coach's cohort: rename, archive (the invite code stops working), restore, remove a
member and rotate the code, each confirmed; and the same routes refused to another coach and
to a student."""

from __future__ import annotations

import httpx
import pytest

from ictarena.accounts.models import Cohort, CohortMember, Role
from ictarena.db import Database
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import PASSWORD, UserFactory, csrf_of, log_in

Client = tuple[httpx.AsyncClient, InProcessQueue]


async def _register(http: httpx.AsyncClient, code: str, username: str) -> httpx.Response:
    http.cookies.clear()
    token = await csrf_of(http, "/register")
    return await http.post(
        "/register",
        data={"invite_code": code, "username": username, "display_name": "",
              "password": PASSWORD, "password2": PASSWORD, "csrf_token": token},
    )  # fmt: skip


async def test_a_coach_renames_a_cohort(client: Client, users: UserFactory) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach)
    await log_in(http, coach.username)
    token = await csrf_of(http, f"/coach/cohorts/{cohort.id}")
    renamed = await http.post(
        f"/coach/cohorts/{cohort.id}",
        data={"action": "rename", "name": "Datacom 2027", "csrf_token": token},
    )
    assert renamed.status_code == 303
    page = (await http.get(f"/coach/cohorts/{cohort.id}")).text
    assert "<h1>Datacom 2027" in page and 'role="status">Cohort renamed.' in page
    blank = await http.post(
        f"/coach/cohorts/{cohort.id}", data={"action": "rename", "name": " ", "csrf_token": token}
    )
    assert blank.status_code == 400 and "Give the cohort a name of 1–120 characters." in blank.text


async def test_an_archived_cohorts_invite_code_stops_working_until_restored(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach)
    await log_in(http, coach.username)
    token = await csrf_of(http, f"/coach/cohorts/{cohort.id}")
    archived = await http.post(
        f"/coach/cohorts/{cohort.id}", data={"action": "archive", "csrf_token": token}
    )
    assert archived.status_code == 303
    page = (await http.get(f"/coach/cohorts/{cohort.id}")).text
    assert "Cohort archived: its invite code no longer works." in page
    refused = await _register(http, cohort.invite_code, "too.late")
    assert refused.status_code == 400 and "That invite code is not valid." in refused.text
    await log_in(http, coach.username)
    token = await csrf_of(http, f"/coach/cohorts/{cohort.id}")
    restored = await http.post(
        f"/coach/cohorts/{cohort.id}", data={"action": "restore", "csrf_token": token}
    )
    assert restored.status_code == 303
    assert (await _register(http, cohort.invite_code, "on.time")).status_code == 303


async def test_a_coach_removes_a_member(
    client: Client, users: UserFactory, committed_db: Database
) -> None:
    http, _queue = client
    coach, student = await users(Role.COACH), await users()
    cohort = await users.cohort(coach)
    async with committed_db.session() as session:
        session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
        await session.commit()
    await log_in(http, coach.username)
    page = (await http.get(f"/coach/cohorts/{cohort.id}")).text
    assert f">{student.username}</a>" in page
    token = await csrf_of(http, f"/coach/cohorts/{cohort.id}")
    removed = await http.post(
        f"/coach/cohorts/{cohort.id}",
        data={"action": "remove", "user_id": str(student.id), "csrf_token": token},
    )
    assert removed.status_code == 303
    page = (await http.get(f"/coach/cohorts/{cohort.id}")).text
    assert f">{student.username}</a>" not in page
    assert "Student removed from the cohort." in page
    async with committed_db.session() as session:
        assert await session.get(CohortMember, (cohort.id, student.id)) is None


async def test_rotating_asks_for_confirmation_and_confirms(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach)
    await log_in(http, coach.username)
    page = (await http.get(f"/coach/cohorts/{cohort.id}")).text
    form = page[page.index(f'action="/coach/cohorts/{cohort.id}/rotate"') :]
    assert "data-confirm=" in form[: form.index(">")]
    token = await csrf_of(http, f"/coach/cohorts/{cohort.id}")
    await http.post(f"/coach/cohorts/{cohort.id}/rotate", data={"csrf_token": token})
    assert "Invite code rotated" in (await http.get(f"/coach/cohorts/{cohort.id}")).text


HOSTILE_FORMS = [
    ("", {"action": "rename", "name": "Mine now"}),
    ("", {"action": "archive"}),
    ("", {"action": "remove", "user_id": "{student}"}),
    ("/rotate", {}),
]


@pytest.mark.parametrize(
    ("suffix", "form"), HOSTILE_FORMS, ids=["rename", "archive", "remove", "rotate"]
)
@pytest.mark.parametrize("intruder_role", [Role.COACH, Role.STUDENT], ids=str)
async def test_nobody_but_the_owner_changes_a_cohort(
    client: Client,
    users: UserFactory,
    committed_db: Database,
    suffix: str,
    form: dict[str, str],
    intruder_role: Role,
) -> None:
    http, _queue = client
    owner, student = await users(Role.COACH), await users()
    cohort = await users.cohort(owner)
    async with committed_db.session() as session:
        session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
        await session.commit()
    intruder = await users(intruder_role)
    await log_in(http, intruder.username)
    token = await csrf_of(http, "/student")
    data = {key: value.format(student=student.id) for key, value in form.items()}
    response = await http.post(
        f"/coach/cohorts/{cohort.id}{suffix}", data={**data, "csrf_token": token}
    )
    assert response.status_code == (404 if intruder_role is Role.COACH else 403)
    async with committed_db.session() as session:
        after = await session.get(Cohort, cohort.id)
        assert after is not None
        assert (after.name, after.archived, after.invite_code) == (
            "Class A",
            False,
            cohort.invite_code,
        )
        assert await session.get(CohortMember, (cohort.id, student.id)) is not None
