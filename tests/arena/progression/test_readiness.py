"""Readiness for the next tier: facts gathered in bulk (modules done against their thresholds,
practice points from the leaderboards, competencies over the held tiers), each criterion's
progress, and the same number of queries for one student or a whole cohort."""

from __future__ import annotations

from datetime import UTC, datetime

from ictarena.db import Database
from ictarena.leaderboards.models import BoardTotal
from ictarena.progression.facts import cohort_facts
from ictarena.progression.models import StudentTier
from ictarena.progression.readiness import Readiness, readiness, readiness_of
from tests.arena.pages import counting
from tests.arena.progression.conftest import Course, give, make_user


def _in(rows: list[Readiness], course: Course) -> Readiness:
    return next(r for r in rows if r.track.id == course.track.id)


async def test_facts_of_a_student_for_the_next_tier(any_db: Database, course: Course) -> None:
    ada = await make_user(any_db, "ada")
    await give(any_db, ada.id, course.tasks["basics-code"], 1.0)
    await give(any_db, ada.id, course.tasks["basics-quiz"], 1.0)
    await give(any_db, ada.id, course.tasks["routing-code"], 0.5)
    async with any_db.session() as session:
        loaded = await cohort_facts(session, [ada.id])
    facts = loaded.facts[ada.id][course.track.id]
    assert facts.done_modules == frozenset({"basics"})  # routing at 25 % of 50
    assert facts.tier_below_modules == ("basics", "routing")
    assert facts.points == 0.0 and facts.contest is None and facts.rating is None
    assert facts.competencies["protocol_comprehension"] == round(100 * 2.5 / 4, 1)


async def test_the_panel_says_whats_left_and_reads_points_for_the_expert_tier(
    any_db: Database, course: Course
) -> None:
    ada = await make_user(any_db, "ada")
    async with any_db.session() as session:
        start = _in(await readiness(session, ada.id), course)
    assert (start.held.slug, start.next_tier and start.next_tier.slug) == (
        "associate",
        "professional",
    )
    assert [(p.key, p.have, p.need, p.details) for p in start.progress] == [
        ("modules_done", 0.0, 2.0, ("basics", "routing")),
        ("competency:protocol_comprehension", 0.0, 50.0, ()),
    ]
    assert not start.met and start.closeness == 0.0 and start.last is None

    async with any_db.session() as session:
        session.add(
            StudentTier(user_id=ada.id, track_id=course.track.id, tier_id=course.tiers[2].id)
        )
        session.add(
            BoardTotal(
                board=f"track:{course.track.id}",
                period="all",
                user_id=ada.id,
                points=80.0,
                solved=2,
                reached_at=datetime.now(UTC),
            )
        )
        await session.commit()
        professional = _in(await readiness(session, ada.id), course)
    assert professional.next_tier is not None and professional.next_tier.slug == "expert"
    assert [(p.key, p.have, p.need, p.met) for p in professional.progress] == [
        ("points", 80.0, 100.0, False)
    ]
    assert professional.closeness == 0.8 and not professional.met

    async with any_db.session() as session:
        top = await session.get(StudentTier, (ada.id, course.track.id))
        assert top is not None
        top.tier_id = course.tiers[3].id
        await session.commit()
        expert = _in(await readiness(session, ada.id), course)
    assert expert.next_tier is None and expert.progress == () and not expert.met


async def test_a_cohort_costs_the_same_queries_as_one_student(
    any_db: Database, course: Course
) -> None:
    students = [await make_user(any_db, f"learner{i}") for i in range(6)]
    for i, student in enumerate(students):
        await give(any_db, student.id, course.tasks["basics-code"], i / 5)
    async with any_db.session() as session:
        with counting(any_db) as one:
            await readiness_of(session, [students[0].id])
        with counting(any_db) as many:
            found = await readiness_of(session, [s.id for s in students])
    assert len(many) == len(one) and len(found) == 6
