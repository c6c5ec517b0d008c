"""A coach's pages: cohorts with their invite codes, and the progress table (students ×
modules, last activity, competency scores), sortable and exported as CSV."""

from __future__ import annotations

import csv
import io
import re

import httpx

from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import PASSWORD, UserFactory, csrf_of, log_in
from tests.arena.pages import Site, judged

Client = tuple[httpx.AsyncClient, InProcessQueue]
ACCEPTED = NormalReport("AC", 100.0, 100.0, [], {})


async def _register(http: httpx.AsyncClient, code: str, username: str, name: str) -> None:
    token = await csrf_of(http, "/register")
    response = await http.post(
        "/register",
        data={"invite_code": code, "username": username, "display_name": name,
              "password": PASSWORD, "password2": PASSWORD, "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 303, response.text
    http.cookies.clear()


async def test_a_coach_creates_a_cohort_rotates_its_code_and_sees_who_joined(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    await log_in(http, coach.username)
    token = await csrf_of(http, "/coach")
    assert (
        await http.post("/coach", data={"name": "Net 2026", "csrf_token": token})
    ).status_code == 303
    cohorts = (await http.get("/coach")).text
    cohort_id = re.search(r'href="/coach/cohorts/(\d+)">Net 2026<', cohorts).group(1)  # type: ignore[union-attr]
    page = (await http.get(f"/coach/cohorts/{cohort_id}")).text
    old_code = re.search(r'class="invite big">([A-Z0-9]+)<', page).group(1)  # type: ignore[union-attr]
    assert "Nobody has joined yet." in page
    rotated = await http.post(f"/coach/cohorts/{cohort_id}/rotate", data={"csrf_token": token})
    assert rotated.status_code == 303
    page = (await http.get(f"/coach/cohorts/{cohort_id}")).text
    code = re.search(r'class="invite big">([A-Z0-9]+)<', page).group(1)  # type: ignore[union-attr]
    assert code != old_code
    http.cookies.clear()
    token = await csrf_of(http, "/register")
    refused = await http.post(
        "/register",
        data={"invite_code": old_code, "username": "late", "password": PASSWORD,
              "password2": PASSWORD, "csrf_token": token},
    )  # fmt: skip
    assert refused.status_code == 400
    await _register(http, code, "li.na", "Li Na")
    await log_in(http, coach.username)
    page = (await http.get(f"/coach/cohorts/{cohort_id}")).text
    assert "li.na" in page and "Members (1)" in page


async def test_the_progress_table_shows_module_status_activity_and_competencies(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach, "Class A")
    await _register(http, cohort.invite_code, "wang.fang", "Wang Fang")
    await _register(http, cohort.invite_code, "zhao.lei", "赵磊")
    async with committed_db.session() as session:
        from sqlalchemy import select

        from ictarena.accounts.models import User

        wang = await session.scalar(select(User).where(User.username == "wang.fang"))
        assert wang is not None
    await judged(committed_db, wang.id, site.code, {"main": "x"}, ACCEPTED, "cpp")
    await log_in(http, coach.username)
    page = (await http.get("/coach/progress")).text
    assert "Progress of Class A" in page
    row = page[page.index("Wang Fang") : page.index("</tr>", page.index("Wang Fang"))]
    cells = re.findall(r'<td class="st st-(\w+)" data-value="(-?\d)"', row)
    names = re.findall(r'<th scope="col" data-sort="number">(\w+)</th>', page)
    statuses = dict(zip(names, cells, strict=False))
    assert statuses["Basics"] == ("done", "3")
    assert statuses["Graphs"] == ("open", "1")  # its prerequisite is done
    assert statuses["Advanced"] == ("locked", "0")  # the next tier
    assert 'data-value="100.0">100%' in row  # protocol comprehension: its only task
    assert 'data-value="33.3">33%' in row  # logical reasoning: one of the three it can open
    assert "UTC" in row  # last activity
    assert '<table class="sortable progress-table"' in page and 'data-sort="text"' in page

    export = await http.get(f"/coach/progress.csv?cohort={cohort.id}")
    assert export.headers["content-type"].startswith("text/csv")
    assert export.content.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert lines[0][:4] == ["Username", "Name", "Solved", "Last activity (UTC)"]
    assert "Basics" in lines[0] and "Logical reasoning (%)" in lines[0]
    wang_line = next(line for line in lines if line[0] == "wang.fang")
    assert wang_line[2] == "1" and wang_line[lines[0].index("Basics")] == "Done"
    assert wang_line[lines[0].index("Logical reasoning (%)")] == "33"
    assert any(line[1] == "赵磊" for line in lines)

    only_sql = (await http.get(f"/coach/progress?cohort={cohort.id}&track=opengauss")).text
    assert ">Queries<" in only_sql and ">Basics<" not in only_sql


async def test_a_coach_never_sees_another_coachs_cohort_in_the_table(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    coach, other = await users(Role.COACH), await users(Role.COACH)
    mine = await users.cohort(coach, "Mine")
    theirs = await users.cohort(other, "Theirs")
    await _register(http, theirs.invite_code, "hidden.student", "Hidden Student")
    await log_in(http, coach.username)
    page = (await http.get(f"/coach/progress?cohort={theirs.id}")).text
    assert "Progress of Mine" in page and "Hidden Student" not in page
    export = await http.get(f"/coach/progress.csv?cohort={theirs.id}")
    assert b"hidden.student" not in export.content
    assert mine.id != theirs.id


async def test_a_coach_without_cohorts_is_shown_where_to_start(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    await log_in(http, (await users(Role.COACH)).username)
    page = await http.get("/coach/progress")
    assert page.status_code == 200 and 'href="/coach">Create a cohort' in page.text
    assert (await http.get("/coach/progress.csv")).status_code == 404
