"""Verdict to board, for the leaderboard benchmark (``board_bench.py`` runs this file in a
process of its own, as a platform worker records verdicts, so that the viewers' event loop
cannot delay it): a queued practice judging of a task the student has not tried is recorded as
accepted with the platform's ``record_result`` and committed, then the board query is polled
until the student's points show it.

Usage: .venv/bin/python benchmarks/board_verdicts.py COUNT DATABASE_URL  (prints JSON: pairs of
milliseconds, recorded and committed / shown on the board)
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import ictarena.models  # noqa: E402, F401  (every table, for the ORM)
from benchmarks.board_data import Loaded, Plan, reopen  # noqa: E402
from ictarena.db import Database  # noqa: E402
from ictarena.leaderboards.boards import board  # noqa: E402
from ictarena.submissions.models import Judging, Submission  # noqa: E402
from ictarena.submissions.recording import record_result  # noqa: E402
from ictarena.submissions.reports import NormalReport  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")


async def verdict_latency(db: Database, loaded: Loaded, count: int) -> list[tuple[float, float]]:
    """(record and commit, until the board shows it) in ms for ``count`` accepted verdicts."""
    zone = ZONE
    rng = random.Random(7)
    out = []
    for student in rng.sample(loaded.student_ids, count):
        async with db.session() as session:
            tried = set(
                (
                    await session.scalars(
                        select(Submission.task_id).where(Submission.user_id == student)
                    )
                ).all()
            )
            task = rng.choice([t for t in loaded.tasks if t.id not in tried] or loaded.tasks)
            before = (await board(session, viewer_id=student)).viewer
            had = before.points if before else 0.0
            submission = Submission(user_id=student, task_id=task.id, language="cpp", files={})
            session.add(submission)
            await session.flush()
            judging = Judging(submission_id=submission.id, dataset_id=task.dataset_id)
            session.add(judging)
            await session.commit()
        expected = round(had + 10 * task.difficulty, 2) if task.id not in tried else had
        started = time.perf_counter()
        async with db.session() as session:
            report = NormalReport("AC", 100.0, 100.0, [], {})
            await record_result(session, judging.id, report, worker="bench", zone=zone)
            await session.commit()
        recorded = time.perf_counter()
        for _ in range(1000):
            async with db.session() as session:
                row = (await board(session, viewer_id=student)).viewer
            if row is not None and row.points >= expected - 0.01:
                break
        shown = time.perf_counter()
        out.append(((recorded - started) * 1000, (shown - started) * 1000))
    return out


async def record_verdicts(url: str, count: int) -> None:
    db = Database.from_url(url)
    try:
        async with db.session() as session:
            loaded = await reopen(session, Plan())
        print(json.dumps(await verdict_latency(db, loaded, count)))
    finally:
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(record_verdicts(sys.argv[2], int(sys.argv[1])))
