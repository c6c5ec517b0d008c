"""Virtual participation and upsolving: who may start a virtual run and when, the board a
virtual participant sees (the official lines replayed to their elapsed time, checked on small
hand-computed ICPC and IOI cases and against the official board at the end), and that neither
virtual nor upsolving submissions reach anything official: score cells, the board's version,
standings, exports, awards, ratings, coaching results or practice points."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.catalog.models import Task
from ictarena.contests import exports, rating_history, standings, virtual
from ictarena.contests.awards import awards
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    ContestKind,
    ContestPractice,
    Entry,
    RatingChange,
    Round,
    ScoreCell,
    ScoreMode,
    Scoring,
    Sitting,
    VirtualRun,
    WindowType,
)
from ictarena.contests.results import best_results
from ictarena.contests.standings import View, scoreboard
from ictarena.db import Database, utcnow
from ictarena.errors import Forbidden, InvalidInput
from ictarena.intake.virtual import accept_upsolve, accept_virtual
from ictarena.leaderboards.models import BoardTotal
from ictarena.submissions.models import Judging, Submission, TaskResult
from ictarena.submissions.virtual_board import official_lines, virtual_board, virtual_results
from tests.arena.contests.board_world import Stage, _person, at, judge, stage, submit
from tests.arena.contests.intake_setup import RULES, Jobs, outlets

CODE = {"a.cpp": "int main() { return 0; }"}


@pytest.fixture(autouse=True)
def _fresh() -> None:
    standings.forget()


async def _eligible(db: Database, st: Stage) -> User:
    """A student of a cohort the contest names, who did not take part."""
    async with db.transaction() as session:
        coach = await _person(session, Role.COACH)
        student = await _person(session)
        group = Cohort(name=f"Class {student.id}", coach_id=coach.id, invite_code=f"v{student.id}")
        session.add(group)
        await session.flush()
        session.add(CohortMember(cohort_id=group.id, user_id=student.id))
        session.add(ContestCohort(contest_id=st.contest.id, cohort_id=group.id))
        return student


async def _user(db: Database, user_id: int) -> User:
    async with db.session() as session:
        found = await session.get(User, user_id)
        assert found is not None
        return found


async def _contest(db: Database, contest_id: int) -> Contest:
    async with db.session() as session:
        found = await session.get(Contest, contest_id)
        assert found is not None
        return found


async def _start(db: Database, st: Stage, student: User, now: datetime) -> VirtualRun:
    async with db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        return await virtual.start(session, student, contest, now)


async def _virtual_try(
    db: Database, run: VirtualRun, round: Round, task_id: int, when: datetime
) -> int:
    """A submission in the run at ``when`` (as intake stores it); returns its judging's id."""
    async with db.transaction() as session:
        submission = Submission(user_id=run.user_id, task_id=task_id, files={}, created_at=when)
        session.add(submission)
        await session.flush()
        session.add(
            ContestPractice(
                submission_id=submission.id,
                contest_id=run.contest_id,
                round_id=round.id,
                run_id=run.id,
            )
        )
        task = await session.get(Task, task_id)
        assert task is not None and task.live_dataset_id is not None
        judging = Judging(submission_id=submission.id, dataset_id=task.live_dataset_id)
        session.add(judging)
        await session.flush()
        return judging.id


async def _cells(db: Database, contest_id: int) -> list[tuple[object, ...]]:
    async with db.session() as session:
        rows = await session.execute(
            select(ScoreCell)
            .where(ScoreCell.contest_id == contest_id)
            .order_by(
                ScoreCell.round_id, ScoreCell.task_id, ScoreCell.entry_id, ScoreCell.member_id
            )
        )
        return [
            (c.round_id, c.task_id, c.entry_id, c.member_id, c.tries, c.solved, c.score, c.version)
            for c in rows.scalars()
        ]


async def _version(db: Database, contest_id: int) -> int:
    return (await _contest(db, contest_id)).board_version


async def test_a_virtual_run_starts_only_after_the_end_for_eligible_non_participants(
    any_db: Database,
) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    student = await _eligible(any_db, st)
    outsider = await _user(any_db, (await _start_outsider(any_db)).id)
    cat = await _user(any_db, st.users[st.cat.id])
    async with any_db.transaction() as session:
        coach = await _person(session, Role.COACH)
    contest = await _contest(any_db, st.contest.id)
    async with any_db.session() as session:
        for who, now, error, key in (
            (student, at(300), InvalidInput, "virtual_not_ended"),  # the lab still runs
            (student, at(399), InvalidInput, "virtual_not_ended"),
            (cat, at(500), InvalidInput, "virtual_took_part"),
            (coach, at(500), Forbidden, "virtual_students_only"),
            (outsider, at(500), Forbidden, "virtual_not_eligible"),
        ):
            with pytest.raises(error) as caught:
                await virtual.check_start(session, who, contest, now)
            assert caught.value.message == key, (who.username, now)
    # extra time for Cat pushes the end
    async with any_db.transaction() as session:
        await session.execute(
            update(type(st.solo)).where(type(st.solo).id == st.solo.id).values(extra_minutes=30)
        )
    async with any_db.session() as session:
        with pytest.raises(InvalidInput, match="virtual_not_ended"):
            await virtual.check_start(session, student, contest, at(420))
    run = await _start(any_db, st, student, at(500))
    assert run.started_at == at(500).replace(tzinfo=None) or run.started_at == at(500)
    with pytest.raises(InvalidInput, match="virtual_already_started"):
        await _start(any_db, st, student, at(501))
    async with any_db.session() as session:
        assert len(await virtual.runs(session, st.contest.id)) == 1


async def _start_outsider(db: Database) -> User:
    async with db.transaction() as session:
        return await _person(session)


async def test_a_frozen_board_or_an_exam_is_not_replayed(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=60)
    student = await _eligible(any_db, st)
    with pytest.raises(InvalidInput, match="virtual_board_frozen"):
        await _start(any_db, st, student, at(500))
    async with any_db.transaction() as session:
        await session.execute(
            update(Contest).where(Contest.id == st.contest.id).values(revealed_at=at(450))
        )
    await _start(any_db, st, student, at(500))
    async with any_db.session() as session:
        other = await stage(session, freeze=None)
    async with any_db.transaction() as session:
        await session.execute(
            update(Contest).where(Contest.id == other.contest.id).values(kind=ContestKind.EXAM)
        )
    candidate = await _eligible(any_db, other)
    with pytest.raises(InvalidInput, match="virtual_not_for_exams"):
        await _start(any_db, other, candidate, at(500))


def _seen(board_lines: list[standings.Line]) -> list[tuple[object, ...]]:
    return [
        (line.entry_id, line.rank, round(line.total, 6), line.penalty)
        for line in sorted(board_lines, key=lambda line: line.entry_id)
    ]


async def test_the_icpc_board_is_the_official_one_replayed_to_the_elapsed_time(
    any_db: Database,
) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    a, b = st.tasks[1], st.tasks[2]
    # Cat: written 90 at minute 10; lab A accepted at lab minute 0.
    # The team: lab B rejected at lab minute 10, accepted at lab minute 50.
    for who, round_, task, minute, verdict, score in (
        (st.cat, st.theory, st.tasks[0], 10, "PA", 90.0),
        (st.cat, st.lab, a, 100, "AC", None),
        (st.ann, st.lab, b, 110, "WA", None),
        (st.bob, st.lab, b, 150, "AC", None),
    ):
        _s, j = await submit(any_db, st, who, round_, task, minute)
        await judge(any_db, j, verdict, score)
    student = await _eligible(any_db, st)
    start = at(1000)
    run = await _start(any_db, st, student, start)
    # the run: written from 1000 to 1090, the lab from 1100 to 1400 (the same offsets)
    judging = await _virtual_try(any_db, run, st.lab, a.id, start + timedelta(minutes=105))
    await judge(any_db, judging, "AC")
    contest = await _contest(any_db, st.contest.id)
    cat, team, me = st.solo.id, st.team.id, -run.id

    async def seen(minute: float) -> dict[int, tuple[int, float, int]]:
        async with any_db.session() as session:
            shown = await virtual_board(
                session, contest, run, student.display_name, start + timedelta(minutes=minute)
            )
        assert shown.own == me
        return {line.entry_id: (line.rank, line.total, line.penalty) for line in shown.board.lines}

    # Before the lab: Cat's written 90 → 27; nobody else has anything.
    assert await seen(50) == {cat: (1, 27.0, 0), team: (2, 0.0, 0), me: (2, 0.0, 0)}
    # Lab minute 20: Cat's A (27 + 35 = 62); my A at lab minute 5 (35, 5 min); the team's B
    # has one rejected try and is not solved yet.
    assert await seen(120) == {cat: (1, 62.0, 0), me: (2, 35.0, 5), team: (3, 0.0, 0)}
    async with any_db.session() as session:
        early = await virtual_board(
            session, contest, run, student.display_name, start + timedelta(minutes=120)
        )
    team_line = early.board.line(team)
    assert team_line is not None
    b_cell = team_line.cells[(st.lab.id, b.id)]
    assert (b_cell.solved, b_cell.tries) == (False, 1)
    # Lab minute 50: the team's B solved, 50 + 20 penalty: 35 too, but behind me on penalty.
    assert await seen(150) == {cat: (1, 62.0, 0), me: (2, 35.0, 5), team: (3, 35.0, 70)}
    assert await seen(149.9) == {cat: (1, 62.0, 0), me: (2, 35.0, 5), team: (3, 0.0, 0)}
    # At the end the official lines are the official board's, line by line.
    async with any_db.session() as session:
        final = await virtual_board(
            session, contest, run, student.display_name, start + timedelta(days=1)
        )
        jury = await scoreboard(session, contest, View.JURY, None, at(2000))
    assert _cells_of(official_lines(final.board)) == _cells_of(list(jury.lines))
    assert [(line.entry_id, line.total, line.penalty) for line in official_lines(final.board)] == [
        (line.entry_id, line.total, line.penalty) for line in jury.lines
    ]


def _cells_of(lines: list[standings.Line]) -> dict[int, dict[tuple[int, int], tuple[object, ...]]]:
    return {
        line.entry_id: {
            key: (c.tries, c.pending, c.solved, c.solved_s, c.penalty, c.score, c.first)
            for key, c in line.cells.items()
        }
        for line in lines
    }


async def test_the_ioi_board_is_the_official_one_replayed_to_the_elapsed_time(
    any_db: Database,
) -> None:
    async with any_db.session() as session:
        st = await stage(
            session,
            freeze=None,
            lab_scoring=Scoring.IOI,
            lab_mode=ScoreMode.SUBMISSION,
            lab_window=WindowType.PERSONAL,
        )
    a = st.tasks[1]
    # Personal lab timers: Cat starts at 150, the team at 200 (each counts from their start).
    async with any_db.transaction() as session:
        session.add(
            Sitting(round_id=st.lab.id, entry_id=st.solo.id, member_id=0, started_at=at(150))
        )
        session.add(
            Sitting(round_id=st.lab.id, entry_id=st.team.id, member_id=0, started_at=at(200))
        )
    # Cat: 40 at timer minute 10, 100 at minute 60. The team: 70 at timer minute 30.
    for who, minute, score in ((st.cat, 160, 40.0), (st.cat, 210, 100.0), (st.ann, 230, 70.0)):
        _s, j = await submit(any_db, st, who, st.lab, a, minute)
        await judge(any_db, j, "PA" if score < 100 else "AC", score)
    student = await _eligible(any_db, st)
    start = at(1000)
    run = await _start(any_db, st, student, start)
    contest = await _contest(any_db, st.contest.id)
    cat, team = st.solo.id, st.team.id

    async def totals(lab_minute: float) -> dict[int, float]:
        async with any_db.session() as session:
            shown = await virtual_board(
                session,
                contest,
                run,
                student.display_name,
                start + timedelta(minutes=100 + lab_minute),
            )
        return {line.entry_id: round(line.total, 6) for line in official_lines(shown.board)}

    # The lab holds two tasks of 100 points: a task's points are half the round (70 % of 100).
    assert await totals(5) == {cat: 0.0, team: 0.0}
    assert await totals(10) == {cat: 14.0, team: 0.0}  # 40 / 200 × 70
    assert await totals(45) == {cat: 14.0, team: 24.5}  # 70 / 200 × 70
    assert await totals(60) == {cat: 35.0, team: 24.5}
    async with any_db.session() as session:
        final = await virtual_board(
            session, contest, run, student.display_name, start + timedelta(days=1)
        )
        jury = await scoreboard(session, contest, View.JURY, None, at(2000))
    assert _cells_of(official_lines(final.board)) == _cells_of(list(jury.lines))
    assert [(x.entry_id, x.rank, x.total) for x in official_lines(final.board)] == [
        (x.entry_id, x.rank, x.total) for x in jury.lines
    ]


async def test_virtual_lines_stay_out_of_everything_official(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    a = st.tasks[1]
    _s, j = await submit(any_db, st, st.cat, st.lab, a, 150)
    await judge(any_db, j, "AC")
    async with any_db.transaction() as session:
        await session.execute(
            update(Contest)
            .where(Contest.id == st.contest.id)
            .values(rated=True, ratings_at=at(450))
        )
    student = await _eligible(any_db, st)
    cells_before = await _cells(any_db, st.contest.id)
    version = await _version(any_db, st.contest.id)
    run = await _start(any_db, st, student, at(1000))
    judging = await _virtual_try(any_db, run, st.lab, a.id, at(1105))
    await judge(any_db, judging, "AC")  # the virtual line would win the contest
    assert await _cells(any_db, st.contest.id) == cells_before
    assert await _version(any_db, st.contest.id) == version
    contest = await _contest(any_db, st.contest.id)
    async with any_db.session() as session:
        for view in View:
            board = await scoreboard(session, contest, view, None, at(2000))
            assert {line.entry_id for line in board.lines} == {st.team.id, st.solo.id}
            assert student.display_name not in {line.name for line in board.lines}
            _header, rows = exports.board_table(board)
            assert all(student.display_name not in map(str, row) for row in rows)
            assert len(awards([line.rank for line in board.lines])) == 2
        # the virtual line sits first on its own board, the official board is unchanged
        shown = await virtual_board(session, contest, run, student.display_name, at(2000))
        assert shown.board.lines[0].entry_id == -run.id
        results, official = await virtual_results(session, contest, at(2000))
        assert official == 2 and [(r.run.id, r.place, r.finished) for r in results] == [
            (run.id, 1, True)
        ]
        track = contest.track_id
        assert track is not None
        assert await best_results(session, [student.id], track, at(2000)) == {}
    async with any_db.transaction() as session:
        await rating_history.recompute(session, at(2000))
    async with any_db.session() as session:
        rated = set(
            await session.scalars(
                select(RatingChange.user_id).where(RatingChange.contest_id == st.contest.id)
            )
        )
        assert rated == set(st.users.values())
        # no practice points from a virtual run
        assert (
            await session.scalar(
                select(func.count()).select_from(BoardTotal).where(BoardTotal.user_id == student.id)
            )
            == 0
        )
        result = await session.get(TaskResult, (student.id, a.id))
        assert result is None or (result.best_score, result.best_verdict) == (0.0, None)


async def test_virtual_intake_takes_the_runs_open_round_only(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    student = await _eligible(any_db, st)
    other = await _eligible(any_db, st)
    run = await _start(any_db, st, student, utcnow() - timedelta(minutes=105))  # lab minute 5
    a = st.tasks[1]
    jobs = Jobs()
    async with any_db.session() as session:
        me = await session.get(User, student.id)
        assert me is not None
        made = await accept_virtual(
            session, me, st.contest.id, st.lab.id, a.id, "cpp", CODE, RULES, outlets(jobs)
        )
    async with any_db.session() as session:
        stored = await session.get(Submission, made.id)
        assert stored is not None
        assert (stored.participation_id, stored.entry_id, stored.round_id) == (None, None, None)
        mark = await session.get(ContestPractice, made.id)
        assert mark is not None and (mark.run_id, mark.round_id) == (run.id, st.lab.id)
        judging = await session.scalar(select(Judging).where(Judging.submission_id == made.id))
        assert judging is not None and judging.dataset_id == a.live_dataset_id
        assert len(jobs.jobs) == 1
        me = await session.get(User, student.id)
        assert me is not None
        # the written round of the run is over
        with pytest.raises(InvalidInput, match="contest_round_over"):
            await accept_virtual(
                session,
                me,
                st.contest.id,
                st.theory.id,
                st.tasks[0].id,
                "cpp",
                CODE,
                RULES,
                outlets(Jobs()),
            )
        await session.rollback()
        them = await session.get(User, other.id)
        assert them is not None
        with pytest.raises(Forbidden, match="virtual_no_run"):
            await accept_virtual(
                session, them, st.contest.id, st.lab.id, a.id, "cpp", CODE, RULES, outlets(Jobs())
            )
        await session.rollback()
        # upsolving waits until the run is over
        me = await session.get(User, student.id)
        assert me is not None
        with pytest.raises(InvalidInput, match="upsolve_virtual_running"):
            await accept_upsolve(
                session, me, st.contest.id, st.lab.id, a.id, "cpp", CODE, RULES, outlets(Jobs())
            )


async def test_upsolving_changes_neither_the_board_nor_its_version(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    a = st.tasks[1]
    _s, j = await submit(any_db, st, st.cat, st.lab, a, 150)
    await judge(any_db, j, "WA")
    cells_before = await _cells(any_db, st.contest.id)
    version = await _version(any_db, st.contest.id)
    contest = await _contest(any_db, st.contest.id)
    async with any_db.session() as session:
        board_before = await scoreboard(session, contest, View.JURY, None, at(2000))
    jobs = Jobs()
    async with any_db.session() as session:
        cat = await session.get(User, st.users[st.cat.id])
        assert cat is not None  # a participant upsolves the task they missed
        made = await accept_upsolve(
            session, cat, st.contest.id, st.lab.id, a.id, "cpp", CODE, RULES, outlets(jobs)
        )
    async with any_db.session() as session:
        mark = await session.get(ContestPractice, made.id)
        assert mark is not None and mark.run_id is None
        judging = await session.scalar(select(Judging.id).where(Judging.submission_id == made.id))
        assert judging is not None
    await judge(any_db, judging, "AC")
    assert await _cells(any_db, st.contest.id) == cells_before
    assert await _version(any_db, st.contest.id) == version
    standings.forget()
    async with any_db.session() as session:
        board_after = await scoreboard(session, contest, View.JURY, None, at(2000))
        assert _seen(list(board_after.lines)) == _seen(list(board_before.lines))
        assert _cells_of(list(board_after.lines)) == _cells_of(list(board_before.lines))
        # judged like practice, in the history, but no points
        result = await session.get(TaskResult, (st.users[st.cat.id], a.id))
        assert result is not None and result.attempts == 2 and result.best_verdict is None
        # a running contest is not upsolved
        cat = await session.get(User, st.users[st.cat.id])
        assert cat is not None
        with pytest.raises(InvalidInput, match="upsolve_not_ended"):
            await virtual.upsolve_grant(session, cat, st.contest.id, st.lab.id, a.id, at(300))
        outsider = await _start_outsider(any_db)
        with pytest.raises(Forbidden, match="upsolve_not_allowed"):
            await virtual.upsolve_grant(session, outsider, st.contest.id, st.lab.id, a.id, at(500))


async def test_extra_time_shows_once_the_run_is_over(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    async with any_db.transaction() as session:
        await session.execute(
            update(type(st.solo)).where(type(st.solo).id == st.solo.id).values(extra_minutes=30)
        )
    a = st.tasks[1]
    _s, j = await submit(any_db, st, st.cat, st.lab, a, 410)  # lab minute 310, in Cat's extra
    await judge(any_db, j, "AC")
    student = await _eligible(any_db, st)
    start = at(1000)
    run = await _start(any_db, st, student, start)
    contest = await _contest(any_db, st.contest.id)

    async def cat_solved(minute: float) -> bool:
        async with any_db.session() as session:
            shown = await virtual_board(
                session, contest, run, student.display_name, start + timedelta(minutes=minute)
            )
        line = shown.board.line(st.solo.id)
        assert line is not None
        cell = line.cells.get((st.lab.id, a.id))
        return cell is not None and cell.solved

    assert not await cat_solved(399)  # the lab's 300 minutes: Cat had not solved it yet
    assert await cat_solved(400)  # the run is over: the final standings
    async with any_db.session() as session:
        final = await virtual_board(session, contest, run, student.display_name, at(2000))
        jury = await scoreboard(session, contest, View.JURY, None, at(2000))
    assert _cells_of(official_lines(final.board)) == _cells_of(list(jury.lines))


async def test_two_starts_at_once_start_one_run(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    student = await _eligible(any_db, st)
    outcomes = await asyncio.gather(
        _start(any_db, st, student, at(500)),
        _start(any_db, st, student, at(500)),
        return_exceptions=True,
    )
    started = [o for o in outcomes if isinstance(o, VirtualRun)]
    refused = [o for o in outcomes if isinstance(o, InvalidInput)]
    assert len(started) == 1 and len(refused) == 1, outcomes
    assert refused[0].message == "virtual_already_started"
    async with any_db.session() as session:
        assert len(await virtual.runs(session, st.contest.id)) == 1


async def test_an_entry_the_jury_excluded_leaves_the_replayed_board_too(any_db: Database) -> None:
    async with any_db.session() as session:
        st = await stage(session, freeze=None)
    for who, minute in ((st.cat, 100), (st.ann, 110)):
        _s, j = await submit(any_db, st, who, st.lab, st.tasks[1], minute)
        await judge(any_db, j, "AC")
    async with any_db.transaction() as session:  # as the plagiarism review's exclusion leaves it
        await session.execute(update(Entry).where(Entry.id == st.team.id).values(excluded=True))
    student = await _eligible(any_db, st)
    start = at(1000)
    run = await _start(any_db, st, student, start)
    contest = await _contest(any_db, st.contest.id)
    async with any_db.session() as session:
        shown = await virtual_board(
            session, contest, run, student.display_name, start + timedelta(days=1)
        )
        jury = await scoreboard(session, contest, View.JURY, None, at(2000))
    assert {line.entry_id for line in official_lines(shown.board)} == {st.solo.id}
    assert [line.entry_id for line in jury.lines] == [st.solo.id]
