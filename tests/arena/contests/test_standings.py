"""The scoreboard's views: the jury's live board, the public frozen board with "N tries"
pending, a participant's own line live, weighted totals over rounds with a team's theory
average, statistics, first-to-solve and ranks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.contests import standings
from ictarena.contests.models import Contest, Sitting, WindowType
from ictarena.contests.standings import Board, View, scoreboard, subject_results
from ictarena.db import Database
from ictarena.submissions import contest_cells
from ictarena.submissions.models import Submission
from tests.arena.contests.board_world import Stage, at, judge, stage, submit

FROZEN = at(380)  # the lab (100–400) freezes at 340
OVER = at(500)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    standings.forget()


async def _played(db: Database) -> Stage:
    """Written (30 %, 100 points): Ann 80, Bob did not sit, Cat 90. Lab (70 %, ICPC, 2 tasks):
    the team solves A at 130 after one WA (penalty 30 + 20 = 50); Cat solves A at 120 (20)
    and B at 360, after the freeze (80 minutes later: 260)."""
    async with db.session() as session:
        st = await stage(session)
    w, a, b = st.tasks
    for who, minute, score in ((st.ann, 10, 80.0), (st.cat, 20, 90.0)):
        _s, j = await submit(db, st, who, st.theory, w, minute)
        await judge(db, j, "PA", score)
    _s, j = await submit(db, st, st.ann, st.lab, a, 110)
    await judge(db, j, "WA")
    _s, j = await submit(db, st, st.bob, st.lab, a, 130)
    await judge(db, j, "AC")
    _s, j = await submit(db, st, st.cat, st.lab, a, 120)
    await judge(db, j, "AC")
    _s, j = await submit(db, st, st.cat, st.lab, b, 360)
    await judge(db, j, "AC")
    return st


async def test_the_jury_sees_the_live_board_with_weighted_totals(any_db: Database) -> None:
    st = await _played(any_db)
    async with any_db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        board = await scoreboard(session, contest, View.JURY, None, FROZEN)
    assert not board.frozen
    cat, team = board.lines
    # Cat: 0.3 × 90 + 0.7 × (2/2 × 100) = 27 + 70 = 97
    assert (cat.rank, cat.name, cat.total) == (1, st.solo.name, 97)
    # Team: written (80 + 0) / 2 = 40 (Bob did not sit and is not excused): 0.3 × 40 = 12;
    # lab 1 of 2 = 50: 0.7 × 50 = 35; 12 + 35 = 47, penalty 50
    assert (team.rank, team.total, team.penalty) == (2, 47, 50)
    assert team.rounds[0].normalised == 40
    assert team.members == ("Student " + team.members[0].split()[-1], team.members[1])
    a = board.rounds[1].columns[0]
    assert (a.label, a.tried, a.solved, a.tries, a.first_entry_id) == ("A", 2, 2, 3, st.solo.id)
    assert team.cells[(st.lab.id, st.tasks[1].id)].tries == 2


async def test_the_public_board_is_frozen_and_a_participant_sees_their_own_line(
    any_db: Database,
) -> None:
    st = await _played(any_db)
    async with any_db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        public = await scoreboard(session, contest, View.PUBLIC, None, FROZEN)
        own = await scoreboard(session, contest, View.PARTICIPANT, st.solo.id, FROZEN)
        other = await scoreboard(session, contest, View.PARTICIPANT, st.team.id, FROZEN)
        before = await scoreboard(session, contest, View.PUBLIC, None, at(200))
    b = (st.lab.id, st.tasks[2].id)
    cat = public.line(st.solo.id)
    assert cat is not None and public.frozen
    # B after the freeze: "1 try" pending, not solved: 27 + 0.7 × 50 = 62
    assert (cat.cells[b].hidden, cat.cells[b].pending, cat.cells[b].solved) == (True, 1, False)
    assert cat.total == 62
    mine = own.line(st.solo.id)
    assert mine is not None and mine.cells[b].solved and mine.total == 97
    theirs = other.line(st.solo.id)
    assert theirs is not None and not theirs.cells[b].solved
    assert not before.frozen


async def test_the_board_unfreezes_at_unfreeze_at(any_db: Database) -> None:
    st = await _played(any_db)
    async with any_db.transaction() as session:
        await session.execute(
            update(Contest).where(Contest.id == st.contest.id).values(unfreeze_at=at(450))
        )
    async with any_db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        frozen = await scoreboard(session, contest, View.PUBLIC, None, at(449))
        open_ = await scoreboard(session, contest, View.PUBLIC, None, OVER)
    assert frozen.frozen and not open_.frozen
    line = open_.line(st.solo.id)
    assert line is not None and line.total == 97 and open_.view is View.PUBLIC


async def test_an_excused_member_is_left_out_of_the_theory_average(any_db: Database) -> None:
    st = await _played(any_db)
    async with any_db.transaction() as session:
        session.add(
            Sitting(round_id=st.theory.id, entry_id=st.team.id, member_id=st.bob.id, excused=True)
        )
        # a board change bumps the version (a real excuse does, through the contest services)
        await session.execute(
            update(Contest)
            .where(Contest.id == st.contest.id)
            .values(board_version=Contest.board_version + 1)
        )
    async with any_db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        board = await scoreboard(session, contest, View.JURY, None, OVER)
        results = await subject_results(session, contest, st.team.id, st.ann.id)
    team = board.line(st.team.id)
    # written 80 alone: 0.3 × 80 + 35 = 59
    assert team is not None and team.total == 59
    assert results[(st.theory.id, st.tasks[0].id)].score == 80
    assert results[(st.lab.id, st.tasks[1].id)].solved


async def test_equal_lines_share_a_rank_and_an_exam_has_a_pass_mark(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    async with any_db.transaction() as session:
        await session.execute(
            update(Contest).where(Contest.id == st.contest.id).values(scale=1000, pass_score=600)
        )
    async with any_db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        board = await scoreboard(session, contest, View.PUBLIC, None, OVER + timedelta(days=1))
    assert [line.rank for line in board.lines] == [1, 1]
    assert [line.passed for line in board.lines] == [False, False]


async def test_a_kept_board_catches_up_and_equals_a_board_read_whole(any_db: Database) -> None:
    st = await _played(any_db)

    async def both(view: View, own: int | None, now: datetime) -> tuple[Board, Board]:
        async with any_db.session() as session:
            contest = await session.get(Contest, st.contest.id)
            assert contest is not None
            kept = await scoreboard(session, contest, view, own, now)
            whole = await scoreboard(session, contest, view, own, now, keep=False)
        return kept, whole

    for view, own, now in ((View.PUBLIC, None, FROZEN), (View.JURY, None, FROZEN)):
        kept, whole = await both(view, own, now)
        assert kept == whole
    # Changes after the boards were kept: Ann's second try on B, a rebuild, Bob excused.
    _s, j = await submit(any_db, st, st.ann, st.lab, st.tasks[2], 200)
    kept, whole = await both(View.JURY, None, FROZEN)
    assert kept == whole and kept.line(st.team.id) is not None
    await judge(any_db, j, "AC")
    async with any_db.transaction() as session:
        await contest_cells.rebuild_contest(session, st.contest.id)
        session.add(
            Sitting(round_id=st.theory.id, entry_id=st.team.id, member_id=st.bob.id, excused=True)
        )
    for view, own, now in (
        (View.PUBLIC, None, FROZEN),
        (View.PARTICIPANT, st.solo.id, FROZEN),
        (View.JURY, None, FROZEN),
    ):
        kept, whole = await both(view, own, now)
        assert kept == whole
    team = kept.line(st.team.id)
    # written 80 (Bob excused) → 24; lab 2 of 2 → 70
    assert team is not None and team.total == 94


async def test_a_personal_timer_round_freezes_from_the_earliest_possible_freeze_point(
    any_db: Database,
) -> None:
    async with any_db.session() as session:
        st = await stage(session, lab_window=WindowType.PERSONAL, freeze=30)
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        # a timer of 120 minutes started at the lab's opening (100) freezes at 190
        early = await scoreboard(session, contest, View.PUBLIC, None, at(189))
        late = await scoreboard(session, contest, View.PUBLIC, None, at(190))
        jury = await scoreboard(session, contest, View.JURY, None, at(190))
    assert (early.frozen, late.frozen, jury.frozen) == (False, True, False)


@pytest.mark.postgres
async def test_a_board_read_in_a_transaction_that_rolls_back_is_not_kept(
    committed_db: Database,
) -> None:
    st = await _played(committed_db)
    b = (st.lab.id, st.tasks[2].id)

    async def jury(session: AsyncSession) -> Board:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        return await scoreboard(session, contest, View.JURY, None, FROZEN)

    async with committed_db.session() as session:
        version = (await jury(session)).version  # kept at the current version
    async with committed_db.session() as session:
        phantom = Submission(
            user_id=st.users[st.bob.id],
            task_id=st.tasks[2].id,
            files={},
            created_at=at(200),
            participation_id=st.bob.id,
            entry_id=st.team.id,
            round_id=st.lab.id,
        )
        session.add(phantom)
        await session.flush()
        await contest_cells.refresh_cell(session, phantom)
        seen = (await jury(session)).line(st.team.id)
        assert seen is not None and seen.cells[b].pending == 1  # its own write, uncommitted
        await session.rollback()
    # Real changes take the same version numbers the rolled-back one had.
    _s, j = await submit(committed_db, st, st.bob, st.theory, st.tasks[0], 50)
    await judge(committed_db, j, "PA", 60.0)
    async with committed_db.session() as session:
        kept = await jury(session)
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        whole = await scoreboard(session, contest, View.JURY, None, FROZEN, keep=False)
    team = kept.line(st.team.id)
    assert team is not None and b not in team.cells
    assert kept == whole and kept.version == whole.version == version + 2


async def test_a_participants_board_from_the_public_one_equals_one_ranked_whole(
    any_db: Database,
) -> None:
    """Each participant's frozen board is made from the public board (own_line.py): it must be
    the board ranked and counted whole with that line live, for every line."""
    st = await _played(any_db)
    _s, j = await submit(any_db, st, st.ann, st.lab, st.tasks[2], 350)  # after the freeze
    await judge(any_db, j, "AC")
    async with any_db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        public = await scoreboard(session, contest, View.PUBLIC, None, FROZEN)
    assert public.frozen and len(standings._kept) == 1
    kept = next(iter(standings._kept.values()))
    differs = 0
    for line in public.lines:
        derived = kept.own_board(contest.id, line.entry_id)
        assert derived == kept.whole_board(contest.id, True, line.entry_id), line.name
        differs += derived != public
    assert differs == 2  # the team's and Cat's lines hide a late accepted run


async def test_an_unchanged_board_is_the_same_object_in_every_view(any_db: Database) -> None:
    """The scoreboard page keeps its rendered section per board object: reading an unchanged
    board again, in any view (the public board shown to a participant whose line hides
    nothing, or the unfrozen board to the jury), gives the very same object; a change gives a
    new one."""
    st = await _played(any_db)

    async def read(view: View, own: int | None, now: datetime) -> Board:
        async with any_db.session() as session:
            contest = await session.get(Contest, st.contest.id)
            assert contest is not None
            return await scoreboard(session, contest, view, own, now)

    readers = [
        (View.PUBLIC, None, FROZEN),
        (View.PARTICIPANT, st.team.id, FROZEN),  # the team's line hides nothing after the freeze
        (View.PARTICIPANT, st.solo.id, FROZEN),  # Cat's solve of B is hidden from the others
        (View.JURY, None, FROZEN),
        (View.PUBLIC, None, OVER),
        (View.JURY, None, OVER),
    ]
    first = [await read(*reader) for reader in readers]
    again = [await read(*reader) for reader in readers]
    assert all(a is b for a, b in zip(first, again, strict=True))
    assert [board.view for board in first] == [reader[0] for reader in readers]
    assert first[1].lines is first[0].lines and first[1] is not first[0]
    _s, j = await submit(any_db, st, st.ann, st.lab, st.tasks[2], 200)
    await judge(any_db, j, "WA")
    changed = [await read(*reader) for reader in readers]
    assert not any(a is b for a, b in zip(first, changed, strict=True))
