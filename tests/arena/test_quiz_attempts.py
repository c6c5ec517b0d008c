"""The quiz attempt policy: limits per UTC day, coach grants, reveal, blank quizzes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from ictarena.accounts.models import Role, User
from ictarena.accounts.services import create_user, join_cohort
from ictarena.catalog.quiz import QuizSpec
from ictarena.db import Database, utcnow
from ictarena.errors import InvalidInput, NotFound, Throttled
from ictarena.settings import Settings
from ictarena.submissions.attempts import (
    AttemptState,
    day_start,
    grant_attempts,
    is_blank,
    next_opening,
    take_attempt,
)
from ictarena.submissions.models import QuizAttempt, QuizGrant, Submission
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import PASSWORD, UserFactory, csrf_of, log_in
from tests.arena.pages import Site, build_site

QUESTION = {
    "id": "q1",
    "kind": "true_false",
    "text": {"en": "Is OSPF a link-state protocol?", "zh": "OSPF 是链路状态协议吗?"},
    "answer": True,
}


def test_three_wrong_attempts_then_refused() -> None:
    states = [AttemptState(limit=3, used=n) for n in range(5)]
    assert [s.may_attempt for s in states] == [True, True, True, False, False]


def test_answers_hidden_after_first_and_second_wrong_try_shown_after_third() -> None:
    assert [AttemptState(limit=3, used=n).reveal for n in (1, 2, 3)] == [False, False, True]


def test_policy_reveals_after_a_pass() -> None:
    assert AttemptState(limit=3, used=1, passed=True).reveal


def test_grant_allows_another_attempt_and_hides_answers_again() -> None:
    spent = AttemptState(limit=3, used=3)
    granted = AttemptState(limit=3, used=3, granted=1)
    assert not spent.may_attempt and spent.reveal
    assert granted.may_attempt and granted.remaining == 1 and not granted.reveal
    assert not AttemptState(limit=3, used=4, granted=1).may_attempt


def test_day_boundary_is_midnight_utc() -> None:
    late = datetime(2026, 3, 1, 23, 59, tzinfo=UTC)
    assert day_start(late) == datetime(2026, 3, 1, tzinfo=UTC)
    assert next_opening(late) == datetime(2026, 3, 2, tzinfo=UTC)
    # 07:30 in Beijing on 2 March is still 1 March in UTC.
    beijing = datetime(2026, 3, 2, 7, 30, tzinfo=timezone(timedelta(hours=8)))
    assert next_opening(beijing) == datetime(2026, 3, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("answers", "blank"),
    [
        ({}, True),
        ({"q1": ""}, True),
        ({"q1": "  ", "q2": [], "q3": None}, True),
        ({"q1": "b"}, False),
        ({"q1": False}, False),
        ({"q1": ["a"]}, False),
        ({"q1": "", "q2": "0"}, False),
    ],
)
def test_blank_quiz(answers: dict[str, object], blank: bool) -> None:
    assert is_blank(answers) is blank


def test_quiz_spec_attempts_per_day_is_validated() -> None:
    assert QuizSpec.model_validate({"questions": [QUESTION]}).attempts_per_day is None
    assert (
        QuizSpec.model_validate({"questions": [QUESTION], "attempts_per_day": 5}).attempts_per_day
        == 5
    )
    with pytest.raises(ValidationError) as error:
        QuizSpec.model_validate({"questions": [QUESTION], "attempts_per_day": 0})
    assert error.value.errors()[0]["loc"] == ("attempts_per_day",)


def test_setting_default_and_bounds() -> None:
    assert Settings.model_fields["quiz_attempts_per_day"].default == 3


# Through the real intake and pages ---------------------------------------------------------

WRONG = {"answer:mask": "255.255.0.0", "answer:ospf": "b", "answer:udp": "false"}
RIGHT = {"answer:mask": "255.255.255.0", "answer:ospf": "a", "answer:udp": "true"}
Client = tuple[httpx.AsyncClient, InProcessQueue]


async def _submit(http: httpx.AsyncClient, site: Site, answers: dict[str, str]) -> httpx.Response:
    token = await csrf_of(http, f"/tasks/{site.quiz.slug}")
    return await http.post(f"/tasks/{site.quiz.id}/submit", data={**answers, "csrf_token": token})


async def test_answers_hidden_until_the_last_attempt_then_refused(
    client: Client, users: UserFactory, site: Site
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    pages = []
    for _ in range(3):
        sent = await _submit(http, site, WRONG)
        assert sent.status_code == 303
        pages.append((await http.get(sent.headers["location"])).text)
    for page in pages[:2]:
        assert "24 one bits." not in page and "255.255.255.0" not in page
        assert "shown once you pass this quiz" in page
    assert "24 one bits." in pages[2] and "255.255.255.0" in pages[2]
    fourth = await _submit(http, site, RIGHT)
    assert fourth.status_code == 429
    assert "used today" in fourth.text and "midnight UTC" in fourth.text
    assert "Traceback" not in fourth.text
    zh = await http.post(
        f"/tasks/{site.quiz.id}/submit",
        data={**RIGHT, "csrf_token": await csrf_of(http, f"/tasks/{site.quiz.slug}")},
        headers={"Accept-Language": "zh"},
    )
    assert zh.status_code == 429 and "UTC 零点" in zh.text


async def test_answers_shown_after_a_pass(client: Client, users: UserFactory, site: Site) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    sent = await _submit(http, site, RIGHT)
    page = (await http.get(sent.headers["location"])).text
    assert "24 one bits." in page and "shown once you pass" not in page


async def test_a_blank_quiz_is_refused_and_costs_no_attempt(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    for blank in ({"answer:mask": ""}, {"answer:mask": "   "}):
        refused = await _submit(http, site, blank)
        assert refused.status_code == 400 and "A blank quiz is not graded" in refused.text
    async with committed_db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Submission)) == 0
        assert await session.scalar(select(func.count()).select_from(QuizAttempt)) == 0
    for _ in range(3):
        assert (await _submit(http, site, WRONG)).status_code == 303


async def test_a_coach_grant_allows_another_attempt(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach)
    student = await users()
    async with committed_db.session() as session:
        member = await session.get(User, student.id)
        assert member is not None
        await join_cohort(session, member, cohort.invite_code)
        await session.commit()
    await log_in(http, student.username)
    for _ in range(3):
        assert (await _submit(http, site, WRONG)).status_code == 303
    assert (await _submit(http, site, WRONG)).status_code == 429
    async with committed_db.session() as session:
        me = await session.get(User, coach.id)
        assert me is not None
        await grant_attempts(session, me, student.id, site.quiz.id, 1, utcnow())
        await session.commit()
        grants = (await session.scalars(select(QuizGrant))).all()
        assert [(g.coach_id, g.student_id, g.count) for g in grants] == [(coach.id, student.id, 1)]
    sent = await _submit(http, site, WRONG)
    assert sent.status_code == 303
    page = (await http.get(sent.headers["location"])).text
    assert "24 one bits." in page  # the granted attempt was the last of the day
    assert (await _submit(http, site, WRONG)).status_code == 429


async def test_grants_are_refused_to_other_coaches_and_to_students(
    users: UserFactory, site: Site, committed_db: Database
) -> None:
    coach, other = await users(Role.COACH), await users(Role.COACH)
    cohort = await users.cohort(coach)
    student = await users()
    async with committed_db.session() as session:
        member = await session.get(User, student.id)
        assert member is not None
        await join_cohort(session, member, cohort.invite_code)
        await session.commit()
        stranger = await session.get(User, other.id)
        assert stranger is not None
        with pytest.raises(NotFound):
            await grant_attempts(session, stranger, student.id, site.quiz.id, 1, utcnow())
        with pytest.raises(NotFound):
            await grant_attempts(session, member, student.id, site.quiz.id, 5, utcnow())
        mine = await session.get(User, coach.id)
        assert mine is not None
        with pytest.raises(InvalidInput):
            await grant_attempts(session, mine, student.id, site.quiz.id, 0, utcnow())
        await session.rollback()
        assert await session.scalar(select(func.count()).select_from(QuizGrant)) == 0


async def test_concurrent_attempts_never_exceed_the_limit(any_db: Database, tmp_path: Path) -> None:
    quiz = (await build_site(any_db, tmp_path / "tasks")).quiz
    async with any_db.session() as session:
        student = await create_user(session, "racer", PASSWORD, Role.STUDENT)
        await session.commit()
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)

    async def one() -> bool:
        async with any_db.session() as session:
            try:
                await take_attempt(session, student.id, quiz.id, 3, now)
            except Throttled:
                await session.rollback()
                return False
            await session.commit()
            return True

    results = await asyncio.gather(*(one() for _ in range(50)), return_exceptions=True)
    taken = [r for r in results if r is True]
    assert len(taken) == 3, results
    async with any_db.session() as session:
        row = await session.get(QuizAttempt, (student.id, quiz.id, now.date()))
        assert row is not None and row.used == 3
