"""Reading a board: one page of ranked students and the viewer's own line, from the totals.

A board is a key of ``board_totals`` (``all``, ``track:<id>``, ``tier:<id>``) over a period,
for everyone or for one cohort's members. Rows are ordered by points (most first), then by who
reached them first, then by user id, which the ``ix_board_totals_rank`` index serves directly;
the viewer's rank is one plus the number of rows ahead of theirs. Only active students are
ranked. Who may see a cohort's board is decided by :func:`cohort_board_access`.

A board page is read many times a second while it changes a few times a minute, and its server
time is CPU spent building statements and objects, not waiting for PostgreSQL. So a board is
two statements built once per process with bound parameters (SQLAlchemy then reuses their
compiled SQL): the counts, the viewer's line with its rank and the newest event id in one, the
page's rows with their names in the other. They read plain columns, no ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.errors import Forbidden, NotFound
from ictarena.events.models import Event
from ictarena.leaderboards.choices import Choices, choices
from ictarena.leaderboards.models import BoardTotal

__all__ = ["MAX_PAGE", "PER_PAGE", "Board", "BoardRow", "Choices", "board", "choices"]

PER_PAGE = 50
MAX_PAGE = 100_000

_LINES = BoardTotal.__table__
_USERS = User.__table__


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
    they have no points on this board); ``viewer_elsewhere`` says it is not on this page.
    ``since`` is the newest event's id when the board was read: a page showing it follows the
    live channel from there."""

    board: str
    period: str
    cohort_id: int | None
    rows: list[BoardRow]
    total: int
    page: int
    pages: int
    per_page: int
    viewer: BoardRow | None
    since: int = 0

    @property
    def viewer_elsewhere(self) -> bool:
        return self.viewer is not None and not any(row.is_viewer for row in self.rows)


# Statements ------------------------------------------------------------------------------------
# Parameters: board, period, cohort (cohort boards), viewer (None for no viewer), limit, offset.


def _ranked_users(users: Any) -> tuple[ColumnElement[bool], ...]:
    return (users.c.role == Role.STUDENT, users.c.is_active.is_(True))


def _in_cohort(user_id: ColumnElement[int]) -> ColumnElement[bool]:
    members = CohortMember.__table__
    return user_id.in_(select(members.c.user_id).where(members.c.cohort_id == bindparam("cohort")))


def _on_board(lines: Any) -> tuple[ColumnElement[bool], ...]:
    return (lines.c.board == bindparam("board"), lines.c.period == bindparam("period"))


def _count(cohort: bool, unranked: Any, *extra: Any, lines: Any = _LINES) -> Any:
    """How many ranked rows of the board meet ``extra``, as a scalar subquery of ``lines``
    (an alias when ``extra`` compares with the viewer's line). Everyone's board counts its
    index range and takes away the few unranked users (staff, deactivated accounts) rather
    than joining every row with users; a cohort's board joins its members."""
    if cohort:
        users = _USERS.alias()
        return (
            select(func.count())
            .select_from(lines.join(users, users.c.id == lines.c.user_id))
            .where(*_on_board(lines), *_ranked_users(users), _in_cohort(lines.c.user_id), *extra)
            .scalar_subquery()
        )
    rows = select(func.count()).select_from(lines).where(*_on_board(lines), *extra)
    left_out = rows.where(lines.c.user_id.in_(select(unranked.c.id)))
    return rows.scalar_subquery() - left_out.scalar_subquery()


@cache
def _head(cohort: bool) -> Select[Any]:
    """One row: the board's ranked total, the newest event id, and the viewer's line (NULLs
    when they have none): points, solved, last solve, names and the rows ahead of it (two
    index ranges rather than one OR: more points, or as many reached sooner)."""
    unranked = select(_USERS.c.id).where(~and_(*_ranked_users(_USERS))).cte("unranked")
    counts = select(
        _count(cohort, unranked).label("total"),
        select(func.max(Event.__table__.c.id)).scalar_subquery().label("since"),
    ).subquery("counts")
    line, other = _LINES, _LINES.alias("ahead")
    higher = _count(cohort, unranked, other.c.points > line.c.points, lines=other)
    level = _count(
        cohort,
        unranked,
        other.c.points == line.c.points,
        or_(
            other.c.reached_at < line.c.reached_at,
            and_(other.c.reached_at == line.c.reached_at, other.c.user_id < line.c.user_id),
        ),
        lines=other,
    )
    where = [*_on_board(line), *_ranked_users(_USERS), line.c.user_id == bindparam("viewer")]
    if cohort:
        where.append(_in_cohort(line.c.user_id))
    viewer = (
        select(
            line.c.points,
            line.c.solved,
            line.c.last_solve_at,
            _USERS.c.display_name,
            _USERS.c.board_name,
            (higher + level).label("ahead"),
        )
        .select_from(line.join(_USERS, _USERS.c.id == line.c.user_id))
        .where(*where)
        .subquery("viewer")
    )
    return select(counts, viewer).select_from(counts.outerjoin(viewer, true()))


@cache
def _page(cohort: bool) -> Select[Any]:
    """A page's rows with their names. Everyone's board takes them from the index alone (the
    few unranked users left out) and then joins just those rows with users: a deep page does
    not join thousands of rows."""
    order = (_LINES.c.points.desc(), _LINES.c.reached_at, _LINES.c.user_id)
    columns = (
        _LINES.c.user_id,
        _LINES.c.points,
        _LINES.c.solved,
        _LINES.c.last_solve_at,
        _LINES.c.reached_at,
    )
    if cohort:
        return (
            select(*columns, _USERS.c.display_name, _USERS.c.board_name)
            .select_from(_LINES.join(_USERS, _USERS.c.id == _LINES.c.user_id))
            .where(*_on_board(_LINES), *_ranked_users(_USERS), _in_cohort(_LINES.c.user_id))
            .order_by(*order)
            .limit(bindparam("limit", type_=Integer))
            .offset(bindparam("offset", type_=Integer))
        )
    unranked = select(_USERS.c.id).where(~and_(*_ranked_users(_USERS)))
    found = (
        select(*columns)
        .where(*_on_board(_LINES), _LINES.c.user_id.not_in(unranked))
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("found")
    )
    return (
        select(found, _USERS.c.display_name, _USERS.c.board_name)
        .select_from(found.join(_USERS, _USERS.c.id == found.c.user_id))
        .order_by(found.c.points.desc(), found.c.reached_at, found.c.user_id)
    )


# Reading ---------------------------------------------------------------------------------------


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
    cohort = cohort_id is not None
    params: dict[str, Any] = {"board": board, "period": period, "viewer": viewer_id}
    if cohort:
        params["cohort"] = cohort_id
    head = (await session.execute(_head(cohort), params)).one()
    total = int(head.total or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    offset = (page - 1) * per_page
    found = await session.execute(_page(cohort), {**params, "limit": per_page, "offset": offset})
    rows = [_row(offset + n + 1, line, cohort_id, viewer_id) for n, line in enumerate(found)]
    viewer = next((row for row in rows if row.is_viewer), None)
    if viewer is None and viewer_id is not None and head.points is not None:
        viewer = BoardRow(
            rank=int(head.ahead or 0) + 1,
            user_id=viewer_id,
            name=_name(head.display_name, head.board_name, cohort_id),
            points=head.points,
            solved=head.solved,
            last_solve_at=head.last_solve_at,
            is_viewer=True,
        )
    since = int(head.since or 0)
    return Board(board, period, cohort_id, rows, total, page, pages, per_page, viewer, since)


def _row(rank: int, line: Row[Any], cohort_id: int | None, viewer_id: int | None) -> BoardRow:
    return BoardRow(
        rank=rank,
        user_id=line.user_id,
        name=_name(line.display_name, line.board_name, cohort_id),
        points=line.points,
        solved=line.solved,
        last_solve_at=line.last_solve_at,
        is_viewer=line.user_id == viewer_id,
    )


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
