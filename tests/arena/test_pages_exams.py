"""The mock exam's pages: the paper page (Start once, the drawn questions, a countdown from the
server's clock, hand in once), the result page (score out of 1000, pass or fail, the breakdown
by competency and topic) and the review after the close; and what must not leak: no answer key
or explanation in any page before the exam has closed for everyone, no second hand-in, no
hand-in after the end or by a stranger, no answers to questions that are not on the paper."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Dataset, Task
from ictarena.contests import templates
from ictarena.contests.models import Contest, Entry, Paper, Participation, Round, Sitting
from ictarena.contests.standings import forget
from ictarena.db import Database, utcnow
from ictarena.submissions.models import Submission
from ictarena.workers.queue import InProcessQueue
from tests.arena.contests.exam_bank import manifest
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site

Client = tuple[httpx.AsyncClient, InProcessQueue]
EXAM = "/contests/hcia-mock/exam"
RESULT = "/contests/hcia-mock/exam/result"
KEY_TEXTS = ("Because ", "因为 ", '"correct"', "Expected")  # explanations and the key


@dataclass
class Cast:
    coach: User
    ann: User  # takes the exam
    bob: User  # takes the exam
    stranger: User  # does not
    contest: Contest
    exam: Round


@pytest.fixture(autouse=True)
def fresh_boards() -> None:
    forget()


async def _cast(db: Database, site: Site, users: UserFactory) -> Cast:
    """A mock exam made by the template on a small bank (routing and switching, ten questions
    each; every correct option is ``b``), open for an hour, with Ann and Bob entered."""
    coach = await users(Role.COACH)
    ann, bob, stranger = await users(), await users(), await users()
    now = utcnow()
    async with db.session() as session:
        bank = Task(slug="exam-mini", type="exam", module_id=site.quiz.module_id,
                    title_en="Mini exam", title_zh="小考试", visible=False)  # fmt: skip
        session.add(bank)
        await session.flush()
        dataset = Dataset(task_id=bank.id, version=1, content_hash="e" * 64, manifest=manifest(),
                          max_score=1000.0, statement_en="Ninety minutes. Pass at 600.",
                          statement_zh="九十分钟，600 分及格。")  # fmt: skip
        session.add(dataset)
        await session.flush()
        bank.live_dataset_id = dataset.id
        author = await session.get(User, coach.id)
        assert author is not None
        contest = await templates.create_mock_exam(
            session, author, slug="hcia-mock", title="HCIA mock", task_id=bank.id,
            opens_at=now - timedelta(minutes=5), closes_at=now + timedelta(hours=1),
        )  # fmt: skip
        for student in (ann, bob):
            entry = Entry(contest_id=contest.id, name=student.display_name)
            session.add(entry)
            await session.flush()
            session.add(Participation(contest_id=contest.id, user_id=student.id, entry_id=entry.id))
        await session.commit()
        exam = await session.scalar(select(Round).where(Round.contest_id == contest.id))
        assert exam is not None
    return Cast(coach, ann, bob, stranger, contest, exam)


async def as_user(http: httpx.AsyncClient, user: User | None) -> None:
    http.cookies.clear()
    if user is not None:
        assert (await log_in(http, user.username)).status_code == 303


async def _post(http: httpx.AsyncClient, page: str, action: str, **data: str) -> httpx.Response:
    token = await csrf_of(http, page)
    return await http.post(action, data={"csrf_token": token, **data})


async def _count(db: Database, model: type, **where: object) -> int:
    async with db.session() as session:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return int(await session.scalar(query) or 0)


def _question_ids(page: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'name="answer:([^"]+)"', page)))


def _answers(page: str, right: set[str]) -> dict[str, str]:
    """The form's answers: ``b`` (right) for the questions in ``right``, ``c`` for the rest."""
    return {f"answer:{qid}": "b" if qid in right else "c" for qid in _question_ids(page)}


async def _close(db: Database, exam: Round) -> None:
    """Move the exam into the past: everyone's window has closed."""
    async with db.session() as session:
        past = utcnow() - timedelta(minutes=1)
        await session.execute(
            update(Round)
            .where(Round.id == exam.id)
            .values(starts_at=past - timedelta(hours=2), ends_at=past)
        )
        await session.execute(
            update(Sitting)
            .where(Sitting.round_id == exam.id)
            .values(started_at=past - timedelta(hours=1))
        )
        await session.commit()


async def _start(http: httpx.AsyncClient) -> str:
    page = await http.get(EXAM)
    assert page.status_code == 200 and "Start the exam" in page.text
    started = await _post(http, EXAM, f"{EXAM}/start")
    assert started.status_code == 303 and started.headers["location"] == EXAM
    paper = await http.get(EXAM)
    assert paper.status_code == 200
    return paper.text


async def test_a_participant_starts_once_answers_the_paper_and_reads_the_result(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.ann)
    paper = await _start(http)
    again = await _post(http, EXAM, f"{EXAM}/start")  # a second press: the same timer, paper
    assert again.status_code == 303
    assert await _count(committed_db, Sitting, round_id=cast.exam.id) == 1
    assert await _count(committed_db, Paper, round_id=cast.exam.id) == 1
    ids = _question_ids(paper)
    assert len(ids) == 10 and 'id="exam-paper"' in paper
    assert 'data-now="' in paper and 'data-end="' in paper and 'id="exam-clock"' in paper
    assert "20 points" not in paper and "100 points" in paper  # the blueprint's points
    assert not any(text in paper for text in KEY_TEXTS)  # hostile: no key on the paper
    # every routing question right, the switching ones wrong: 500 of 1000, not passed
    routing = {qid for qid in ids if qid.startswith("routing")}
    token = await csrf_of(http, EXAM)
    handed = await http.post(
        EXAM, data={"csrf_token": token, "multiple": "", **_answers(paper, routing)}
    )
    assert handed.status_code == 303 and handed.headers["location"] == RESULT
    result = await http.get(RESULT)
    assert result.status_code == 200
    assert re.search(r'id="exam-score">500</strong> / 1000', result.text)
    assert "Not passed" in result.text and "pass mark 600" in result.text
    assert 'id="breakdown-competency"' in result.text and 'id="breakdown-topic"' in result.text
    assert "Protocol comprehension" in result.text and "routing" in result.text
    assert 'id="review-later"' in result.text
    assert not any(text in result.text for text in KEY_TEXTS)
    # hostile: a second hand-in is not taken (and the paper page leads to the result)
    second = await http.post(
        EXAM, data={"csrf_token": token, "multiple": "", **_answers(paper, set(ids))}
    )
    assert second.status_code == 303 and second.headers["location"] == RESULT
    assert await _count(committed_db, Submission, round_id=cast.exam.id) == 1
    assert (await http.get(EXAM)).headers.get("location") == RESULT
    # the submission's own page shows the score by competency, not the questions or the key
    async with committed_db.session() as session:
        submission_id = await session.scalar(
            select(Submission.id).where(Submission.round_id == cast.exam.id)
        )
    own = await http.get(f"/submissions/{submission_id}")
    assert own.status_code == 200 and "Score by competency" in own.text
    assert not any(text in own.text for text in KEY_TEXTS) and "routing-0" not in own.text


async def test_after_the_close_both_see_their_breakdown_and_the_review(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    scores = {}
    for student, right in ((cast.ann, 8), (cast.bob, 3)):  # 800 passes, 300 does not
        await as_user(http, student)
        paper = await _start(http)
        ids = _question_ids(paper)
        token = await csrf_of(http, EXAM)
        answers = _answers(paper, set(ids[:right]))
        assert (await http.post(EXAM, data={"csrf_token": token, **answers})).status_code == 303
        scores[student.id] = right * 100
    await _close(committed_db, cast.exam)
    for student, verdict in ((cast.ann, "Passed"), (cast.bob, "Not passed")):
        await as_user(http, student)
        result = (await http.get(RESULT)).text
        assert f'id="exam-score">{scores[student.id]}</strong>' in result
        assert f'id="exam-verdict">{verdict}<' in result
        assert 'id="breakdown-competency"' in result
        assert result.count('class="review-item') == 10  # the whole paper reviewed
        assert "Because " in result and "Your answer" in result and "Expected" in result
    await as_user(http, cast.bob)
    zh = await http.get(RESULT, headers={"Accept-Language": "zh-CN"})
    assert '<html lang="zh-Hans">' in zh.text and "因为 " in zh.text  # the bank's Chinese


async def test_strangers_late_hand_ins_and_forged_answers_are_refused(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    # a stranger who may see nothing of the contest: it does not exist for them
    await as_user(http, cast.stranger)
    assert (await http.get(EXAM)).status_code == 404
    assert (await http.get(RESULT)).status_code == 404
    # the jury sees the page, without a paper, and cannot hand one in
    await as_user(http, cast.coach)
    jury = await http.get(EXAM)
    assert jury.status_code == 200 and "Only the exam's participants have a paper" in jury.text
    assert 'name="answer:' not in jury.text
    assert (await _post(http, "/contests", EXAM, **{"answer:routing-01": "b"})).status_code == 403
    # Bob hands in from a page left open past his end: refused, with the reason
    await as_user(http, cast.bob)
    paper = await _start(http)
    token = await csrf_of(http, EXAM)
    await _close(committed_db, cast.exam)
    late = await http.post(EXAM, data={"csrf_token": token, **_answers(paper, set())})
    assert late.status_code == 400 and "is over" in late.text
    assert await _count(committed_db, Submission, round_id=cast.exam.id) == 0
    # Ann answers questions that are not on her paper: they are dropped
    async with committed_db.session() as session:
        await session.execute(
            update(Round)
            .where(Round.id == cast.exam.id)
            .values(
                starts_at=utcnow() - timedelta(minutes=5), ends_at=utcnow() + timedelta(hours=1)
            )
        )
        await session.commit()
    await as_user(http, cast.ann)
    paper = await _start(http)
    ids = set(_question_ids(paper))
    foreign = sorted({f"routing-{n:02d}" for n in range(1, 11)} - ids)
    token = await csrf_of(http, EXAM)
    data = {"csrf_token": token, **{f"answer:{qid}": "b" for qid in [*foreign, *sorted(ids)[:1]]}}
    assert (await http.post(EXAM, data=data)).status_code == 303
    async with committed_db.session() as session:
        files = await session.scalar(
            select(Submission.files).where(Submission.round_id == cast.exam.id)
        )
    assert files is not None and not any(qid in files["answers.json"] for qid in foreign)


async def test_two_hand_ins_at_once_are_taken_once(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.ann)
    paper = await _start(http)
    token = await csrf_of(http, EXAM)
    ids = set(_question_ids(paper))
    both = await asyncio.gather(
        http.post(EXAM, data={"csrf_token": token, **_answers(paper, ids)}),
        http.post(EXAM, data={"csrf_token": token, **_answers(paper, set())}),
    )
    assert [r.status_code for r in both] == [303, 303]
    assert {r.headers["location"] for r in both} == {RESULT}
    assert await _count(committed_db, Submission, round_id=cast.exam.id) == 1


async def test_the_paper_page_in_chinese_shows_the_banks_chinese(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.ann)
    await _start(http)
    page = await http.get(EXAM, headers={"Accept-Language": "zh-CN"})
    assert '<html lang="zh-Hans">' in page.text
    assert page.text.count("问题 ") == 10 and "选项 b" in page.text
    assert len(_question_ids(page.text)) == 10


async def test_the_banks_own_task_page_shows_no_question(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    """An admin may open the bank's task page (students cannot: it is hidden); it says where
    the exam is taken, and shows none of the bank's questions."""
    http, _queue = client
    await _cast(committed_db, site, users)
    await as_user(http, await users(Role.ADMIN))
    page = await http.get("/tasks/exam-mini")
    assert page.status_code == 200
    assert "This is the question bank of a mock exam" in page.text
    assert "Question routing-01" not in page.text and 'name="answer:' not in page.text
    await as_user(http, await users())
    assert (await http.get("/tasks/exam-mini")).status_code == 404


async def test_a_timer_started_on_the_contest_page_gets_its_paper_on_the_exam_page(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.bob)
    started = await _post(http, "/contests/hcia-mock", "/contests/hcia-mock/rounds/1/start")
    assert started.status_code == 303
    assert await _count(committed_db, Paper, round_id=cast.exam.id) == 0
    page = await http.get(EXAM)
    assert page.status_code == 200 and len(_question_ids(page.text)) == 10
    assert await _count(committed_db, Paper, round_id=cast.exam.id) == 1
    again = await http.get(EXAM)
    assert _question_ids(again.text) == _question_ids(page.text)  # the same paper, same order
