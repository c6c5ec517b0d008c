"""The intake's floor (benchmarks/intake_floor.py) does the platform's durable work for a
submission, so that the pipeline benchmark compares like with like: the same rows (the
submission, its queued judging and its event), the same job on the queue, and the same refusals
of a missing login or a wrong CSRF token. Times nothing (benchmarks/pipeline_bench.py --floor
does)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import select

from benchmarks.intake_floor import app as floor_app
from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.events.models import Event
from ictarena.settings import Settings
from ictarena.submissions.models import Judging, Submission
from ictarena.workers.queue import JUDGE_QUEUE
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pipeline.conftest import REDIS_URL, TaskFixture, production_site

pytestmark = pytest.mark.postgres

BODY_FILES = {"a.cpp": "int main() { return 0; }"}


@pytest.fixture
async def platform_client(
    prod_settings: Settings, committed_db: Database, redis: Redis
) -> AsyncIterator[httpx.AsyncClient]:
    settings = prod_settings.model_copy(update={"secure_cookies": False})  # plain http
    async with production_site(settings, committed_db) as (client, _queue):
        yield client


@pytest.fixture
async def floor_client(pg_url: str, redis: Redis) -> AsyncIterator[httpx.AsyncClient]:
    app = floor_app(pg_url, REDIS_URL)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client,
    ):
        yield client


def _stored(submission: Submission, judging: Judging, event: Event) -> dict[str, Any]:
    """What a stored submission is, leaving out its ids and times."""
    return {
        "submission": (
            submission.user_id,
            submission.task_id,
            submission.language,
            submission.files,
            submission.size_bytes,
            submission.is_reference,
            submission.participation_id,
            submission.round_id,
            submission.entry_id,
        ),
        "judging": (
            judging.dataset_id,
            judging.seq,
            judging.valid,
            str(judging.status),
            judging.max_score,
            judging.attempts,
            judging.enqueued_at is not None,
        ),
        "event": (
            event.kind,
            event.subject == f"submission:{submission.id}",
            event.user_id,
            event.payload == {"judging": judging.id, "status": "queued"},
        ),
    }


@dataclass(frozen=True)
class Coach:
    """A coach logged in on the platform: a submission's body, their CSRF token and the
    cookie of their login (which the floor reads too)."""

    body: dict[str, Any]
    token: str
    cookie: str


@pytest.fixture
async def coach(
    platform_client: httpx.AsyncClient, students: UserFactory, code_task: TaskFixture
) -> Coach:
    user = await students(Role.COACH)
    await log_in(platform_client, user.username)
    return Coach(
        body={"task_id": code_task.task.id, "language": "cpp", "files": BODY_FILES},
        token=await csrf_of(platform_client, "/tasks"),
        cookie=f"arena_session={platform_client.cookies['arena_session']}",
    )


async def test_the_floor_stores_and_queues_what_the_platform_does(
    platform_client: httpx.AsyncClient,
    floor_client: httpx.AsyncClient,
    coach: Coach,
    committed_db: Database,
    redis: Redis,
) -> None:
    body, headers, cookie = coach.body, {"X-CSRF-Token": coach.token}, coach.cookie
    by_platform = await platform_client.post("/api/submissions", json=body, headers=headers)
    assert by_platform.status_code == 201, by_platform.text
    by_floor = await floor_client.post(
        "/api/submissions", json=body, headers={**headers, "Cookie": cookie}
    )
    assert by_floor.status_code == 201, by_floor.text
    ids = [by_platform.json()["id"], by_floor.json()["id"]]
    assert by_floor.json()["url"] == f"/submissions/{ids[1]}"

    async with committed_db.session() as session:
        stored = []
        for sid in ids:
            submission = await session.get(Submission, sid)
            judging = await session.scalar(select(Judging).where(Judging.submission_id == sid))
            event = await session.scalar(select(Event).where(Event.subject == f"submission:{sid}"))
            assert submission is not None and judging is not None and event is not None
            stored.append(_stored(submission, judging, event))
            jobs = await redis.zrange(JUDGE_QUEUE, 0, -1)
            assert f"judge:{judging.id}:0".encode() in jobs
    assert stored[0] == stored[1]


async def test_the_floor_refuses_a_missing_login_and_a_wrong_csrf_token(
    floor_client: httpx.AsyncClient, coach: Coach, committed_db: Database
) -> None:
    body, token, cookie = coach.body, coach.token, coach.cookie
    nobody = await floor_client.post(
        "/api/submissions",
        json=body,
        headers={"X-CSRF-Token": token, "Cookie": "arena_session=forged"},
    )
    assert nobody.status_code == 401
    forged = await floor_client.post(
        "/api/submissions", json=body, headers={"X-CSRF-Token": "forged", "Cookie": cookie}
    )
    assert forged.status_code == 403
    async with committed_db.session() as session:
        assert (await session.scalars(select(Submission.id))).all() == []
