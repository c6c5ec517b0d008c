"""The intake's round trips, counted: what one ``POST /api/submissions`` sends to PostgreSQL
and Redis in production mode. Each count is an upper bound that holds whatever the machine's
speed; a change that adds a query, a commit or a Redis call to the intake fails here."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from arq.jobs import Job, JobStatus
from redis.asyncio import Redis
from redis.asyncio.connection import AbstractConnection
from sqlalchemy import event, func, select

from ictarena import db as db_module
from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.events.notifier import PUBLISH_GAP_S
from ictarena.settings import Settings
from ictarena.submissions.models import Judging
from ictarena.workers.queue import ArqQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pipeline.conftest import REDIS_URL, TaskFixture, production_site

pytestmark = pytest.mark.postgres

SOURCE = {"a.cpp": "int main() { return 0; }"}


@dataclass
class Trips:
    """What the current asyncio task (the request, under an ASGI test client) sent."""

    statements: list[str] = field(default_factory=list)
    commits: int = 0
    redis: list[str] = field(default_factory=list)  # command names


def _mine(task: asyncio.Task[Any] | None) -> bool:
    return task is not None and asyncio.current_task() is task


@contextmanager
def counting(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Trips]:
    """Count the statements, commits and Redis commands the calling task sends, and not those
    of the app's background tasks (the event fan-out, the notifier's listener). Statements
    sent through the driver (:func:`ictarena.db.fetch`) count as the ORM's do."""
    trips, task = Trips(), asyncio.current_task()
    engine = db.engine.sync_engine

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if _mine(task):
            trips.statements.append(" ".join(sql.split()))

    def commit(_conn: Any) -> None:
        if _mine(task):
            trips.commits += 1

    send = AbstractConnection.send_packed_command
    through_driver = db_module.fetch

    async def driver_spy(driver: Any, sql: str, *args: Any) -> list[Any]:
        if _mine(task):
            trips.statements.append(" ".join(sql.split()))
        return await through_driver(driver, sql, *args)

    async def spy(self: AbstractConnection, command: Any, check_health: bool = True) -> None:
        if _mine(task):
            packed = b"".join(command) if isinstance(command, list) else bytes(command)
            trips.redis += [part.split(b"\r\n")[2].decode() for part in packed.split(b"\r\n*")]
        await send(self, command, check_health)

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    monkeypatch.setattr(AbstractConnection, "send_packed_command", spy)
    monkeypatch.setattr(db_module, "fetch", driver_spy)
    try:
        yield trips
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
        monkeypatch.setattr(AbstractConnection, "send_packed_command", send)
        monkeypatch.setattr(db_module, "fetch", through_driver)


@pytest.fixture
def production(prod_settings: Settings) -> Settings:
    # the test client speaks plain http; a cap of two, so that the third submission waits
    return prod_settings.model_copy(update={"secure_cookies": False, "judge_cap_per_user": 2})


@pytest.fixture
async def site(
    production: Settings, committed_db: Database, redis: Redis
) -> AsyncIterator[tuple[httpx.AsyncClient, ArqQueue]]:
    async with production_site(production, committed_db) as opened:
        yield opened


async def _submit(client: httpx.AsyncClient, token: str, task_id: int) -> httpx.Response:
    body = {"task_id": task_id, "language": "cpp", "files": SOURCE}
    return await client.post("/api/submissions", json=body, headers={"X-CSRF-Token": token})


@pytest.mark.parametrize(
    ("role", "most_statements"),
    [
        # the login, the task with its live dataset, the submission with its judging and its
        # event (one statement), and the claim of its judge job
        pytest.param(Role.COACH, 4, id="coach"),
        # and the student's lock on the task's module (its tier, the tier they hold, a
        # waiver; the prerequisites would take one more, but the task's module has none) and
        # the rate limit's counter (reserved, then counted)
        pytest.param(Role.STUDENT, 7, id="student"),
    ],
)
async def test_a_submission_takes_few_statements_one_commit_and_one_redis_call_to_enqueue(
    site: tuple[httpx.AsyncClient, ArqQueue],
    students: UserFactory,
    code_task: TaskFixture,
    committed_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    role: Role,
    most_statements: int,
) -> None:
    client, _queue = site
    user = await students(role)
    await log_in(client, user.username)
    token = await csrf_of(client, "/tasks")
    assert (await _submit(client, token, code_task.task.id)).status_code == 201  # warm caches
    await asyncio.sleep(PUBLISH_GAP_S)  # past the gap: this submission's wake-up goes out now
    with counting(committed_db, monkeypatch) as trips:
        response = await _submit(client, token, code_task.task.id)
    assert response.status_code == 201, response.text
    assert len(trips.statements) <= most_statements, "\n".join(trips.statements)
    assert trips.commits == 1
    # the job in one script call, then the live pages' wake-up
    assert trips.redis == ["EVALSHA", "PUBLISH"], trips.redis
    async with committed_db.session() as session:
        enqueued = await session.scalar(
            select(func.count()).select_from(Judging).where(Judging.enqueued_at.is_not(None))
        )
    assert enqueued == 2  # both under the cap of two


async def test_past_the_cap_a_submission_waits_and_enqueues_nothing(
    site: tuple[httpx.AsyncClient, ArqQueue],
    students: UserFactory,
    code_task: TaskFixture,
    committed_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, queue = site
    user = await students(Role.COACH)
    await log_in(client, user.username)
    token = await csrf_of(client, "/tasks")
    for _ in range(2):
        assert (await _submit(client, token, code_task.task.id)).status_code == 201
    await asyncio.sleep(PUBLISH_GAP_S)
    with counting(committed_db, monkeypatch) as trips:
        assert (await _submit(client, token, code_task.task.id)).status_code == 201
    assert trips.commits == 1
    assert trips.redis == ["PUBLISH"]
    assert await queue.depth() == 2
    async with committed_db.session() as session:
        waiting = await session.scalars(select(Judging.enqueued_at).order_by(Judging.id))
        assert [at is not None for at in waiting] == [True, True, False]


async def test_the_queue_stores_a_job_arq_reads_and_refuses_an_id_it_holds(
    redis: Redis,
) -> None:
    queue = await ArqQueue.connect(REDIS_URL)
    try:
        kwargs = {"judging_id": 7, "attempt": 0, "files": {"a.cpp": "x"}}
        assert await queue.enqueue("judge", "judge:7:0", **kwargs) is True
        assert await queue.enqueue("judge", "judge:7:0", **kwargs) is False
        job = Job("judge:7:0", queue.pool, _queue_name=queue.queue_name)
        assert await job.status() is JobStatus.queued
        info = await job.info()
        assert info is not None
        assert (info.function, info.kwargs) == ("judge", kwargs)
        assert 0 < await redis.pttl("arq:job:judge:7:0") <= queue.pool.expires_extra_ms
        # a job whose result is kept is not queued again (arq's own rule)
        await redis.set("arq:result:judge:8:0", b"done")
        assert await queue.enqueue("judge", "judge:8:0", judging_id=8) is False
        assert await queue.depth() == 1
    finally:
        await queue.close()
