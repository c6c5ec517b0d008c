"""Embedded mode: from the submit button to a verdict pushed live, in one process."""

from __future__ import annotations

import asyncio
import re

import httpx
from sqlalchemy import select

from ictarena.db import Database
from ictarena.submissions.models import Judging, Run, TaskResult
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pipeline.conftest import TaskFixture

Client = tuple[httpx.AsyncClient, InProcessQueue]


async def _read_events(
    client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None
) -> list[tuple[int, str, str]]:
    events: list[tuple[int, str, str]] = []
    async with client.stream("GET", url, headers=headers or {}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        block: dict[str, str] = {}
        async for line in response.aiter_lines():
            if not line:
                if "id" in block:
                    events.append((int(block["id"]), block["event"], block["data"]))
                block = {}
                continue
            key, _, value = line.partition(": ")
            block[key] = value
    return events


async def test_submit_then_watch_the_verdict_arrive(
    embedded_client: Client, students: UserFactory, code_task: TaskFixture, committed_db: Database
) -> None:
    client, queue = embedded_client
    student = await students()
    await log_in(client, student.username)
    token = await csrf_of(client, "/student")
    response = await client.post(
        f"/tasks/{code_task.task.id}/submit",
        data={
            "language": "cpp",
            "source": "// verdict=WA",
            "filename": "a.cpp",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    url = response.headers["location"]
    assert re.fullmatch(r"/submissions/\d+", url)
    events = await asyncio.wait_for(_read_events(client, url + "/events"), timeout=10)
    kinds = [kind for _id, kind, _data in events]
    assert kinds[0] == "judging.queued"
    assert "judging.progress" in kinds
    assert kinds[-1] == "judging.done"
    assert '"verdict": "WA"' in events[-1][2]
    ids = [event_id for event_id, _kind, _data in events]
    assert ids == sorted(ids)

    # A reload (or a lost connection) resumes after the last event seen.
    resumed = await _read_events(client, url + "/events", {"Last-Event-ID": str(ids[-2])})
    assert [e[0] for e in resumed] == [ids[-1]]

    page = await client.get(url)
    assert "WA" in page.text and "verdict=WA" in page.text
    await queue.join()
    async with committed_db.session() as session:
        judging = await session.scalar(select(Judging))
        assert judging is not None and (judging.status, judging.verdict) == ("done", "WA")
        runs = (await session.scalars(select(Run).where(Run.judging_id == judging.id))).all()
        assert len(runs) == 3
        result = await session.get(TaskResult, (student.id, code_task.task.id))
        assert result is not None and result.best_verdict == "WA" and result.attempts == 1


async def test_infrastructure_failures_are_retried_then_recorded_as_judge_error(
    embedded_client: Client, students: UserFactory, code_task: TaskFixture, committed_db: Database
) -> None:
    client, queue = embedded_client
    app_state = client._transport.app.state.arena  # type: ignore[attr-defined]
    app_state.extras["pipeline"].runtime.backoff_s = 0.01
    student = await students()
    await log_in(client, student.username)
    token = await csrf_of(client, "/student")
    flaky = await client.post(
        "/api/submissions",
        json={"task_id": code_task.task.id, "language": "cpp", "files": {"a.cpp": "fail=2"}},
        headers={"X-CSRF-Token": token},
    )
    broken = await client.post(
        "/api/submissions",
        json={"task_id": code_task.task.id, "language": "cpp", "files": {"a.cpp": "fail=99"}},
        headers={"X-CSRF-Token": token},
    )
    await queue.join()
    await queue.join()
    flaky_state = (await client.get(f"/api/submissions/{flaky.json()['id']}")).json()
    broken_state = (await client.get(f"/api/submissions/{broken.json()['id']}")).json()
    assert (flaky_state["status"], flaky_state["verdict"]) == ("done", "AC")
    assert (broken_state["status"], broken_state["verdict"]) == ("error", "JE")

    # Admins see it on the fleet page and can retry it.
    from ictarena.accounts.models import Role

    admin = await students(Role.ADMIN)
    client.cookies.clear()
    await log_in(client, admin.username)
    fleet = await client.get("/admin/fleet")
    assert "scripted" in fleet.text and "Retry" in fleet.text
    async with committed_db.session() as session:
        judging_id = await session.scalar(select(Judging.id).where(Judging.status == "error"))
    token = await csrf_of(client, "/admin/fleet")
    retried = await client.post(f"/admin/judgings/{judging_id}/retry", data={"csrf_token": token})
    assert retried.status_code == 303, retried.text
    await queue.join()
    async with committed_db.session() as session:
        judging = await session.get(Judging, judging_id)
        assert judging is not None and judging.status in ("done", "error") and judging.attempts == 1
