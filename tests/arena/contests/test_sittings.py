"""Starting a personal timer: inside its window only, by a participant only, and exactly once
(a double click, a teammate in a shared round, two requests racing on PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.contests import access, sittings
from ictarena.contests.models import Contest, Round, RoundKind, Sitting, WindowType
from ictarena.db import Database
from ictarena.errors import Forbidden, InvalidInput, NotFound
from tests.arena.contests.staging import at, catalogue, contest, enter, person, round_


@pytest.fixture
async def db_session(any_db: Database) -> AsyncIterator[AsyncSession]:
    async with any_db.sessionmaker() as session:
        yield session


async def stage(session: AsyncSession) -> tuple[Contest, Round, Round, Round, dict[str, User]]:
    """A personal theory round (0–120, 60 min), a personal lab round the team shares (0–120,
    30 min) and a fixed round; team Red (ray, rob) and Sue alone."""
    coach = await person(session, Role.COACH)
    tasks = await catalogue(session, 1)
    mock = await contest(session, coach)
    theory = await round_(
        session,
        mock,
        1,
        kind=RoundKind.THEORY,
        window=WindowType.PERSONAL,
        end=120,
        duration=60,
        tasks=tasks,
    )
    lab = await round_(session, mock, 2, window=WindowType.PERSONAL, end=120, duration=30)
    fixed = await round_(session, mock, 3, start=200, end=300)
    people = [await person(session) for _ in range(4)]
    ray, rob, sue, tom = people
    await enter(session, mock, ray, rob, team="Red")
    await enter(session, mock, sue)
    await session.commit()
    return mock, theory, lab, fixed, {"ray": ray, "rob": rob, "sue": sue, "tom": tom}


async def count_sittings(session: AsyncSession, round: Round) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(Sitting).where(Sitting.round_id == round.id)
        )
        or 0
    )


async def test_a_double_click_starts_the_timer_once(db_session: AsyncSession) -> None:
    mock, theory, _, _, people = await stage(db_session)
    first = await sittings.start_round(db_session, people["sue"], mock, theory, at(10))
    await db_session.commit()
    again = await sittings.start_round(db_session, people["sue"], mock, theory, at(10.5))
    await db_session.commit()
    assert first.started_at == again.started_at == at(10)
    assert first.started_by == people["sue"].id
    assert await count_sittings(db_session, theory) == 1
    # A click after the window closed still shows the timer that ran, not an error.
    late = await sittings.start_round(db_session, people["sue"], mock, theory, at(500))
    assert late.started_at == at(10)


async def test_a_theory_timer_is_each_members_own_and_a_lab_timer_the_teams(
    db_session: AsyncSession,
) -> None:
    mock, theory, lab, _, people = await stage(db_session)
    ray_theory = await sittings.start_round(db_session, people["ray"], mock, theory, at(5))
    rob_theory = await sittings.start_round(db_session, people["rob"], mock, theory, at(40))
    assert (ray_theory.started_at, rob_theory.started_at) == (at(5), at(40))
    assert ray_theory.member_id != rob_theory.member_id
    team_lab = await sittings.start_round(db_session, people["ray"], mock, lab, at(50))
    mate = await sittings.start_round(db_session, people["rob"], mock, lab, at(55))
    assert (team_lab.member_id, mate.started_at, mate.started_by) == (0, at(50), people["ray"].id)
    await db_session.commit()
    assert await count_sittings(db_session, lab) == 1
    # Team Red's timer is not Sue's: her own entry has not started the lab round.
    with pytest.raises(InvalidInput) as other_team:
        await access.entitlement(db_session, people["sue"], mock.id, lab.id, 1, at(60))
    assert other_team.value.message == "contest_timer_not_started"


async def test_an_excused_member_who_starts_keeps_the_excuse_row(
    db_session: AsyncSession,
) -> None:
    mock, theory, _, _, people = await stage(db_session)
    place = await access.participation(db_session, mock.id, people["sue"].id)
    assert place is not None
    db_session.add(
        Sitting(round_id=theory.id, entry_id=place.entry_id, member_id=place.id, excused=True)
    )
    await db_session.commit()
    seat = await sittings.start_round(db_session, people["sue"], mock, theory, at(3))
    assert (seat.started_at, seat.excused) == (at(3), True)


@pytest.mark.parametrize(
    ("who", "which", "now", "error", "key"),
    [
        pytest.param("sue", "theory", -1, InvalidInput, "contest_round_not_started", id="early"),
        pytest.param("sue", "theory", 120, InvalidInput, "contest_round_over", id="late"),
        pytest.param("sue", "fixed", 250, InvalidInput, "contest_round_not_personal", id="fixed"),
        pytest.param("tom", "theory", 10, Forbidden, "contest_not_participant", id="stranger"),
        pytest.param("sue", "foreign", 10, NotFound, "contest_round_not_found", id="foreign"),
    ],
)
async def test_starts_that_are_refused(
    db_session: AsyncSession,
    who: str,
    which: str,
    now: float,
    error: type[Exception],
    key: str,
) -> None:
    mock, theory, _, fixed, people = await stage(db_session)
    other = await contest(db_session, people["ray"])
    foreign = await round_(db_session, other, 1, window=WindowType.PERSONAL, end=120, duration=9)
    await db_session.commit()
    target = {"theory": theory, "fixed": fixed, "foreign": foreign}[which]
    with pytest.raises(error) as refused:
        await sittings.start_round(db_session, people[who], mock, target, at(now))
    assert refused.value.message == key  # type: ignore[attr-defined]
    assert await count_sittings(db_session, target) == 0


@pytest.mark.postgres
async def test_two_racing_requests_start_the_timer_once(committed_db: Database) -> None:
    """Both requests pass the "already started?" read before either has committed; the
    second insert waits for the first's commit and keeps its start."""
    async with committed_db.sessionmaker() as session:
        mock, theory, lab, _, people = await stage(session)
    for round, (one, two) in [(theory, ("sue", "sue")), (lab, ("ray", "rob"))]:
        barrier = asyncio.Barrier(2)

        async def press(
            name: str, now: datetime, round: Round = round, barrier: asyncio.Barrier = barrier
        ) -> datetime | None:
            async with committed_db.sessionmaker() as session:
                user = await session.get(User, people[name].id)
                assert user is not None
                await barrier.wait()
                seat = await sittings.start_round(session, user, mock, round, now)
                await session.commit()
                return seat.started_at

        starts = await asyncio.gather(press(one, at(20)), press(two, at(21)))
        assert starts[0] == starts[1]
        assert starts[0] in (at(20), at(21))
        async with committed_db.sessionmaker() as session:
            assert await count_sittings(session, round) == 1
