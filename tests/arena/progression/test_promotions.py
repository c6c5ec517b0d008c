"""A coach's decisions: each writes the decision with its criteria snapshot, the tier, the
audit entry, the student's notification and an event, together; only to the next tier; two
coaches at once yield one promotion; only the student's coaches and admins may decide."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import User
from ictarena.db import Database
from ictarena.errors import Conflict, Forbidden, InvalidInput, NotFound
from ictarena.events import notifications
from ictarena.events.models import AuditEntry, Event, Notification
from ictarena.progression import promotions
from ictarena.progression.models import PrerequisiteWaiver, Promotion, StudentTier
from ictarena.progression.queue import bulk_approve, promotion_queue
from ictarena.progression.readiness import readiness
from ictarena.progression.tiers import held_level
from tests.arena.progression.conftest import Course, People, give, join, make_user

PATH_ACTIONS = AuditEntry.action.like("promotion.%") | AuditEntry.action.like("prerequisites.%")
ASSOCIATE = ("basics-code", "basics-quiz", "routing-code", "routing-quiz")


async def _ready(db: Database, student: User, course: Course) -> None:
    for slug in ASSOCIATE:
        await give(db, student.id, course.tasks[slug], 1.0)


async def _count(db: Database, table: Any) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def _decide(db: Database, actor: User, call: str, *args: Any, **kw: Any) -> Any:
    """Run one decision in its own transaction, as a route does (commit, or roll back)."""
    async with db.session() as session:
        me = await session.get(User, actor.id)
        assert me is not None
        try:
            result = await getattr(promotions, call)(session, me, *args, **kw)
        except Exception:
            await session.rollback()
            raise
        await session.commit()
        return result


async def _level(db: Database, student: User, course: Course) -> int:
    async with db.session() as session:
        return await held_level(session, student.id, course.track.id)


async def test_a_promotion_writes_everything_in_one_transaction(
    any_db: Database, course: Course, people: People
) -> None:
    student = people.student
    await _ready(any_db, student, course)
    async with any_db.session() as session:
        ready = next(
            r for r in await readiness(session, student.id) if r.track.id == course.track.id
        )
    assert ready.met and ready.next_tier is not None and ready.next_tier.slug == "professional"
    assert [p.key for p in ready.progress] == ["modules_done", "competency:protocol_comprehension"]

    promotion = await _decide(any_db, people.coach, "promote", student.id, course.tiers[2].id)
    assert (promotion.decision, promotion.early, promotion.coach_id) == (
        "promote",
        False,
        people.coach.id,
    )
    assert promotion.criteria["met"] is True
    assert [c["key"] for c in promotion.criteria["criteria"]] == [
        "modules_done",
        "competency:protocol_comprehension",
    ]
    assert await _level(any_db, student, course) == 2
    async with any_db.session() as session:
        audit = (await session.scalars(select(AuditEntry).where(PATH_ACTIONS))).all()
        assert [(a.action, a.target, a.details["to"]) for a in audit] == [
            ("promotion.promote", f"user:{student.id}", "professional")
        ]
        assert await notifications.unread_count(session, student.id) == 1
        (note,) = await notifications.recent(session, student.id)
        assert (note.kind, note.params["tier_en"], note.link) == (
            "promotion.promote",
            "Professional",
            "/progress",
        )
        event = await session.scalar(select(Event).where(Event.kind == "promotion.decided"))
        assert event is not None and event.user_id == student.id
        last = next(
            r for r in await readiness(session, student.id) if r.track.id == course.track.id
        )
        assert last.held.slug == "professional" and last.last is not None
        assert last.last.id == promotion.id


async def test_promotion_only_to_the_next_tier_and_once(
    any_db: Database, course: Course, people: People
) -> None:
    student = people.student
    await _ready(any_db, student, course)
    with pytest.raises(InvalidInput) as skipped:
        await _decide(any_db, people.coach, "promote", student.id, course.tiers[3].id)
    assert skipped.value.message == "promotion_not_next"
    await _decide(any_db, people.coach, "promote", student.id, course.tiers[2].id)
    with pytest.raises(Conflict) as again:  # a second click from a stale page
        await _decide(any_db, people.coach, "promote", student.id, course.tiers[2].id)
    assert again.value.message == "already_promoted"
    assert await _count(any_db, Promotion) == 1
    assert await _level(any_db, student, course) == 2


async def test_an_early_promotion_needs_an_override_reason_and_is_marked(
    any_db: Database, course: Course, people: People
) -> None:
    student = people.student
    with pytest.raises(InvalidInput) as unmet:
        await _decide(any_db, people.coach, "promote", student.id, course.tiers[2].id)
    assert (unmet.value.message, unmet.value.field) == ("promotion_criteria_unmet", "early")
    with pytest.raises(InvalidInput) as bare:
        await _decide(
            any_db, people.coach, "promote", student.id, course.tiers[2].id, early=True, reason=" "
        )
    assert (bare.value.message, bare.value.field) == ("reason_required", "reason")
    assert await _count(any_db, Promotion) == 0
    async with any_db.session() as session:
        assert (await session.scalars(select(AuditEntry).where(PATH_ACTIONS))).all() == []
    assert await _level(any_db, student, course) == 1

    promotion = await _decide(
        any_db,
        people.coach,
        "promote",
        student.id,
        course.tiers[2].id,
        early=True,
        reason="Won the regional mock contest",
    )
    assert promotion.early and promotion.reason == "Won the regional mock contest"
    assert promotion.criteria["met"] is False
    assert await _level(any_db, student, course) == 2
    async with any_db.session() as session:
        (note,) = await notifications.recent(session, student.id)
        assert note.kind == "promotion.early"


async def test_a_hold_needs_a_reason_and_the_student_reads_it(
    any_db: Database, course: Course, people: People
) -> None:
    student = people.student
    with pytest.raises(InvalidInput) as bare:
        await _decide(any_db, people.coach, "hold", student.id, course.track.id, "")
    assert bare.value.message == "reason_required"
    hold = await _decide(
        any_db, people.coach, "hold", student.id, course.track.id, "Finish the OSPF labs first"
    )
    assert (hold.decision, hold.to_tier_id) == ("hold", course.tiers[2].id)
    assert await _level(any_db, student, course) == 1
    async with any_db.session() as session:
        ready = next(
            r for r in await readiness(session, student.id) if r.track.id == course.track.id
        )
        assert ready.last is not None and ready.last.reason == "Finish the OSPF labs first"
        (note,) = await notifications.recent(session, student.id)
        assert (note.kind, note.params["reason"]) == (
            "promotion.hold",
            "Finish the OSPF labs first",
        )


async def test_a_revoke_goes_back_one_tier_with_a_reason(
    any_db: Database, course: Course, people: People
) -> None:
    student = people.student
    await _ready(any_db, student, course)
    await _decide(any_db, people.coach, "promote", student.id, course.tiers[2].id)
    with pytest.raises(InvalidInput):
        await _decide(any_db, people.coach, "revoke", student.id, course.tiers[2].id, "")
    with pytest.raises(Conflict) as not_held:
        await _decide(any_db, people.coach, "revoke", student.id, course.tiers[3].id, "x")
    assert not_held.value.message == "tier_not_held"
    with pytest.raises(InvalidInput) as entry:
        await _decide(any_db, people.coach, "revoke", student.id, course.tiers[1].id, "x")
    assert entry.value.message == "entry_tier_kept"
    revoke = await _decide(
        any_db, people.coach, "revoke", student.id, course.tiers[2].id, "Copied a solution"
    )
    assert (revoke.decision, revoke.from_tier_id, revoke.to_tier_id) == (
        "revoke",
        course.tiers[2].id,
        course.tiers[1].id,
    )
    assert await _level(any_db, student, course) == 1
    # Back at the entry tier with a row: promoting again still works, once.
    await _decide(any_db, people.coach, "promote", student.id, course.tiers[2].id)
    assert await _level(any_db, student, course) == 2


async def test_a_waiver_is_logged_and_given_once(
    any_db: Database, course: Course, people: People
) -> None:
    student = people.student
    with pytest.raises(InvalidInput):
        await _decide(
            any_db, people.coach, "waive_prerequisites", student.id, course.tiers[2].id, ""
        )
    waiver = await _decide(
        any_db, people.coach, "waive_prerequisites", student.id, course.tiers[2].id, "Lab done"
    )
    assert (waiver.coach_id, waiver.reason) == (people.coach.id, "Lab done")
    with pytest.raises(Conflict):
        await _decide(
            any_db, people.coach, "waive_prerequisites", student.id, course.tiers[2].id, "again"
        )
    async with any_db.session() as session:
        actions = (await session.scalars(select(AuditEntry.action).where(PATH_ACTIONS))).all()
        assert actions == ["prerequisites.waive"]
        assert await session.get(PrerequisiteWaiver, (student.id, course.tiers[2].id))


@pytest.mark.parametrize("intruder", ["other_coach", "student", "classmate"])
async def test_only_the_students_coaches_and_admins_may_decide(
    any_db: Database, course: Course, people: People, intruder: str
) -> None:
    student = people.student
    await _ready(any_db, student, course)
    if intruder == "classmate":
        actor = await make_user(any_db, "classmate")
        await join(any_db, actor, people.cohort)
    else:
        actor = getattr(people, intruder)
    calls: list[tuple[str, tuple[Any, ...]]] = [
        ("promote", (student.id, course.tiers[2].id)),
        ("hold", (student.id, course.track.id, "no")),
        ("revoke", (student.id, course.tiers[2].id, "no")),
        ("waive_prerequisites", (student.id, course.tiers[2].id, "no")),
    ]
    for call, args in calls:
        with pytest.raises(Forbidden):
            await _decide(any_db, actor, call, *args)
    if intruder == "student":  # not even for themselves
        with pytest.raises(Forbidden):
            await _decide(any_db, student, "promote", student.id, course.tiers[2].id)
    async with any_db.session() as session:
        me = await session.get(User, actor.id)
        assert me is not None
        with pytest.raises(Forbidden):
            await promotion_queue(session, me, people.cohort.id)
        with pytest.raises(Forbidden):
            await bulk_approve(session, me, people.cohort.id)
    assert (await _count(any_db, Promotion), await _count(any_db, StudentTier)) == (0, 0)
    # An admin decides for anyone.
    await _decide(any_db, people.admin, "promote", student.id, course.tiers[2].id)
    assert await _level(any_db, student, course) == 2


async def test_unknown_students_tiers_and_cohorts_are_not_found(
    any_db: Database, course: Course, people: People
) -> None:
    with pytest.raises(NotFound):
        await _decide(any_db, people.admin, "promote", 10**9, course.tiers[2].id)
    with pytest.raises(NotFound):
        await _decide(any_db, people.admin, "promote", people.student.id, 10**9)
    async with any_db.session() as session:
        admin = await session.get(User, people.admin.id)
        assert admin is not None
        with pytest.raises(NotFound):
            await promotion_queue(session, admin, 10**9)


async def test_two_coaches_approving_at_once_yield_one_promotion(
    any_db: Database, course: Course, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    student = people.student
    await _ready(any_db, student, course)
    # Both decisions pass every check (the student holds Associate for both) before either
    # moves the tier: only the compare-and-set can keep the second one out.
    both_checked = asyncio.Barrier(2)
    move = promotions._move

    async def racing(*args: Any) -> None:
        await both_checked.wait()
        await move(*args)

    monkeypatch.setattr(promotions, "_move", racing)
    outcomes = await asyncio.gather(
        _decide(any_db, people.coach, "promote", student.id, course.tiers[2].id),
        _decide(any_db, people.admin, "promote", student.id, course.tiers[2].id),
        return_exceptions=True,
    )
    promoted = [o for o in outcomes if isinstance(o, Promotion)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(promoted) == 1 and len(refused) == 1, outcomes
    assert refused[0].message == "already_promoted"
    assert await _count(any_db, Promotion) == 1
    assert await _count(any_db, Notification) == 1
    async with any_db.session() as session:
        actions = (await session.scalars(select(AuditEntry.action).where(PATH_ACTIONS))).all()
    assert actions == ["promotion.promote"]
    assert await _level(any_db, student, course) == 2
