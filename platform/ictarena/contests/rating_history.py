"""Ratings in the database: the replay of the rated contests, the jury's "publish ratings",
and what the pages read (a student's rating and history, a contest's rating changes).

A rated contest counts once the jury has published its ratings (``ratings_at``), which it may
do once the contest has ended. :func:`recompute` replays every counted contest from scratch,
in the order they ended (then by id), from their final standings (the jury's board: nothing is
hidden once a contest has ended), and rewrites ``rating_changes`` whole: the same history always
gives the same table (``arena ratings recompute``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.contests.access import require_jury
from ictarena.contests.models import Contest, Participation, RatingChange, Round
from ictarena.contests.ratings import Line, display, replay
from ictarena.contests.results import has_ended
from ictarena.contests.standings import View, scoreboard
from ictarena.errors import InvalidInput
from ictarena.events.audit import audit


async def _counted(session: AsyncSession) -> list[Contest]:
    """The contests whose ratings are published, in the order they ended (then by id)."""
    ended = (
        select(Round.contest_id, func.max(Round.ends_at).label("ended"))
        .group_by(Round.contest_id)
        .subquery()
    )
    rows = await session.scalars(
        select(Contest)
        .join(ended, ended.c.contest_id == Contest.id)
        .where(Contest.rated.is_(True), Contest.ratings_at.is_not(None))
        .order_by(ended.c.ended, Contest.id)
    )
    return list(rows)


async def _standings(session: AsyncSession, contest: Contest, now: datetime) -> list[Line]:
    board = await scoreboard(session, contest, View.JURY, None, now, keep=False)
    members: dict[int, list[int]] = {}
    for entry_id, user_id in await session.execute(
        select(Participation.entry_id, Participation.user_id).where(
            Participation.contest_id == contest.id
        )
    ):
        members.setdefault(entry_id, []).append(user_id)
    return [Line(line.rank, tuple(sorted(members.get(line.entry_id, [])))) for line in board.lines]


async def recompute(session: AsyncSession, now: datetime) -> int:
    """Replay every counted contest and rewrite the rating changes; returns how many."""
    contests = await _counted(session)
    standings = [await _standings(session, contest, now) for contest in contests]
    await session.execute(delete(RatingChange))
    written = 0
    for sequence, (contest, changes) in enumerate(zip(contests, replay(standings), strict=True)):
        for change in changes:
            session.add(
                RatingChange(
                    contest_id=contest.id,
                    user_id=change.user_id,
                    sequence=sequence,
                    rank=change.rank,
                    mu_before=change.before[0],
                    sigma_before=change.before[1],
                    mu_after=change.after[0],
                    sigma_after=change.after[1],
                )
            )
            written += 1
    await session.flush()
    return written


async def publish(session: AsyncSession, actor: User, contest: Contest, now: datetime) -> int:
    """The jury publishes an ended rated contest's ratings (again: they are recomputed)."""
    await require_jury(session, actor, contest)
    if not contest.rated:
        raise InvalidInput("ratings_not_rated", field="contest")
    if not await has_ended(session, contest, now):
        raise InvalidInput("ratings_not_ended", field="contest")
    contest.ratings_at = now
    await session.flush()
    written = await recompute(session, now)
    await audit(session, actor.id, "contest.ratings", f"contest:{contest.id}", {"changes": written})
    return written


@dataclass(frozen=True, slots=True)
class Step:
    """One contest in a student's rating history."""

    contest_id: int
    slug: str
    title: str
    rank: int
    before: int
    after: int


async def history(session: AsyncSession, user_id: int) -> list[Step]:
    """The student's rated contests in replay order, with the displayed rating around each."""
    rows = await session.execute(
        select(RatingChange, Contest.slug, Contest.title)
        .join(Contest, Contest.id == RatingChange.contest_id)
        .where(RatingChange.user_id == user_id)
        .order_by(RatingChange.sequence)
    )
    return [
        Step(
            change.contest_id,
            slug,
            title,
            change.rank,
            display(change.mu_before, change.sigma_before),
            display(change.mu_after, change.sigma_after),
        )
        for change, slug, title in rows
    ]


async def current(session: AsyncSession, user_ids: list[int]) -> dict[int, int]:
    """The displayed rating of each of ``user_ids`` who has one (after their last contest)."""
    if not user_ids:
        return {}
    last = (
        select(RatingChange.user_id, func.max(RatingChange.sequence).label("sequence"))
        .where(RatingChange.user_id.in_(user_ids))
        .group_by(RatingChange.user_id)
        .subquery()
    )
    rows = await session.execute(
        select(RatingChange.user_id, RatingChange.mu_after, RatingChange.sigma_after).join(
            last,
            (last.c.user_id == RatingChange.user_id) & (last.c.sequence == RatingChange.sequence),
        )
    )
    return {user_id: display(mu, sigma) for user_id, mu, sigma in rows}


@dataclass(frozen=True, slots=True)
class Shift:
    """A participant's rating change in one contest."""

    name: str
    rank: int
    before: int
    after: int


async def contest_shifts(session: AsyncSession, contest_id: int) -> list[Shift]:
    """The contest's rating changes, by rank then name (none until its ratings are out)."""
    rows = await session.execute(
        select(RatingChange, User.display_name)
        .join(User, User.id == RatingChange.user_id)
        .where(RatingChange.contest_id == contest_id)
        .order_by(RatingChange.rank, User.display_name)
    )
    return [
        Shift(
            name,
            change.rank,
            display(change.mu_before, change.sigma_before),
            display(change.mu_after, change.sigma_after),
        )
        for change, name in rows
    ]
