"""A coach grants a stuck student more quiz attempts from the student's page; nobody else can,
and hostile form values are refused with a message, never a server error."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import Role, User
from ictarena.accounts.services import join_cohort
from ictarena.db import Database
from ictarena.submissions.models import QuizGrant
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site

Client = tuple[httpx.AsyncClient, InProcessQueue]
WRONG = {"answer:mask": "255.255.0.0", "answer:ospf": "b", "answer:udp": "false"}


async def _coached_student(users: UserFactory, db: Database) -> tuple[User, User]:
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach)
    student = await users()
    async with db.session() as session:
        member = await session.get(User, student.id)
        assert member is not None
        await join_cohort(session, member, cohort.invite_code)
        await session.commit()
    return coach, student


async def _submit(http: httpx.AsyncClient, site: Site) -> httpx.Response:
    token = await csrf_of(http, f"/tasks/{site.quiz.slug}")
    return await http.post(f"/tasks/{site.quiz.id}/submit", data={**WRONG, "csrf_token": token})


async def _as(http: httpx.AsyncClient, user: User) -> None:
    http.cookies.clear()  # a fresh browser for the next person
    await log_in(http, user.username)


async def _grants(db: Database) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(QuizGrant)) or 0)


async def test_the_task_page_counts_the_attempts_left_today(
    client: Client, users: UserFactory, site: Site
) -> None:
    http, _queue = client
    await log_in(http, (await users()).username)
    page = (await http.get(f"/tasks/{site.quiz.slug}")).text
    assert "3 of 3 attempts left today" in page
    assert (await _submit(http, site)).status_code == 303
    page = (await http.get(f"/tasks/{site.quiz.slug}")).text
    assert "2 of 3 attempts left today" in page


async def test_a_coach_grants_an_attempt_from_the_students_page(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    coach, student = await _coached_student(users, committed_db)
    await log_in(http, student.username)
    for _ in range(3):
        assert (await _submit(http, site)).status_code == 303
    assert (await _submit(http, site)).status_code == 429

    await _as(http, coach)
    url = f"/coach/students/{student.id}/submissions"
    page = await http.get(url)
    assert (
        "Quiz attempts today" in page.text and f'name="task_id" value="{site.quiz.id}"' in page.text
    )
    token = await csrf_of(http, url)
    granted = await http.post(
        f"/coach/students/{student.id}/quiz-grants",
        data={"task_id": str(site.quiz.id), "count": "1", "csrf_token": token},
    )
    assert granted.status_code == 303 and granted.headers["location"] == url
    assert "Extra quiz attempts granted for today." in (await http.get(url)).text

    await _as(http, student)
    assert "1 of 4 attempts left today" in (await http.get(f"/tasks/{site.quiz.slug}")).text
    assert (await _submit(http, site)).status_code == 303
    assert (await _submit(http, site)).status_code == 429


async def test_another_coach_and_students_cannot_grant(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    _coach, student = await _coached_student(users, committed_db)
    target = f"/coach/students/{student.id}/quiz-grants"
    data = {"task_id": str(site.quiz.id), "count": "5"}

    await _as(http, await users(Role.COACH))
    token = await csrf_of(http, "/coach")
    refused = await http.post(target, data={**data, "csrf_token": token})
    assert refused.status_code == 404

    await _as(http, student)  # granting oneself
    token = await csrf_of(http, "/student")
    refused = await http.post(target, data={**data, "csrf_token": token})
    assert refused.status_code == 403
    assert await _grants(committed_db) == 0


@pytest.mark.parametrize(
    ("task", "count"),
    [
        ("quiz", "0"),
        ("quiz", "21"),
        ("quiz", "-1"),
        ("quiz", str(2**64)),
        ("quiz", "three"),
        ("quiz", ""),
        ("quiz", "１"),  # a full-width digit
        (str(2**64), "1"),
        ("", "1"),
        ("code", "1"),  # not a quiz
        ("999999", "1"),  # no such task
    ],
)
async def test_hostile_grant_values_are_refused_with_a_message(
    client: Client,
    users: UserFactory,
    site: Site,
    committed_db: Database,
    task: str,
    count: str,
) -> None:
    http, _queue = client
    coach, student = await _coached_student(users, committed_db)
    await log_in(http, coach.username)
    token = await csrf_of(http, "/coach")
    task_id = {"quiz": str(site.quiz.id), "code": str(site.code.id)}.get(task, task)
    answer = await http.post(
        f"/coach/students/{student.id}/quiz-grants",
        data={"task_id": task_id, "count": count, "csrf_token": token},
    )
    assert answer.status_code in (400, 404), answer.text
    assert "Traceback" not in answer.text
    assert await _grants(committed_db) == 0
