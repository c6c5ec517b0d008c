"""Request ids: kept when plain, made otherwise, echoed, and on every log line the request
writes; the intake line names the submission's judging."""

from __future__ import annotations

import re

import pytest

from ictarena.db import Database
from ictarena.settings import Settings
from tests.arena.helpers import UserFactory
from tests.arena.observability.conftest import JsonLines, site, submit
from tests.arena.pipeline.conftest import TaskFixture, until

GENERATED = re.compile(r"[0-9a-f]{32}")


async def test_a_plain_incoming_request_id_is_kept_and_echoed(
    settings: Settings, db: Database
) -> None:
    async with site(settings, db) as http:
        response = await http.get("/login", headers={"X-Request-ID": "lb-7f3a.42:1"})
    assert response.headers["x-request-id"] == "lb-7f3a.42:1"


@pytest.mark.parametrize(
    "incoming",
    ["", "has space", "<script>", "x" * 65, "-leading-dash", "é-accent".encode(), "a\tb"],
)
async def test_an_odd_incoming_request_id_is_replaced(
    settings: Settings, db: Database, incoming: str | bytes
) -> None:
    async with site(settings, db) as http:
        response = await http.get("/login", headers=[(b"X-Request-ID", _bytes(incoming))])
    assert GENERATED.fullmatch(response.headers["x-request-id"])


def _bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode()


async def test_without_one_each_request_gets_its_own(settings: Settings, db: Database) -> None:
    async with site(settings, db) as http:
        ids = {(await http.get("/healthz")).headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3 and all(GENERATED.fullmatch(i) for i in ids)


async def test_a_refused_request_carries_its_id_too(settings: Settings, db: Database) -> None:
    async with site(settings, db) as http:
        response = await http.get("/login%00", headers={"X-Request-ID": "refused-1"})
    assert response.status_code == 400
    assert response.headers["x-request-id"] == "refused-1"


@pytest.mark.postgres
async def test_a_submissions_log_lines_carry_its_request_id_and_judging_id(
    settings: Settings,
    committed_db: Database,
    code_task: TaskFixture,
    students: UserFactory,
    json_logs: JsonLines,
) -> None:
    student = await students()
    async with site(settings, committed_db) as http:
        response = await submit(http, student, code_task, "// verdict=AC", "submit-req-1")
    assert response.headers["x-request-id"] == "submit-req-1"
    lines = json_logs.where(request_id="submit-req-1")
    events = [line["event"] for line in lines]
    assert "submission accepted" in events and "judging enqueued" in events
    assert events[-1] == "request"
    [request_line] = [line for line in lines if line["event"] == "request"]
    assert request_line["route"] == "/tasks/{task_id:int}/submit"
    assert request_line["status"] == 303 and request_line["method"] == "POST"
    [accepted] = [line for line in lines if line["event"] == "submission accepted"]
    assert str(accepted["submission_id"]) in response.headers["location"]
    assert accepted["level"] == "info" and accepted["logger"] == "ictarena.intake.service"
    # The judging's whole story, from intake to verdict, is one search for its id.
    judging_id = accepted["judging_id"]

    async def recorded() -> bool:
        return bool(json_logs.where(judging_id=judging_id, event="verdict recorded"))

    await until(recorded, 30, "the verdict's log line")
    story = [line["event"] for line in json_logs.where(judging_id=judging_id)]
    assert story[:2] == ["submission accepted", "judging enqueued"]
    for event in ("judging started", "judging graded", "verdict recorded", "judging finished"):
        assert event in story
