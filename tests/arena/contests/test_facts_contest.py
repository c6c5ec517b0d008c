"""Ended mock contests feed the coaching path: a student's best contest result in a track is the
fact that ``contest: {percentile, score}`` entry criteria read, end to end from contest intake
to the readiness a coach's queue and the student's panel show."""

from __future__ import annotations

from sqlalchemy import update

from ictarena.accounts.models import User
from ictarena.catalog.models import Task, Tier
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    ScoreMode,
    Scoring,
    WindowType,
)
from ictarena.db import Database, utcnow
from ictarena.intake.contest import accept_contest
from ictarena.progression.criteria import ContestResult
from ictarena.progression.facts import cohort_facts
from ictarena.progression.readiness import Readiness, readiness_of
from ictarena.settings import Settings
from ictarena.submissions import recording
from ictarena.submissions.reports import NormalReport
from tests.arena.contests.intake_setup import RULES, ZONE, judging_of, minutes, outlets, person
from tests.arena.pages import counting
from tests.arena.progression.conftest import Course, build_course

CRITERIA = {"contest": {"percentile": 50, "score": 40}}


async def _contest(db: Database, track_id: int | None, task_id: int, people: list[User]) -> Round:
    """A running contest of ``track_id`` (None: mixed) with one IOI round of one task, each
    of ``people`` alone on their line."""
    async with db.session() as session:
        coach = await person(session)
        contest = Contest(
            slug=f"facts-{coach.id}", title="Mock", created_by=coach.id, track_id=track_id
        )
        session.add(contest)
        await session.flush()
        round = Round(
            contest_id=contest.id,
            position=1,
            name="Lab",
            kind=RoundKind.LAB,
            scoring=Scoring.IOI,
            mode=ScoreMode.SUBMISSION,
            window=WindowType.FIXED,
            starts_at=minutes(-30),
            ends_at=minutes(30),
        )
        session.add(round)
        await session.flush()
        task = await session.get(Task, task_id)
        assert task is not None and task.live_dataset_id is not None
        session.add(RoundTask(round_id=round.id, task_id=task_id, dataset_id=task.live_dataset_id))
        for user in people:
            entry = Entry(contest_id=contest.id, name=user.username)
            session.add(entry)
            await session.flush()
            session.add(Participation(contest_id=contest.id, user_id=user.id, entry_id=entry.id))
        await session.commit()
        return round


async def _scores(db: Database, round: Round, task_id: int, scores: dict[User, float]) -> None:
    """Each student submits once and is judged ``score`` of 100."""
    for user, score in scores.items():
        async with db.session() as session:
            made = await accept_contest(
                session,
                user,
                round.contest_id,
                round.id,
                task_id,
                "cpp",
                {"a.cpp": "x"},
                RULES,
                outlets(),
            )
            judging = await judging_of(session, made.id)
        async with db.transaction() as session:
            verdict = "AC" if score == 100 else "WA"
            report = NormalReport(verdict=verdict, score=score, max_score=100.0)
            assert await recording.record_result(session, judging.id, report, "test", zone=ZONE)


async def _end(db: Database, round: Round) -> None:
    """Time passes: the round is over (every submission made before its end)."""
    async with db.session() as session:
        await session.execute(update(Round).where(Round.id == round.id).values(ends_at=utcnow()))
        await session.commit()


def _in(rows: list[Readiness], course: Course) -> Readiness:
    return next(r for r in rows if r.track.id == course.track.id)


async def test_the_best_ended_contest_of_the_track_meets_contest_criteria(
    any_db: Database, settings: Settings
) -> None:
    course = await build_course(any_db, settings.tasks_dir)
    async with any_db.session() as session:
        await session.execute(
            update(Tier).where(Tier.id == course.tiers[2].id).values(criteria=CRITERIA)
        )
        ada, bob, cy, dee, eve = [await person(session) for _ in range(5)]
        await session.commit()
    task = course.tasks["basics-code"].id
    ended = await _contest(any_db, course.track.id, task, [ada, bob, cy, dee])
    await _scores(any_db, ended, task, {ada: 100, bob: 60, cy: 30, dee: 0})
    # Cy wins a contest of the track that has not ended, and one with no track: neither counts.
    running = await _contest(any_db, course.track.id, task, [cy, ada])
    await _scores(any_db, running, task, {cy: 100, ada: 0})
    mixed = await _contest(any_db, None, task, [cy, dee])
    await _scores(any_db, mixed, task, {cy: 100})
    await _end(any_db, mixed)
    async with any_db.session() as session:
        before = await cohort_facts(session, [cy.id])
    assert before.facts[cy.id][course.track.id].contest is None  # nothing ended yet
    await _end(any_db, ended)

    everyone = [ada, bob, cy, dee, eve]
    async with any_db.session() as session:
        loaded = await cohort_facts(session, [u.id for u in everyone])
        rows = await readiness_of(session, [u.id for u in everyone])
    contest = {u.username: loaded.facts[u.id][course.track.id].contest for u in everyone}
    assert contest == {
        ada.username: ContestResult(100.0, 100.0),
        bob.username: ContestResult(75.0, 60.0),
        cy.username: ContestResult(50.0, 30.0),
        dee.username: ContestResult(25.0, 0.0),
        eve.username: None,  # took no contest
    }
    progress = {
        u.username: [(p.key, p.have, p.met) for p in _in(rows[u.id], course).progress]
        for u in everyone
    }
    assert progress[bob.username] == [
        ("contest_percentile", 75.0, True),
        ("contest_score", 60.0, True),
    ]
    assert progress[cy.username] == [
        ("contest_percentile", 50.0, True),
        ("contest_score", 30.0, False),
    ]
    assert progress[eve.username] == [
        ("contest_percentile", None, False),
        ("contest_score", None, False),
    ]
    assert [u.username for u in everyone if _in(rows[u.id], course).met] == [
        ada.username,
        bob.username,
    ]


async def test_without_contests_facts_cost_the_same_for_one_student_or_many(
    any_db: Database, settings: Settings
) -> None:
    await build_course(any_db, settings.tasks_dir)
    async with any_db.session() as session:
        students = [await person(session) for _ in range(5)]
        await session.commit()
        with counting(any_db) as one:
            await cohort_facts(session, [students[0].id])
        with counting(any_db) as many:
            await cohort_facts(session, [s.id for s in students])
    assert len(one) == len(many)
