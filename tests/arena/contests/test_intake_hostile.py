"""Hostile contest intake, at the service level (the HTTP versions are the contest pages'
tests): after the end, from a stale form, into another round, onto another team's line, by
someone who does not take part, and a timer started twice. Every refusal stores nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from ictarena.accounts.models import Role, User
from ictarena.contests.models import (
    Contest,
    Entry,
    Round,
    RoundKind,
    ScoreCell,
    Sitting,
    WindowType,
)
from ictarena.contests.sittings import start_round
from ictarena.db import Database, utcnow
from ictarena.errors import ArenaError, Forbidden, InvalidInput, NotFound
from ictarena.intake.contest import accept_contest
from ictarena.submissions.models import Judging, Submission
from tests.arena.contests.intake_setup import (
    RULES,
    Jobs,
    Stage,
    minutes,
    outlets,
    person,
    stage,
    submissions,
)

CODE = {"a.cpp": "int main() { return 0; }"}


async def _staged(db: Database) -> Stage:
    async with db.session() as session:
        world = await stage(session)
        await session.commit()
    return world


async def _submit(
    db: Database, user: User, contest_id: int, round_id: int, task_id: int, jobs: Jobs | None = None
) -> Submission:
    async with db.session() as session:
        return await accept_contest(
            session, user, contest_id, round_id, task_id, "cpp", CODE, RULES, outlets(jobs)
        )


async def _refused(
    db: Database, user: User, contest_id: int, round_id: int, task_id: int
) -> ArenaError:
    """Submit, expect a refusal, and check that nothing at all was stored or queued."""
    jobs = Jobs()
    async with db.session() as session:
        before = await session.scalar(select(func.count()).select_from(Submission))
    with pytest.raises(ArenaError) as refused:
        await _submit(db, user, contest_id, round_id, task_id, jobs)
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Submission)) == before
        assert await session.scalar(select(func.count()).select_from(Judging)) == before
    assert jobs.jobs == []
    return refused.value


async def _move(db: Database, round: Round, **values: object) -> None:
    async with db.session() as session:
        await session.execute(update(Round).where(Round.id == round.id).values(**values))
        await session.commit()


async def test_after_the_end_and_from_a_stale_form_the_reason_is_given(any_db: Database) -> None:
    world = await _staged(any_db)
    ann, plain = world.members["ann"], world.tasks[1].id
    await _submit(any_db, ann, world.contest.id, world.lab.id, plain)  # the form, while open
    await _move(any_db, world.lab, ends_at=utcnow() - timedelta(seconds=1))
    refused = await _refused(any_db, ann, world.contest.id, world.lab.id, plain)  # same form
    assert isinstance(refused, InvalidInput)
    assert (refused.message, refused.field) == ("contest_round_over", "round")
    assert refused.params["round"] == "Lab" and "UTC" in str(refused.params["ended"])
    # A team's extra minutes keep its members' own window open a little longer.
    async with any_db.session() as session:
        await session.execute(update(Entry).where(Entry.id == world.red.id).values(extra_minutes=5))
        await session.commit()
    await _submit(any_db, ann, world.contest.id, world.lab.id, plain)
    refused = await _refused(any_db, world.members["cat"], world.contest.id, world.lab.id, plain)
    assert refused.message == "contest_round_over"
    async with any_db.session() as session:
        assert len(await submissions(session)) == 2


async def test_a_personal_timer_that_ran_out_refuses_though_the_window_is_open(
    any_db: Database,
) -> None:
    world = await _staged(any_db)
    ann, plain = world.members["ann"], world.tasks[1].id
    await _move(
        any_db,
        world.lab,
        window=WindowType.PERSONAL,
        duration_min=30,
        starts_at=minutes(-60),
        ends_at=minutes(60),
    )
    refused = await _refused(any_db, ann, world.contest.id, world.lab.id, plain)
    assert (refused.message, getattr(refused, "field", None)) == (
        "contest_timer_not_started",
        "round",
    )
    async with any_db.session() as session:
        session.add(
            Sitting(
                round_id=world.lab.id, entry_id=world.red.id, member_id=0, started_at=minutes(-31)
            )
        )
        await session.commit()
    # Bob shares the lab round with Ann: the team's one timer has run out for both.
    for name in ("ann", "bob"):
        refused = await _refused(any_db, world.members[name], world.contest.id, world.lab.id, plain)
        assert refused.message == "contest_round_over"
    # Blue has not started: its own timer is still to start, the window being open.
    refused = await _refused(any_db, world.members["cat"], world.contest.id, world.lab.id, plain)
    assert refused.message == "contest_timer_not_started"


async def test_another_round_or_a_task_outside_the_round_is_refused(any_db: Database) -> None:
    world = await _staged(any_db)
    ann = world.members["ann"]
    quiz = world.tasks[2].id  # in the theory round, which opens in an hour
    # The lab round runs, but the quiz is not one of its tasks.
    refused = await _refused(any_db, ann, world.contest.id, world.lab.id, quiz)
    assert isinstance(refused, NotFound) and refused.message == "contest_task_not_in_round"
    # Naming the quiz's own round: it has not started (nothing of it leaks before).
    refused = await _refused(any_db, ann, world.contest.id, world.theory.id, quiz)
    assert (refused.message, getattr(refused, "field", None)) == (
        "contest_round_not_started",
        "round",
    )
    refused = await _refused(any_db, ann, world.contest.id, world.theory.id, world.tasks[0].id)
    assert refused.message == "contest_round_not_started"
    refused = await _refused(any_db, ann, world.contest.id, world.lab.id, world.loose.id)
    assert refused.message == "contest_task_not_in_round"
    refused = await _refused(any_db, ann, world.contest.id, world.lab.id, 10**9)
    assert isinstance(refused, NotFound)
    # Another contest's running round, through this contest (where Ann takes part).
    other = await _staged(any_db)
    refused = await _refused(any_db, ann, world.contest.id, other.lab.id, other.tasks[1].id)
    assert isinstance(refused, NotFound) and refused.message == "contest_round_not_found"
    refused = await _refused(any_db, ann, other.contest.id, other.lab.id, other.tasks[1].id)
    assert isinstance(refused, Forbidden) and refused.message == "contest_not_participant"
    refused = await _refused(any_db, ann, 10**9, world.lab.id, world.tasks[1].id)
    assert refused.message == "contest_not_found"


async def test_a_submission_lands_on_the_submitters_own_line_only(any_db: Database) -> None:
    """There is no entry to name: Cat of Blue submitting to the task Red works on counts on
    Blue's line, and Red's cell does not move; in the individual theory round each member is
    their own subject."""
    world = await _staged(any_db)
    plain = world.tasks[1].id
    await _submit(any_db, world.members["ann"], world.contest.id, world.lab.id, plain)
    await _submit(any_db, world.members["cat"], world.contest.id, world.lab.id, plain)
    async with any_db.session() as session:
        stored = await submissions(session)
        assert [(s.user_id, s.entry_id) for s in stored] == [
            (world.members["ann"].id, world.red.id),
            (world.members["cat"].id, world.blue.id),
        ]
        cells = (
            await session.scalars(
                select(ScoreCell)
                .where(ScoreCell.round_id == world.lab.id)
                .order_by(ScoreCell.entry_id)
            )
        ).all()
        assert [(c.entry_id, c.member_id, c.pending) for c in cells] == [
            (world.red.id, 0, 1),
            (world.blue.id, 0, 1),
        ]
    await _move(any_db, world.theory, starts_at=minutes(-1))
    async with any_db.session() as session:
        await accept_contest(
            session,
            world.members["bob"],
            world.contest.id,
            world.theory.id,
            world.tasks[2].id,
            None,
            {"answers.json": '{"q1": "a"}'},
            RULES,
            outlets(),
        )
        theory = (
            await session.scalars(select(ScoreCell).where(ScoreCell.round_id == world.theory.id))
        ).all()
        assert [(c.entry_id, c.member_id) for c in theory] == [
            (world.red.id, world.places["bob"].id)
        ]


async def test_a_non_participant_is_refused_whoever_they_are(any_db: Database) -> None:
    world = await _staged(any_db)
    plain = world.tasks[1].id
    async with any_db.session() as session:
        jury = await person(session, Role.COACH)
        contest = await session.get(Contest, world.contest.id)
        assert contest is not None
        contest.open_registration = True  # eligible is not entered
        await session.commit()
    for user in (world.members["outsider"], world.coach, world.admin, jury):
        refused = await _refused(any_db, user, world.contest.id, world.lab.id, plain)
        assert isinstance(refused, Forbidden) and refused.message == "contest_not_participant"
    # A participant whose account was deactivated no longer takes part.
    async with any_db.session() as session:
        ann = await session.get(User, world.members["ann"].id)
        assert ann is not None
        ann.is_active = False
        await session.commit()
    refused = await _refused(any_db, ann, world.contest.id, world.lab.id, plain)
    assert refused.message == "contest_not_participant"


@pytest.mark.postgres
async def test_a_timer_started_twice_at_once_starts_once(committed_db: Database) -> None:
    """Two members of a team press "Start" on their shared personal round at the same moment
    (and one of them twice): one sitting, the first start kept, and the window intake reads
    is that one timer's."""
    world = await _staged(committed_db)
    await _move(
        committed_db,
        world.lab,
        window=WindowType.PERSONAL,
        duration_min=30,
        starts_at=minutes(-60),
        ends_at=minutes(60),
        kind=RoundKind.LAB,
    )
    async with committed_db.session() as session:
        lab = await session.get(Round, world.lab.id)
        contest = await session.get(Contest, world.contest.id)
        assert lab is not None and contest is not None

    async def press(name: str, offset_s: int) -> object:
        async with committed_db.session() as session:
            sitting = await start_round(
                session,
                world.members[name],
                contest,
                lab,
                utcnow() - timedelta(minutes=20, seconds=offset_s),
            )
            await session.commit()
            return sitting.started_at

    starts = await asyncio.gather(press("ann", 0), press("bob", 5), press("ann", 9))
    async with committed_db.session() as session:
        seats = (await session.scalars(select(Sitting).where(Sitting.round_id == lab.id))).all()
        assert len(seats) == 1 and seats[0].entry_id == world.red.id
        assert set(starts) == {seats[0].started_at}
    await _submit(committed_db, world.members["bob"], world.contest.id, lab.id, world.tasks[1].id)
    # Pressing again later moves nothing: the timer (started ~20 minutes ago) still runs out
    # 30 minutes after the first start.
    async with committed_db.session() as session:
        again = await start_round(session, world.members["bob"], contest, lab, utcnow())
        await session.commit()
        assert again.started_at == seats[0].started_at
        await session.execute(
            update(Sitting)
            .where(Sitting.round_id == lab.id)
            .values(started_at=utcnow() - timedelta(minutes=31))
        )
        await session.commit()
    refused = await _refused(
        committed_db, world.members["ann"], world.contest.id, lab.id, world.tasks[1].id
    )
    assert refused.message == "contest_round_over"
