"""Locks that hold: a task opens to a student when its tier is held and its module's
prerequisites are done (or waived for that tier); the lock says what opens it."""

from __future__ import annotations

import pytest

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Task
from ictarena.db import Database
from ictarena.errors import Locked, NotFound
from ictarena.intake.eligibility import still_allowed, task_lock, visible_task
from ictarena.progression import path
from ictarena.progression.models import PrerequisiteWaiver, StudentTier
from ictarena.progression.practice import TaskFilter, task_rows
from tests.arena.progression.conftest import Course, give, make_user


async def _lock(db: Database, user: User, task: Task) -> object:
    async with db.session() as session:
        return await task_lock(session, user, task)


async def _hold(db: Database, user: User, course: Course, level: int) -> None:
    async with db.session() as session:
        session.add(
            StudentTier(user_id=user.id, track_id=course.track.id, tier_id=course.tiers[level].id)
        )
        await session.commit()


async def _statuses(db: Database, user: User, course: Course) -> dict[str, str]:
    async with db.session() as session:
        catalogue = await path.load_catalogue(session)
        standing = (await path.standings(session, [user.id]))[user.id]
    statuses = path.module_statuses(catalogue, standing)
    return {m.slug: statuses[m.id] for m in catalogue.modules if m.id in statuses}


async def test_a_new_student_holds_the_entry_tier_and_starts_at_the_root_module(
    any_db: Database, course: Course
) -> None:
    student = await make_user(any_db, "newcomer")
    assert await _lock(any_db, student, course.tasks["basics-code"]) is None
    assert await _statuses(any_db, student, course) == {
        "basics": "open",
        "routing": "locked",
        "advanced": "locked",
        "design": "locked",
    }
    routing = await _lock(any_db, student, course.tasks["routing-code"])
    assert routing is not None and routing.tier_needed is None  # type: ignore[attr-defined]
    assert [(p.module.slug, p.percent, p.need) for p in routing.prerequisites] == [  # type: ignore[attr-defined]
        ("basics", 0.0, 100)
    ]
    assert routing.message == "task_prerequisites_missing"  # type: ignore[attr-defined]
    advanced = await _lock(any_db, student, course.tasks["advanced-code"])
    assert advanced.tier_needed.slug == "professional"  # type: ignore[attr-defined]
    assert [p.module.slug for p in advanced.prerequisites] == ["routing"]  # type: ignore[attr-defined]
    assert advanced.message == "task_locked"  # type: ignore[attr-defined]


async def test_done_means_the_module_score_reaches_its_threshold(
    any_db: Database, course: Course
) -> None:
    student = await make_user(any_db, "climber")
    await give(any_db, student.id, course.tasks["basics-code"], 1.0)
    await give(any_db, student.id, course.tasks["basics-quiz"], 0.9)  # basics at 95 % of 100
    lock = await _lock(any_db, student, course.tasks["routing-code"])
    assert [(p.module.slug, p.percent) for p in lock.prerequisites] == [("basics", 95.0)]  # type: ignore[attr-defined]
    await give(any_db, student.id, course.tasks["basics-quiz"], 1.0)
    assert await _lock(any_db, student, course.tasks["routing-code"]) is None
    await give(any_db, student.id, course.tasks["routing-code"], 0.98)  # 49 %: routing needs 50
    assert (await _statuses(any_db, student, course))["routing"] == "in_progress"
    await give(any_db, student.id, course.tasks["routing-code"], 1.0)
    assert (await _statuses(any_db, student, course))["routing"] == "done"
    # Its tier still closes the Professional module whose prerequisite is now done.
    advanced = await _lock(any_db, student, course.tasks["advanced-code"])
    assert advanced.prerequisites == ()  # type: ignore[attr-defined]
    assert advanced.tier_needed is not None  # type: ignore[attr-defined]
    await _hold(any_db, student, course, 2)
    assert await _lock(any_db, student, course.tasks["advanced-code"]) is None
    assert (await _statuses(any_db, student, course))["advanced"] == "open"


async def test_a_waiver_opens_a_tiers_modules_without_their_prerequisites_not_the_tier(
    any_db: Database, course: Course
) -> None:
    student = await make_user(any_db, "waived")
    coach = await make_user(any_db, "coachw", Role.COACH)
    async with any_db.session() as session:
        session.add(
            PrerequisiteWaiver(
                user_id=student.id, tier_id=course.tiers[2].id, coach_id=coach.id, reason="r"
            )
        )
        await session.commit()
    advanced = await _lock(any_db, student, course.tasks["advanced-code"])
    assert advanced.prerequisites == () and advanced.tier_needed is not None  # type: ignore[attr-defined]
    await _hold(any_db, student, course, 2)
    assert await _lock(any_db, student, course.tasks["advanced-code"]) is None
    # The waiver is for one tier: the Associate prerequisite still holds.
    assert await _lock(any_db, student, course.tasks["routing-code"]) is not None


@pytest.mark.parametrize("role", [Role.COACH, Role.ADMIN])
async def test_coaches_and_admins_are_never_locked_out(
    any_db: Database, course: Course, role: Role
) -> None:
    staff = await make_user(any_db, f"staff-{role.value}", role)
    for task in course.tasks.values():
        assert await _lock(any_db, staff, task) is None
    async with any_db.session() as session:
        rows = await task_rows(session, staff.id, False, TaskFilter())
    assert rows and not any(row.locked for row in rows)


async def test_visible_task_raises_locked_with_the_lock_and_hidden_stays_not_found(
    any_db: Database, course: Course
) -> None:
    student = await make_user(any_db, "poker")
    async with any_db.session() as session:
        with pytest.raises(Locked) as locked:
            await visible_task(session, student, course.tasks["advanced-quiz"].id)
        assert locked.value.message == "task_locked"
        assert locked.value.lock.tier.slug == "professional"  # type: ignore[attr-defined]
        hidden = await session.get(Task, course.tasks["basics-code"].id)
        assert hidden is not None
        hidden.visible = False
        await session.commit()
        with pytest.raises(NotFound):
            await visible_task(session, student, hidden.id)
        with pytest.raises(NotFound):
            await visible_task(session, student, 10**9)


async def test_the_task_list_carries_each_lock(any_db: Database, course: Course) -> None:
    student = await make_user(any_db, "lister")
    async with any_db.session() as session:
        rows = await task_rows(session, student.id, True, TaskFilter(track="netpath"))
    locked = {row.task.slug: row.locked for row in rows}
    assert locked == {
        "basics-code": False,
        "basics-quiz": False,
        "routing-code": True,
        "routing-quiz": True,
        "advanced-code": True,
        "advanced-quiz": True,
        "design-code": True,
    }
    assert all((row.lock is not None) == row.locked for row in rows)


async def test_competencies_are_computed_over_the_held_tiers_or_everything(
    any_db: Database, course: Course
) -> None:
    student = await make_user(any_db, "radar")
    for slug in ("basics-code", "basics-quiz", "routing-code", "routing-quiz"):
        await give(any_db, student.id, course.tasks[slug], 1.0)
    async with any_db.session() as session:
        catalogue = await path.load_catalogue(session)
        standing = (await path.standings(session, [student.id]))[student.id]
    held = path.competency_scores(catalogue, standing, "held")
    everything = path.competency_scores(catalogue, standing, "all")
    assert held["protocol_comprehension"] == 100.0  # 4 of the 4 Associate tasks
    assert everything["protocol_comprehension"] == round(100 * 4 / 7, 1)


async def test_a_rejudging_filter_keeps_only_who_may_still_submit(
    any_db: Database, course: Course
) -> None:
    student = await make_user(any_db, "filtered")
    coach = await make_user(any_db, "coachf", Role.COACH)
    basics, advanced = course.tasks["basics-code"].id, course.tasks["advanced-code"].id
    pairs = {(student.id, basics), (student.id, advanced), (coach.id, advanced)}
    async with any_db.session() as session:
        assert await still_allowed(session, pairs) == {(student.id, basics), (coach.id, advanced)}
        assert await still_allowed(session, set()) == set()


async def test_the_single_task_lock_agrees_with_the_catalogue_wide_rule(
    any_db: Database, course: Course
) -> None:
    """A submission reads its task's lock from the narrowest view (the module and its
    prerequisites: one query without prerequisites, two or three with them), the task list
    from every module's, the rejudging filter from the whole catalogue. All must say the same
    at every step of a student's way up."""
    from ictarena.progression.locks import lock_view, module_lock, module_lock_view

    student = await make_user(any_db, "twin")
    coach = await make_user(any_db, "coacht", Role.COACH)

    async def agree() -> None:
        async with any_db.session() as session:
            catalogue = await path.load_catalogue(session)
            standing = (await path.standings(session, [student.id]))[student.id]
            for module in (course.basics, course.routing, course.advanced, course.design):
                wide = module_lock(catalogue, standing, module.id)
                one = module_lock(*await lock_view(session, student.id), module.id)
                narrow = await module_lock_view(session, student.id, module.id)
                assert module_lock(*narrow, module.id) == one
                assert (wide is None) == (one is None), module.slug
                if wide is not None and one is not None:
                    assert (wide.tier_needed and wide.tier_needed.id) == (
                        one.tier_needed and one.tier_needed.id
                    )
                    assert wide.held_level == one.held_level
                    assert [
                        (p.module.id, round(p.percent, 6), p.need) for p in wide.prerequisites
                    ] == [(p.module.id, round(p.percent, 6), p.need) for p in one.prerequisites]

    await agree()
    await give(any_db, student.id, course.tasks["basics-code"], 0.7)
    await agree()
    await give(any_db, student.id, course.tasks["basics-code"], 1.0)
    await give(any_db, student.id, course.tasks["basics-quiz"], 1.0)
    await agree()
    await _hold(any_db, student, course, 2)
    await agree()
    async with any_db.session() as session:
        session.add(
            PrerequisiteWaiver(
                user_id=student.id, tier_id=course.tiers[2].id, coach_id=coach.id, reason="r"
            )
        )
        await session.commit()
    await agree()
