"""Unfreezing the public board: one hidden cell at a time, as the ICPC resolver does, or all
at once.

The next cell is the leftmost hidden cell of the lowest line on the public board as it stands
(:func:`ictarena.contests.scoring.reveal_order`); revealing it may move that line up, so the
board is re-ranked before each step. In an individual round a team's cell is its members'
cells: they are revealed together. When nothing is hidden any more the board is revealed
(``contest.revealed_at``) and everyone sees the live board. Every step is audited and bumps
the board's version.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.contests import cache
from ictarena.contests.models import Contest, ScoreCell
from ictarena.contests.scoring import PendingLine, reveal_order
from ictarena.contests.standings import View, scoreboard
from ictarena.db import utcnow
from ictarena.events.audit import audit


@dataclass(frozen=True)
class Revealed:
    """The cell just revealed: whose line, which round task, and its label."""

    entry_id: int
    name: str
    round_id: int
    task_id: int
    label: str


async def reveal_next(session: AsyncSession, actor: User, contest: Contest) -> Revealed | None:
    """Reveal the next hidden cell; None (and the board marked revealed) when none is left."""
    now = utcnow()
    board = await scoreboard(session, contest, View.PUBLIC, None, now, keep=False)
    labels = {(c.round_id, c.task_id): c.label for r in board.rounds for c in r.columns}
    order = list(labels)
    lines = [
        PendingLine(
            position,
            [key for key in order if (cell := line.cells.get(key)) is not None and cell.hidden],
        )
        for position, line in enumerate(board.lines)
    ]
    step = reveal_order(lines)
    if step is None:
        await _finish(session, actor, contest)
        return None
    position, (round_id, task_id) = step
    line = board.lines[position]
    version = await cache.bump(session, contest.id)  # the contest's row before any cell's
    await session.execute(
        update(ScoreCell)
        .where(
            ScoreCell.round_id == round_id,
            ScoreCell.task_id == task_id,
            ScoreCell.entry_id == line.entry_id,
        )
        .values(revealed=True, version=version)
    )
    revealed = Revealed(line.entry_id, line.name, round_id, task_id, labels[(round_id, task_id)])
    await audit(
        session,
        actor.id,
        "contest.reveal_cell",
        f"contest:{contest.id}",
        {"entry": line.entry_id, "round": round_id, "task": task_id},
    )
    return revealed


async def reveal_all(session: AsyncSession, actor: User, contest: Contest) -> None:
    """Reveal every hidden cell at once and mark the board revealed."""
    version = await _finish(session, actor, contest)
    await session.execute(
        update(ScoreCell)
        .where(ScoreCell.contest_id == contest.id, ScoreCell.revealed.is_(False))
        .values(revealed=True, version=version)
    )


async def _finish(session: AsyncSession, actor: User, contest: Contest) -> int:
    version = await cache.bump(session, contest.id)
    await session.execute(
        update(Contest).where(Contest.id == contest.id).values(revealed_at=utcnow())
    )
    await audit(session, actor.id, "contest.revealed", f"contest:{contest.id}")
    await session.refresh(contest)
    return version
