"""Confirmation scenarios of the jury's contest pages, for tests/arena/test_flash.py: each posts
one form of ``/contests/new`` or ``/contests/{slug}/admin…`` as a coach on the contest's jury
(an admin for moving a dataset) and names the page that shows the confirmation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Dataset, Task
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    Scoring,
    WindowType,
)
from ictarena.db import utcnow
from tests.arena.contests.exam_bank import manifest as exam_manifest
from tests.arena.helpers import csrf_of, log_in

Outcome = tuple[httpx.Response, str]
Scenario = Callable[[Any], Awaitable[Outcome]]
SLUG = "flash-mock"
ADMIN = f"/contests/{SLUG}/admin"


async def _staged(world: Any, *, start: timedelta, role: Role = Role.COACH) -> dict[str, int]:
    """A contest of a coach (logged in; or an admin) with a theory and a lab round starting
    ``start`` from now, the code task in the lab round, and a student in team Red."""
    judge: User = await world.users(role)
    student: User = await world.users(Role.STUDENT)
    await log_in(world.http, judge.username)
    now = utcnow()
    async with world.db.session() as session:
        contest = Contest(slug=SLUG, title="Flash mock", created_by=judge.id)
        session.add(contest)
        await session.flush()
        ids = {"contest": contest.id, "student": student.id}
        for position, kind in ((1, RoundKind.THEORY), (2, RoundKind.LAB)):
            rnd = Round(contest_id=contest.id, position=position, name=kind.value, kind=kind,
                        scoring=Scoring.IOI, weight=50.0, window=WindowType.FIXED,
                        starts_at=now + start,
                        ends_at=now + start + timedelta(hours=3))  # fmt: skip
            session.add(rnd)
            await session.flush()
            ids[kind.value] = rnd.id
        task = world.site.code
        session.add(RoundTask(round_id=ids["lab"], task_id=task.id,
                              dataset_id=task.live_dataset_id, label="A"))  # fmt: skip
        red = Entry(contest_id=contest.id, name="Red", team=True, invite_code="FLASH-RED")
        session.add(red)
        await session.flush()
        place = Participation(contest_id=contest.id, user_id=student.id, entry_id=red.id)
        session.add(place)
        await session.flush()
        ids |= {"entry": red.id, "participation": place.id}
        await session.commit()
    return ids


async def _post(world: Any, page: str, url: str, data: dict[str, object]) -> httpx.Response:
    token = await csrf_of(world.http, page)
    fields = {"csrf_token": token, **{k: str(v) for k, v in data.items()}}
    return await world.http.post(url, data=fields)  # type: ignore[no-any-return]


ROUND = {"name": "Lab", "kind": "lab", "scoring": "ioi", "mode": "subtask", "weight": "0",
         "window": "fixed", "starts_at": "2026-11-02T09:00", "ends_at": "2026-11-02T12:00",
         "penalty_min": "20"}  # fmt: skip


async def _create(world: Any) -> Outcome:
    await log_in(world.http, (await world.users(Role.COACH)).username)
    form = {"title": "New mock", "slug": "new-mock", "team_size": "3"}
    return await _post(world, "/contests/new", "/contests/new", form), "/contests/new-mock/admin"


async def _mock_exam(world: Any) -> Outcome:
    await log_in(world.http, (await world.users(Role.COACH)).username)
    async with world.db.session() as session:
        bank = Task(slug="exam-flash", type="exam", module_id=world.site.quiz.module_id,
                    title_en="Exam", title_zh="考试", visible=False)  # fmt: skip
        session.add(bank)
        await session.flush()
        data = Dataset(task_id=bank.id, version=1, content_hash="e" * 64,
                       manifest=exam_manifest(), max_score=1000.0)  # fmt: skip
        session.add(data)
        await session.flush()
        bank.live_dataset_id = data.id
        await session.commit()
        bank_id = bank.id
    form = {"exam_title": "Mock", "exam_slug": "exam-mock", "exam_task": bank_id,
            "exam_opens_at": "2026-12-20T09:00", "exam_closes_at": "2026-12-20T12:00"}  # fmt: skip
    response = await _post(world, "/contests/new", "/contests/new/exam", form)
    return response, "/contests/exam-mock/admin"


async def _settings(world: Any) -> Outcome:
    await _staged(world, start=timedelta(days=1))
    form = {"title": "Flash mock 2", "slug": SLUG, "team_size": "3"}
    return await _post(world, ADMIN, ADMIN, form), ADMIN


async def _clone(world: Any) -> Outcome:
    await _staged(world, start=timedelta(days=1))
    form = {"title": "Copy", "slug": "flash-copy", "days": "7", "hours": "0"}
    return await _post(world, ADMIN, f"{ADMIN}/clone", form), "/contests/flash-copy/admin"


async def _reveal(world: Any) -> Outcome:
    await _staged(world, start=-timedelta(hours=5))
    return await _post(world, ADMIN, f"{ADMIN}/reveal", {"step": "all"}), ADMIN


async def _publish(world: Any) -> Outcome:
    await _staged(world, start=-timedelta(hours=5))
    return await _post(world, ADMIN, f"{ADMIN}/publish", {}), ADMIN


async def _ratings(world: Any) -> Outcome:
    ids = await _staged(world, start=-timedelta(hours=5))
    async with world.db.transaction() as session:
        contest = await session.get(Contest, ids["contest"])
        assert contest is not None
        contest.rated = True
    return await _post(world, ADMIN, f"{ADMIN}/ratings", {}), ADMIN


async def _round_new(world: Any) -> Outcome:
    await _staged(world, start=timedelta(days=1))
    response = await _post(world, ADMIN, f"{ADMIN}/rounds/new", ROUND)
    return response, response.headers.get("location", ADMIN)


async def _round_save(world: Any) -> Outcome:
    ids = await _staged(world, start=timedelta(days=1))
    url = f"{ADMIN}/rounds/{ids['lab']}"
    return await _post(world, url, url, {**ROUND, "weight": "50"}), url


async def _task_set(world: Any) -> Outcome:
    ids = await _staged(world, start=timedelta(days=1))
    url = f"{ADMIN}/rounds/{ids['lab']}"
    form = {"task_id": world.site.sql.id, "label": "B", "points": "100"}
    return await _post(world, url, f"{url}/tasks", form), url


async def _task_remove(world: Any) -> Outcome:
    ids = await _staged(world, start=timedelta(days=1))
    url = f"{ADMIN}/rounds/{ids['lab']}"
    return await _post(world, url, f"{url}/tasks/{world.site.code.id}/remove", {}), url


async def _dataset_move(world: Any) -> Outcome:
    ids = await _staged(world, start=-timedelta(hours=1), role=Role.ADMIN)
    async with world.db.session() as session:
        newer = Dataset(task_id=world.site.code.id, version=2, content_hash="d" * 64)
        session.add(newer)
        await session.commit()
        newer_id = newer.id
    url = f"{ADMIN}/rounds/{ids['lab']}"
    move = f"{url}/tasks/{world.site.code.id}/dataset"
    response = await _post(world, url, move, {"dataset": newer_id})
    return response, response.headers.get("location", url)


async def _enter(world: Any) -> Outcome:
    await _staged(world, start=timedelta(days=1))
    other: User = await world.users(Role.STUDENT)
    people = f"{ADMIN}/people"
    return await _post(world, people, f"{people}/enter", {"usernames": other.username}), people


async def _team(world: Any) -> Outcome:
    await _staged(world, start=timedelta(days=1))
    people = f"{ADMIN}/people"
    return await _post(world, people, f"{people}/teams", {"name": "Blue"}), people


async def _extra(world: Any) -> Outcome:
    ids = await _staged(world, start=-timedelta(hours=1))
    people = f"{ADMIN}/people"
    form = {"entry": ids["entry"], "minutes": "15"}
    return await _post(world, people, f"{people}/extra", form), people


async def _excuse(world: Any) -> Outcome:
    ids = await _staged(world, start=-timedelta(hours=1))
    people = f"{ADMIN}/people"
    form = {"round": ids["theory"], "participation": ids["participation"], "excused": "1"}
    return await _post(world, people, f"{people}/excuse", form), people


_R = "/contests/{slug}/admin/rounds/{id:int}"
SCENARIOS: dict[str, list[tuple[str, Scenario, str]]] = {
    "/contests/new": [("create a contest", _create, "Contest created.")],
    "/contests/new/exam": [("new mock exam", _mock_exam, "Contest created.")],
    "/contests/{slug}/admin": [("save contest settings", _settings, "Contest settings saved.")],
    "/contests/{slug}/admin/clone": [("clone a contest", _clone, "Contest cloned")],
    "/contests/{slug}/admin/reveal": [("reveal the board", _reveal, "whole board is revealed")],
    "/contests/{slug}/admin/publish": [("publish tasks", _publish, "are now in practice")],
    "/contests/{slug}/admin/ratings": [("publish ratings", _ratings, "Ratings published")],
    "/contests/{slug}/admin/rounds/new": [("add a round", _round_new, "Round added.")],
    _R: [("save a round", _round_save, "Round saved.")],
    _R + "/tasks": [("put a task in a round", _task_set, "Task saved in the round.")],
    _R + "/tasks/{task_id:int}/remove": [("remove a round task", _task_remove, "Task removed")],
    _R + "/tasks/{task_id:int}/dataset": [("move a dataset", _dataset_move, "Rejudging created")],
    "/contests/{slug}/admin/people/enter": [("enter students", _enter, "Students entered")],
    "/contests/{slug}/admin/people/teams": [("create a team", _team, "Team created.")],
    "/contests/{slug}/admin/people/extra": [("give extra time", _extra, "Extra minutes saved.")],
    "/contests/{slug}/admin/people/excuse": [("excuse a member", _excuse, "Excuse saved.")],
}
