"""Progress: module statuses on the path (pure), the student's progress page, the coach's
table with its CSV, and who may see whose submissions."""

from __future__ import annotations

import csv
import io

import httpx

from ictarena.accounts import services as accounts
from ictarena.accounts.models import Role
from ictarena.catalog.models import Module, Tier
from ictarena.db import Database
from ictarena.progression.path import Catalogue, Standing, module_statuses
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pipeline.conftest import TaskFixture

Client = tuple[httpx.AsyncClient, InProcessQueue]


def _catalogue() -> Catalogue:
    tiers = {
        level: Tier(id=level, track_id=1, level=level, slug=slug, name_en=slug, name_zh=slug)
        for level, slug in ((1, "associate"), (2, "professional"))
    }
    modules = [
        Module(id=i, tier_id=t, slug=f"m{i}", title_en="", title_zh="")
        for i, t in ((1, 1), (2, 1), (3, 1), (4, 2))
    ]
    return Catalogue(
        tracks=[], tiers=tiers, modules=modules,
        tasks_by_module={1: [11, 12], 2: [21], 3: [31], 4: [41]},
        prerequisites={2: [1], 3: [2]}, competencies={},
    )  # fmt: skip


def test_module_statuses_follow_prerequisites_and_tiers() -> None:
    catalogue = _catalogue()
    nothing = module_statuses(catalogue, Standing({}, {}))
    assert nothing == {1: "open", 2: "locked", 3: "locked", 4: "locked"}
    some = module_statuses(catalogue, Standing({11: (1.0, True), 12: (0.5, False)}, {}))
    assert some == {1: "in_progress", 2: "locked", 3: "locked", 4: "locked"}
    first_done = module_statuses(catalogue, Standing({11: (1, True), 12: (1, True)}, {1: 2}))
    assert first_done == {1: "done", 2: "open", 3: "locked", 4: "open"}


async def _cohort_with(db: Database, coach_name: str, student_ids: list[int]) -> int:
    async with db.session() as session:
        coach = await accounts.create_user(session, coach_name, "coach-password", Role.COACH)
        cohort = await accounts.create_cohort(session, coach, "Class 李")
        for uid in student_ids:
            from ictarena.accounts.models import CohortMember

            session.add(CohortMember(cohort_id=cohort.id, user_id=uid))
        await session.commit()
        return cohort.id


async def test_coach_table_csv_and_submission_access(
    embedded_client: Client, students: UserFactory, code_task: TaskFixture, committed_db: Database
) -> None:
    client, queue = embedded_client
    student = await students(username="wang.li")
    outsider = await students(username="outsider")
    await _cohort_with(committed_db, "coach.one", [student.id])
    await _cohort_with(committed_db, "coach.two", [outsider.id])

    await log_in(client, student.username)
    token = await csrf_of(client, "/student")
    await client.post(
        "/api/submissions",
        json={"task_id": code_task.task.id, "language": "cpp", "files": {"a.cpp": "verdict=AC"}},
        headers={"X-CSRF-Token": token},
    )
    await queue.join()
    progress = await client.get("/progress")
    assert "<svg" in progress.text and "Solved tasks per tier" in progress.text
    assert (await client.get("/coach/progress")).status_code == 403

    client.cookies.clear()
    await log_in(client, "coach.one", "coach-password")
    table = await client.get("/coach/progress")
    assert "wang.li" in table.text and "outsider" not in table.text and "Done" in table.text
    exported = await client.get("/coach/progress.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Username", "Name", "Solved"]
    assert rows[1][0] == "wang.li" and rows[1][2] == "1"
    assert "Done" in rows[1]
    assert (await client.get(f"/coach/students/{student.id}/submissions")).status_code == 200
    assert (await client.get(f"/coach/students/{outsider.id}/submissions")).status_code == 404
    assert (await client.get("/submissions/1")).status_code == 200  # own cohort's student
