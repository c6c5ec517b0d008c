"""Browsing tasks: the list with filters and best results, a task page per type, locked tiers,
and a bounded number of queries however many tasks there are."""

from __future__ import annotations

import httpx
from sqlalchemy import event

from ictarena.catalog.models import Dataset
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pipeline.conftest import TaskFixture, make_code_task
from tests.arena.pipeline.test_quiz import _make_quiz

Client = tuple[httpx.AsyncClient, InProcessQueue]


async def _statement(db: Database, task: TaskFixture, en: str, zh: str) -> None:
    async with db.session() as session:
        dataset = await session.get(Dataset, task.dataset.id)
        assert dataset is not None
        dataset.statement_en, dataset.statement_zh = en, zh
        dataset.manifest = {**dataset.manifest, "limits": {"time_s": 2, "memory_mb": 128}}
        await session.commit()


async def test_list_page_and_submit_from_the_task_page(
    embedded_client: Client, students: UserFactory, code_task: TaskFixture, committed_db: Database
) -> None:
    client, queue = embedded_client
    await _statement(committed_db, code_task, "Add **two** numbers: $a+b$.", "计算 $a+b$。")
    student = await students()
    await log_in(client, student.username)
    listing = await client.get("/tasks?track=programming&tier=associate")
    assert 'href="/tasks/aplusb"' in listing.text
    page = await client.get("/tasks/aplusb")
    assert "<strong>two</strong>" in page.text and "<math" in page.text
    assert "Time limit" in page.text and '<option value="cpp">' in page.text
    token = await csrf_of(client, "/tasks/aplusb")
    sent = await client.post(
        f"/tasks/{code_task.task.id}/submit",
        data={"language": "cpp", "source": "verdict=AC", "filename": "main", "csrf_token": token},
    )
    assert sent.status_code == 303
    await queue.join()
    solved = await client.get("/tasks?status=solved")
    assert 'href="/tasks/aplusb"' in solved.text and "verdict-AC" in solved.text
    mine = await client.get("/submissions")
    assert sent.headers["location"] in mine.text
    chinese = await client.get("/tasks/aplusb", headers={"Accept-Language": "zh-CN"})
    assert "计算" in chinese.text


async def test_tasks_above_the_students_tier_are_locked(
    embedded_client: Client, students: UserFactory, committed_db: Database, settings: Settings
) -> None:
    client, _queue = embedded_client
    async with committed_db.session() as session:
        await make_code_task(session, settings.tasks_dir, "expert-task", tier_level=3)
    student = await students()
    await log_in(client, student.username)
    listing = await client.get("/tasks")
    assert '<tr class="status-new locked">' in listing.text  # shown, with why it is locked
    locked = await client.get("/tasks/expert-task")
    assert locked.status_code == 403  # a page saying what opens it, not the statement
    assert "lock-card" in locked.text and "card statement" not in locked.text


async def test_a_quiz_page_shows_a_form_without_answers(
    embedded_client: Client, students: UserFactory, code_task: TaskFixture, committed_db: Database
) -> None:
    client, _queue = embedded_client
    await _make_quiz(committed_db, code_task)
    student = await students()
    await log_in(client, student.username)
    page = await client.get("/tasks/net-basics")
    assert 'name="answer:mask"' in page.text and 'name="answer:ospf"' in page.text
    assert "255.255.255.0" not in page.text  # the accepted answer is not sent to the browser


async def test_the_task_list_needs_a_fixed_number_of_queries(
    embedded_client: Client, students: UserFactory, committed_db: Database, settings: Settings
) -> None:
    client, _queue = embedded_client
    student = await students()
    await log_in(client, student.username)
    counts = []
    for n in (1, 12):
        async with committed_db.session() as session:
            for i in range(n):
                await make_code_task(session, settings.tasks_dir, f"t{n}-{i}")
        statements: list[str] = []

        def count(*args: object, seen: list[str] = statements) -> None:
            seen.append(str(args[2]))

        event.listen(committed_db.engine.sync_engine, "before_cursor_execute", count)
        try:
            assert (await client.get("/tasks")).status_code == 200
        finally:
            event.remove(committed_db.engine.sync_engine, "before_cursor_execute", count)
        counts.append(len(statements))
    # The session, the unread count, the listing (2), the student's results, the locks (every
    # module with the tier held and waivers; the prerequisites with their tasks), the solve
    # counts and the filter choices (2): fixed, whatever the number of tasks.
    assert counts[0] == counts[1] <= 10, counts
