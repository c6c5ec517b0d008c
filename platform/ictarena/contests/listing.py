"""What the contest pages read: the contests a user may see, and one contest as its reader sees
it (rounds with their tasks, the reader's entry and team, each round's window and phase).

Read-only. Whether a user may *act* (register, start, submit) is decided elsewhere
(:mod:`ictarena.contests.access`, :mod:`ictarena.contests.entries`); this module only says
what to show, with the same time rules (:mod:`ictarena.contests.windows`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, exists, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import CohortMember, Role, User
from ictarena.catalog.models import Task
from ictarena.contests import access
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    ContestJury,
    Entry,
    Participation,
    Round,
    RoundTask,
    Sitting,
    WindowType,
)
from ictarena.contests.windows import (
    Phase,
    Window,
    board_unfrozen,
    extra_minutes,
    last_end,
    phase,
    subject_window,
)
from ictarena.events.models import Event


class State(StrEnum):
    """Where a contest stands for everyone (each subject's own phase may differ)."""

    UPCOMING = "upcoming"
    RUNNING = "running"
    ENDED = "ended"
    UNSET = "unset"  # no rounds yet


class Standing(StrEnum):
    """How the reader relates to a contest, the strongest first."""

    JURY = "jury"
    PARTICIPANT = "participant"
    ELIGIBLE = "eligible"
    OPEN = "open"  # open registration: anyone may register
    NONE = "none"


@dataclass(frozen=True)
class ContestRow:
    contest: Contest
    starts_at: datetime | None
    ends_at: datetime | None  # the last round's end, with the largest extra time given
    state: State
    standing: Standing


def _state(starts_at: datetime | None, ends_at: datetime | None, now: datetime) -> State:
    if starts_at is None or ends_at is None:
        return State.UNSET
    if now < starts_at:
        return State.UPCOMING
    return State.RUNNING if now < ends_at else State.ENDED


def _jury_clause(user: User) -> ColumnElement[bool]:
    if user.role is Role.ADMIN:
        return true()
    return or_(
        Contest.created_by == user.id,
        exists().where(ContestJury.contest_id == Contest.id, ContestJury.user_id == user.id),
    )


async def _max_extra(session: AsyncSession, contest_ids: list[int]) -> dict[int, int]:
    """The most extra minutes any subject of each contest holds (entry's plus member's)."""
    if not contest_ids:
        return {}
    rows = await session.execute(
        select(
            Entry.contest_id,
            func.max(Entry.extra_minutes + func.coalesce(Participation.extra_minutes, 0)),
        )
        .outerjoin(Participation, Participation.entry_id == Entry.id)
        .where(Entry.contest_id.in_(contest_ids))
        .group_by(Entry.contest_id)
    )
    return {contest_id: int(extra or 0) for contest_id, extra in rows.all()}


async def visible_contests(session: AsyncSession, user: User, now: datetime) -> list[ContestRow]:
    """Every contest ``user`` may see: as its jury (admins see all), as a participant, as an
    eligible student (a member of one of its cohorts), or because registration is open.
    Running contests first, then upcoming ones, then ended ones, newest first."""
    participant = exists().where(
        Participation.contest_id == Contest.id, Participation.user_id == user.id
    )
    eligible = exists().where(
        ContestCohort.contest_id == Contest.id,
        CohortMember.cohort_id == ContestCohort.cohort_id,
        CohortMember.user_id == user.id,
    )
    jury = _jury_clause(user)
    query = select(
        Contest, jury.label("jury"), participant.label("participant"), eligible.label("eligible")
    )
    if user.role is not Role.ADMIN:
        query = query.where(or_(jury, participant, eligible, Contest.open_registration))
    contests = (await session.execute(query)).all()
    ids = [row[0].id for row in contests]
    bounds: dict[int, tuple[datetime | None, datetime | None]] = {}
    if ids:
        for contest_id, opens, closes in (
            await session.execute(
                select(Round.contest_id, func.min(Round.starts_at), func.max(Round.ends_at))
                .where(Round.contest_id.in_(ids))
                .group_by(Round.contest_id)
            )
        ).all():
            bounds[contest_id] = (opens, closes)
    extra = await _max_extra(session, ids)
    rows: list[ContestRow] = []
    for contest, is_jury, is_participant, is_eligible in contests:
        first, last = bounds.get(contest.id, (None, None))
        end: datetime | None = (
            None if last is None else last + timedelta(minutes=extra.get(contest.id, 0))
        )
        standing = (
            Standing.JURY
            if is_jury
            else Standing.PARTICIPANT
            if is_participant
            else Standing.ELIGIBLE
            if is_eligible
            else Standing.OPEN
        )
        rows.append(ContestRow(contest, first, end, _state(first, end, now), standing))
    order = {State.RUNNING: 0, State.UPCOMING: 1, State.UNSET: 2, State.ENDED: 3}
    rows.sort(key=lambda r: (order[r.state], -(r.starts_at or now).timestamp(), r.contest.id))
    return rows


async def standing(session: AsyncSession, user: User | None, contest: Contest) -> Standing:
    """How ``user`` (None: anonymous) relates to one contest (the rules of
    :mod:`ictarena.contests.access`)."""
    return (await standing_and_place(session, user, contest))[0]


async def standing_and_place(
    session: AsyncSession, user: User | None, contest: Contest
) -> tuple[Standing, Participation | None]:
    """:func:`standing`, and the participation that makes ``user`` a participant (None for
    any other standing), read once."""
    if user is not None:
        if await access.is_jury(session, user, contest):
            return Standing.JURY, None
        place = await access.participation(session, contest.id, user.id)
        if place is not None:
            return Standing.PARTICIPANT, place
        if not contest.open_registration and await access.eligible(session, user, contest):
            return Standing.ELIGIBLE, None
    return (Standing.OPEN if contest.open_registration else Standing.NONE), None


async def newest_event(session: AsyncSession) -> int:
    """The newest event's id (0: none yet)."""
    return int(await session.scalar(select(func.max(Event.id))) or 0)


@dataclass(frozen=True)
class RoundView:
    """One round as its reader sees it: its tasks, the reader's window and phase in it."""

    round: Round
    tasks: list[tuple[RoundTask, Task]]
    window: Window | None  # None: the reader is not a participant
    phase: Phase
    sitting_started: bool


@dataclass
class Overview:
    contest: Contest
    rounds: list[RoundView]
    state: State
    frozen: bool  # the public board is frozen now
    since: int = 0  # the newest event's id before the page was read: live pages resume there
    participation: Participation | None = None
    entry: Entry | None = None
    teammates: list[str] = field(default_factory=list)


async def overview(
    session: AsyncSession, contest: Contest, user: User | None, now: datetime
) -> Overview:
    """One contest for its page: every round with its tasks (in order), and, for a
    participant, their entry, team and each round's own window (personal timers, extra
    minutes) and phase."""
    since = await newest_event(session)  # first: an event after it reaches the live page
    rounds = list(
        (
            await session.scalars(
                select(Round).where(Round.contest_id == contest.id).order_by(Round.position)
            )
        ).all()
    )
    tasks: dict[int, list[tuple[RoundTask, Task]]] = defaultdict(list)
    if rounds:
        for round_task, task in (
            await session.execute(
                select(RoundTask, Task)
                .join(Task, Task.id == RoundTask.task_id)
                .where(RoundTask.round_id.in_([r.id for r in rounds]))
                .order_by(RoundTask.position, RoundTask.label)
            )
        ).all():
            tasks[round_task.round_id].append((round_task, task))
    participation = entry = None
    teammates: list[str] = []
    sittings: dict[tuple[int, int], Sitting] = {}
    if user is not None:
        participation = await session.scalar(
            select(Participation).where(
                Participation.contest_id == contest.id, Participation.user_id == user.id
            )
        )
    if participation is not None:
        entry = await session.get(Entry, participation.entry_id)
        if entry is not None and entry.team:
            teammates = list(
                (
                    await session.scalars(
                        select(User.display_name)
                        .join(Participation, Participation.user_id == User.id)
                        .where(Participation.entry_id == entry.id)
                        .order_by(Participation.id)
                    )
                ).all()
            )
        for sitting in (
            await session.scalars(select(Sitting).where(Sitting.entry_id == participation.entry_id))
        ).all():
            sittings[(sitting.round_id, sitting.member_id)] = sitting
    views = []
    for round in rounds:
        window: Window | None = None
        started = False
        if participation is not None and entry is not None:
            member = 0 if round.shared else participation.id
            found = sittings.get((round.id, member))
            started_at = found.started_at if found is not None else None
            started = started_at is not None
            window = subject_window(round, started_at, extra_minutes(round, entry, participation))
            current = phase(window, round, now)
        else:
            current = phase(subject_window(round, None, 0), round, now)
            if round.window is WindowType.PERSONAL and current is Phase.OPEN:
                current = Phase.RUNNING  # for an onlooker the round simply runs
        views.append(RoundView(round, tasks[round.id], window, current, started))
    extra = (await _max_extra(session, [contest.id])).get(contest.id, 0)
    first = min((r.starts_at for r in rounds), default=None)
    end = last_end(rounds, extra)
    return Overview(
        contest,
        views,
        _state(first, end, now),
        not board_unfrozen(contest, rounds, now) and first is not None and now >= first,
        since,
        participation,
        entry,
        teammates,
    )
