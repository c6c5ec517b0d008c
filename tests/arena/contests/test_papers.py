"""Drawing exam papers: by the blueprint (every section its count, from its own pool), from a
reproducible seed, in a shuffled order with shuffled options, avoiding what the student met in
an earlier paper of the bank; drawn once per participant, even when two requests race."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.bank import Bank, Blueprint, bank_of
from ictarena.catalog.quiz import presentation
from ictarena.contests import papers
from ictarena.contests.models import (
    Contest,
    Paper,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    WindowType,
)
from ictarena.db import Database
from ictarena.errors import Forbidden, InvalidInput
from tests.arena.contests.exam_bank import BLUEPRINT, blueprint, exam_task, manifest, pool
from tests.arena.contests.staging import at, catalogue, contest, enter, person, round_

BANK = bank_of(manifest())
PLAN = Blueprint.model_validate(BLUEPRINT)
TOPIC = {q.id: q.topic for q in BANK.questions}


class _Paper:
    def __init__(self, questions: list[dict[str, Any]], seed: str = "seed") -> None:
        self.questions = questions
        self.seed = seed


def ids(paper: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in paper]


# The draw (pure) -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [f"seed-{n}" for n in range(20)])
def test_every_section_gives_exactly_its_count_from_its_own_pool(seed: str) -> None:
    paper = papers.draw(BANK, PLAN, seed)
    assert Counter(TOPIC[i] for i in ids(paper)) == {"routing": 5, "switching": 5}
    assert len(set(ids(paper))) == 10
    assert {item["points"] for item in paper} == {100.0}
    assert sum(item["points"] for item in paper) == 1000


def test_stratified_unlike_a_plain_sample() -> None:
    """A lopsided bank: 40 routing questions, 10 switching. A plain sample of 10 would give
    about 8 routing questions; the blueprint says 5 and 5, every time."""
    bank = Bank.model_validate({"questions": [*pool("routing", 40), *pool("switching", 10)]})
    topics = {q.id: q.topic for q in bank.questions}
    for n in range(50):
        paper = papers.draw(bank, PLAN, f"s{n}")
        assert Counter(topics[i] for i in ids(paper)) == {"routing": 5, "switching": 5}


def test_the_same_seed_draws_the_same_paper_and_another_seed_another() -> None:
    assert papers.draw(BANK, PLAN, "a") == papers.draw(BANK, PLAN, "a")
    drawn = {tuple(ids(papers.draw(BANK, PLAN, f"s{n}"))) for n in range(10)}
    assert len(drawn) == 10
    assert papers.paper_seed("mock", 1, 2) == papers.paper_seed("mock", 1, 2)
    seeds = {papers.paper_seed(slug, r, p) for slug, r, p in
             [("mock", 1, 2), ("mock", 1, 3), ("mock", 2, 2), ("mock2", 1, 2)]}  # fmt: skip
    assert len(seeds) == 4


def test_the_question_order_and_the_options_are_shuffled() -> None:
    orders = [[TOPIC[i] for i in ids(papers.draw(BANK, PLAN, f"s{n}"))] for n in range(10)]
    grouped = ["routing"] * 5 + ["switching"] * 5
    assert any(order not in (grouped, grouped[::-1]) for order in orders)  # sections mixed
    paper = _Paper(papers.draw(BANK, PLAN, "s1"), "s1")
    shown = presentation(papers.paper_manifest(manifest(), paper)["quiz"], paper.seed)
    assert [q["id"] for q in shown] == ids(paper.questions)  # the paper's own order
    option_orders = [tuple(o["id"] for o in q["options"]) for q in shown]
    assert any(order != ("a", "b", "c", "d") for order in option_orders)
    assert all(sorted(order) == ["a", "b", "c", "d"] for order in option_orders)


def test_questions_met_before_are_drawn_last() -> None:
    first = papers.draw(BANK, PLAN, "first")
    second = papers.draw(BANK, PLAN, "second", seen=set(ids(first)))
    assert not set(ids(first)) & set(ids(second))  # pools of 10 hold two papers of 5
    # a pool of 7 for 5 a paper: the second paper repeats only the 3 it must
    bank = Bank.model_validate({"questions": [*pool("routing", 7), *pool("switching", 10)]})
    one = papers.draw(bank, PLAN, "first")
    two = papers.draw(bank, PLAN, "second", seen=set(ids(one)))
    assert len(set(ids(one)) & set(ids(two))) == 3
    # without avoid_repeats, what was seen changes nothing
    plain = Blueprint.model_validate(
        blueprint(("routing", 5, 100), ("switching", 5, 100), avoid=False)
    )
    assert papers.draw(BANK, plain, "x", seen=set(ids(first))) == papers.draw(BANK, plain, "x")


def test_a_section_larger_than_its_pool_cannot_be_drawn() -> None:
    plan = Blueprint.model_validate(blueprint(("routing", 11, 50), ("switching", 9, 50)))
    with pytest.raises(ValueError, match="draws 11 questions from a pool of 10"):
        papers.draw(BANK, plan, "s")


def test_the_paper_manifest_is_the_bank_restricted_to_the_paper() -> None:
    drawn = [{"id": "switching-03", "points": 600.0}, {"id": "routing-07", "points": 400.0},
             {"id": "gone-01", "points": 50.0}]  # fmt: skip
    restricted = papers.paper_manifest(manifest(), _Paper(drawn, "s9"))
    questions = restricted["quiz"]["questions"]
    assert [q["id"] for q in questions] == ["switching-03", "routing-07"]
    assert [q["points"] for q in questions] == [600.0, 400.0]
    assert questions[0]["topic"] == "switching" and restricted["seed"] == "s9"


# Drawing and starting in the database ---------------------------------------------------------


@pytest.fixture
async def db_session(any_db: Database) -> AsyncIterator[AsyncSession]:
    async with any_db.sessionmaker() as session:
        yield session


async def stage(session: AsyncSession) -> tuple[Contest, Round, list[Participation]]:
    """An exam contest: one personal theory round (0–120 min, 90 min timers) on an exam bank,
    with the bank's blueprint; two students, each alone."""
    coach = await person(session, Role.COACH)
    tasks = await catalogue(session, 1)
    await exam_task(session, tasks)
    mock = await contest(session, coach)
    exam = await round_(session, mock, 1, kind=RoundKind.THEORY, window=WindowType.PERSONAL,
                        end=120, duration=90, tasks=tasks)  # fmt: skip
    exam.blueprint = BLUEPRINT
    places = [*await enter(session, mock, await person(session)),
              *await enter(session, mock, await person(session))]  # fmt: skip
    await session.commit()
    return mock, exam, places


async def count_papers(session: AsyncSession, round: Round) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(Paper).where(Paper.round_id == round.id)
        )
        or 0
    )


async def test_a_paper_is_drawn_once_from_its_seed(db_session: AsyncSession) -> None:
    mock, exam, (ann, bob) = await stage(db_session)
    paper = await papers.draw_paper(db_session, mock, exam, ann)
    await db_session.commit()
    again = await papers.draw_paper(db_session, mock, exam, ann)
    assert again.questions == paper.questions
    assert paper.seed == papers.paper_seed(mock.slug, exam.id, ann.id)
    assert paper.questions == papers.draw(BANK, PLAN, paper.seed)
    other = await papers.draw_paper(db_session, mock, exam, bob)
    assert other.questions != paper.questions
    await db_session.commit()
    assert await count_papers(db_session, exam) == 2


@pytest.mark.postgres
async def test_two_racing_draws_keep_one_paper(committed_db: Database) -> None:
    async with committed_db.sessionmaker() as session:
        mock, exam, (ann, _bob) = await stage(session)
    ready = asyncio.Barrier(2)

    async def draw_one() -> list[Any]:
        async with committed_db.sessionmaker() as session:
            found_mock = await session.get(Contest, mock.id)
            found_round = await session.get(Round, exam.id)
            place = await session.get(Participation, ann.id)
            assert found_mock and found_round and place
            await ready.wait()
            paper = await papers.draw_paper(session, found_mock, found_round, place)
            questions = list(paper.questions)
            await session.commit()
            return questions

    first, second = await asyncio.gather(draw_one(), draw_one())
    assert first == second
    async with committed_db.sessionmaker() as session:
        assert await count_papers(session, exam) == 1


async def test_a_second_mock_avoids_the_first_papers_questions(db_session: AsyncSession) -> None:
    mock, exam, (ann, _bob) = await stage(db_session)
    first = await papers.draw_paper(db_session, mock, exam, ann)
    # a second mock on the same bank, the same student
    later = await contest(db_session, await person(db_session, Role.COACH))
    bank_task = (await papers.exam_task(db_session, exam))[0].task_id
    second_round = await round_(db_session, later, 1, kind=RoundKind.THEORY,
                                window=WindowType.PERSONAL, end=120, duration=90)  # fmt: skip
    second_round.blueprint = BLUEPRINT
    dataset_id = (await papers.exam_task(db_session, exam))[1].id
    db_session.add(RoundTask(round_id=second_round.id, task_id=bank_task, dataset_id=dataset_id))
    student = await db_session.get(User, ann.user_id)
    assert student is not None
    (again,) = await enter(db_session, later, student)
    await db_session.flush()
    second = await papers.draw_paper(db_session, later, second_round, again)
    assert not set(papers.paper_ids(first)) & set(papers.paper_ids(second))
    assert Counter(TOPIC[i] for i in papers.paper_ids(second)) == {"routing": 5, "switching": 5}


async def test_starting_the_exam_starts_the_timer_and_draws_the_paper_once(
    db_session: AsyncSession,
) -> None:
    mock, exam, (ann, _bob) = await stage(db_session)
    user = await db_session.get(User, ann.user_id)
    assert user is not None
    paper = await papers.start_exam(db_session, user, mock, exam, at(10))
    await db_session.commit()
    again = await papers.start_exam(db_session, user, mock, exam, at(11))
    assert again.questions == paper.questions
    assert await count_papers(db_session, exam) == 1
    stranger = await person(db_session)
    with pytest.raises(Forbidden):
        await papers.start_exam(db_session, stranger, mock, exam, at(10))
    late = await person(db_session)
    await enter(db_session, mock, late)
    with pytest.raises(InvalidInput) as over:
        await papers.start_exam(db_session, late, mock, exam, at(121))
    assert over.value.message == "contest_round_over"


async def test_the_review_opens_when_the_round_has_closed_for_everyone(
    db_session: AsyncSession,
) -> None:
    mock, exam, (ann, _bob) = await stage(db_session)
    assert await papers.review_opens_at(db_session, mock, exam) == exam.ends_at
    ann.extra_minutes = 15
    await db_session.flush()
    assert await papers.review_opens_at(db_session, mock, exam) == exam.ends_at + timedelta(
        minutes=15
    )
