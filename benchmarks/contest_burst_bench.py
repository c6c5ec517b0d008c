"""Contest-start burst benchmark: every participant submits in the contest's first minute.

A contest's lab round opens; ``--participants`` students (each alone on their line) submit to
its task at once (or spread over ``--spread`` seconds), each through contest intake
(:func:`ictarena.intake.contest.accept_contest`: the entitlement at the server's clock, the
submission and its pending scoreboard cell, the commit, the dispatch) on PostgreSQL, each in
their own session. ``--greedy`` of them also send ``--extra`` more submissions at the same
moment. The judge is the embedded pipeline (the in-process queue, ``--judges`` judges, the real
recorder and scoreboard cache) with the scripted grader of the pipeline tests taking
``--judge-ms`` per submission.

It checks and prints:

- accepted: every submission is accepted (no refusal, no error), and none is lost: every one
  has a judging that finished with its verdict, and every participant's cell is solved with
  nothing pending;
- intake: the burst's duration and each intake call's latency (p50, p95, max);
- fair order: judges pick work up in the order it was submitted, and a student's burst does
  not push others back (``judge_cap_per_user``, :mod:`ictarena.submissions.dispatch`).
  ``inversions`` is the share of pairs of first submissions judged in the opposite order to
  their submission time (0: strictly first come, first served; 0.5: random); ``max
  displacement`` the furthest a first submission was judged from its place in that order;
  ``judged ahead ... at most`` how much later than an earlier submission one that overtook it
  was made (submissions made together may go in either order, later ones may not);
  ``later arrivals judged before a greedy student's backlog`` the share of other students'
  first submissions, made after a greedy student's burst but before its submissions beyond
  the cap were picked up, that were judged first (1: the cap lets them past the backlog, as
  it should; 0: the backlog is served first, as a plain queue would);
- the wait from submission to verdict (p50, p95, max) of first submissions.

Usage: .venv/bin/python benchmarks/contest_burst_bench.py [--participants 300] [--judges 8]
       [--judge-ms 200] [--spread 0] [--greedy 10] [--extra 5]
Needs PostgreSQL on 127.0.0.1:5432 (bash infra/test.sh starts it). Nothing is timed against a
target: the figures go to the README.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ictarena import migrate  # noqa: E402
from ictarena.accounts.models import Role, User  # noqa: E402
from ictarena.contests.models import (  # noqa: E402
    Contest,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    ScoreCell,
    Scoring,
    WindowType,
)
from ictarena.db import Database, create_engine, utcnow  # noqa: E402
from ictarena.events.notifier import Notifier  # noqa: E402
from ictarena.intake.contest import accept_contest  # noqa: E402
from ictarena.intake.service import Outlets  # noqa: E402
from ictarena.settings import load_settings  # noqa: E402
from ictarena.submissions.models import Judging, JudgingStatus, Submission  # noqa: E402
from ictarena.submissions.services import IntakeRules  # noqa: E402
from ictarena.workers.embedded import start_embedded  # noqa: E402
from ictarena.workers.fleet import MemoryFleet  # noqa: E402
from ictarena.workers.queue import InProcessQueue  # noqa: E402
from tests.arena.pipeline.conftest import make_code_task  # noqa: E402
from tests.arena.pipeline.fakes import ScriptedGrader  # noqa: E402

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"
RULES = IntakeRules(languages=("cpp",), per_minute=60)
Row = tuple[int, int, datetime, Judging]  # submission, user, submitted at, valid judging


@dataclass(frozen=True)
class Plan:
    participants: int = 300
    judges: int = 8
    judge_ms: float = 200.0
    spread_s: float = 0.0
    greedy: int = 10
    extra: int = 5
    cap: int = 2
    seed: int = 14


@dataclass
class Intake:
    user_id: int
    first: bool
    started: float
    ended: float
    submission_id: int | None = None
    error: str | None = None


@dataclass
class Figures:
    plan: Plan
    submitted: int = 0
    accepted: int = 0
    errors: list[str] = field(default_factory=list)
    stored: int = 0
    judged: int = 0
    solved_cells: int = 0
    pending_cells: int = 0
    burst_s: float = 0.0
    drain_s: float = 0.0
    latency_ms: list[float] = field(default_factory=list)
    inversions: float = 0.0
    max_displacement: int = 0
    max_overtake_s: float = 0.0
    let_ahead: float | None = None
    wait_s: list[float] = field(default_factory=list)
    stages: dict[str, list[float]] = field(
        default_factory=lambda: {
            "submitted → queued": [],
            "queued → picked up": [],
            "picked up → verdict": [],
        }
    )

    @property
    def lost(self) -> int:
        return self.accepted - self.judged


@dataclass(frozen=True)
class Stage:
    contest_id: int
    round_id: int
    task_id: int
    users: list[User]


async def prepare(db: Database, tasks_dir: Path, plan: Plan) -> Stage:
    """A contest whose lab round opened a second ago, its task, and its participants."""
    async with db.session() as session:
        fixture = await make_code_task(session, tasks_dir, f"burst{uuid.uuid4().hex[:6]}")
        admin = User(
            username=f"burst-admin-{uuid.uuid4().hex[:6]}",
            display_name="Jury",
            password_hash="!",
            role=Role.ADMIN,
        )
        session.add(admin)
        await session.flush()
        contest = Contest(slug=f"burst-{uuid.uuid4().hex[:8]}", title="Burst", created_by=admin.id)
        session.add(contest)
        await session.flush()
        now = utcnow()
        round = Round(
            contest_id=contest.id,
            position=1,
            name="Lab",
            kind=RoundKind.LAB,
            scoring=Scoring.ICPC,
            window=WindowType.FIXED,
            starts_at=now - timedelta(seconds=1),
            ends_at=now + timedelta(hours=1),
        )
        session.add(round)
        await session.flush()
        assert fixture.task.live_dataset_id is not None
        session.add(
            RoundTask(
                round_id=round.id, task_id=fixture.task.id, dataset_id=fixture.task.live_dataset_id
            )
        )
        users = []
        tag = uuid.uuid4().hex[:6]
        for number in range(plan.participants):
            user = User(
                username=f"burst{tag}-{number}",
                display_name=f"Participant {number}",
                password_hash="!",
                role=Role.STUDENT,
            )
            session.add(user)
            users.append(user)
        await session.flush()
        entries = [Entry(contest_id=contest.id, name=u.username) for u in users]
        session.add_all(entries)
        await session.flush()
        session.add_all(
            Participation(contest_id=contest.id, user_id=u.id, entry_id=e.id)
            for u, e in zip(users, entries, strict=True)
        )
        await session.commit()
        return Stage(contest.id, round.id, fixture.task.id, users)


async def _intake(
    db: Database, stage: Stage, outlets: Outlets, user: User, first: bool, source: str
) -> Intake:
    started = time.perf_counter()
    row = Intake(user.id, first, started, started)
    try:
        async with db.session() as session:
            made = await accept_contest(
                session,
                user,
                stage.contest_id,
                stage.round_id,
                stage.task_id,
                "cpp",
                {"a.cpp": source},
                RULES,
                outlets,
            )
            row.submission_id = made.id
    except Exception as exc:  # a refusal or a failure: counted, not raised
        row.error = f"{type(exc).__name__}: {exc}"
    row.ended = time.perf_counter()
    return row


async def burst(db: Database, data_dir: Path, plan: Plan) -> Figures:
    """Set up, run the burst, let the judges drain the queue, and measure."""
    settings = load_settings(data_dir=data_dir, judge_cap_per_user=plan.cap, secret_key="bench")
    stage = await prepare(db, settings.tasks_dir, plan)
    queue = InProcessQueue(concurrency=plan.judges)
    notifier = Notifier()
    start_embedded(
        settings, db, queue, notifier, MemoryFleet(), ScriptedGrader(), sweep_every_s=None
    )
    queue.start()
    outlets = Outlets(queue, notifier, plan.cap, settings.zone)
    rng = random.Random(plan.seed)
    greedy = set(rng.sample(range(plan.participants), min(plan.greedy, plan.participants)))
    sleep = f"sleep={plan.judge_ms / 1000:.3f}" if plan.judge_ms > 0 else ""
    source = f"// verdict=AC {sleep}\nint main() {{ return 0; }}\n"
    go = asyncio.Event()

    async def participant(index: int, user: User) -> list[Intake]:
        await go.wait()
        if plan.spread_s > 0:
            await asyncio.sleep(rng.uniform(0, plan.spread_s))  # load shape, not synchronisation
        count = 1 + (plan.extra if index in greedy else 0)
        first = await _intake(db, stage, outlets, user, True, source)
        rest = await asyncio.gather(
            *(_intake(db, stage, outlets, user, False, source) for _ in range(count - 1))
        )
        return [first, *rest]

    runners = [asyncio.create_task(participant(i, user)) for i, user in enumerate(stage.users)]
    began = time.perf_counter()
    go.set()
    rows = [row for batch in await asyncio.gather(*runners) for row in batch]
    burst_end = time.perf_counter()
    await queue.join()
    drained = time.perf_counter()
    await queue.close()
    figures = Figures(plan)
    figures.submitted = len(rows)
    figures.accepted = sum(1 for r in rows if r.error is None)
    figures.errors = sorted({r.error for r in rows if r.error})
    figures.burst_s = burst_end - began
    figures.drain_s = drained - began
    figures.latency_ms = [(r.ended - r.started) * 1000 for r in rows]
    await _measure(db, stage, rows, greedy, figures)
    return figures


async def _measure(
    db: Database, stage: Stage, rows: list[Intake], greedy: set[int], figures: Figures
) -> None:
    async with db.session() as session:
        result = (
            await session.execute(
                select(Submission.id, Submission.user_id, Submission.created_at, Judging)
                .join(Judging, Judging.submission_id == Submission.id)
                .where(Submission.round_id == stage.round_id, Judging.valid.is_(True))
                .order_by(Submission.id)
            )
        ).all()
        judged: list[Row] = [(int(s), int(u), c, j) for s, u, c, j in result]
        cells = (
            await session.execute(
                select(func.count().filter(ScoreCell.solved), func.sum(ScoreCell.pending)).where(
                    ScoreCell.round_id == stage.round_id
                )
            )
        ).one()
    ids = {r.submission_id for r in rows if r.submission_id is not None}
    figures.stored = len({sid for sid, _u, _c, _j in judged})
    figures.judged = sum(
        1
        for sid, _u, _c, j in judged
        if sid in ids and j.status is JudgingStatus.DONE and j.verdict == "AC"
    )
    figures.solved_cells, figures.pending_cells = int(cells[0] or 0), int(cells[1] or 0)
    firsts = {r.submission_id for r in rows if r.first and r.submission_id is not None}
    first_rows = [(sid, created, j) for sid, _u, created, j in judged if sid in firsts]
    # The submission order is the server's stamp (ties by id); the judging order, pick-up.
    order = [sid for sid, _c, _j in sorted(first_rows, key=lambda p: (p[1], p[0]))]
    picked = [sid for sid, _c, _j in sorted(first_rows, key=lambda p: (p[2].started_at, p[0]))]
    figures.inversions = inversion_share(order, picked)
    figures.max_displacement = max_displacement(order, picked)
    stamps = {sid: created for sid, created, _j in first_rows}
    figures.max_overtake_s = max_overtake_s(order, picked, stamps)
    figures.wait_s = [
        (j.finished_at - created).total_seconds()
        for sid, _u, created, j in judged
        if sid in firsts and j.finished_at is not None
    ]
    for sid, _u, created, j in judged:
        if sid in firsts and j.enqueued_at and j.started_at and j.finished_at:
            figures.stages["submitted → queued"].append((j.enqueued_at - created).total_seconds())
            figures.stages["queued → picked up"].append(
                (j.started_at - j.enqueued_at).total_seconds()
            )
            figures.stages["picked up → verdict"].append(
                (j.finished_at - j.started_at).total_seconds()
            )
    greedy_users = {stage.users[i].id for i in greedy}
    figures.let_ahead = let_ahead_share(judged, firsts, greedy_users, figures.plan.cap)


def inversion_share(order: list[int], picked: list[int]) -> float:
    """The share of pairs taken in the opposite order to ``order`` (Kendall's distance)."""
    n = len(order)
    if n < 2:
        return 0.0
    rank = {sid: i for i, sid in enumerate(picked)}
    inverted = sum(1 for i in range(n) for j in range(i + 1, n) if rank[order[i]] > rank[order[j]])
    return inverted / (n * (n - 1) / 2)


def max_displacement(order: list[int], picked: list[int]) -> int:
    rank = {sid: i for i, sid in enumerate(picked)}
    return max((abs(rank[sid] - i) for i, sid in enumerate(order)), default=0)


def max_overtake_s(order: list[int], picked: list[int], stamps: dict[int, datetime]) -> float:
    """The furthest apart in submission time two first submissions judged in the opposite
    order were: judging follows submission time up to this many seconds."""
    rank = {sid: i for i, sid in enumerate(picked)}
    worst = 0.0
    for i, early in enumerate(order):
        for late in order[i + 1 :]:
            if rank[late] < rank[early]:
                worst = max(worst, (stamps[late] - stamps[early]).total_seconds())
    return worst


def let_ahead_share(
    judged: list[Row], firsts: set[int], greedy_users: set[int], cap: int
) -> float | None:
    """Of the pairs (a greedy student's submission beyond the cap, another student's first
    submission made after it but before it was picked up), the share in which the other was
    judged first: 1.0 when the cap lets later arrivals past a student's backlog, 0.0 when the
    backlog is served first (None: no such pair)."""
    by_user: dict[int, list[Row]] = {}
    for row in judged:
        by_user.setdefault(row[1], []).append(row)
    beyond = [
        (created, judging.started_at)
        for user_id in greedy_users
        for _sid, _u, created, judging in sorted(by_user.get(user_id, []), key=lambda r: r[0])[cap:]
        if judging.started_at is not None
    ]
    others = [
        (created, judging.started_at)
        for sid, user_id, created, judging in judged
        if sid in firsts and user_id not in greedy_users and judging.started_at is not None
    ]
    pairs = [
        (other_at, extra_at)
        for extra_made, extra_at in beyond
        for other_made, other_at in others
        if extra_made <= other_made < extra_at
    ]
    if not pairs:
        return None
    return sum(1 for other_at, extra_at in pairs if other_at < extra_at) / len(pairs)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(figures: Figures) -> str:
    plan = figures.plan
    lines = [
        f"Contest-start burst: {plan.participants} participants "
        f"({plan.greedy} also sending {plan.extra} more at once), spread {plan.spread_s:g} s, "
        f"{plan.judges} judges of {plan.judge_ms:g} ms, judge cap {plan.cap} per student",
        "",
        "| measurement | result |",
        "|---|---|",
        f"| accepted | {figures.accepted} of {figures.submitted} |",
        f"| lost (accepted, not judged) | {figures.lost} |",
        f"| participants solved on the board, pending cells | {figures.solved_cells} of "
        f"{plan.participants}, {figures.pending_cells} |",
        f"| burst intake (all accepted) | {figures.burst_s:.2f} s, "
        f"{figures.submitted / max(figures.burst_s, 1e-9):.0f} submissions/s |",
        f"| intake latency p50 / p95 / max | {percentile(figures.latency_ms, 0.5):.0f} / "
        f"{percentile(figures.latency_ms, 0.95):.0f} / {max(figures.latency_ms, default=0):.0f} "
        "ms |",
        f"| all judged after | {figures.drain_s:.1f} s |",
        f"| first submissions judged out of order (inversions) | {figures.inversions:.4f} |",
        f"| max displacement of a first submission | {figures.max_displacement} places |",
        f"| judged ahead of an earlier first submission, at most | "
        f"{figures.max_overtake_s:.3f} s later in submission time |",
        "| later arrivals judged before a greedy student's backlog beyond the cap | "
        + ("no such arrival" if figures.let_ahead is None else f"{figures.let_ahead:.3f}")
        + " |",
        f"| first submission to verdict p50 / p95 / max | {percentile(figures.wait_s, 0.5):.1f}"
        f" / {percentile(figures.wait_s, 0.95):.1f} / {max(figures.wait_s, default=0):.1f} s |",
    ]
    for stage, values in figures.stages.items():
        lines.append(
            f"| first submissions, {stage}, p50 / p95 | {percentile(values, 0.5):.2f} / "
            f"{percentile(values, 0.95):.2f} s |"
        )
    if figures.errors:
        lines += ["", "Errors:", *(f"- {e}" for e in figures.errors)]
    return "\n".join(lines)


async def admin_sql(sql: str) -> None:
    engine = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT", poolclass=NullPool)
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--judges", type=int, default=8)
    parser.add_argument("--judge-ms", type=float, default=200.0)
    parser.add_argument("--spread", type=float, default=0.0, help="seconds (at most 60)")
    parser.add_argument("--greedy", type=int, default=10)
    parser.add_argument("--extra", type=int, default=5)
    parser.add_argument("--cap", type=int, default=2)
    args = parser.parse_args()
    plan = Plan(
        participants=args.participants,
        judges=args.judges,
        judge_ms=args.judge_ms,
        spread_s=min(args.spread, 60.0),
        greedy=args.greedy,
        extra=args.extra,
        cap=args.cap,
    )
    name = f"arena_burst_{uuid.uuid4().hex[:8]}"
    await admin_sql(f'CREATE DATABASE "{name}"')
    try:
        url = f"{PG}/{name}"
        await asyncio.to_thread(migrate.upgrade, url)
        db = Database.from_url(url)
        try:
            figures = await burst(db, Path(tempfile.mkdtemp(prefix="arena-burst-")), plan)
        finally:
            await db.dispose()
    finally:
        await admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(report(figures))
    if figures.accepted != figures.submitted or figures.lost:
        raise SystemExit(1)


if __name__ == "__main__":
    asyncio.run(main())
