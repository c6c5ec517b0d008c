"""The boards of virtual participation, read from the submissions (nothing is cached).

:func:`virtual_board` is what a virtual participant sees: every official line replayed to the
elapsed time of their run (:mod:`ictarena.contests.replay`), from the official submissions'
tries as :mod:`ictarena.submissions.contest_cells` makes them for the score cells, with their
own line among them. :func:`virtual_results` lists the contest's virtual runs after it: each
run's line as it now stands and the rank it would take on the final official board.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.models import Task
from ictarena.contests import access
from ictarena.contests.board import Board, Column, Line, RoundInfo
from ictarena.contests.lines import LineData, RoundPlan
from ictarena.contests.models import (
    Contest,
    ContestPractice,
    Entry,
    Participation,
    Round,
    RoundTask,
    Sitting,
    VirtualRun,
)
from ictarena.contests.replay import (
    Rule,
    Subject,
    elapsed,
    placed,
    ranked_board,
    replay_line,
)
from ictarena.contests.scoring import Try
from ictarena.contests.virtual import Replay, replay_of
from ictarena.contests.windows import Window, extra_minutes, subject_window
from ictarena.submissions.contest_cells import Judged, _judged, _judged_query, to_try
from ictarena.submissions.models import Judging, Submission

FOREVER = 10**9  # elapsed seconds past every round's end: the final board


@dataclass(frozen=True)
class _Contest:
    """What a replay needs of a contest, read once."""

    contest: Contest
    rounds: list[Round]
    plans: list[RoundPlan]
    infos: list[RoundInfo]
    rules: dict[int, Rule]
    points: dict[tuple[int, int], float]
    official: list[Subject]


async def _read(session: AsyncSession, contest: Contest) -> _Contest:
    rounds = await access.rounds(session, contest.id)
    round_ids = [r.id for r in rounds]
    tasks = (
        await session.execute(
            select(RoundTask, Task.title_en, Task.title_zh)
            .join(Task, Task.id == RoundTask.task_id)
            .where(RoundTask.round_id.in_(round_ids))
            .order_by(RoundTask.position, RoundTask.label)
        )
    ).all()
    by_round: dict[int, list[Column]] = {}
    points: dict[tuple[int, int], float] = {}
    for rt, title_en, title_zh in tasks:
        by_round.setdefault(rt.round_id, []).append(
            Column(rt.round_id, rt.task_id, rt.label, title_en, title_zh, rt.points)
        )
        points[(rt.round_id, rt.task_id)] = rt.points
    plans = [
        RoundPlan(
            r.id,
            r.scoring,
            r.weight,
            r.shared,
            tuple(c.task_id for c in by_round.get(r.id, [])),
            sum(c.points for c in by_round.get(r.id, [])),
        )
        for r in rounds
    ]
    infos = [
        RoundInfo(
            r.id, r.name, str(r.kind), r.scoring, r.weight, r.shared, tuple(by_round.get(r.id, []))
        )
        for r in rounds
    ]
    rules = {r.id: Rule(r.scoring, r.mode, r.penalty_min) for r in rounds}
    official = await _official(session, contest, rounds, points)
    return _Contest(contest, rounds, plans, infos, rules, points, official)


async def _official(
    session: AsyncSession,
    contest: Contest,
    rounds: list[Round],
    points: dict[tuple[int, int], float],
) -> list[Subject]:
    """Every official entry with its tries, as the score cells count them (those the jury
    excluded left out, as the official boards leave them out)."""
    entries = {
        e.id: e
        for e in await session.scalars(
            select(Entry)
            .where(Entry.contest_id == contest.id, Entry.excluded.is_(False))
            .order_by(Entry.id)
        )
    }
    people = (
        await session.execute(
            select(Participation, User.display_name)
            .join(User, User.id == Participation.user_id)
            .where(Participation.contest_id == contest.id)
            .order_by(Participation.id)
        )
    ).all()
    members: dict[int, list[tuple[int, str]]] = {}
    places: dict[int, Participation] = {}
    for place, name in people:
        members.setdefault(place.entry_id, []).append((place.id, name))
        places[place.id] = place
    seats: dict[tuple[int, int, int], Sitting] = {
        (s.round_id, s.entry_id, s.member_id): s
        for s in await session.scalars(
            select(Sitting).where(Sitting.round_id.in_([r.id for r in rounds]))
        )
    }
    tries: dict[int, dict[tuple[int, int, int], list[Try]]] = {}
    for round in rounds:
        windows: dict[tuple[int, int], Window] = {}
        latest: dict[tuple[int, int, int], dict[int, Judged]] = {}
        for row in await session.execute(_judged_query(round)):
            entry_id, participation_id, task_id = row[-3], row[-2], row[-1]
            if entry_id not in entries or (round.id, task_id) not in points:
                continue
            member = 0 if round.shared else participation_id or 0
            latest.setdefault((entry_id, member, task_id), {})[row[0]] = _judged(row, round)
        for (entry_id, member, task_id), judged in latest.items():
            window = windows.get((entry_id, member))
            if window is None:
                seat = seats.get((round.id, entry_id, member))
                member_place = None if round.shared else places.get(member)
                window = subject_window(
                    round,
                    None if seat is None else seat.started_at,
                    extra_minutes(round, entries[entry_id], member_place),
                )
                windows[(entry_id, member)] = window
            made = [
                t
                for one in judged.values()
                if (t := to_try(one, window, round, points[(round.id, task_id)]))
            ]
            if made:
                tries.setdefault(entry_id, {})[(round.id, member, task_id)] = made
    subjects = []
    for entry in entries.values():
        sat = frozenset(
            (round_id, member)
            for (round_id, entry_id, member), s in seats.items()
            if entry_id == entry.id and s.started_at is not None
        )
        excused = frozenset(
            (round_id, member)
            for (round_id, entry_id, member), s in seats.items()
            if entry_id == entry.id and s.excused
        )
        subjects.append(
            Subject(
                entry.id,
                entry.name,
                entry.team,
                tuple(members.get(entry.id, [])),
                tries.get(entry.id, {}),
                sat,
                excused,
            )
        )
    return subjects


async def _virtual_tries(
    session: AsyncSession, shape: _Contest, replays: Sequence[Replay]
) -> dict[int, dict[tuple[int, int, int], list[Try]]]:
    """Each run's tries, keyed (round, member, task) with the run's member id ``-run.id``
    (0 in a shared round), counted from the round's replayed start."""
    if not replays:
        return {}
    by_run = {r.run.id: r for r in replays}
    query = (
        _judged_query_virtual()
        .where(ContestPractice.run_id.in_(list(by_run)))
        .order_by(Submission.id, Judging.id)
    )
    by_id = {r.id: r for r in shape.rounds}
    latest: dict[tuple[int, int, int], dict[int, Judged]] = {}
    for row in await session.execute(query):
        run_id, round_id, task_id = row[-3], row[-2], row[-1]
        round = by_id.get(round_id)
        if round is None or (round_id, task_id) not in shape.points:
            continue
        one = _judged(row, round)
        latest.setdefault((run_id, round_id, task_id), {})[one.id] = one
    out: dict[int, dict[tuple[int, int, int], list[Try]]] = {}
    for (run_id, round_id, task_id), kept in latest.items():
        round = by_id[round_id]
        start, end = by_run[run_id].schedule[round_id]
        window = Window(start, end, None)
        member = 0 if round.shared else -run_id
        made = [
            t
            for one in kept.values()
            if (t := to_try(one, window, round, shape.points[(round_id, task_id)]))
        ]
        if made:
            out.setdefault(run_id, {})[(round_id, member, task_id)] = made
    return out


def _judged_query_virtual() -> Any:
    return (
        select(
            Submission.id,
            Submission.created_at,
            Judging.status,
            Judging.verdict,
            Judging.score,
            Judging.max_score,
            Judging.report,
            ContestPractice.run_id,
            ContestPractice.round_id,
            Submission.task_id,
        )
        .join(ContestPractice, ContestPractice.submission_id == Submission.id)
        .outerjoin(Judging, and_(Judging.submission_id == Submission.id, Judging.valid.is_(True)))
    )


def _virtual_subject(
    replay: Replay, name: str, tries: dict[tuple[int, int, int], list[Try]]
) -> Subject:
    return Subject(-replay.run.id, name, False, ((-replay.run.id, name),), tries)


@dataclass(frozen=True)
class VirtualBoard:
    """A virtual participant's board: the official lines at their elapsed time and their own
    line (``own``: its entry id on the board, negative), and the seconds of each round lived
    through."""

    board: Board
    own: int
    seconds: dict[int, int]


async def virtual_board(
    session: AsyncSession, contest: Contest, run: VirtualRun, name: str, now: datetime
) -> VirtualBoard:
    """The board the run's student sees at ``now``; once their run is over, the final
    official lines (extra time given to some included) with theirs placed among them."""
    shape = await _read(session, contest)
    replay = replay_of(run, shape.rounds)
    seconds = elapsed(replay.schedule, now)
    if replay.end is not None and now >= replay.end:
        seconds = {round_id: FOREVER for round_id in seconds}
    mine = (await _virtual_tries(session, shape, [replay])).get(run.id, {})
    data: list[LineData] = [
        replay_line(s, shape.plans, shape.rules, shape.points, seconds, contest.scale)
        for s in shape.official
    ]
    data.append(
        replay_line(
            _virtual_subject(replay, name, mine),
            shape.plans,
            shape.rules,
            shape.points,
            seconds,
            contest.scale,
        )
    )
    board = ranked_board(contest.id, data, shape.infos, contest.scale, contest.pass_score)
    return VirtualBoard(board, -run.id, seconds)


@dataclass(frozen=True)
class VirtualResult:
    """One virtual run after the contest: its line now, and the rank it would take among the
    final official lines."""

    run: VirtualRun
    name: str
    line: LineData
    place: int
    finished: bool


async def virtual_results(
    session: AsyncSession, contest: Contest, now: datetime
) -> tuple[list[VirtualResult], int]:
    """Every virtual run of the contest, best first, and the number of official lines."""
    shape = await _read(session, contest)
    everything = {r.id: FOREVER for r in shape.rounds}
    final = ranked_board(
        contest.id,
        [
            replay_line(s, shape.plans, shape.rules, shape.points, everything, contest.scale)
            for s in shape.official
        ],
        shape.infos,
        contest.scale,
        contest.pass_score,
    )
    rows = (
        await session.execute(
            select(VirtualRun, User.display_name)
            .join(User, User.id == VirtualRun.user_id)
            .where(VirtualRun.contest_id == contest.id)
            .order_by(VirtualRun.id)
        )
    ).all()
    replays = {run.id: replay_of(run, shape.rounds) for run, _n in rows}
    tries = await _virtual_tries(session, shape, list(replays.values()))
    results = []
    for run, name in rows:
        replay = replays[run.id]
        line = replay_line(
            _virtual_subject(replay, name, tries.get(run.id, {})),
            shape.plans,
            shape.rules,
            shape.points,
            elapsed(replay.schedule, now),
            contest.scale,
        )
        results.append(
            VirtualResult(run, name, line, placed(line, final.lines), not replay.running(now))
        )
    results.sort(key=lambda r: (r.place, -r.line.total, r.name.casefold(), r.run.id))
    return results, len(final.lines)


def official_lines(board: Board) -> list[Line]:
    """The official lines of a virtual board (those with an entry)."""
    return [line for line in board.lines if line.entry_id > 0]


async def off_record_attempts(
    session: AsyncSession, user_id: int, contest_id: int, task_id: int, run_id: int | None
) -> list[tuple[Submission, Judging | None]]:
    """``user_id``'s submissions to a contest's task in their virtual run (``run_id``) or
    upsolving (None), newest first, each with its valid judging."""
    kind = ContestPractice.run_id.is_(None) if run_id is None else ContestPractice.run_id == run_id
    rows = await session.execute(
        select(Submission, Judging)
        .join(ContestPractice, ContestPractice.submission_id == Submission.id)
        .outerjoin(Judging, and_(Judging.submission_id == Submission.id, Judging.valid.is_(True)))
        .where(
            ContestPractice.contest_id == contest_id,
            Submission.user_id == user_id,
            Submission.task_id == task_id,
            kind,
        )
        .order_by(Submission.id.desc())
        .limit(20)
    )
    return [(s, j) for s, j in rows.all()]
