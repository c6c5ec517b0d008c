"""Taking part: registering, the jury's explicit list, teams and their invite codes, extra time
and excusing a member from a theory round.

A student's Participation always sits in exactly one Entry: a solo entry of their own when they
register, or a team. Joining or creating a team before the contest starts moves the student's
participation out of their solo entry (which is then removed). Team membership is frozen once
the first round has started, so that the scoreboard's subjects never change under it.

Team size is enforced under concurrency: a join first writes the team's row (a no-op update),
which holds the row lock on PostgreSQL and the write lock on SQLite until the transaction ends,
then counts the members. Wrong invite codes are throttled per address exactly as cohort invite
codes are (:class:`ictarena.accounts.throttle.InviteGuard`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.accounts.services import new_invite_code
from ictarena.accounts.throttle import InviteGuard
from ictarena.contests import access
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundKind,
    Sitting,
)
from ictarena.contests.windows import contest_ended
from ictarena.db import utcnow
from ictarena.errors import Conflict, Forbidden, InvalidInput, NotFound
from ictarena.events.audit import audit

MAX_EXTRA_MINUTES = 24 * 60


def board_name(user: User) -> str:
    return (user.board_name or user.display_name or user.username)[:120]


async def first_start(session: AsyncSession, contest_id: int) -> datetime | None:
    """When the contest's first round starts (None: no rounds yet)."""
    result: datetime | None = await session.scalar(
        select(func.min(Round.starts_at)).where(Round.contest_id == contest_id)
    )
    return result


async def _teams_open(session: AsyncSession, contest: Contest, now: datetime) -> None:
    if contest.team_size < 2:
        raise InvalidInput("contest_no_teams", field="team")
    start = await first_start(session, contest.id)
    if start is not None and now >= start:
        raise InvalidInput("contest_teams_closed", field="team")


async def _registration_open(session: AsyncSession, contest: Contest, now: datetime) -> None:
    if contest_ended(await access.rounds(session, contest.id), 0, now):
        raise InvalidInput("contest_registration_closed", field="contest")


def _insert(session: AsyncSession) -> postgresql.Insert | sqlite.Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(Participation)
    if dialect == "sqlite":
        return sqlite.insert(Participation)
    raise RuntimeError(f"entries need PostgreSQL or SQLite, not {dialect}")  # pragma: no cover


async def _add_place(
    session: AsyncSession, contest: Contest, user: User, entry_id: int, listed: bool
) -> Participation | None:
    """Insert ``user``'s participation in ``entry_id``, or None when they already have one in
    this contest (a concurrent request made it: on PostgreSQL this insert waits for its commit,
    then does nothing) — never an integrity error."""
    statement = (
        _insert(session)
        .values(contest_id=contest.id, user_id=user.id, entry_id=entry_id, listed=listed)
        .on_conflict_do_nothing(index_elements=["contest_id", "user_id"])
        .returning(Participation.id)
    )
    inserted = await session.scalar(statement)
    if inserted is None:
        return None
    return await session.get(Participation, inserted)


async def _solo(session: AsyncSession, contest: Contest, user: User, listed: bool) -> Participation:
    """A solo entry for ``user`` (or their participation made meanwhile by another request)."""
    entry = Entry(contest_id=contest.id, name=board_name(user), team=False, created_by=user.id)
    session.add(entry)
    await session.flush()
    place = await _add_place(session, contest, user, entry.id, listed)
    if place is None:  # registered at the same moment by another request: keep theirs
        await session.delete(entry)
        await session.flush()
        place = await access.participation(session, contest.id, user.id)
        assert place is not None
    return place


async def register(
    session: AsyncSession, user: User, contest: Contest, *, now: datetime | None = None
) -> Participation:
    """Register an eligible student alone (a solo entry); registering again returns the same
    participation."""
    now = now or utcnow()
    place = await access.participation(session, contest.id, user.id)
    if place is not None:
        return place
    if not await access.eligible(session, user, contest):
        raise Forbidden("contest_not_eligible")
    await _registration_open(session, contest, now)
    return await _solo(session, contest, user, listed=False)


async def enter_students(
    session: AsyncSession, actor: User, contest: Contest, user_ids: Iterable[int]
) -> list[Participation]:
    """The jury enters students by name (the explicit list): each gets a listed participation
    (a solo entry unless they already take part)."""
    await access.require_jury(session, actor, contest)
    ids = list(dict.fromkeys(user_ids))
    found = {u.id: u for u in await session.scalars(select(User).where(User.id.in_(ids)))}
    for user_id in ids:
        user = found.get(user_id)
        if user is None:
            raise NotFound("user_not_found")
        if user.role is not Role.STUDENT or not user.is_active:
            raise InvalidInput("contest_not_a_student", field="students", name=user.username)
    places = []
    for user_id in ids:
        place = await access.participation(session, contest.id, user_id)
        if place is None:
            place = await _solo(session, contest, found[user_id], listed=True)
        place.listed = True
        places.append(place)
    await session.flush()
    await audit(session, actor.id, "contest.enter", f"contest:{contest.id}", {"users": ids})
    return places


def _team_name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 120:
        raise InvalidInput("contest_team_name_invalid", field="name")
    return name


async def _lock_team(session: AsyncSession, entry_id: int) -> None:
    """Hold the team's row until the transaction ends (see the module's docstring)."""
    await session.execute(
        update(Entry)
        .where(Entry.id == entry_id)
        .values(extra_minutes=Entry.extra_minutes)
        .execution_options(synchronize_session=False)
    )


async def _members(session: AsyncSession, entry_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(Participation).where(Participation.entry_id == entry_id)
    )
    return int(count or 0)


async def _place_in_team(
    session: AsyncSession, contest: Contest, user: User, team: Entry, listed: bool = False
) -> Participation:
    """Put ``user`` in ``team``: a new participation, or theirs moved out of their solo entry."""
    if user.role is not Role.STUDENT or not user.is_active:
        raise InvalidInput("contest_not_a_student", field="members", name=user.username)
    place = await access.participation(session, contest.id, user.id)
    if place is not None:
        if place.entry_id == team.id:
            return place
        current = await session.get(Entry, place.entry_id)
        if current is not None and current.team:
            raise Conflict("contest_already_in_team", field="members", name=user.username)
        place.entry_id = team.id
        await session.flush()
        if current is not None:
            await session.execute(delete(Entry).where(Entry.id == current.id))
        return place
    added = await _add_place(session, contest, user, team.id, listed)
    if added is None:  # placed at the same moment by another request
        raise Conflict("contest_already_in_team", field="members", name=user.username)
    return added


async def create_team(
    session: AsyncSession,
    actor: User,
    contest: Contest,
    name: str,
    member_ids: Iterable[int] = (),
    *,
    now: datetime | None = None,
) -> Entry:
    """A team with an invite code. The jury names its members (or none: students join with
    the code); an eligible student creates one for themselves and is its first member."""
    now = now or utcnow()
    name = _team_name(name)
    await _teams_open(session, contest, now)
    jury = await access.is_jury(session, actor, contest)
    ids = list(dict.fromkeys(member_ids))
    if not jury:
        if not await access.eligible(session, actor, contest):
            raise Forbidden("contest_not_eligible")
        if any(i != actor.id for i in ids):
            raise Forbidden("contest_not_jury")
        ids = [actor.id]
    if len(ids) > contest.team_size:
        raise InvalidInput("contest_team_full", field="members", size=contest.team_size)
    taken = await session.scalar(
        select(Entry.id).where(Entry.contest_id == contest.id, Entry.team, Entry.name == name)
    )
    if taken is not None:
        raise Conflict("contest_team_name_taken", field="name", name=name)
    team = Entry(
        contest_id=contest.id,
        name=name,
        team=True,
        invite_code=new_invite_code(),
        created_by=actor.id,
    )
    session.add(team)
    await session.flush()
    for user_id in ids:
        user = await session.get(User, user_id)
        if user is None:
            raise NotFound("user_not_found")
        await _place_in_team(session, contest, user, team, listed=jury)
    await audit(
        session, actor.id, "contest.team", f"entry:{team.id}", {"name": name, "members": ids}
    )
    return team


async def join_team(
    session: AsyncSession,
    user: User,
    contest: Contest,
    invite_code: str,
    guard: InviteGuard | None = None,
    *,
    now: datetime | None = None,
) -> Participation:
    """Join the team of this contest whose invite code is given. With a ``guard`` the attempt
    is counted against the caller's address first and given back when the code is right
    (call it before writing in ``session``, as for cohort codes)."""
    now = now or utcnow()
    reserved_at = await guard.reserve() if guard is not None else None
    team = await session.scalar(
        select(Entry).where(
            Entry.contest_id == contest.id,
            Entry.team,
            Entry.invite_code == invite_code.strip().upper(),
        )
    )
    if team is None:
        raise InvalidInput("invite_invalid", field="invite_code")
    if guard is not None and reserved_at is not None:
        await guard.succeeded(reserved_at)
    if not await access.eligible(session, user, contest):
        raise Forbidden("contest_not_eligible")
    await _teams_open(session, contest, now)
    await _lock_team(session, team.id)
    place = await access.participation(session, contest.id, user.id)
    if place is not None and place.entry_id == team.id:
        return place
    if await _members(session, team.id) >= contest.team_size:
        raise InvalidInput("contest_team_full", field="invite_code", size=contest.team_size)
    return await _place_in_team(session, contest, user, team)


async def leave_team(
    session: AsyncSession, user: User, contest: Contest, *, now: datetime | None = None
) -> Participation:
    """Leave one's team before the contest starts and take part alone again. A team left
    empty by the student who created it goes away; a team the jury made stays, to be joined."""
    now = now or utcnow()
    place = await access.participation(session, contest.id, user.id)
    if place is None:
        raise Forbidden("contest_not_participant")
    team = await session.get(Entry, place.entry_id)
    if team is None or not team.team:
        return place
    await _teams_open(session, contest, now)
    await _lock_team(session, team.id)
    solo = Entry(contest_id=contest.id, name=board_name(user), team=False, created_by=user.id)
    session.add(solo)
    await session.flush()
    place.entry_id = solo.id
    await session.flush()
    if team.created_by == user.id and await _members(session, team.id) == 0:
        await session.delete(team)
        await session.flush()
    return place


def _minutes(minutes: int) -> int:
    if not 0 <= minutes <= MAX_EXTRA_MINUTES:
        raise InvalidInput("contest_extra_minutes", field="minutes", max=MAX_EXTRA_MINUTES)
    return minutes


async def give_extra_time(
    session: AsyncSession,
    actor: User,
    contest: Contest,
    *,
    entry_id: int | None = None,
    participation_id: int | None = None,
    minutes: int,
) -> None:
    """Set the extra minutes of a whole entry (every member, every round) or of one
    participation (added to the entry's in individual rounds). Audited."""
    await access.require_jury(session, actor, contest)
    minutes = _minutes(minutes)
    if (entry_id is None) == (participation_id is None):
        raise InvalidInput("contest_extra_target", field="target")
    if entry_id is not None:
        entry = await session.get(Entry, entry_id)
        if entry is None or entry.contest_id != contest.id:
            raise NotFound("contest_entry_not_found")
        before, entry.extra_minutes = entry.extra_minutes, minutes
        target = f"entry:{entry.id}"
    else:
        place = await session.get(Participation, participation_id)
        if place is None or place.contest_id != contest.id:
            raise NotFound("contest_entry_not_found")
        before, place.extra_minutes = place.extra_minutes, minutes
        target = f"participation:{place.id}"
    await session.flush()
    await audit(
        session,
        actor.id,
        "contest.extra_time",
        target,
        {"contest": contest.id, "from": before, "to": minutes},
    )


async def excuse(
    session: AsyncSession, actor: User, round: Round, participation_id: int, excused: bool
) -> None:
    """Excuse a member from a theory round (or withdraw the excuse): the team's theory average
    is then over the members who sat. Audited."""
    contest = await session.get(Contest, round.contest_id)
    if contest is None:  # pragma: no cover - the schema's FK
        raise NotFound("contest_not_found")
    await access.require_jury(session, actor, contest)
    if round.kind is not RoundKind.THEORY:
        raise InvalidInput("contest_excuse_theory_only", field="round", round=round.name)
    place = await session.get(Participation, participation_id)
    if place is None or place.contest_id != contest.id:
        raise NotFound("contest_entry_not_found")
    seat = await session.get(Sitting, (round.id, place.entry_id, place.id))
    if seat is None:
        seat = Sitting(round_id=round.id, entry_id=place.entry_id, member_id=place.id)
        session.add(seat)
    seat.excused = excused
    await session.flush()
    await audit(
        session,
        actor.id,
        "contest.excuse",
        f"participation:{place.id}",
        {"contest": contest.id, "round": round.id, "excused": excused},
    )
