"""Production mode against real Redis and PostgreSQL: arq judge and platform workers, recovery,
exactly-once recording. Judging is scripted here (tests/judge covers the real sandbox)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from arq.constants import result_key_prefix
from redis.asyncio import Redis
from sqlalchemy import func, select

from ictarena.accounts.models import User
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.submissions import services
from ictarena.submissions.dispatch import dispatch_ready, jobs_for
from ictarena.submissions.models import Judging, Run, Submission
from ictarena.workers.queue import ArqQueue
from ictarena.workers.sweeper import sweep
from ictjudge.wire import JudgeJob
from tests.arena.helpers import UserFactory
from tests.arena.pipeline import fakes
from tests.arena.pipeline.conftest import REDIS_URL, TaskFixture, Workers, until

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[3]


async def _submit(db: Database, user: User, task: TaskFixture, source: str) -> int:
    rules = services.IntakeRules(per_minute=1000, languages=("cpp",))
    async with db.session() as session:
        submission, _ = await services.submit(
            session, user, task.task.id, "cpp", {"a.cpp": source}, rules
        )
        await session.commit()
        return submission.id


async def _count_judgings(db: Database, status: str) -> int:
    async with db.session() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(Judging).where(Judging.status == status)
            )
            or 0
        )


async def test_a_burst_of_500_from_50_students_is_judged_exactly_once(
    committed_db: Database,
    students: UserFactory,
    code_task: TaskFixture,
    judge_queue: ArqQueue,
    workers: Workers,
) -> None:
    fakes.CALLS.clear()
    users = [await students() for _ in range(50)]
    for round_ in range(10):
        for user in users:
            await _submit(committed_db, user, code_task, f"verdict={'AC' if round_ % 2 else 'WA'}")
    async with committed_db.session() as session:
        await dispatch_ready(session, judge_queue, [u.id for u in users])
    workers.start_platform()
    workers.start_judge()
    workers.start_judge()
    await until(lambda: _count_judgings_done(committed_db), 180, "500 verdicts")
    async with committed_db.session() as session:
        per_submission = (
            await session.execute(
                select(Submission.id, func.count(Judging.id))
                .outerjoin(Judging, Judging.submission_id == Submission.id)
                .group_by(Submission.id)
            )
        ).all()
        runs = await session.scalar(select(func.count()).select_from(Run))
    assert len(per_submission) == 500
    assert all(count == 1 for _id, count in per_submission)
    assert runs == 500 * 3
    assert sorted(set(fakes.CALLS.values())) == [1], "some judging was graded twice"


async def _count_judgings_done(db: Database) -> bool:
    return await _count_judgings(db, "done") == 500


async def test_two_workers_racing_on_one_job_record_one_judging(
    committed_db: Database,
    students: UserFactory,
    code_task: TaskFixture,
    judge_queue: ArqQueue,
    workers: Workers,
    redis: Redis,
) -> None:
    user = await students()
    await _submit(committed_db, user, code_task, "verdict=AC sleep=0.5")
    async with committed_db.session() as session:
        await dispatch_ready(session, judge_queue, [user.id])
        [job] = await jobs_for(session, [await session.scalar(select(Judging.id))])
    # The same judging handed out again as a new attempt, as the sweeper does for a stuck one.
    again = JudgeJob(**{**job.as_kwargs(), "attempt": 1})
    await judge_queue.enqueue("judge", again.job_id, **again.as_kwargs())
    workers.start_judge()
    workers.start_judge()
    workers.start_platform()
    await until(lambda: _has(committed_db, "done", 1), 30, "the verdict")
    # Wait until the platform worker has handled both attempts' reports, the slower one too.
    reports = [result_key_prefix + f"result:{job.judging_id}:{n}" for n in (0, 1)]
    await until(lambda: _all_exist(redis, reports), 30, "both attempts' reports")
    async with committed_db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Judging)) == 1
        assert await session.scalar(select(func.count()).select_from(Run)) == 3


async def _has(db: Database, status: str, n: int) -> bool:
    return await _count_judgings(db, status) == n


async def _all_exist(redis: Redis, keys: list[str]) -> bool:
    return int(await redis.exists(*keys)) == len(keys)


async def test_flushing_redis_loses_nothing(
    committed_db: Database,
    students: UserFactory,
    code_task: TaskFixture,
    judge_queue: ArqQueue,
    workers: Workers,
    redis: Redis,
    prod_settings: Settings,
) -> None:
    users = [await students() for _ in range(10)]
    for user in users:
        for _ in range(3):
            await _submit(committed_db, user, code_task, "verdict=AC")
    async with committed_db.session() as session:
        enqueued = await dispatch_ready(session, judge_queue, [u.id for u in users])
    assert enqueued == 20  # two per student; the third waits for a fair slot
    await redis.flushdb()
    report = await sweep(committed_db, judge_queue, prod_settings.stuck_after_s)
    assert report.lost == 20
    workers.start_platform()
    workers.start_judge()
    await until(lambda: _has(committed_db, "done", 30), 60, "30 verdicts")


async def test_a_worker_killed_mid_judging_still_yields_a_verdict(
    committed_db: Database,
    students: UserFactory,
    code_task: TaskFixture,
    judge_queue: ArqQueue,
    workers: Workers,
    prod_settings: Settings,
) -> None:
    user = await students()
    submission_id = await _submit(committed_db, user, code_task, "verdict=AC sleep0=60")
    async with committed_db.session() as session:
        await dispatch_ready(session, judge_queue, [user.id])
    workers.start_platform()
    env = {
        **os.environ,
        "ARENA_MODE": "production",
        "ARENA_DATABASE_URL": "postgresql://unused.invalid/none",  # judge hosts never use it
        "ARENA_REDIS_URL": REDIS_URL,
        "ARENA_DATA_DIR": str(prod_settings.data_dir),
        "ARENA_SECRET_KEY": "x",
        "ARENA_GRADER": prod_settings.grader,
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(  # noqa: ASYNC220 - the worker must be a real, killable process
        [sys.executable, "-m", "ictarena.cli.main", "worker", "--judge"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        await until(lambda: _has(committed_db, "judging", 1), 30, "the judging to start")
        process.send_signal(signal.SIGKILL)
        await asyncio.to_thread(process.wait, 10)
        # The sweeper notices the judging has been running too long and hands it out again.
        report = await sweep(committed_db, judge_queue, stuck_after_s=0)
        assert report.stuck == 1
        workers.start_judge()
        await until(lambda: _has(committed_db, "done", 1), 30, "the verdict")
    finally:
        if process.poll() is None:
            process.kill()
            await asyncio.to_thread(process.wait, 10)
    async with committed_db.session() as session:
        judging = await session.scalar(
            select(Judging).where(Judging.submission_id == submission_id)
        )
        assert judging is not None and judging.verdict == "AC" and judging.attempts == 1
