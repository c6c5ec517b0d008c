"""Synthetic practice history for the leaderboard benchmark (``board_bench.py``): students, a
catalogue on the bundled tracks and recorded practice judgings, bulk-loaded with PostgreSQL's
COPY (asyncpg ``copy_records_to_table``) into a migrated database.

The history is shaped like a class's, not uniform noise: a few students submit far more than
most (log-normal activity), each works in one or two tracks and mostly in the lower tiers,
harder tasks are accepted less often, and submissions spread over the last half year, so the
month and week boards hold data too. Deterministic for a seed.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Dataset, Module, Task, Tier, Track
from ictarena.catalog.tracks import seed_bundled_tracks

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 100_000  # rows per COPY
TIER_WEIGHTS = {1: 6, 2: 3, 3: 1}  # how often a student picks a task of each tier


@dataclass(frozen=True)
class Plan:
    students: int = 10_000
    tasks: int = 200
    judgings: int = 1_000_000
    days: int = 182  # the history reaches this far back
    seed: int = 13
    prefix: str = "bench"  # of usernames and task slugs


@dataclass(frozen=True)
class BenchTask:
    id: int
    dataset_id: int
    difficulty: int
    track_id: int
    level: int


@dataclass
class Loaded:
    student_ids: list[int]
    tasks: list[BenchTask]
    seconds: dict[str, float] = field(default_factory=dict)


async def create_catalogue(session: AsyncSession, plan: Plan) -> list[BenchTask]:
    """The bundled tracks and tiers, one module per tier and ``plan.tasks`` tasks spread over
    them (difficulty rising with the tier), each with a live dataset."""
    await seed_bundled_tracks(session, ROOT / "problem_sets")
    tiers = (
        await session.execute(
            select(Tier, Track).join(Track).order_by(Track.position, Track.id, Tier.level)
        )
    ).all()
    modules = []
    for tier, track in tiers:
        module = Module(
            tier_id=tier.id,
            slug=f"{plan.prefix}-{track.slug}-{tier.level}"[:64],
            title_en=f"Bench {track.slug} {tier.level}",
            title_zh=f"基准 {track.slug} {tier.level}",
        )
        session.add(module)
        modules.append((module, tier, track))
    await session.flush()
    made = []
    for i in range(plan.tasks):
        module, tier, track = modules[i % len(modules)]
        difficulty = min(5, max(1, 2 * tier.level - 1 + i % 2))
        task = Task(
            slug=f"{plan.prefix}-task-{i:04d}",
            type="code",
            module_id=module.id,
            title_en=f"Bench task {i}",
            title_zh=f"基准题 {i}",
            difficulty=difficulty,
            position=i,
        )
        session.add(task)
        made.append((task, tier, track))
    await session.flush()
    datasets = []
    for task, _tier, _track in made:
        digest = hashlib.sha256(task.slug.encode()).hexdigest()
        dataset = Dataset(task_id=task.id, version=1, content_hash=digest, max_score=100.0)
        session.add(dataset)
        datasets.append(dataset)
    await session.flush()
    out = []
    for (task, tier, track), dataset in zip(made, datasets, strict=True):
        task.live_dataset_id = dataset.id
        out.append(BenchTask(task.id, dataset.id, task.difficulty, track.id, tier.level))
    await session.flush()
    return out


def student_rows(plan: Plan, now: datetime, password_hash: str) -> list[tuple[Any, ...]]:
    """``users`` rows for COPY: username, display name, password hash, role, active, created."""
    created = (now - timedelta(days=plan.days + 7)).replace(tzinfo=None)
    return [
        (f"{plan.prefix}{i:05d}", f"Student {i:05d}", password_hash, "student", True, created)
        for i in range(plan.students)
    ]


STUDENT_COLUMNS = ["username", "display_name", "password_hash", "role", "is_active", "created_at"]
SUBMISSION_COLUMNS = ["id", "user_id", "task_id", "language", "files", "size_bytes"]
SUBMISSION_COLUMNS += ["is_reference", "created_at"]
JUDGING_COLUMNS = ["id", "submission_id", "dataset_id", "seq", "valid", "status", "verdict"]
JUDGING_COLUMNS += ["score", "max_score", "attempts", "worker", "queued_at", "started_at"]
JUDGING_COLUMNS += ["finished_at", "user_id"]


def _outcome(rng: random.Random, difficulty: int) -> tuple[str, float]:
    if rng.random() < 0.55 - 0.07 * difficulty:
        return "AC", 100.0
    roll = rng.random()
    if roll < 0.25:
        return "PA", float(rng.randint(10, 90))
    if roll < 0.75:
        return "WA", 0.0
    return ("TLE", 0.0) if roll < 0.9 else ("RE", 0.0)


def judging_rows(
    plan: Plan, student_ids: list[int], tasks: list[BenchTask], first_id: int, now: datetime
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Chunks of (submission rows, judging rows) for COPY, one valid finished judging per
    submission, ``plan.judgings`` in all."""
    rng = random.Random(plan.seed)
    tracks = sorted({task.track_id for task in tasks})
    menus = []
    for _student in student_ids:
        mine = rng.sample(tracks, k=min(len(tracks), rng.choice((1, 1, 2))))
        menu = [t for t in tasks if t.track_id in mine for _ in range(TIER_WEIGHTS[t.level])]
        menus.append(menu)
    activity = [rng.lognormvariate(0, 1) for _ in student_ids]
    cumulative = []
    running = 0.0
    for weight in activity:
        running += weight
        cumulative.append(running)
    base = now.replace(tzinfo=None)
    span = plan.days * 86400.0
    next_id = first_id
    for start in range(0, plan.judgings, CHUNK):
        size = min(CHUNK, plan.judgings - start)
        who = rng.choices(range(len(student_ids)), cum_weights=cumulative, k=size)
        submissions, judgings = [], []
        for index in who:
            task = rng.choice(menus[index])
            at = base - timedelta(seconds=rng.random() * span)
            verdict, score = _outcome(rng, task.difficulty)
            done = at + timedelta(seconds=1)
            submissions.append((next_id, student_ids[index], task.id, "cpp", "{}", 0, False, at))
            finished = ("bench", at, at, done)  # worker, queued, started, finished
            judgings.append(
                (
                    next_id,
                    next_id,
                    task.dataset_id,
                    0,
                    True,
                    "done",
                    verdict,
                    score,
                    100.0,
                    1,
                    *finished,
                    student_ids[index],
                )
            )
            next_id += 1
        yield submissions, judgings


async def _copy(session: AsyncSession, table: str, columns: list[str], rows: list[Any]) -> None:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(table, records=rows, columns=columns)  # type: ignore[union-attr]


async def load(
    session: AsyncSession, plan: Plan, now: datetime, password_hash: str = "!"
) -> Loaded:
    """Create the catalogue, the students and the judgings in ``session``'s transaction (the
    caller commits). ``password_hash`` is every student's (``!`` matches no password)."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    tasks = await create_catalogue(session, plan)
    await _copy(session, "users", STUDENT_COLUMNS, student_rows(plan, now, password_hash))
    ids = list(
        (
            await session.scalars(
                text("SELECT id FROM users WHERE username LIKE :p ORDER BY username"),
                {"p": f"{plan.prefix}%"},
            )
        ).all()
    )
    seconds["catalogue and students"] = time.perf_counter() - started
    started = time.perf_counter()
    first = int(await session.scalar(text("SELECT coalesce(max(id), 0) + 1 FROM submissions")))
    first = max(
        first, int(await session.scalar(text("SELECT coalesce(max(id), 0) + 1 FROM judgings")))
    )
    for submissions, judgings in judging_rows(plan, ids, tasks, first, now):
        await _copy(session, "submissions", SUBMISSION_COLUMNS, submissions)
        await _copy(session, "judgings", JUDGING_COLUMNS, judgings)
    for table in ("submissions", "judgings"):
        await session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        )
    seconds["judgings (COPY)"] = time.perf_counter() - started
    return Loaded(ids, tasks, seconds)


# Naive baseline: the global all-time board page straight from the judgings.
NAIVE_BOARD = """
WITH best AS (
  SELECT s.user_id, s.task_id,
    max(CASE WHEN j.verdict = 'AC' THEN 1.0
             WHEN j.max_score > 0 THEN least(1.0, greatest(0.0, coalesce(j.score, 0) / j.max_score))
             ELSE 0.0 END) AS fraction,
    min(s.created_at) FILTER (WHERE j.verdict = 'AC') AS first_solve
  FROM submissions s JOIN judgings j ON j.submission_id = s.id
  WHERE s.participation_id IS NULL AND NOT s.is_reference AND j.valid AND j.status = 'done'
  GROUP BY s.user_id, s.task_id
), lines AS (
  SELECT b.user_id, round(sum(b.fraction * 10 * least(5, greatest(1, t.difficulty)))::numeric, 2)
      AS points, count(b.first_solve) AS solved, max(b.first_solve) AS last_solve_at
  FROM best b JOIN tasks t ON t.id = b.task_id JOIN users u ON u.id = b.user_id
  WHERE u.role = 'student' AND u.is_active
  GROUP BY b.user_id
)
SELECT user_id, points::float, solved, last_solve_at, count(*) OVER () AS total
FROM lines ORDER BY points DESC, user_id LIMIT :limit
"""


async def naive_board(session: AsyncSession, limit: int = 50) -> list[tuple[int, float, int]]:
    """(user id, points, solved) of the top ``limit`` students, computed from every judging."""
    rows = await session.execute(text(NAIVE_BOARD), {"limit": limit})
    return [(int(u), round(float(p), 2), int(s)) for u, p, s, _last, _total in rows]


def utcnow() -> datetime:
    return datetime.now(UTC)


async def reopen(session: AsyncSession, plan: Plan) -> Loaded:
    """What :func:`load` made, read back from a database kept by an earlier run."""
    ids = list(
        (
            await session.scalars(
                text("SELECT id FROM users WHERE username LIKE :p ORDER BY username"),
                {"p": f"{plan.prefix}%"},
            )
        ).all()
    )
    rows = await session.execute(
        select(Task.id, Task.live_dataset_id, Task.difficulty, Tier.track_id, Tier.level)
        .join(Module, Module.id == Task.module_id)
        .join(Tier, Tier.id == Module.tier_id)
        .where(Task.slug.like(f"{plan.prefix}-task-%"))
        .order_by(Task.position)
    )
    tasks = [
        BenchTask(task, dataset or 0, level, track, tier)
        for task, dataset, level, track, tier in rows
    ]
    return Loaded(ids, tasks)
