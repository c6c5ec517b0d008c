"""Taking part: registering, the explicit list, teams (made by a coach or by students with an
invite code, never over the size limit even when students join at the same moment, throttled
wrong codes), extra time and excuses, both audited."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.accounts.throttle import InviteGuard, InvitePolicy
from ictarena.contests import access, entries
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    Entry,
    Participation,
    Round,
    RoundKind,
    Sitting,
)
from ictarena.db import Database
from ictarena.errors import Conflict, Forbidden, InvalidInput, NotFound, Throttled
from ictarena.events.models import AuditEntry
from tests.arena.contests.staging import at, cohort, contest, person, round_


@pytest.fixture
async def db_session(any_db: Database) -> AsyncIterator[AsyncSession]:
    async with any_db.sessionmaker() as session:
        yield session


@dataclass
class School:
    coach: User
    students: list[User]
    outsider: User
    mock: Contest
    theory: Round
    lab: Round


async def stage(session: AsyncSession, team_size: int = 3, students: int = 5) -> School:
    """A mock for one class: a theory round at minutes 0–90, a lab round at 120–300."""
    coach = await person(session, Role.COACH)
    pupils = [await person(session) for _ in range(students)]
    outsider = await person(session)
    group = await cohort(session, coach, *pupils)
    mock = await contest(session, coach, team_size=team_size)
    session.add(ContestCohort(contest_id=mock.id, cohort_id=group.id))
    theory = await round_(session, mock, 1, kind=RoundKind.THEORY, start=0, end=90)
    lab = await round_(session, mock, 2, start=120, end=300)
    await session.commit()
    return School(coach, pupils, outsider, mock, theory, lab)


async def entry_of(session: AsyncSession, mock: Contest, user: User) -> Entry:
    place = await access.participation(session, mock.id, user.id)
    assert place is not None
    entry = await session.get(Entry, place.entry_id)
    assert entry is not None
    return entry


async def audited(session: AsyncSession, action: str) -> list[AuditEntry]:
    return list(await session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# --- registering and the explicit list ---------------------------------------------------


async def test_an_eligible_student_registers_alone_once(db_session: AsyncSession) -> None:
    s = await stage(db_session)
    ann = s.students[0]
    place = await entries.register(db_session, ann, s.mock, now=at(-60))
    again = await entries.register(db_session, ann, s.mock, now=at(-59))
    await db_session.commit()
    assert again.id == place.id
    entry = await entry_of(db_session, s.mock, ann)
    assert (entry.team, entry.name, place.listed) == (False, ann.display_name, False)
    with pytest.raises(Forbidden) as refused:
        await entries.register(db_session, s.outsider, s.mock, now=at(-60))
    assert refused.value.message == "contest_not_eligible"
    # Late registration is fine while a round runs, not once the contest is over.
    await entries.register(db_session, s.students[1], s.mock, now=at(200))
    with pytest.raises(InvalidInput) as closed:
        await entries.register(db_session, s.students[2], s.mock, now=at(300))
    assert closed.value.message == "contest_registration_closed"


async def test_the_jury_enters_students_by_name(db_session: AsyncSession) -> None:
    s = await stage(db_session)
    ann = s.students[0]
    await entries.register(db_session, ann, s.mock, now=at(-60))
    places = await entries.enter_students(db_session, s.coach, s.mock, [s.outsider.id, ann.id])
    await db_session.commit()
    assert [p.user_id for p in places] == [s.outsider.id, ann.id]
    assert all(p.listed for p in places)
    assert await access.eligible(db_session, s.outsider, s.mock)
    assert len(await audited(db_session, "contest.enter")) == 1
    with pytest.raises(Forbidden):
        await entries.enter_students(db_session, ann, s.mock, [s.students[1].id])
    with pytest.raises(InvalidInput) as coach:
        await entries.enter_students(db_session, s.coach, s.mock, [s.coach.id])
    assert coach.value.message == "contest_not_a_student"
    with pytest.raises(NotFound):
        await entries.enter_students(db_session, s.coach, s.mock, [999_999])


# --- teams ---------------------------------------------------------------------------------


async def test_a_coach_makes_a_team_and_registered_students_move_into_it(
    db_session: AsyncSession,
) -> None:
    s = await stage(db_session)
    ann, bo = s.students[:2]
    await entries.register(db_session, ann, s.mock, now=at(-60))
    solo = (await entry_of(db_session, s.mock, ann)).id
    team = await entries.create_team(
        db_session, s.coach, s.mock, "  Blue   Sky ", [ann.id, bo.id], now=at(-30)
    )
    await db_session.commit()
    assert (team.name, team.team, len(team.invite_code or "")) == ("Blue Sky", True, 8)
    assert (await entry_of(db_session, s.mock, ann)).id == team.id
    assert (await entry_of(db_session, s.mock, bo)).id == team.id
    assert await db_session.get(Entry, solo) is None  # the solo entry went away
    with pytest.raises(Conflict) as taken:
        await entries.create_team(db_session, s.coach, s.mock, "Blue Sky", (), now=at(-30))
    assert taken.value.message == "contest_team_name_taken"
    with pytest.raises(Conflict) as twice:
        await entries.create_team(db_session, s.coach, s.mock, "Red", [bo.id], now=at(-30))
    assert twice.value.message == "contest_already_in_team"


async def test_a_team_is_never_larger_than_the_contests_team_size(
    db_session: AsyncSession,
) -> None:
    s = await stage(db_session, team_size=2)
    ann, bo, cy = s.students[:3]
    with pytest.raises(InvalidInput) as big:
        await entries.create_team(
            db_session, s.coach, s.mock, "Big", [ann.id, bo.id, cy.id], now=at(-30)
        )
    assert (big.value.message, big.value.params["size"]) == ("contest_team_full", 2)
    team = await entries.create_team(db_session, ann, s.mock, "Duo", now=at(-30))
    await db_session.commit()
    assert team.invite_code is not None
    await entries.join_team(db_session, bo, s.mock, team.invite_code.lower(), now=at(-20))
    await db_session.commit()
    with pytest.raises(InvalidInput) as full:
        await entries.join_team(db_session, cy, s.mock, team.invite_code, now=at(-20))
    assert full.value.message == "contest_team_full"


async def test_a_student_makes_a_team_for_themselves_only(db_session: AsyncSession) -> None:
    s = await stage(db_session)
    ann, bo = s.students[:2]
    with pytest.raises(Forbidden):
        await entries.create_team(db_session, ann, s.mock, "Mine", [ann.id, bo.id], now=at(-30))
    with pytest.raises(Forbidden) as stranger:
        await entries.create_team(db_session, s.outsider, s.mock, "Gate", now=at(-30))
    assert stranger.value.message == "contest_not_eligible"
    team = await entries.create_team(db_session, ann, s.mock, "Mine", now=at(-30))
    await db_session.commit()
    assert (await entry_of(db_session, s.mock, ann)).id == team.id
    # The invite code does not let an ineligible student in.
    assert team.invite_code is not None
    with pytest.raises(Forbidden):
        await entries.join_team(db_session, s.outsider, s.mock, team.invite_code, now=at(-20))


async def test_teams_are_fixed_once_the_first_round_starts(db_session: AsyncSession) -> None:
    s = await stage(db_session)
    ann, bo = s.students[:2]
    team = await entries.create_team(db_session, ann, s.mock, "Early", now=at(-1))
    await db_session.commit()
    assert team.invite_code is not None
    for attempt in (
        entries.join_team(db_session, bo, s.mock, team.invite_code, now=at(0)),
        entries.create_team(db_session, bo, s.mock, "Late", now=at(0)),
        entries.leave_team(db_session, ann, s.mock, now=at(10)),
    ):
        with pytest.raises(InvalidInput) as closed:
            await attempt
        assert closed.value.message == "contest_teams_closed"


async def test_no_teams_when_the_team_size_is_one(db_session: AsyncSession) -> None:
    s = await stage(db_session, team_size=1)
    with pytest.raises(InvalidInput) as solo:
        await entries.create_team(db_session, s.students[0], s.mock, "X", now=at(-5))
    assert solo.value.message == "contest_no_teams"


async def test_a_code_of_another_contest_is_not_valid_here(db_session: AsyncSession) -> None:
    s = await stage(db_session)
    other = await contest(db_session, s.coach, open_registration=True)
    await db_session.commit()
    team = await entries.create_team(db_session, s.coach, other, "Elsewhere", now=at(-5))
    await db_session.commit()
    assert team.invite_code is not None
    with pytest.raises(InvalidInput) as wrong:
        await entries.join_team(db_session, s.students[0], s.mock, team.invite_code, now=at(-5))
    assert (wrong.value.message, wrong.value.field) == ("invite_invalid", "invite_code")


async def test_leaving_a_team_before_the_start(db_session: AsyncSession) -> None:
    s = await stage(db_session)
    ann, bo = s.students[:2]
    own = await entries.create_team(db_session, ann, s.mock, "Own", now=at(-30))
    coached = await entries.create_team(
        db_session, s.coach, s.mock, "Coached", [bo.id], now=at(-30)
    )
    await db_session.commit()
    place = await entries.leave_team(db_session, ann, s.mock, now=at(-10))
    await entries.leave_team(db_session, bo, s.mock, now=at(-10))
    await db_session.commit()
    assert (await entry_of(db_session, s.mock, ann)).team is False
    assert place.entry_id != own.id
    assert await db_session.get(Entry, own.id) is None  # made by ann, now empty: gone
    assert await db_session.get(Entry, coached.id) is not None  # the coach's stays open


async def test_wrong_team_codes_are_throttled_per_address(any_db: Database) -> None:
    async with any_db.sessionmaker() as session:
        s = await stage(session)
        team = await entries.create_team(session, s.coach, s.mock, "Guarded", now=at(-60))
        await session.commit()
        code = team.invite_code
    assert code is not None
    policy = InvitePolicy(max_failures=3)

    async def attempt(user: User, tried: str, address: str) -> str:
        guard = InviteGuard(any_db, policy, address, clock=lambda: at(-50))
        async with any_db.sessionmaker() as session:
            try:
                await entries.join_team(session, user, s.mock, tried, guard, now=at(-50))
            except (InvalidInput, Throttled) as exc:
                await session.rollback()
                return exc.message
            await session.commit()
            return "joined"

    guesser = s.students[0]
    outcomes = [await attempt(guesser, f"GUESS{i:03d}", "203.0.113.5") for i in range(5)]
    assert outcomes == ["invite_invalid"] * 3 + ["invite_throttled"] * 2
    # The right code is throttled from that address too, but not from another one.
    assert await attempt(guesser, code, "203.0.113.5") == "invite_throttled"
    assert await attempt(guesser, code, "198.51.100.7") == "joined"


@pytest.mark.postgres
async def test_students_joining_at_the_same_moment_never_overfill_a_team(
    committed_db: Database,
) -> None:
    async with committed_db.sessionmaker() as session:
        s = await stage(session, team_size=3, students=6)
        team = await entries.create_team(
            session, s.coach, s.mock, "Crowded", [s.students[0].id], now=at(-60)
        )
        await session.commit()
        code, team_id = team.invite_code, team.id
    assert code is not None
    joiners = s.students[1:]
    barrier = asyncio.Barrier(len(joiners))

    async def join(student: User) -> str:
        async with committed_db.sessionmaker() as session:
            user = await session.get(User, student.id)
            assert user is not None
            await barrier.wait()
            try:
                await entries.join_team(session, user, s.mock, code, now=at(-10))
            except InvalidInput as exc:
                await session.rollback()
                return exc.message
            await session.commit()
            return "joined"

    outcomes = await asyncio.gather(*(join(student) for student in joiners))
    assert sorted(outcomes) == ["contest_team_full"] * 3 + ["joined"] * 2
    async with committed_db.sessionmaker() as session:
        members = await session.scalar(
            select(func.count()).select_from(Participation).where(Participation.entry_id == team_id)
        )
    assert members == 3


@pytest.mark.postgres
async def test_a_double_registration_at_the_same_moment_registers_once(
    committed_db: Database,
) -> None:
    async with committed_db.sessionmaker() as session:
        s = await stage(session)
    ann = s.students[0]
    barrier = asyncio.Barrier(2)

    async def register() -> int:
        async with committed_db.sessionmaker() as session:
            user = await session.get(User, ann.id)
            mock = await session.get(Contest, s.mock.id)
            assert user is not None and mock is not None
            await barrier.wait()
            place = await entries.register(session, user, mock, now=at(-10))
            await session.commit()
            return place.id

    first, second = await asyncio.gather(register(), register())
    assert first == second
    async with committed_db.sessionmaker() as session:
        solo = await session.scalar(
            select(func.count()).select_from(Entry).where(Entry.contest_id == s.mock.id)
        )
    assert solo == 1  # the loser's solo entry was taken back


@pytest.mark.postgres
async def test_joining_two_teams_at_the_same_moment_joins_one(committed_db: Database) -> None:
    async with committed_db.sessionmaker() as session:
        s = await stage(session)
        codes = []
        for name in ("Left", "Right"):
            team = await entries.create_team(session, s.coach, s.mock, name, now=at(-60))
            codes.append(team.invite_code)
        await session.commit()
    ann = s.students[0]
    barrier = asyncio.Barrier(2)

    async def join(code: str | None) -> str:
        assert code is not None
        async with committed_db.sessionmaker() as session:
            user = await session.get(User, ann.id)
            mock = await session.get(Contest, s.mock.id)
            assert user is not None and mock is not None
            await barrier.wait()
            try:
                await entries.join_team(session, user, mock, code, now=at(-10))
            except InvalidInput as exc:
                await session.rollback()
                return exc.message
            await session.commit()
            return "joined"

    outcomes = await asyncio.gather(*(join(code) for code in codes))
    assert sorted(outcomes) == ["contest_already_in_team", "joined"]


# --- extra time and excuses -------------------------------------------------------------------


async def test_extra_time_for_a_team_or_a_member_is_audited(db_session: AsyncSession) -> None:
    s = await stage(db_session)
    ann, bo = s.students[:2]
    team = await entries.create_team(db_session, s.coach, s.mock, "T", [ann.id, bo.id], now=at(-30))
    await db_session.commit()
    place = await access.participation(db_session, s.mock.id, bo.id)
    assert place is not None
    await entries.give_extra_time(db_session, s.coach, s.mock, entry_id=team.id, minutes=10)
    await entries.give_extra_time(db_session, s.coach, s.mock, participation_id=place.id, minutes=5)
    await db_session.commit()
    assert (team.extra_minutes, place.extra_minutes) == (10, 5)
    entry = await db_session.get(Entry, team.id)
    assert entry is not None
    lab = await access.subject_window_of(db_session, s.lab, entry, place)
    theory = await access.subject_window_of(db_session, s.theory, entry, place)
    assert (lab.end, theory.end) == (at(310), at(105))
    changes = await audited(db_session, "contest.extra_time")
    assert [(c.target, c.details["from"], c.details["to"]) for c in changes] == [
        (f"entry:{team.id}", 0, 10),
        (f"participation:{place.id}", 0, 5),
    ]
    assert all(c.actor_id == s.coach.id for c in changes)


@pytest.mark.parametrize(
    ("who", "target", "minutes", "error", "key"),
    [
        pytest.param("student", "entry", 5, Forbidden, "contest_not_jury", id="a-student"),
        pytest.param("coach", "both", 5, InvalidInput, "contest_extra_target", id="both"),
        pytest.param("coach", "none", 5, InvalidInput, "contest_extra_target", id="neither"),
        pytest.param("coach", "entry", -1, InvalidInput, "contest_extra_minutes", id="negative"),
        pytest.param("coach", "entry", 1441, InvalidInput, "contest_extra_minutes", id="a-day+"),
        pytest.param("coach", "foreign", 5, NotFound, "contest_entry_not_found", id="foreign"),
    ],
)
async def test_extra_time_refusals(
    db_session: AsyncSession,
    who: str,
    target: str,
    minutes: int,
    error: type[Exception],
    key: str,
) -> None:
    s = await stage(db_session)
    ann = s.students[0]
    place = await entries.register(db_session, ann, s.mock, now=at(-5))
    other = await contest(db_session, s.coach, open_registration=True)
    stranger = await entries.register(db_session, s.outsider, other, now=at(-5))
    await db_session.commit()
    actor = s.coach if who == "coach" else ann
    targets: dict[str, dict[str, int]] = {
        "entry": {"entry_id": place.entry_id},
        "both": {"entry_id": place.entry_id, "participation_id": place.id},
        "none": {},
        "foreign": {"entry_id": stranger.entry_id},
    }
    with pytest.raises(error) as refused:
        await entries.give_extra_time(db_session, actor, s.mock, minutes=minutes, **targets[target])
    assert refused.value.message == key  # type: ignore[attr-defined]
    assert await audited(db_session, "contest.extra_time") == []


async def test_a_coach_excuses_a_member_from_a_theory_round_only(
    db_session: AsyncSession,
) -> None:
    s = await stage(db_session)
    ann = s.students[0]
    place = await entries.register(db_session, ann, s.mock, now=at(-5))
    await db_session.commit()
    await entries.excuse(db_session, s.coach, s.theory, place.id, True)
    await db_session.commit()
    seat = await db_session.get(Sitting, (s.theory.id, place.entry_id, place.id))
    assert seat is not None
    assert (seat.excused, seat.started_at) == (True, None)
    await entries.excuse(db_session, s.coach, s.theory, place.id, False)
    await db_session.commit()
    await db_session.refresh(seat)
    assert seat.excused is False
    assert [e.details["excused"] for e in await audited(db_session, "contest.excuse")] == [
        True,
        False,
    ]
    with pytest.raises(InvalidInput) as lab:
        await entries.excuse(db_session, s.coach, s.lab, place.id, True)
    assert lab.value.message == "contest_excuse_theory_only"
    with pytest.raises(Forbidden):
        await entries.excuse(db_session, ann, s.theory, place.id, True)
