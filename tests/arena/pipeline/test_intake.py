"""Submission intake refuses bad submissions with a clear, located reason."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.submissions.models import Submission
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pipeline.conftest import TaskFixture, make_code_task

Client = tuple[httpx.AsyncClient, InProcessQueue]


async def _api_submit(client: httpx.AsyncClient, **body: object) -> httpx.Response:
    token = await csrf_of(client, "/student")
    return await client.post("/api/submissions", json=body, headers={"X-CSRF-Token": token})


async def _count(db: Database) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(Submission)) or 0)


@pytest.mark.parametrize(
    ("language", "files", "error", "field"),
    [
        pytest.param("cobol", {"a.cob": "x"}, "language_not_allowed", "language", id="language"),
        pytest.param("cpp", {}, "submission_empty", "files", id="no-files"),
        pytest.param("cpp", {"a.cpp": "   \n"}, "submission_empty", "files", id="blank"),
        pytest.param("cpp", {"a.cpp": "int x;\x00"}, "submission_not_text", "files", id="nul-byte"),
        pytest.param(
            "cpp", {"a.cpp": "x" * 70_000}, "submission_too_large", "files", id="too-large"
        ),
        pytest.param("cpp", {"../a.cpp": "x"}, "submission_bad_name", "files", id="path-in-name"),
    ],
)
async def test_bad_submissions_are_refused_and_not_stored(
    embedded_client: Client,
    students: UserFactory,
    code_task: TaskFixture,
    committed_db: Database,
    language: str,
    files: dict[str, str],
    error: str,
    field: str,
) -> None:
    client, _queue = embedded_client
    student = await students()
    await log_in(client, student.username)
    response = await _api_submit(client, task_id=code_task.task.id, language=language, files=files)
    assert response.status_code == 400
    assert (response.json()["error"], response.json()["field"]) == (error, field)
    assert response.json()["detail"]
    assert await _count(committed_db) == 0


async def test_a_task_of_a_locked_tier_is_refused_to_students_with_the_reason(
    embedded_client: Client, students: UserFactory, committed_db: Database, settings: Settings
) -> None:
    client, _queue = embedded_client
    async with committed_db.session() as session:
        expert = await make_code_task(session, settings.tasks_dir, "hard", tier_level=3)
    student = await students()
    await log_in(client, student.username)
    response = await _api_submit(
        client, task_id=expert.task.id, language="cpp", files={"a.cpp": "x"}
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "This task belongs to a tier you have not reached yet."
    assert await _count(committed_db) == 0
    coach = await students(Role.COACH)
    client.cookies.clear()
    await log_in(client, coach.username)
    response = await _api_submit(
        client, task_id=expert.task.id, language="cpp", files={"a.cpp": "x"}
    )
    assert response.status_code == 201


async def test_students_are_rate_limited(
    embedded_client: Client, students: UserFactory, code_task: TaskFixture, settings: Settings
) -> None:
    client, queue = embedded_client
    student = await students()
    await log_in(client, student.username)
    for _ in range(settings.submissions_per_minute):
        ok = await _api_submit(
            client, task_id=code_task.task.id, language="cpp", files={"a.cpp": "x"}
        )
        assert ok.status_code == 201
    refused = await _api_submit(
        client, task_id=code_task.task.id, language="cpp", files={"a.cpp": "x"}
    )
    assert refused.status_code == 429
    assert refused.json()["error"] == "submission_rate"
    await queue.join()


async def test_the_web_form_shows_a_refusal_as_a_page(
    embedded_client: Client, students: UserFactory, code_task: TaskFixture
) -> None:
    client, _queue = embedded_client
    student = await students()
    await log_in(client, student.username)
    token = await csrf_of(client, "/student")
    response = await client.post(
        f"/tasks/{code_task.task.id}/submit",
        data={"language": "cobol", "source": "x", "csrf_token": token},
    )
    assert response.status_code == 400
    assert "Submission refused" in response.text
