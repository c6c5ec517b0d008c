"""Ended contests as facts for the coaching path: each student's best result per track.

A contest counts for a track once it has ended (every round's end plus the largest extra time
given has passed) and when it is that track's (a "mixed" contest counts for none). A student's
result in it is their line's (their team's, in a team contest):

- ``percentile``: the share of the board's lines ranked at or below theirs, 0–100 (first of
  ten: 100; last of ten: 10; alone: 100);
- ``score``: the line's total on the contest's scale, brought to 0–100.

The best is the highest percentile, then the highest score. Results are read from the jury's
(live) board: once a contest has ended nothing is hidden from the coaching path.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.contests.models import Contest, Entry, Participation, Round
from ictarena.contests.standings import View, scoreboard
from ictarena.contests.windows import contest_ended
from ictarena.db import utcnow


async def best_results(
    session: AsyncSession,
    user_ids: Iterable[int],
    track_id: int,
    now: datetime | None = None,
) -> dict[int, tuple[float, float]]:
    """{user id: (percentile, score)} of the students who took part in an ended contest of
    the track; the others are left out."""
    users = sorted(set(user_ids))
    if not users:
        return {}
    now = now or utcnow()
    taken = (
        await session.execute(
            select(Participation.user_id, Participation.entry_id, Contest)
            .join(Contest, Contest.id == Participation.contest_id)
            .where(Participation.user_id.in_(users), Contest.track_id == track_id)
            .order_by(Contest.id)
        )
    ).all()
    by_contest: dict[int, tuple[Contest, list[tuple[int, int]]]] = {}
    for user_id, entry_id, contest in taken:
        by_contest.setdefault(contest.id, (contest, []))[1].append((user_id, entry_id))
    best: dict[int, tuple[float, float]] = {}
    for contest, people in by_contest.values():
        if not await has_ended(session, contest, now):
            continue
        board = await scoreboard(session, contest, View.JURY, None, now)
        lines = len(board.lines)
        if not lines:
            continue
        for user_id, entry_id in people:
            line = board.line(entry_id)
            if line is None:
                continue
            at_or_below = sum(1 for other in board.lines if other.rank >= line.rank)
            percentile = round(100 * at_or_below / lines, 2)
            score = round(100 * line.total / contest.scale, 2) if contest.scale > 0 else 0.0
            if user_id not in best or (percentile, score) > best[user_id]:
                best[user_id] = (percentile, score)
    return best


async def has_ended(session: AsyncSession, contest: Contest, now: datetime) -> bool:
    """Every round's end plus the largest extra time given has passed."""
    rounds = list(await session.scalars(select(Round).where(Round.contest_id == contest.id)))
    entry_extra = await session.scalar(
        select(func.max(Entry.extra_minutes)).where(Entry.contest_id == contest.id)
    )
    member_extra = await session.scalar(
        select(func.max(Participation.extra_minutes)).where(Participation.contest_id == contest.id)
    )
    return contest_ended(rounds, int(entry_extra or 0) + int(member_extra or 0), now)
