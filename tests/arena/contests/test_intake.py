"""Contest intake: a participant's submission is stamped with the server's time, judged on the
round task's pinned dataset, counted on their entry's line, shown pending at once, and a
judging still pending at the end counts when it finishes; practice's locks do not apply."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import func, select, update

from ictarena.catalog.models import Task, Tier
from ictarena.contests.models import Contest, Participation, Round, RoundTask
from ictarena.contests.papers import draw_paper
from ictarena.db import Database, utcnow
from ictarena.errors import InvalidInput, NotFound
from ictarena.intake.contest import accept_contest
from ictarena.intake.service import accept
from ictarena.submissions.models import JudgingStatus, QuizAttempt, Submission
from tests.arena.contests.intake_setup import (
    RULES,
    Jobs,
    Stage,
    cell,
    exam_manifest,
    finish,
    judging_of,
    new_dataset,
    outlets,
    stage,
    submissions,
    task,
)

CODE = {"a.cpp": "int main() { return 0; }"}


async def _staged(db: Database) -> Stage:
    async with db.session() as session:
        world = await stage(session)
        await session.commit()
    return world


async def test_a_contest_submission_is_stamped_pinned_and_pending_on_its_line(
    any_db: Database,
) -> None:
    world = await _staged(any_db)
    hidden = world.tasks[0]  # hidden from practice, in a tier nobody holds
    pinned = hidden.live_dataset_id
    async with any_db.session() as session:
        task = await session.get(Task, hidden.id)
        assert task is not None
        task.live_dataset_id = (await new_dataset(session, task)).id  # a re-import, say
        await session.commit()
    jobs = Jobs()
    before = utcnow()
    async with any_db.session() as session:
        made = await accept_contest(
            session,
            world.members["ann"],
            world.contest.id,
            world.lab.id,
            hidden.id,
            "cpp",
            CODE,
            RULES,
            outlets(jobs),
        )
    after = utcnow()
    async with any_db.session() as session:
        [stored] = await submissions(session)
        assert stored.id == made.id
        assert (stored.participation_id, stored.entry_id, stored.round_id) == (
            world.places["ann"].id,
            world.red.id,
            world.lab.id,
        )
        assert before <= stored.created_at <= after
        judging = await judging_of(session, stored.id)
        assert judging.dataset_id == pinned != task.live_dataset_id
        assert [job_id for job_id, _kwargs in jobs.jobs] == [f"judge:{judging.id}:0"]
        shown = await cell(session, world.lab, hidden.id, world.red)
        assert shown is not None and (shown.pending, shown.solved) == (1, False)
    await finish(any_db, judging.id, "AC")
    async with any_db.session() as session:
        shown = await cell(session, world.lab, hidden.id, world.red)
        assert shown is not None and (shown.pending, shown.solved) == (0, True)
        # Practice still hides the task: the contest's own path is the only way in.
        with pytest.raises(NotFound):
            await accept(
                session, world.members["ann"], hidden.id, "cpp", CODE, RULES, outlets(Jobs())
            )


async def test_a_judging_pending_at_the_end_counts_when_it_finishes(any_db: Database) -> None:
    """The submission's time decides, not the judging's: a run submitted before the end and
    judged after it counts; one the end has passed (the window was shortened) does not."""
    world = await _staged(any_db)
    plain = world.tasks[1]
    made = []
    for name in ("ann", "bob"):
        async with any_db.session() as session:
            made.append(
                await accept_contest(
                    session,
                    world.members[name],
                    world.contest.id,
                    world.lab.id,
                    plain.id,
                    "cpp",
                    CODE,
                    RULES,
                    outlets(),
                )
            )
    async with any_db.session() as session:
        # The round ends between the two submissions: the first was in time, the second not.
        await session.execute(
            update(Round).where(Round.id == world.lab.id).values(ends_at=made[1].created_at)
        )
        await session.commit()
        first = (await judging_of(session, made[0].id)).id
        second = (await judging_of(session, made[1].id)).id
        with pytest.raises(InvalidInput) as over:
            await accept_contest(
                session,
                world.members["ann"],
                world.contest.id,
                world.lab.id,
                plain.id,
                "cpp",
                CODE,
                RULES,
                outlets(),
            )
        assert (over.value.message, over.value.field) == ("contest_round_over", "round")
        await session.rollback()
    await finish(any_db, second, "AC")
    async with any_db.session() as session:
        shown = await cell(session, world.lab, plain.id, world.red)
        assert shown is not None and (shown.solved, shown.pending) == (False, 1)
    await finish(any_db, first, "AC")
    async with any_db.session() as session:
        shown = await cell(session, world.lab, plain.id, world.red)
        assert shown is not None and (shown.solved, shown.pending, shown.tries) == (True, 0, 1)
        assert len(await submissions(session)) == 2


async def test_a_contest_quiz_is_graded_at_once_and_takes_no_practice_attempt(
    any_db: Database,
) -> None:
    world = await _staged(any_db)
    quiz = world.tasks[2]
    async with any_db.session() as session:
        await session.execute(
            update(Round).where(Round.id == world.theory.id).values(starts_at=utcnow())
        )
        await session.commit()
    answers = {"answers.json": json.dumps({"q1": "b"})}
    for _attempt in range(4):  # more than the practice allowance of three a day
        async with any_db.session() as session:
            await accept_contest(
                session,
                world.members["cat"],
                world.contest.id,
                world.theory.id,
                quiz.id,
                None,
                answers,
                RULES,
                outlets(),
            )
    async with any_db.session() as session:
        stored = await submissions(session)
        assert len(stored) == 4
        for submission in stored:
            judging = await judging_of(session, submission.id)
            assert (judging.status, judging.verdict, judging.score) == (
                JudgingStatus.DONE,
                "AC",
                2.0,
            )
        assert await session.scalar(select(func.count()).select_from(QuizAttempt)) == 0


@pytest.mark.postgres
async def test_teammates_submitting_at_once_both_count(committed_db: Database) -> None:
    world = await _staged(committed_db)
    plain = world.tasks[1]
    jobs = Jobs()

    async def submit(name: str) -> Submission:
        async with committed_db.session() as session:
            return await accept_contest(
                session,
                world.members[name],
                world.contest.id,
                world.lab.id,
                plain.id,
                "cpp",
                {"a.cpp": f"// {name}"},
                RULES,
                outlets(jobs),
            )

    made = await asyncio.gather(submit("ann"), submit("bob"))
    async with committed_db.session() as session:
        stored = await submissions(session)
        assert sorted(s.id for s in stored) == sorted(s.id for s in made)
        assert {s.entry_id for s in stored} == {world.red.id}
        shown = await cell(session, world.lab, plain.id, world.red)
        assert shown is not None and shown.pending == 2
    assert len(jobs.jobs) == 2  # each member's own judge allowance


async def test_an_exam_is_graded_against_the_participants_own_paper(any_db: Database) -> None:
    """Answers are graded against the paper drawn for the participant: right answers to
    questions not on it earn nothing, and without a drawn paper nothing is stored."""
    world = await _staged(any_db)
    async with any_db.session() as session:
        tier = await session.scalar(
            select(Tier).where(Tier.track_id == world.track_id, Tier.level == 1)
        )
        assert tier is not None
        exam = await task(session, tier, type="exam", visible=False, manifest=exam_manifest())
        assert exam.live_dataset_id is not None
        session.add(
            RoundTask(
                round_id=world.theory.id,
                task_id=exam.id,
                dataset_id=exam.live_dataset_id,
                label="E",
                points=1000,
                position=1,
            )
        )
        await session.execute(
            update(Round).where(Round.id == world.theory.id).values(starts_at=utcnow())
        )
        await session.commit()
    bank = [q["id"] for q in exam_manifest()["bank"]["questions"]]
    every_right = {"answers.json": json.dumps(dict.fromkeys(bank, "b"))}

    async def answer(files: dict[str, str], who: str = "cat") -> Submission:
        async with any_db.session() as session:
            return await accept_contest(
                session,
                world.members[who],
                world.contest.id,
                world.theory.id,
                exam.id,
                None,
                files,
                RULES,
                outlets(),
            )

    with pytest.raises(InvalidInput) as unseen:
        await answer(every_right)
    assert (unseen.value.message, unseen.value.field) == ("contest_no_paper", "round")
    async with any_db.session() as session:
        assert await submissions(session) == []
        contest = await session.get(Contest, world.contest.id)
        theory = await session.get(Round, world.theory.id)
        assert contest is not None and theory is not None
        drawn_by: dict[str, list[str]] = {}
        for who in ("cat", "ann"):
            place = await session.get(Participation, world.places[who].id)
            assert place is not None
            paper = await draw_paper(session, contest, theory, place)
            drawn_by[who] = [str(item["id"]) for item in paper.questions]
        await session.commit()
    drawn = drawn_by["cat"]
    assert len(drawn) == 10 and set(drawn) < set(bank)
    full = await answer(every_right)  # sixteen right answers, ten of them on the paper
    half = await answer(
        {"answers.json": json.dumps(dict.fromkeys(drawn_by["ann"][:5], "b"))}, "ann"
    )
    async with any_db.session() as session:
        assert (await judging_of(session, full.id)).score == 1000.0
        assert (await judging_of(session, half.id)).score == 500.0
    # A paper takes one set of answers: the score shows at once, so a second set would let a
    # participant probe the key one answer at a time. Refused, even outside the paper page.
    with pytest.raises(InvalidInput) as again:
        await answer({"answers.json": json.dumps(dict.fromkeys(drawn[:5], "b"))})
    assert (again.value.message, again.value.field) == ("exam_already_submitted", "answers")
    async with any_db.session() as session:
        assert len(await submissions(session)) == 2
