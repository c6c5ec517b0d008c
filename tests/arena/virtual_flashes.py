"""Confirmation scenarios of virtual participation and upsolving, for tests/arena/test_flash.py:
starting a virtual participation, submitting in it, and upsolving. Each stages a contest that
ended an hour ago (open registration, one ICPC lab round with the code task as A) and names the
page that shows the confirmation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx

from ictarena.accounts.models import Role, User
from ictarena.contests.models import Contest, Round, RoundKind, RoundTask, Scoring, VirtualRun
from ictarena.db import utcnow
from tests.arena.helpers import csrf_of, log_in

Outcome = tuple[httpx.Response, str]
Scenario = Callable[[Any], Awaitable[Outcome]]
SLUG = "flash-past"
PAGE = f"/contests/{SLUG}"
TASK = f"{PAGE}/rounds/1/tasks/A"


async def _ended(world: Any, *, run_minutes_ago: float | None = None) -> User:
    """The ended contest and a student (logged in) who did not take part; with
    ``run_minutes_ago`` their virtual run started that long ago."""
    coach: User = await world.users(Role.COACH)
    student: User = await world.users(Role.STUDENT)
    now = utcnow()
    async with world.db.session() as session:
        contest = Contest(slug=SLUG, title="Flash past", created_by=coach.id,
                          open_registration=True)  # fmt: skip
        session.add(contest)
        await session.flush()
        lab = Round(contest_id=contest.id, position=1, name="Lab", kind=RoundKind.LAB,
                    scoring=Scoring.ICPC, weight=100.0, starts_at=now - timedelta(hours=3),
                    ends_at=now - timedelta(hours=1))  # fmt: skip
        session.add(lab)
        await session.flush()
        task = world.site.code
        session.add(RoundTask(round_id=lab.id, task_id=task.id,
                              dataset_id=task.live_dataset_id, label="A"))  # fmt: skip
        if run_minutes_ago is not None:
            started = now - timedelta(minutes=run_minutes_ago)
            session.add(VirtualRun(contest_id=contest.id, user_id=student.id, started_at=started))
        await session.commit()
    await log_in(world.http, student.username)
    return student


async def _post(world: Any, page: str, url: str, data: dict[str, str]) -> httpx.Response:
    token = await csrf_of(world.http, page)
    return await world.http.post(url, data={"csrf_token": token, **data})  # type: ignore[no-any-return]


async def _start(world: Any) -> Outcome:
    await _ended(world)
    response = await _post(world, f"{PAGE}/virtual", f"{PAGE}/virtual/start", {})
    return response, response.headers.get("location", PAGE)


async def _virtual_submit(world: Any) -> Outcome:
    await _ended(world, run_minutes_ago=5)
    form = {"language": "cpp", "source": "verdict=AC"}
    response = await _post(world, TASK, f"{TASK}/virtual", form)
    return response, response.headers.get("location", PAGE)


async def _upsolve(world: Any) -> Outcome:
    await _ended(world)
    form = {"language": "cpp", "source": "verdict=AC"}
    response = await _post(world, TASK, f"{TASK}/upsolve", form)
    return response, response.headers.get("location", PAGE)


SCENARIOS: dict[str, list[tuple[str, Scenario, str]]] = {
    "/contests/{slug:str}/virtual/start": [
        ("start a virtual participation", _start, "Your virtual participation has started")
    ],
    "/contests/{slug:str}/rounds/{position:int}/tasks/{label:str}/virtual": [
        ("submit in a virtual participation", _virtual_submit, "in your virtual participation")
    ],
    "/contests/{slug:str}/rounds/{position:int}/tasks/{label:str}/upsolve": [
        ("upsolve a contest task", _upsolve, "it does not change the standings")
    ],
}
