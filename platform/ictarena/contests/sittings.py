"""Starting a personal timer, exactly once.

A participant presses "Start" on a personal-timer round; a double click, a reload that posts
the form again, or a teammate pressing it at the same moment in a shared round must all start
the same timer once. One statement decides: an insert of the subject's Sitting that, when the
row exists (started, or created earlier by a coach's excuse), keeps any ``started_at`` already
set. On PostgreSQL the second of two concurrent inserts waits for the first to commit and then
takes the conflict branch; on SQLite the statement holds the database's write lock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.contests import access
from ictarena.contests.models import Contest, Round, Sitting, WindowType
from ictarena.errors import Forbidden, InvalidInput, NotFound


def _insert(session: AsyncSession) -> postgresql.Insert | sqlite.Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(Sitting)
    if dialect == "sqlite":
        return sqlite.insert(Sitting)
    raise RuntimeError(f"sittings need PostgreSQL or SQLite, not {dialect}")  # pragma: no cover


async def start_round(
    session: AsyncSession, user: User, contest: Contest, round: Round, now: datetime
) -> Sitting:
    """Start ``user``'s timer in the personal round ``round`` at ``now`` (or return the one
    already started: the first start wins), in the caller's transaction."""
    if round.contest_id != contest.id:
        raise NotFound("contest_round_not_found")
    place = await access.participation(session, contest.id, user.id)
    if place is None or not user.is_active:
        raise Forbidden("contest_not_participant")
    if round.window is not WindowType.PERSONAL:
        raise InvalidInput("contest_round_not_personal", field="round", round=round.name)
    member = access.member_id(round, place)
    existing = await access.sitting(session, round.id, place.entry_id, member)
    if existing is not None and existing.started_at is not None:
        return existing  # a double click: nothing to do, whatever the time
    if now < round.starts_at:
        raise InvalidInput(
            "contest_round_not_started",
            field="round",
            round=round.name,
            starts=round.starts_at.strftime(access.TIME_FORMAT),
        )
    if now >= round.ends_at:
        raise InvalidInput(
            "contest_round_over",
            field="round",
            round=round.name,
            ended=round.ends_at.strftime(access.TIME_FORMAT),
        )
    table = Sitting.__table__
    statement = _insert(session).values(
        round_id=round.id,
        entry_id=place.entry_id,
        member_id=member,
        started_at=now,
        started_by=user.id,
        excused=False,
    )
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.round_id, table.c.entry_id, table.c.member_id],
        set_={
            "started_at": func.coalesce(table.c.started_at, statement.excluded.started_at),
            "started_by": func.coalesce(table.c.started_by, statement.excluded.started_by),
        },
    )
    await session.execute(statement)
    started = await session.scalar(
        select(Sitting)
        .where(
            Sitting.round_id == round.id,
            Sitting.entry_id == place.entry_id,
            Sitting.member_id == member,
        )
        .execution_options(populate_existing=True)
    )
    assert started is not None
    return started
