"""Who may do what in a contest: the jury, eligibility, and the one check of contest intake,
with hostile callers (a stranger, another contest's round, a task of another round, a page left
open past the end, a personal timer not started)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Task
from ictarena.contests import access
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    ContestJury,
    Entry,
    Participation,
    Round,
    RoundKind,
    Sitting,
    WindowType,
)
from ictarena.db import Database
from ictarena.errors import Forbidden, InvalidInput, NotFound
from tests.arena.contests.staging import at, catalogue, cohort, contest, enter, person, round_


@pytest.fixture
async def db_session(any_db: Database) -> AsyncIterator[AsyncSession]:
    async with any_db.sessionmaker() as session:
        yield session


@dataclass
class Mock:
    """A two-round mock: a personal-timer theory round (minutes 0–120, 60 minutes, freeze 10),
    then a fixed lab round (minutes 180–300) with ten extra minutes for team Blue; team Blue of
    two, Ann alone, and Zed, a student of the same school who did not enter."""

    contest: Contest
    theory: Round
    lab: Round
    tasks: list[Task]
    blue: list[Participation]
    ann: Participation
    users: dict[str, User]


async def stage(session: AsyncSession) -> Mock:
    coach = await person(session, Role.COACH)
    tasks = await catalogue(session, 4)
    mock = await contest(session, coach)
    theory = await round_(
        session,
        mock,
        1,
        kind=RoundKind.THEORY,
        window=WindowType.PERSONAL,
        start=0,
        end=120,
        duration=60,
        freeze=10,
        tasks=tasks[:1],
    )
    lab = await round_(session, mock, 2, start=180, end=300, tasks=tasks[1:3])
    bo, bea, ann, zed = [await person(session, name=n) for n in ("bo", "bea", "ann", "zed")]
    blue = await enter(session, mock, bo, bea, team="Blue")
    (solo,) = await enter(session, mock, ann)
    team = await session.get(Entry, blue[0].entry_id)
    assert team is not None
    team.extra_minutes = 10
    await session.commit()
    users = {"bo": bo, "bea": bea, "ann": ann, "zed": zed, "coach": coach}
    return Mock(mock, theory, lab, tasks, blue, solo, users)


async def test_a_participant_is_entitled_inside_their_window(db_session: AsyncSession) -> None:
    m = await stage(db_session)
    granted = await access.entitlement(
        db_session, m.users["bea"], m.contest.id, m.lab.id, m.tasks[1].id, at(305)
    )
    # A shared round: the subject is the team, and its ten extra minutes count.
    assert granted.entry.id == m.blue[1].entry_id
    assert granted.member_id == 0
    assert granted.participation.id == m.blue[1].id
    assert granted.round_task.dataset_id == m.tasks[1].live_dataset_id
    assert granted.window.end == at(310)
    # Ann has no extra time: the same moment is past her end.
    with pytest.raises(InvalidInput) as over:
        await access.entitlement(
            db_session, m.users["ann"], m.contest.id, m.lab.id, m.tasks[1].id, at(305)
        )
    assert (over.value.message, over.value.field) == ("contest_round_over", "round")


async def test_a_theory_round_is_individual_and_needs_the_timer_started(
    db_session: AsyncSession,
) -> None:
    m = await stage(db_session)
    bo = m.blue[0]
    with pytest.raises(InvalidInput) as idle:
        await access.entitlement(
            db_session, m.users["bo"], m.contest.id, m.theory.id, m.tasks[0].id, at(30)
        )
    assert idle.value.message == "contest_timer_not_started"
    db_session.add(
        Sitting(round_id=m.theory.id, entry_id=bo.entry_id, member_id=bo.id, started_at=at(20))
    )
    await db_session.commit()
    granted = await access.entitlement(
        db_session, m.users["bo"], m.contest.id, m.theory.id, m.tasks[0].id, at(30)
    )
    # His own hour from minute 20, and the team's ten extra minutes count in theory too.
    assert (granted.member_id, granted.window.start, granted.window.end) == (bo.id, at(20), at(90))
    # Bo's start is not his teammate's: Bea's timer has not started.
    with pytest.raises(InvalidInput) as other:
        await access.entitlement(
            db_session, m.users["bea"], m.contest.id, m.theory.id, m.tasks[0].id, at(30)
        )
    assert other.value.message == "contest_timer_not_started"
    # Past Bo's own end, even with the window still open.
    with pytest.raises(InvalidInput) as over:
        await access.entitlement(
            db_session, m.users["bo"], m.contest.id, m.theory.id, m.tasks[0].id, at(90)
        )
    assert over.value.message == "contest_round_over"
    assert over.value.params["round"] == "Round 1"


async def test_before_the_start_nothing_of_the_round_is_told(db_session: AsyncSession) -> None:
    m = await stage(db_session)
    for task in (m.tasks[1], m.tasks[3]):  # in the round, and not
        with pytest.raises(InvalidInput) as early:
            await access.entitlement(
                db_session, m.users["ann"], m.contest.id, m.lab.id, task.id, at(179)
            )
        assert early.value.message == "contest_round_not_started"
        assert early.value.params["starts"] == "2026-03-01 12:00 UTC"


@pytest.mark.parametrize(
    ("who", "target", "error", "key"),
    [
        pytest.param("zed", "lab", Forbidden, "contest_not_participant", id="non-participant"),
        pytest.param("coach", "lab", Forbidden, "contest_not_participant", id="jury-is-no-entry"),
        pytest.param("ann", "foreign-round", NotFound, "contest_round_not_found", id="foreign"),
        pytest.param("ann", "missing-round", NotFound, "contest_round_not_found", id="no-round"),
        pytest.param("ann", "theory-task", NotFound, "contest_task_not_in_round", id="other-round"),
        pytest.param("ann", "unlisted-task", NotFound, "contest_task_not_in_round", id="no-task"),
        pytest.param("ann", "missing-contest", NotFound, "contest_not_found", id="no-contest"),
    ],
)
async def test_hostile_callers_are_refused_with_the_reason(
    db_session: AsyncSession, who: str, target: str, error: type[Exception], key: str
) -> None:
    m = await stage(db_session)
    other = await contest(db_session, m.users["coach"])
    foreign = await round_(db_session, other, 1, start=0, end=1000, tasks=m.tasks[1:2])
    await db_session.commit()
    contest_id, round_id, task_id = m.contest.id, m.lab.id, m.tasks[1].id
    match target:
        case "foreign-round":
            round_id = foreign.id
        case "missing-round":
            round_id = 999_999
        case "theory-task":
            task_id = m.tasks[0].id
        case "unlisted-task":
            task_id = m.tasks[3].id
        case "missing-contest":
            contest_id = 999_999
    with pytest.raises(error) as refused:
        await access.entitlement(db_session, m.users[who], contest_id, round_id, task_id, at(200))
    assert refused.value.message == key  # type: ignore[attr-defined]


async def test_a_stale_page_after_the_end_is_refused(db_session: AsyncSession) -> None:
    m = await stage(db_session)
    # The page was loaded while the round ran; the request arrives after the end.
    await access.entitlement(
        db_session, m.users["ann"], m.contest.id, m.lab.id, m.tasks[1].id, at(299.99)
    )
    with pytest.raises(InvalidInput) as late:
        await access.entitlement(
            db_session, m.users["ann"], m.contest.id, m.lab.id, m.tasks[1].id, at(300)
        )
    assert late.value.params["ended"] == "2026-03-01 14:00 UTC"
    # A personal timer nobody started, once the window has closed: over, not "start it".
    with pytest.raises(InvalidInput) as never:
        await access.entitlement(
            db_session, m.users["ann"], m.contest.id, m.theory.id, m.tasks[0].id, at(120)
        )
    assert never.value.message == "contest_round_over"


async def test_a_deactivated_participant_is_refused(db_session: AsyncSession) -> None:
    m = await stage(db_session)
    m.users["ann"].is_active = False
    await db_session.commit()
    with pytest.raises(Forbidden):
        await access.entitlement(
            db_session, m.users["ann"], m.contest.id, m.lab.id, m.tasks[1].id, at(200)
        )


async def test_the_jury_is_the_admins_the_creator_and_the_coaches_named(
    db_session: AsyncSession,
) -> None:
    m = await stage(db_session)
    admin = await person(db_session, Role.ADMIN)
    named, stranger = await person(db_session, Role.COACH), await person(db_session, Role.COACH)
    db_session.add(ContestJury(contest_id=m.contest.id, user_id=named.id))
    await db_session.commit()
    assert await access.is_jury(db_session, admin, m.contest)
    assert await access.is_jury(db_session, m.users["coach"], m.contest)
    assert await access.is_jury(db_session, named, m.contest)
    assert not await access.is_jury(db_session, stranger, m.contest)
    assert not await access.is_jury(db_session, m.users["ann"], m.contest)
    # A student named on the jury by a stray row is still not the jury.
    db_session.add(ContestJury(contest_id=m.contest.id, user_id=m.users["zed"].id))
    await db_session.commit()
    assert not await access.is_jury(db_session, m.users["zed"], m.contest)
    with pytest.raises(Forbidden):
        await access.require_jury(db_session, stranger, m.contest)


async def test_eligibility_by_cohort_by_name_or_open_registration(
    db_session: AsyncSession,
) -> None:
    m = await stage(db_session)
    coach = m.users["coach"]
    in_class, outsider = await person(db_session), await person(db_session)
    group = await cohort(db_session, coach, in_class)
    await cohort(db_session, coach, outsider)  # another class, not eligible
    db_session.add(ContestCohort(contest_id=m.contest.id, cohort_id=group.id))
    await db_session.commit()
    assert await access.eligible(db_session, in_class, m.contest)
    assert await access.eligible(db_session, m.users["ann"], m.contest)  # entered by name
    assert not await access.eligible(db_session, outsider, m.contest)
    assert not await access.eligible(db_session, coach, m.contest)
    m.contest.open_registration = True
    await db_session.commit()
    assert await access.eligible(db_session, outsider, m.contest)
    assert not await access.eligible(db_session, coach, m.contest)


async def test_contest_lookups(db_session: AsyncSession) -> None:
    m = await stage(db_session)
    assert (await access.contest_by_slug(db_session, m.contest.slug)).id == m.contest.id
    with pytest.raises(NotFound):
        await access.contest_by_slug(db_session, "no-such-mock")
    assert [r.id for r in await access.rounds(db_session, m.contest.id)] == [m.theory.id, m.lab.id]
    labels = [t.label for t in await access.round_tasks(db_session, m.lab.id)]
    assert labels == ["A", "B"]
