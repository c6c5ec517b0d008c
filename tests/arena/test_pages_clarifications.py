"""Clarifications and announcements during a contest: a team member asks about a task, the
jury answers privately (the teammate reads it, another entry does not) or to everyone; "answered
in the statement"; announcements pinned on the contest page; the unread counts; live events on
the right channels only — and what is refused: strangers, eligible students who did not
register, coaches off the jury, a task of a round that has not opened, an empty, overlong or
control-character question, the rate limit, another contest's question."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from sqlalchemy import select

from ictarena.accounts.models import Role
from ictarena.contests.clarifications import QUESTIONS
from ictarena.contests.models import Clarification, RoundTask
from ictarena.db import Database
from ictarena.events.models import Event
from tests.arena.helpers import UserFactory, csrf_of
from tests.arena.pages import Site
from tests.arena.test_pages_contests import Cast, Client, _cast, as_user

PAGE = "/contests/spring-mock/clarifications"
CONTEST = "/contests/spring-mock"


async def _post(http: httpx.AsyncClient, action: str, **data: str) -> httpx.Response:
    token = await csrf_of(http, PAGE)
    return await http.post(action, data={"csrf_token": token, **data})


async def _lab_task(db: Database, cast: Cast) -> str:
    async with db.session() as session:
        task_id = await session.scalar(
            select(RoundTask.task_id).where(RoundTask.round_id == cast.lab.id)
        )
    return f"{cast.lab.id}:{task_id}"


async def _question(db: Database, text: str) -> int:
    async with db.session() as session:
        found = await session.scalar(select(Clarification.id).where(Clarification.text == text))
    assert found is not None
    return found


async def _events(db: Database, kind: str) -> list[Event]:
    async with db.session() as session:
        return list((await session.scalars(select(Event).where(Event.kind == kind))).all())


async def test_a_question_answered_privately_then_to_everyone(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    subject = await _lab_task(committed_db, cast)
    await as_user(http, cast.ada)
    page = await http.get(PAGE)
    assert page.status_code == 200 and 'id="clar-subject"' in page.text
    assert "Lab · A" in page.text  # the opened round's task, by its label
    asked = await _post(http, PAGE, text="Is the MAC  <b>case</b> kept?", subject=subject)
    assert asked.status_code == 303 and asked.headers["location"] == PAGE
    own = (await http.get(PAGE)).text
    assert "Waiting for the jury&#39;s answer." in own or "Waiting for the jury's answer." in own
    assert "&lt;b&gt;case&lt;/b&gt;" in own  # plain text, escaped
    number = await _question(committed_db, "Is the MAC  <b>case</b> kept?")
    # the jury is told on its own channel: nobody else hears of the question
    pings = await _events(committed_db, "clarification.asked")
    assert {e.user_id for e in pings} == {cast.coach.id} and all(
        e.payload == {"id": number} for e in pings
    )

    await as_user(http, cast.coach)
    contest_page = await http.get(CONTEST)
    assert re.search(
        r'id="clar-link"[^>]*>Clarifications <span class="badge"[^>]*>1<', contest_page.text
    )
    jury = (await http.get(PAGE)).text
    assert "from Routers" in jury and f'id="answer-{number}"' in jury
    answered = await _post(
        http,
        f"{PAGE}/{number}/answer",
        answer="Lower case, colons.",
        reply="text",
        audience="entry",
    )
    assert answered.status_code == 303
    told = await _events(committed_db, "clarification.answered")
    assert {e.user_id for e in told} == {cast.ada.id, cast.bo.id}  # the team, on own channels

    await as_user(http, cast.bo)  # the teammate reads the answer; it is new to him
    contest_page = await http.get(CONTEST)
    assert re.search(
        r'id="clar-link"[^>]*>Clarifications <span class="badge"[^>]*>1<', contest_page.text
    )
    read = (await http.get(PAGE)).text
    assert "Lower case, colons." in read and "Is the MAC" in read
    assert 'class="badge"' not in (await http.get(CONTEST)).text.split('id="clar-link"')[1][:200]
    await as_user(http, cast.solo)  # another entry reads nothing of it
    other = (await http.get(PAGE)).text
    assert "Lower case" not in other and "Is the MAC" not in other

    await as_user(http, cast.coach)  # answered again, to everyone, "in the statement"
    again = await _post(
        http, f"{PAGE}/{number}/answer", answer="", reply="statement", audience="everyone"
    )
    assert again.status_code == 303
    public = [e for e in await _events(committed_db, "clarification.answered") if e.user_id is None]
    assert [e.subject for e in public] == [f"contest:{cast.contest.id}"]
    await as_user(http, cast.solo)
    everyone = (await http.get(PAGE)).text
    assert (
        "Is the MAC" in everyone and "Answered in the statement: read the task again." in everyone
    )
    assert "Lower case" not in everyone  # the new answer replaced the old one


async def test_an_announcement_is_pinned_for_everyone_who_sees_the_contest(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.coach)
    sent = await _post(http, f"{PAGE}/announce", text="Task A: the sample was fixed.", pinned="on")
    assert sent.status_code == 303
    for reader in (cast.solo, cast.eligible):  # a participant, and an eligible onlooker
        await as_user(http, reader)
        page = (await http.get(CONTEST)).text
        assert "Task A: the sample was fixed." in page.split('id="pinned-notes"')[1]
    number = await _question(committed_db, "Task A: the sample was fixed.")
    await as_user(http, cast.coach)
    assert (await _post(http, f"{PAGE}/{number}/unpin")).status_code == 303
    await as_user(http, cast.solo)
    page = (await http.get(CONTEST)).text
    assert "Task A: the sample was fixed." not in page.split('id="pinned-notes"')[1][:300]
    assert "Task A: the sample was fixed." in (await http.get(PAGE)).text  # still listed


async def test_what_is_refused(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    # the lab round opens in an hour: its task cannot be asked about (its name stays unknown)
    cast = await _cast(
        committed_db, site, users, lab=(timedelta(minutes=60), timedelta(minutes=120))
    )
    lab = await _lab_task(committed_db, cast)
    await as_user(http, cast.solo)
    assert "Lab · A" not in (await http.get(PAGE)).text
    hidden = await _post(http, PAGE, text="What is task A?", subject=lab)
    assert hidden.status_code == 400 and "a round that has opened" in hidden.text
    forged = await _post(http, PAGE, text="x", subject="1:notanumber")
    assert forged.status_code == 400
    for text, reason in (
        ("   ", "Write your question."),
        ("x" * 1001, "Keep it to 1000 characters."),
        ("bell \x07", "Plain text only"),
    ):
        refused = await _post(http, PAGE, text=text, subject="")
        assert refused.status_code == 400 and reason in refused.text, text
    for n in range(QUESTIONS):
        assert (await _post(http, PAGE, text=f"Question {n}", subject="")).status_code == 303
    throttled = await _post(http, PAGE, text="One too many", subject="")
    assert throttled.status_code == 429 and "questions every ten minutes" in throttled.text
    async with committed_db.session() as session:
        stored = (await session.scalars(select(Clarification.text))).all()
    assert sorted(stored) == [f"Question {n}" for n in range(QUESTIONS)]

    number = await _question(committed_db, "Question 0")
    other_coach = await users(Role.COACH)
    for reader in (cast.eligible, cast.stranger, other_coach):
        await as_user(http, reader)
        token = await csrf_of(http, "/contests")
        asked = await http.post(PAGE, data={"csrf_token": token, "text": "Hi", "subject": ""})
        assert asked.status_code in (403, 404), reader.username
        answer = await http.post(
            f"{PAGE}/{number}/answer",
            data={"csrf_token": token, "answer": "no", "reply": "text", "audience": "everyone"},
        )
        assert answer.status_code in (403, 404), reader.username
        announce = await http.post(f"{PAGE}/announce", data={"csrf_token": token, "text": "x"})
        assert announce.status_code in (403, 404), reader.username
    await as_user(http, cast.stranger)
    assert (await http.get(PAGE)).status_code == 404  # the contest is not theirs to see
    await as_user(http, cast.coach)  # bad choices, and a question of no contest
    bad = await _post(http, f"{PAGE}/{number}/answer", answer="a", reply="maybe", audience="entry")
    assert bad.status_code == 400
    missing = await _post(
        http, f"{PAGE}/{number + 999}/answer", answer="a", reply="text", audience="entry"
    )
    assert missing.status_code == 404
    async with committed_db.session() as session:
        row = await session.get(Clarification, number)
        assert row is not None and row.reply is None  # nothing of the refused answers stored
