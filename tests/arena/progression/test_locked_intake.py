"""Hostile: a student submits to a task they have not unlocked, by every intake path (the web
form and the JSON API, for code and for an instantly graded quiz, and a rejudging), for a tier
lock and for a prerequisite lock. Each is refused and nothing is stored."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import Role, User
from ictarena.catalog.quiz import ANSWERS_FILE
from ictarena.db import Database
from ictarena.errors import InvalidInput
from ictarena.intake.eligibility import still_allowed
from ictarena.progression.models import StudentTier
from ictarena.settings import Settings
from ictarena.submissions import rejudging as rejudgings
from ictarena.submissions.models import Judging, QuizAttempt, Rejudging, Submission
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import csrf_of, log_in
from tests.arena.pages import open_site
from tests.arena.progression.conftest import Course, build_course, give, make_user

pytestmark = pytest.mark.postgres

# task -> what locks it: for "tier" the student has done every Associate module first
LOCKED = {
    "advanced-code": "tier",
    "advanced-quiz": "tier",
    "routing-code": "prerequisites",
    "routing-quiz": "prerequisites",
}


@pytest.fixture
async def pg_course(committed_db: Database, settings: Settings) -> Course:
    return await build_course(committed_db, settings.tasks_dir)


@pytest.fixture
async def client(
    settings: Settings, committed_db: Database, pg_course: Course
) -> AsyncIterator[tuple[httpx.AsyncClient, InProcessQueue]]:
    async with open_site(settings, committed_db) as opened:
        yield opened


async def _stored(db: Database) -> tuple[int, int, int]:
    async with db.session() as session:
        return (
            int(await session.scalar(select(func.count()).select_from(Submission)) or 0),
            int(await session.scalar(select(func.count()).select_from(Judging)) or 0),
            int(await session.scalar(select(func.count()).select_from(QuizAttempt)) or 0),
        )


def _answer(slug: str) -> tuple[str | None, dict[str, str]]:
    if slug.endswith("quiz"):
        return None, {ANSWERS_FILE: json.dumps({"udp": True})}
    return "cpp", {"main.cpp": "int main() { return 0; }"}


def _form(slug: str, token: str) -> dict[str, str]:
    if slug.endswith("quiz"):
        return {"answer:udp": "true", "csrf_token": token}
    return {"language": "cpp", "source": "int main() { return 0; }", "csrf_token": token}


@pytest.mark.parametrize("slug", list(LOCKED), ids=[f"{s}-{LOCKED[s]}" for s in LOCKED])
@pytest.mark.parametrize("path", ["form", "api"])
async def test_a_locked_task_refuses_every_submission_and_stores_nothing(
    client: tuple[httpx.AsyncClient, InProcessQueue],
    committed_db: Database,
    pg_course: Course,
    slug: str,
    path: str,
) -> None:
    http, _queue = client
    student = await make_user(committed_db, "intruder")
    if LOCKED[slug] == "tier":  # prerequisites done: only the tier keeps them out
        for done in ("basics-code", "basics-quiz", "routing-code", "routing-quiz"):
            await give(committed_db, student.id, pg_course.tasks[done], 1.0)
    await log_in(http, student.username)
    token = await csrf_of(http, "/student")
    task = pg_course.tasks[slug]
    if path == "form":
        response = await http.post(f"/tasks/{task.id}/submit", data=_form(slug, token))
    else:
        language, files = _answer(slug)
        response = await http.post(
            "/api/submissions",
            json={"task_id": task.id, "language": language, "files": files},
            headers={"X-CSRF-Token": token},
        )
    assert response.status_code == 403, response.text
    assert "Statement of" not in response.text
    assert await _stored(committed_db) == (0, 0, 0)

    # The same request to an open task goes through: the refusal above was the lock.
    open_slug = "basics-quiz" if slug.endswith("quiz") else "basics-code"
    opened = pg_course.tasks[open_slug]
    if path == "form":
        response = await http.post(f"/tasks/{opened.id}/submit", data=_form(open_slug, token))
        assert response.status_code == 303
    else:
        language, files = _answer(open_slug)
        response = await http.post(
            "/api/submissions",
            json={"task_id": opened.id, "language": language, "files": files},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 201, response.text
    assert (await _stored(committed_db))[0] == 1


async def test_the_tier_once_held_lets_the_submission_in(
    client: tuple[httpx.AsyncClient, InProcessQueue], committed_db: Database, pg_course: Course
) -> None:
    http, _queue = client
    student = await make_user(committed_db, "promoted")
    for done in ("basics-code", "basics-quiz", "routing-code", "routing-quiz"):
        await give(committed_db, student.id, pg_course.tasks[done], 1.0)
    async with committed_db.session() as session:
        session.add(
            StudentTier(
                user_id=student.id, track_id=pg_course.track.id, tier_id=pg_course.tiers[2].id
            )
        )
        await session.commit()
    await log_in(http, student.username)
    token = await csrf_of(http, "/student")
    task = pg_course.tasks["advanced-quiz"]
    response = await http.post(f"/tasks/{task.id}/submit", data=_form("advanced-quiz", token))
    assert response.status_code == 303
    assert (await _stored(committed_db))[:2] == (1, 1)


async def test_a_rejudging_leaves_out_submissions_whose_author_is_locked_out(
    client: tuple[httpx.AsyncClient, InProcessQueue], committed_db: Database, pg_course: Course
) -> None:
    http, _queue = client
    student = await make_user(committed_db, "revoked")
    coach = await make_user(committed_db, "judgecoach", Role.COACH)
    admin = await make_user(committed_db, "rejudger", Role.ADMIN)
    task = pg_course.tasks["advanced-code"]
    async with committed_db.session() as session:
        for author in (student, coach):  # both submitted while they could
            session.add(Submission(user_id=author.id, task_id=task.id, language="cpp", files={}))
        await session.commit()
    # The student holds only the Associate tier: their submission stays out of a rejudging.
    async with committed_db.session() as session:
        actor = await session.get(User, admin.id)
        assert actor is not None
        created, users = await rejudgings.create_rejudging(
            session, actor, task_id=task.id, reason="new tests", allowed=still_allowed
        )
        await session.commit()
        assert created.scope["left_out"] == 1 and users == [coach.id]
        judged = (await session.scalars(select(Judging))).all()
        assert len(judged) == 1

    # A rejudging of the locked submission alone is refused with a reason, through the page.
    async with committed_db.session() as session:
        locked_id = await session.scalar(
            select(Submission.id).where(Submission.user_id == student.id)
        )
    await log_in(http, admin.username)
    token = await csrf_of(http, "/admin/rejudgings")
    response = await http.post(
        "/admin/rejudgings",
        data={"submissions": str(locked_id), "reason": "x", "csrf_token": token},
    )
    assert response.status_code == 400
    async with committed_db.session() as session:
        assert int(await session.scalar(select(func.count()).select_from(Rejudging)) or 0) == 1
        assert len((await session.scalars(select(Judging))).all()) == 1
        actor = await session.get(User, admin.id)
        assert actor is not None
        with pytest.raises(InvalidInput) as refused:
            await rejudgings.create_rejudging(
                session, actor, submission_ids=[locked_id or 0], allowed=still_allowed
            )
        assert refused.value.message == "rejudge_scope_locked"
