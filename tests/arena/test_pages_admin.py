"""The admin desk: users and roles, refused uploads with a clear message, and the fleet page
with its judge errors."""

from __future__ import annotations

import httpx
import pytest

from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.submissions.recording import record_error
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site, queued

Client = tuple[httpx.AsyncClient, InProcessQueue]


async def test_an_admin_makes_a_student_a_coach(client: Client, users: UserFactory) -> None:
    http, _queue = client
    admin, student = await users(Role.ADMIN), await users()
    await log_in(http, admin.username)
    token = await csrf_of(http, "/admin/users")
    changed = await http.post(
        "/admin/users", data={"user_id": str(student.id), "role": "coach", "csrf_token": token}
    )
    assert changed.status_code == 303
    page = (await http.get("/admin/users")).text
    row = page[page.index(f'id="role-{student.id}"') :]
    assert '<option value="coach" selected>Coach</option>' in row[: row.index("</select>")]
    refused = await http.post(
        "/admin/users", data={"user_id": str(admin.id), "role": "student", "csrf_token": token}
    )
    assert refused.status_code == 400 and "You cannot remove your own admin role." in refused.text


@pytest.mark.parametrize(
    ("filename", "form", "message"),
    [
        ("notes.txt", {}, "Upload a .zip or .kpp file."),
        ("task.zip", {"time_limit": "fast"}, "The time limit must be a number of seconds"),
        ("task.zip", {"time_limit": "0"}, "The time limit must be a number of seconds"),
    ],
    ids=["not-a-zip", "time-limit-text", "time-limit-zero"],
)
async def test_a_refused_upload_says_why(
    client: Client, users: UserFactory, filename: str, form: dict[str, str], message: str
) -> None:
    http, _queue = client
    await log_in(http, (await users(Role.ADMIN)).username)
    token = await csrf_of(http, "/admin/problems")
    response = await http.post(
        "/admin/problems",
        params={"csrf_token": token},
        data=form,
        files={"package": (filename, b"PK\x05\x06" + b"\0" * 18, "application/zip")},
    )
    assert response.status_code == 400
    assert "Nothing was imported:" in response.text and message in response.text
    assert "Traceback" not in response.text


async def test_the_fleet_page_lists_judge_errors_with_a_retry_button(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    admin, student = await users(Role.ADMIN), await users()
    sid = await queued(committed_db, student.id, site.code, {"main": "x"})
    async with committed_db.session() as session:
        from sqlalchemy import select

        from ictarena.submissions.models import Judging

        judging = await session.scalar(select(Judging).where(Judging.submission_id == sid))
        assert judging is not None
        await record_error(session, judging.id, "Docker engine unreachable")
        await session.commit()
    await log_in(http, admin.username)
    page = (await http.get("/admin/fleet")).text
    assert "Docker engine unreachable" in page
    assert f'action="/admin/judgings/{judging.id}/retry"' in page
    assert "Workers alive" in page and "Jobs in the queue" in page
