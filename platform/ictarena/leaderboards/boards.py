"""Reading a board: one page of ranked students and the viewer's own line, from the totals.

A board is a key of ``board_totals`` (``all``, ``track:<id>``, ``tier:<id>``) over a period,
for everyone or for one cohort's members. Rows are ordered by points (most first), then by who
reached them first, then by user id, which the ``ix_board_totals_rank`` index serves directly;
the viewer's rank is one plus the number of rows ahead of theirs. Only active students are
ranked. Who may see a cohort's board is decided by :func:`cohort_board_access`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.catalog.models import Tier, Track
from ictarena.errors import Forbidden, NotFound
from ictarena.events.models import Event
from ictarena.leaderboards.models import BoardTotal

PER_PAGE = 50
MAX_PAGE = 100_000


@dataclass(frozen=True)
class BoardRow:
    rank: int
    user_id: int
    name: str
    points: float
    solved: int
    last_solve_at: datetime | None
    is_viewer: bool


@dataclass(frozen=True)
class Board:
    """One page of a board. ``viewer`` is the viewer's own row wherever it ranks (None when
    they have no points on this board); ``viewer_elsewhere`` says it is not on this page."""

    board: str
    period: str
    cohort_id: int | None
    rows: list[BoardRow]
    total: int
    page: int
    pages: int
    per_page: int
    viewer: BoardRow | None

    @property
    def viewer_elsewhere(self) -> bool:
        return self.viewer is not None and not any(row.is_viewer for row in self.rows)


def _ranked(board: str, period: str, cohort_id: int | None) -> tuple[Any, ...]:
    """The conditions for a row to be ranked on a board (``board_totals`` joined with
    ``users``)."""
    conditions: list[Any] = [
        BoardTotal.board == board,
        BoardTotal.period == period,
        User.role == Role.STUDENT,
        User.is_active.is_(True),
    ]
    if cohort_id is not None:
        member = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)
        conditions.append(BoardTotal.user_id.in_(member))
    return tuple(conditions)


# Users with totals who are not ranked (staff, deactivated accounts): few, so counting a board's
# rows (an index range) and taking theirs away is cheaper than joining every row with users.
UNRANKED = select(User.id).where(or_(User.role != Role.STUDENT, User.is_active.is_(False)))


async def _count(
    session: AsyncSession, board: str, period: str, cohort_id: int | None, *extra: Any
) -> int:
    """How many ranked rows of the board meet ``extra`` (all of them when none is given)."""
    on_board = (BoardTotal.board == board, BoardTotal.period == period, *extra)
    if cohort_id is not None:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(BoardTotal)
                .join(User, User.id == BoardTotal.user_id)
                .where(*_ranked(board, period, cohort_id), *extra)
            )
            or 0
        )
    rows = select(func.count()).select_from(BoardTotal).where(*on_board)
    row = (
        await session.execute(
            select(
                rows.scalar_subquery(),
                rows.where(BoardTotal.user_id.in_(UNRANKED)).scalar_subquery(),
            )
        )
    ).one()
    return int(row[0] or 0) - int(row[1] or 0)


def _name(display_name: str, board_name: str | None, cohort_id: int | None) -> str:
    """Everyone sees a student's chosen board name; their cohort sees their display name."""
    if cohort_id is None and board_name:
        return board_name
    return display_name


async def board(
    session: AsyncSession,
    board: str = "all",
    period: str = "all",
    *,
    cohort_id: int | None = None,
    viewer_id: int | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Board:
    """Page ``page`` (from 1; clamped to the last) of ``board`` over ``period`` (a key such as
    ``w:2026-11-30``, see :func:`ictarena.leaderboards.points.period_key`), for everyone or
    for ``cohort_id``'s members. Checks no access: see :func:`cohort_board_access`."""
    where = _ranked(board, period, cohort_id)
    total = await _count(session, board, period, cohort_id)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    offset = (page - 1) * per_page
    # The page's rows from the index alone (the few unranked users left out), then the names
    # of just those rows: a deep page does not join thousands of rows with users.
    if cohort_id is None:
        ranked = select(BoardTotal).where(
            BoardTotal.board == board,
            BoardTotal.period == period,
            BoardTotal.user_id.not_in(UNRANKED),
        )
    else:
        ranked = select(BoardTotal).join(User, User.id == BoardTotal.user_id).where(*where)
    found = (
        await session.scalars(
            ranked.order_by(BoardTotal.points.desc(), BoardTotal.reached_at, BoardTotal.user_id)
            .limit(per_page)
            .offset(offset)
        )
    ).all()
    names = {
        user_id: (display, chosen)
        for user_id, display, chosen in await session.execute(
            select(User.id, User.display_name, User.board_name).where(
                User.id.in_([line.user_id for line in found])
            )
        )
    }
    lines = [
        _row(offset + index + 1, line, *names[line.user_id], cohort_id, viewer_id)
        for index, line in enumerate(found)
    ]
    viewer = next((row for row in lines if row.is_viewer), None)
    if viewer is None and viewer_id is not None:
        viewer = await _viewer_row(session, board, period, viewer_id, cohort_id)
    return Board(board, period, cohort_id, lines, total, page, pages, per_page, viewer)


def _row(
    rank: int,
    line: BoardTotal,
    display_name: str,
    board_name: str | None,
    cohort_id: int | None,
    viewer_id: int | None,
) -> BoardRow:
    return BoardRow(
        rank=rank,
        user_id=line.user_id,
        name=_name(display_name, board_name, cohort_id),
        points=line.points,
        solved=line.solved,
        last_solve_at=line.last_solve_at,
        is_viewer=line.user_id == viewer_id,
    )


async def _viewer_row(
    session: AsyncSession, board: str, period: str, viewer_id: int, cohort_id: int | None
) -> BoardRow | None:
    where = _ranked(board, period, cohort_id)
    found = (
        await session.execute(
            select(BoardTotal, User.display_name, User.board_name)
            .join(User, User.id == BoardTotal.user_id)
            .where(*where, BoardTotal.user_id == viewer_id)
        )
    ).first()
    if found is None:
        return None
    line, display, chosen = found
    # Two index ranges rather than one OR: more points, or as many reached sooner.
    higher = await _count(session, board, period, cohort_id, BoardTotal.points > line.points)
    level = await _count(
        session,
        board,
        period,
        cohort_id,
        BoardTotal.points == line.points,
        or_(
            BoardTotal.reached_at < line.reached_at,
            and_(BoardTotal.reached_at == line.reached_at, BoardTotal.user_id < line.user_id),
        ),
    )
    return _row(higher + level + 1, line, display, chosen, cohort_id, viewer_id)


async def cohort_board_access(session: AsyncSession, viewer: User, cohort_id: int) -> Cohort:
    """The cohort whose board ``viewer`` asks for, if they may see it: its members, its coach
    and admins. Raises NotFound for no such cohort and Forbidden for anyone else."""
    cohort = await session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("cohort_not_found")
    if viewer.role is Role.ADMIN or cohort.coach_id == viewer.id:
        return cohort
    member = await session.scalar(
        select(CohortMember.user_id).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == viewer.id
        )
    )
    if member is None:
        raise Forbidden("board_not_yours")
    return cohort


@dataclass(frozen=True)
class Choices:
    """What the viewer can pick on the board page: tracks with their tiers, and cohorts."""

    tracks: list[tuple[Track, list[Tier]]]
    cohorts: Sequence[Cohort]


async def choices(session: AsyncSession, viewer: User) -> Choices:
    tracks = (await session.scalars(select(Track).order_by(Track.position, Track.id))).all()
    tiers = (await session.scalars(select(Tier).order_by(Tier.track_id, Tier.level))).all()
    by_track: dict[int, list[Tier]] = {}
    for tier in tiers:
        by_track.setdefault(tier.track_id, []).append(tier)
    query = select(Cohort).where(Cohort.archived.is_(False)).order_by(Cohort.name, Cohort.id)
    if viewer.role is Role.COACH:
        query = query.where(Cohort.coach_id == viewer.id)
    elif viewer.role is not Role.ADMIN:
        mine = select(CohortMember.cohort_id).where(CohortMember.user_id == viewer.id)
        query = query.where(Cohort.id.in_(mine))
    cohorts = (await session.scalars(query)).all()
    return Choices([(track, by_track.get(track.id, [])) for track in tracks], cohorts)


async def live_since(session: AsyncSession) -> int:
    """The newest event's id: a board page rendered now follows the live channel from there."""
    return int(await session.scalar(select(func.max(Event.id))) or 0)
