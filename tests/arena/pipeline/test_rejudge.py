"""Rejudging: preview old against new verdicts, then apply exactly that set (or cancel)."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from ictarena.accounts.models import Role
from ictarena.catalog.models import Dataset, Task
from ictarena.db import Database
from ictarena.intake.eligibility import still_allowed
from ictarena.settings import Settings
from ictarena.submissions import rejudging as rejudgings
from ictarena.submissions.dispatch import dispatch_ready
from ictarena.submissions.models import Judging, TaskResult
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pipeline.conftest import TaskFixture, make_code_task

Client = tuple[httpx.AsyncClient, InProcessQueue]


async def _submit(client: httpx.AsyncClient, task_id: int, source: str) -> int:
    token = await csrf_of(client, "/student")
    response = await client.post(
        "/api/submissions",
        json={"task_id": task_id, "language": "cpp", "files": {"a.cpp": source}},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def _new_live_dataset(db: Database, task: Task, settings: Settings) -> None:
    async with db.session() as session:
        old = await session.get(Dataset, task.live_dataset_id)
        assert old is not None
        directory = settings.tasks_dir / ("f" * 64)
        directory.mkdir(parents=True)
        (directory / "flip").write_text("1")
        new = Dataset(task_id=task.id, version=2, content_hash="f" * 64, manifest=old.manifest)
        session.add(new)
        await session.flush()
        live = await session.get(Task, task.id)
        assert live is not None
        live.live_dataset_id = new.id
        await session.commit()


async def test_preview_then_apply_changes_exactly_the_previewed_set(
    embedded_client: Client,
    students: UserFactory,
    code_task: TaskFixture,
    committed_db: Database,
    settings: Settings,
) -> None:
    client, queue = embedded_client
    student = await students()
    await log_in(client, student.username)
    ids = [await _submit(client, code_task.task.id, f"verdict={v}") for v in ("AC", "WA", "AC")]
    async with committed_db.session() as session:
        other = await make_code_task(session, settings.tasks_dir, "other")
    untouched = await _submit(client, other.task.id, "verdict=AC")
    await queue.join()

    await _new_live_dataset(committed_db, code_task.task, settings)
    admin = await students(Role.ADMIN)
    async with committed_db.session() as session:
        admin_user = await session.get(type(admin), admin.id)
        assert admin_user is not None
        created, users = await rejudgings.create_rejudging(
            session,
            admin_user,
            task_id=code_task.task.id,
            reason="new tests",
            allowed=still_allowed,
        )
        await session.commit()
        await dispatch_ready(session, queue, users)
    await queue.join()
    await queue.join()

    async with committed_db.session() as session:
        rows = await rejudgings.preview(session, created.id)
        assert [row.submission.id for row in rows] == ids
        assert [(row.old.verdict if row.old else None, row.new.verdict) for row in rows] == [
            ("AC", "WA"),
            ("WA", "AC"),
            ("AC", "WA"),
        ]
        # Nothing has changed for the student yet.
        result = await session.get(TaskResult, (student.id, code_task.task.id))
        assert result is not None and result.best_verdict == "AC"
        previewed = {row.new.id for row in rows}
        before = {j.id: j.valid for j in (await session.scalars(select(Judging))).all()}

    client.cookies.clear()
    await log_in(client, admin.username)
    page = await client.get(f"/admin/rejudgings/{created.id}")
    assert "3 submissions, 0 still judging, 3 with a different result." in page.text
    token = await csrf_of(client, f"/admin/rejudgings/{created.id}")
    applied = await client.post(
        f"/admin/rejudgings/{created.id}", data={"action": "apply", "csrf_token": token}
    )
    assert applied.status_code == 303

    async with committed_db.session() as session:
        after = {j.id: j.valid for j in (await session.scalars(select(Judging))).all()}
        flipped = {jid for jid in after if after[jid] != before.get(jid, False)}
        old_valid = {jid for jid in flipped if before.get(jid)}
        assert flipped - old_valid == previewed
        assert len(old_valid) == 3
        untouched_judging = await session.scalar(
            select(Judging).where(Judging.submission_id == untouched)
        )
        assert untouched_judging is not None and untouched_judging.valid
        result = await session.get(TaskResult, (student.id, code_task.task.id))
        assert result is not None and result.best_verdict == "AC"
        assert result.best_submission_id == ids[1]


async def test_a_cancelled_rejudging_changes_nothing(
    embedded_client: Client, students: UserFactory, code_task: TaskFixture, committed_db: Database
) -> None:
    client, queue = embedded_client
    student = await students()
    await log_in(client, student.username)
    submission = await _submit(client, code_task.task.id, "verdict=AC")
    await queue.join()
    admin = await students(Role.ADMIN)
    async with committed_db.session() as session:
        actor = await session.get(type(admin), admin.id)
        assert actor is not None
        created, _users = await rejudgings.create_rejudging(
            session, actor, submission_ids=[submission], allowed=still_allowed
        )
        await rejudgings.cancel_rejudging(session, actor, created.id)
        await session.commit()
        judgings = (await session.scalars(select(Judging).order_by(Judging.id))).all()
    assert [(j.valid, j.status) for j in judgings] == [(True, "done"), (False, "cancelled")]
