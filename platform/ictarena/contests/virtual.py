"""Virtual participation and upsolving: a contest's tasks after its end, off the record.

**Virtual participation.** Once a contest has ended and its board shows everything (no
freeze left to reveal), a student who could have taken part (:func:`access.eligible`, the
same rules) but did not may start a virtual run (:class:`VirtualRun`) on their own clock: the
rounds replay at their original offsets from the contest's first start, each for its own
length (:func:`ictarena.contests.replay.virtual_schedule`). They submit to the round's tasks
while its replayed window runs; the submissions are judged on the round's pinned datasets and
scored by the round's rule, and their line is shown among the official lines as those stood at
the same elapsed time. A run is not an entry: official standings, exports, awards and ratings
never read it. Exam contests are not replayed (a paper is drawn per participation).

**Upsolving.** After the end, any student who may read the contest's tasks may submit to them
as practice: judged on the pinned dataset, in their submission history, never on a board and
earning no practice points (those come from the task's own page once the jury publishes it).

Both kinds are kept in :class:`ContestPractice` beside a submission that has no entry, round
or participation of its own, so nothing that reads contest submissions sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.contests import access
from ictarena.contests.models import (
    Contest,
    ContestKind,
    Round,
    RoundTask,
    VirtualRun,
)
from ictarena.contests.replay import replay_end, virtual_schedule
from ictarena.contests.windows import board_unfrozen, contest_ended
from ictarena.errors import Forbidden, InvalidInput, NotFound

TIME_FORMAT = access.TIME_FORMAT


async def run_of(session: AsyncSession, contest_id: int, user_id: int) -> VirtualRun | None:
    """The user's virtual run of the contest, if they started one."""
    found: VirtualRun | None = await session.scalar(
        select(VirtualRun).where(VirtualRun.contest_id == contest_id, VirtualRun.user_id == user_id)
    )
    return found


async def runs(session: AsyncSession, contest_id: int) -> list[tuple[VirtualRun, str]]:
    """Every virtual run of the contest with its student's display name, oldest first."""
    rows = await session.execute(
        select(VirtualRun, User.display_name)
        .join(User, User.id == VirtualRun.user_id)
        .where(VirtualRun.contest_id == contest_id)
        .order_by(VirtualRun.started_at, VirtualRun.id)
    )
    return [(run, name) for run, name in rows.all()]


async def ended(session: AsyncSession, contest: Contest, now: datetime) -> bool:
    """Has the contest ended for everyone (every round, with the largest extra time)?"""
    rounds = await access.rounds(session, contest.id)
    return contest_ended(rounds, await access.max_extra_minutes(session, contest.id), now)


async def check_start(session: AsyncSession, user: User, contest: Contest, now: datetime) -> None:
    """May ``user`` start a virtual run of ``contest`` at ``now``? Raises with the reason:
    not a student or not eligible (Forbidden), took part officially or already started one,
    an exam, the contest not ended or its board still frozen (InvalidInput)."""
    if user.role is not Role.STUDENT or not user.is_active:
        raise Forbidden("virtual_students_only")
    if await access.participation(session, contest.id, user.id) is not None:
        raise InvalidInput("virtual_took_part", field="contest")
    if not await access.eligible(session, user, contest):
        raise Forbidden("virtual_not_eligible")
    if contest.kind is ContestKind.EXAM:
        raise InvalidInput("virtual_not_for_exams", field="contest")
    rounds = await access.rounds(session, contest.id)
    extra = await access.max_extra_minutes(session, contest.id)
    if not contest_ended(rounds, extra, now):
        raise InvalidInput("virtual_not_ended", field="contest")
    if not board_unfrozen(contest, rounds, now):
        raise InvalidInput("virtual_board_frozen", field="contest")
    if await run_of(session, contest.id, user.id) is not None:
        raise InvalidInput("virtual_already_started", field="contest")


async def start(session: AsyncSession, user: User, contest: Contest, now: datetime) -> VirtualRun:
    """Start ``user``'s virtual run of ``contest`` at ``now`` (checked by :func:`check_start`);
    two clicks at once start it once (the second is refused as already started). Flushes; the
    caller commits."""
    await check_start(session, user, contest, now)
    run = VirtualRun(contest_id=contest.id, user_id=user.id, started_at=now)
    try:
        async with session.begin_nested():
            session.add(run)
    except IntegrityError:
        raise InvalidInput("virtual_already_started", field="contest") from None
    return run


@dataclass(frozen=True)
class Replay:
    """Where a virtual run stands: each round's replayed (start, end), and the run's end."""

    run: VirtualRun
    schedule: dict[int, tuple[datetime, datetime]]
    end: datetime | None

    def running(self, now: datetime) -> bool:
        return self.end is not None and self.run.started_at <= now < self.end

    def round_open(self, round_id: int, now: datetime) -> bool:
        window = self.schedule.get(round_id)
        return window is not None and window[0] <= now < window[1]


def replay_of(run: VirtualRun, rounds: list[Round]) -> Replay:
    schedule = virtual_schedule(rounds, run.started_at)
    return Replay(run, schedule, replay_end(schedule))


@dataclass(frozen=True)
class Grant:
    """What an off-the-record submission may go to: the round task (its pinned dataset), and
    the virtual run it counts in (None: upsolving)."""

    contest: Contest
    round: Round
    round_task: RoundTask
    run: VirtualRun | None


async def _round_task(
    session: AsyncSession, contest_id: int, round_id: int, task_id: int
) -> tuple[Contest, Round, RoundTask]:
    contest = await access.contest_by_id(session, contest_id)
    round = await session.get(Round, round_id)
    if round is None or round.contest_id != contest.id:
        raise NotFound("contest_round_not_found")
    round_task = await session.get(RoundTask, (round.id, task_id))
    if round_task is None:
        raise NotFound("contest_task_not_in_round", round=round.name)
    return contest, round, round_task


async def virtual_grant(
    session: AsyncSession, user: User, contest_id: int, round_id: int, task_id: int, now: datetime
) -> Grant:
    """May ``user`` submit to the task in their virtual run at ``now``: they have a run and
    the round's replayed window is open."""
    contest, round, round_task = await _round_task(session, contest_id, round_id, task_id)
    run = await run_of(session, contest.id, user.id)
    if run is None or not user.is_active:
        raise Forbidden("virtual_no_run")
    replay = replay_of(run, await access.rounds(session, contest.id))
    start, end = replay.schedule[round.id]
    if now < start:
        raise InvalidInput(
            "contest_round_not_started",
            field="round",
            round=round.name,
            starts=start.strftime(TIME_FORMAT),
        )
    if now >= end:
        raise InvalidInput(
            "contest_round_over", field="round", round=round.name, ended=end.strftime(TIME_FORMAT)
        )
    return Grant(contest, round, round_task, run)


async def may_upsolve(session: AsyncSession, user: User, contest: Contest) -> bool:
    """May ``user`` read the contest's tasks as a student after the end: a participant, an
    eligible student, or anyone when registration is open."""
    if user.role is not Role.STUDENT or not user.is_active:
        return False
    return await access.eligible(session, user, contest)


async def upsolve_grant(
    session: AsyncSession, user: User, contest_id: int, round_id: int, task_id: int, now: datetime
) -> Grant:
    """May ``user`` upsolve the task at ``now``: the contest has ended, they may read its
    tasks, and no virtual run of theirs is running (its rounds are for the run)."""
    contest, round, round_task = await _round_task(session, contest_id, round_id, task_id)
    if not await may_upsolve(session, user, contest):
        raise Forbidden("upsolve_not_allowed")
    if not await ended(session, contest, now):
        raise InvalidInput("upsolve_not_ended", field="round")
    run = await run_of(session, contest.id, user.id)
    if run is not None and replay_of(run, await access.rounds(session, contest.id)).running(now):
        raise InvalidInput("upsolve_virtual_running", field="round")
    return Grant(contest, round, round_task, None)
