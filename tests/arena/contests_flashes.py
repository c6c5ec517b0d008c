"""Confirmation scenarios of the participant's contest pages, for tests/arena/test_flash.py:
registering, joining or forming a team, starting a personal timer, submitting to a contest task,
the mock exam's Start and hand-in, and the clarifications (asked, answered, announced,
unpinned). Each stages a contest open now and names the page that
shows the confirmation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Dataset, Task
from ictarena.contests import papers, templates
from ictarena.contests.models import (
    Clarification,
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
SLUG = "flash-race"
PAGE = f"/contests/{SLUG}"


async def _staged(
    world: Any, *, window: WindowType = WindowType.FIXED, entered: bool = True
) -> User:
    """An open-registration contest running now: one lab round (``window``) with the code
    task as A and team Red (code FLASH-RACE); returns a student, logged in, who is in Red
    when ``entered``."""
    coach: User = await world.users(Role.COACH)
    student: User = await world.users(Role.STUDENT)
    now = utcnow()
    async with world.db.session() as session:
        contest = Contest(slug=SLUG, title="Flash race", created_by=coach.id,
                          open_registration=True)  # fmt: skip
        session.add(contest)
        await session.flush()
        lab = Round(contest_id=contest.id, position=1, name="Lab", kind=RoundKind.LAB,
                    scoring=Scoring.ICPC, weight=100.0, window=window,
                    starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2),
                    duration_min=60 if window is WindowType.PERSONAL else None)  # fmt: skip
        session.add(lab)
        await session.flush()
        task = world.site.code
        session.add(RoundTask(round_id=lab.id, task_id=task.id,
                              dataset_id=task.live_dataset_id, label="A"))  # fmt: skip
        red = Entry(contest_id=contest.id, name="Red", team=True, invite_code="FLASH-RACE")
        session.add(red)
        await session.flush()
        if entered:
            session.add(Participation(contest_id=contest.id, user_id=student.id,
                                      entry_id=red.id))  # fmt: skip
        await session.commit()
    await log_in(world.http, student.username)
    return student


async def _post(world: Any, page: str, url: str, data: dict[str, str]) -> httpx.Response:
    token = await csrf_of(world.http, page)
    return await world.http.post(url, data={"csrf_token": token, **data})  # type: ignore[no-any-return]


async def _register(world: Any) -> Outcome:
    await _staged(world, entered=False)
    return await _post(world, PAGE, f"{PAGE}/register", {}), PAGE


async def _join(world: Any) -> Outcome:
    await _staged(world, entered=False)
    # teams are fixed once a round has started: this contest's round starts tomorrow
    async with world.db.transaction() as session:
        lab = await session.scalar(select(Round).join(Contest).where(Contest.slug == SLUG))
        assert lab is not None
        lab.starts_at = utcnow() + timedelta(days=1)
        lab.ends_at = lab.starts_at + timedelta(hours=2)
    return await _post(world, PAGE, f"{PAGE}/join", {"invite_code": "FLASH-RACE"}), PAGE


async def _team(world: Any) -> Outcome:
    await _staged(world, entered=False)
    async with world.db.transaction() as session:
        lab = await session.scalar(select(Round).join(Contest).where(Contest.slug == SLUG))
        assert lab is not None
        lab.starts_at = utcnow() + timedelta(days=1)
        lab.ends_at = lab.starts_at + timedelta(hours=2)
    return await _post(world, PAGE, f"{PAGE}/team", {"team_name": "Blue"}), PAGE


async def _start(world: Any) -> Outcome:
    await _staged(world, window=WindowType.PERSONAL)
    return await _post(world, PAGE, f"{PAGE}/rounds/1/start", {}), f"{PAGE}?round=1"


async def _submit(world: Any) -> Outcome:
    await _staged(world)
    task = f"{PAGE}/rounds/1/tasks/A"
    form = {"language": "cpp", "source": "verdict=AC"}
    response = await _post(world, task, f"{task}/submit", form)
    return response, response.headers.get("location", PAGE)


async def _exam(world: Any, *, started: bool) -> User:
    """A mock exam made by the template, open now, with a student entered (logged in); with
    ``started`` their timer runs and their paper is drawn."""
    coach: User = await world.users(Role.COACH)
    student: User = await world.users(Role.STUDENT)
    now = utcnow()
    async with world.db.session() as session:
        bank = Task(slug="exam-flash-race", type="exam", module_id=world.site.quiz.module_id,
                    title_en="Exam", title_zh="考试", visible=False)  # fmt: skip
        session.add(bank)
        await session.flush()
        data = Dataset(task_id=bank.id, version=1, content_hash="f" * 64,
                       manifest=exam_manifest(), max_score=1000.0)  # fmt: skip
        session.add(data)
        await session.flush()
        bank.live_dataset_id = data.id
        author = await session.get(User, coach.id)
        assert author is not None
        contest = await templates.create_mock_exam(
            session, author, slug="flash-exam", title="Flash exam", task_id=bank.id,
            opens_at=now - timedelta(minutes=5), closes_at=now + timedelta(hours=2),
        )  # fmt: skip
        entry = Entry(contest_id=contest.id, name=student.display_name)
        session.add(entry)
        await session.flush()
        place = Participation(contest_id=contest.id, user_id=student.id, entry_id=entry.id)
        session.add(place)
        await session.flush()
        if started:
            exam = await session.scalar(select(Round).where(Round.contest_id == contest.id))
            assert exam is not None
            await papers.start_exam(session, student, contest, exam, now)
        await session.commit()
    await log_in(world.http, student.username)
    return student


async def _exam_start(world: Any) -> Outcome:
    await _exam(world, started=False)
    page = "/contests/flash-exam/exam"
    return await _post(world, page, f"{page}/start", {}), page


async def _exam_hand_in(world: Any) -> Outcome:
    await _exam(world, started=True)
    page = "/contests/flash-exam/exam"
    answers = {f"answer:{qid}": "b" for qid in _bank_ids()}
    return await _post(world, page, page, answers), "/contests/flash-exam/exam/result"


def _bank_ids() -> list[str]:
    return [str(q["id"]) for q in exam_manifest()["bank"]["questions"]]


CLARIFY = f"{PAGE}/clarifications"


async def _ask(world: Any) -> Outcome:
    await _staged(world)
    return await _post(
        world, CLARIFY, CLARIFY, {"text": "Is input sorted?", "subject": ""}
    ), CLARIFY


async def _jury(world: Any) -> tuple[User, int]:
    """The staged contest with one question asked; the jury (its creator) logged in."""
    await _ask(world)
    async with world.db.session() as session:
        contest = await session.scalar(select(Contest).where(Contest.slug == SLUG))
        number = await session.scalar(select(Clarification.id))
        assert contest is not None and contest.created_by is not None and number is not None
        coach = await session.get(User, contest.created_by)
        assert coach is not None
    world.http.cookies.clear()
    await log_in(world.http, coach.username)
    return coach, number


async def _answer(world: Any) -> Outcome:
    _coach, number = await _jury(world)
    form = {"answer": "Yes.", "reply": "text", "audience": "entry"}
    return await _post(world, CLARIFY, f"{CLARIFY}/{number}/answer", form), CLARIFY


async def _announce(world: Any) -> Outcome:
    await _jury(world)
    form = {"text": "Ten minutes left.", "pinned": "on"}
    return await _post(world, CLARIFY, f"{CLARIFY}/announce", form), CLARIFY


async def _unpin(world: Any) -> Outcome:
    await _announce(world)
    async with world.db.session() as session:
        note = await session.scalar(select(Clarification.id).where(Clarification.pinned))
    return await _post(world, CLARIFY, f"{CLARIFY}/{note}/unpin", {}), CLARIFY


SCENARIOS: dict[str, list[tuple[str, Scenario, str]]] = {
    "/contests/{slug:str}/register": [("register", _register, "You are registered.")],
    "/contests/{slug:str}/join": [("join a team", _join, "You joined the team.")],
    "/contests/{slug:str}/team": [("form a team", _team, "Team created.")],
    "/contests/{slug:str}/rounds/{position:int}/start": [
        ("start a timer", _start, "Your timer has started.")
    ],
    "/contests/{slug:str}/rounds/{position:int}/tasks/{label:str}/submit": [
        ("submit to a contest task", _submit, "Submission received.")
    ],
    "/contests/{slug:str}/exam/start": [("start an exam", _exam_start, "Your timer has started.")],
    "/contests/{slug:str}/exam": [("hand in an exam", _exam_hand_in, "Your exam is handed in.")],
    "/contests/{slug:str}/clarifications": [
        ("ask the jury", _ask, "Your question is with the jury.")
    ],
    "/contests/{slug:str}/clarifications/{id:int}/answer": [
        ("answer a question", _answer, "Answer sent.")
    ],
    "/contests/{slug:str}/clarifications/announce": [
        ("announce", _announce, "Announcement sent to everyone.")
    ],
    "/contests/{slug:str}/clarifications/{id:int}/unpin": [
        ("unpin an announcement", _unpin, "The announcement is no longer pinned.")
    ],
}
