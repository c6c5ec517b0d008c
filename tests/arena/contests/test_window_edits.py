"""Windows edited while a contest runs: the jury's pages rebuild the board's cells after every
edit of a round or of extra time, so a try judged under the old freeze point is shown under the
new one (the cells remember where each try stood)."""

from __future__ import annotations

from sqlalchemy import select

from ictarena.contests import setup
from ictarena.contests.models import ScoreCell
from ictarena.db import Database
from ictarena.submissions import contest_cells
from tests.arena.contests.board_world import judge, stage, submit


async def _lab_cell(db: Database, round_id: int) -> ScoreCell:
    async with db.session() as session:
        cell = await session.scalar(select(ScoreCell).where(ScoreCell.round_id == round_id))
        assert cell is not None
        return cell


async def test_a_freeze_moved_after_a_try_moves_that_try_on_the_public_board(
    any_db: Database,
) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=60)  # lab 100–400 min: frozen from minute 340
    _sub, judging = await submit(any_db, st, st.ann, st.lab, st.tasks[1], 350)
    await judge(any_db, judging, "AC")
    cell = await _lab_cell(any_db, st.lab.id)
    assert cell.solved and not cell.public_solved and cell.public_pending == 1
    async with any_db.transaction() as session:
        admin = await session.merge(st.admin)
        lab = await session.merge(st.lab)
        await setup.update_round(session, admin, lab, freeze_min=30)  # frozen from minute 370
        await contest_cells.rebuild_contest(session, st.contest.id)  # what the page does next
    cell = await _lab_cell(any_db, st.lab.id)
    assert cell.public_solved and cell.public_pending == 0
