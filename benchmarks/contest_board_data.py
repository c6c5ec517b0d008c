"""A synthetic contest for the scoreboard benchmark (``contest_board_bench.py``), and the naive
board it is measured against.

One ICPC lab round of ``plan.tasks`` tasks, ``plan.entries`` students entered alone, and
``plan.submissions`` judged submissions spread over the round's first hours: harder tasks (later
letters) are accepted less often, a few entries submit far more than most, and the round froze
half an hour ago, so the public board hides the last tries. Rows go in with multi-row INSERTs
(``executemany`` of Core inserts), never object by object; the score cache is then built the
way an install rebuilds it (:func:`ictarena.submissions.contest_cells.rebuild_contest`).
Deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Dataset, Module, Task, Tier, Track
from ictarena.contests.board import Board, Cell, Column, Line, RoundInfo, View
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    ScoreMode,
    Scoring,
)
from ictarena.contests.scoring import Standing, Try, cell, rank, round_total, weighted
from ictarena.submissions.models import Judging, JudgingStatus, Submission

CHUNK = 5_000
VERDICTS = ("WA", "TLE", "RE", "CE")


@dataclass(frozen=True)
class Plan:
    entries: int = 1000
    tasks: int = 12
    submissions: int = 50_000
    seed: int = 14
    prefix: str = "cbench"


@dataclass(frozen=True)
class Loaded:
    contest_id: int
    round_id: int
    entry_ids: list[int]
    users: dict[int, int]  # entry -> user
    tasks: list[tuple[int, int]]  # (task, dataset)


async def _chunks(session: AsyncSession, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(table), list(rows[start : start + CHUNK]))


async def load(session: AsyncSession, plan: Plan, now: datetime) -> Loaded:
    """Create the contest and its history (the caller commits)."""
    rng = random.Random(plan.seed)
    track = Track(slug=f"{plan.prefix}-t", name_en="Bench", name_zh="基准")
    session.add(track)
    await session.flush()
    tier = Tier(track_id=track.id, level=1, slug="t1", name_en="Tier 1", name_zh="级 1")
    session.add(tier)
    await session.flush()
    module = Module(tier_id=tier.id, slug=f"{plan.prefix}-m", title_en="M", title_zh="模")
    session.add(module)
    await session.flush()
    tasks: list[tuple[int, int]] = []
    for index in range(plan.tasks):
        task = Task(
            slug=f"{plan.prefix}-{index}",
            type="code",
            module_id=module.id,
            title_en=f"Problem {index + 1}",
            title_zh=f"题目 {index + 1}",
            visible=False,
        )
        session.add(task)
        await session.flush()
        dataset = Dataset(task_id=task.id, version=1, content_hash=f"{index:064d}")
        session.add(dataset)
        await session.flush()
        task.live_dataset_id = dataset.id
        tasks.append((task.id, dataset.id))
    admin = User(
        username=f"{plan.prefix}-admin", display_name="Admin", password_hash="!", role=Role.ADMIN
    )
    session.add(admin)
    await session.flush()
    contest = Contest(slug=plan.prefix, title="Bench", created_by=admin.id, track_id=track.id)
    session.add(contest)
    await session.flush()
    lab = Round(
        contest_id=contest.id,
        position=1,
        name="Lab",
        kind=RoundKind.LAB,
        scoring=Scoring.ICPC,
        mode=ScoreMode.SUBTASK,
        weight=100,
        starts_at=now - timedelta(hours=4),
        ends_at=now + timedelta(minutes=30),
        freeze_min=60,
    )
    session.add(lab)
    await session.flush()
    await _chunks(
        session,
        RoundTask,
        [
            {"round_id": lab.id, "task_id": t, "dataset_id": d, "label": chr(65 + i), "position": i}
            for i, (t, d) in enumerate(tasks)
        ],
    )
    await _chunks(
        session,
        User,
        [
            {
                "username": f"{plan.prefix}{i}",
                "display_name": f"Student {i}",
                "password_hash": "!",
                "role": Role.STUDENT,
            }
            for i in range(plan.entries)
        ],
    )
    user_ids = list(
        await session.scalars(
            select(User.id).where(User.username.like(f"{plan.prefix}%"), User.id != admin.id)
        )
    )
    await _chunks(
        session,
        Entry,
        [{"contest_id": contest.id, "name": f"Student {i}"} for i in range(plan.entries)],
    )
    entry_ids = list(
        await session.scalars(
            select(Entry.id).where(Entry.contest_id == contest.id).order_by(Entry.id)
        )
    )
    users = dict(zip(entry_ids, sorted(user_ids), strict=True))
    await _chunks(
        session,
        Participation,
        [
            {"contest_id": contest.id, "user_id": u, "entry_id": e, "registered_at": now}
            for e, u in users.items()
        ],
    )
    participations = dict(
        (
            await session.execute(
                select(Participation.entry_id, Participation.id).where(
                    Participation.contest_id == contest.id
                )
            )
        ).all()
    )
    activity = [rng.lognormvariate(0, 1) for _ in entry_ids]
    elapsed = int((now - lab.starts_at).total_seconds())
    submissions = []
    outcomes = []
    for _ in range(plan.submissions):
        entry = rng.choices(entry_ids, weights=activity)[0]
        index = min(plan.tasks - 1, int(rng.expovariate(3 / plan.tasks)))
        accepted = rng.random() < 0.45 - 0.3 * index / max(1, plan.tasks)
        submissions.append(
            {
                "user_id": users[entry],
                "task_id": tasks[index][0],
                "files": {},
                "participation_id": participations[entry],
                "entry_id": entry,
                "round_id": lab.id,
                "created_at": lab.starts_at + timedelta(seconds=rng.randrange(elapsed)),
            }
        )
        outcomes.append(("AC" if accepted else rng.choice(VERDICTS), tasks[index][1]))
    first = await session.scalar(select(Submission.id).order_by(Submission.id.desc()).limit(1))
    await _chunks(session, Submission, submissions)
    ids = list(
        await session.scalars(
            select(Submission.id)
            .where(Submission.round_id == lab.id, Submission.id > (first or 0))
            .order_by(Submission.id)
        )
    )
    await _chunks(
        session,
        Judging,
        [
            {
                "submission_id": sid,
                "dataset_id": dataset,
                "status": JudgingStatus.DONE,
                "verdict": verdict,
                "score": 100.0 if verdict == "AC" else 0.0,
                "max_score": 100.0,
                "queued_at": now,
                "finished_at": now,
            }
            for sid, (verdict, dataset) in zip(ids, outcomes, strict=True)
        ],
    )
    return Loaded(contest.id, lab.id, entry_ids, users, tasks)


async def naive_board(session: AsyncSession, contest_id: int, now: datetime) -> Board:
    """The jury's board computed straight from every submission and its judging, as a
    platform without the cache would: the baseline the cached board is compared with."""
    contest = await session.get(Contest, contest_id)
    assert contest is not None
    rounds = list(await session.scalars(select(Round).where(Round.contest_id == contest_id)))
    infos = []
    cells: dict[tuple[int, int, int], list[Try]] = {}
    for r in rounds:
        rts = list(await session.scalars(select(RoundTask).where(RoundTask.round_id == r.id)))
        infos.append((r, rts))
        rows = await session.execute(
            select(
                Submission.entry_id,
                Submission.task_id,
                Submission.id,
                Submission.created_at,
                Judging.verdict,
            )
            .join(Judging, Judging.submission_id == Submission.id)
            .where(Submission.round_id == r.id, Judging.valid.is_(True))
        )
        for entry_id, task_id, sid, created, verdict in rows:
            at_s = int((created - r.starts_at).total_seconds())
            key = (r.id, int(entry_id or 0), task_id)
            cells.setdefault(key, []).append(Try(at_s, verdict, order=sid))
    entries = (
        await session.execute(select(Entry.id, Entry.name).where(Entry.contest_id == contest_id))
    ).all()
    lines = []
    for entry_id, name in entries:
        totals = []
        shown: dict[tuple[int, int], Cell] = {}
        for r, rts in infos:
            mine = {
                rt.task_id: cell(
                    r.scoring, r.mode, cells.get((r.id, entry_id, rt.task_id), []), rt.points, 20
                )
                for rt in rts
            }
            for task_id, c in mine.items():
                shown[(r.id, task_id)] = Cell(c.tries, c.pending, c.solved, c.solved_s, c.penalty)
            totals.append(
                round_total(r.scoring, mine.values(), sum(rt.points for rt in rts), len(rts))
            )
        total = weighted(
            [(r.weight, t.normalised) for (r, _), t in zip(infos, totals, strict=True)], 100
        )
        lines.append((entry_id, name, tuple(totals), total, sum(t.penalty for t in totals), shown))
    ranks = rank([Standing(t, p) for _e, _n, _r, t, p, _c in lines])
    return Board(
        contest_id,
        contest.board_version,
        View.JURY,
        False,
        contest.scale,
        None,
        tuple(
            RoundInfo(
                r.id,
                r.name,
                str(r.kind),
                r.scoring,
                r.weight,
                True,
                tuple(Column(r.id, rt.task_id, rt.label, "", "", rt.points) for rt in rts),
            )
            for r, rts in infos
        ),
        tuple(
            sorted(
                (
                    Line(k, e, n, False, (n,), r, t, p, None, None, c)
                    for k, (e, n, r, t, p, c) in zip(ranks, lines, strict=True)
                ),
                key=lambda line: line.rank,
            )
        ),
    )
