"""The database's record of the load run's contest, as JSON on stdout: every submission with
its task type, when it arrived, and its judgings (how many, the one that counts, when it
finished). Run where the platform runs, like ``seed.py``::

    docker-compose exec -T web python - < benchmarks/load/facts.py > facts.json
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from sqlalchemy import select

from ictarena.catalog.models import Task
from ictarena.contests.models import Contest, Round
from ictarena.db import Database
from ictarena.settings import load_settings
from ictarena.submissions.models import Judging, Submission

SLUG = "load-mock"


async def facts() -> dict[str, Any]:
    database = Database.from_url(load_settings().db_url)
    try:
        async with database.transaction() as session:
            contest = await session.scalar(select(Contest).where(Contest.slug == SLUG))
            if contest is None:
                sys.exit(f"facts: no contest {SLUG!r}")
            rounds = select(Round.id).where(Round.contest_id == contest.id)
            rows = (
                await session.execute(
                    select(Submission.id, Submission.created_at, Task.type)
                    .join(Task, Task.id == Submission.task_id)
                    .where(Submission.round_id.in_(rounds))
                )
            ).all()
            ids = [r.id for r in rows]
            judgings = (
                await session.execute(
                    select(Judging).where(Judging.submission_id.in_(ids)).order_by(Judging.id)
                )
            ).scalars()
            by_submission: dict[int, list[dict[str, Any]]] = {}
            for j in judgings:
                by_submission.setdefault(j.submission_id, []).append(
                    {
                        "id": j.id,
                        "valid": j.valid,
                        "rejudging": j.rejudging_id,
                        "status": str(j.status),
                        "verdict": str(j.verdict) if j.verdict else None,
                        "attempts": j.attempts,
                        "finished_at": j.finished_at.timestamp() if j.finished_at else None,
                    }
                )
    finally:
        await database.dispose()
    return {
        "submissions": [
            {
                "id": r.id,
                "type": str(r.type),
                "created_at": r.created_at.timestamp(),
                "judgings": by_submission.get(r.id, []),
            }
            for r in rows
        ]
    }


if __name__ == "__main__":
    json.dump(asyncio.run(facts()), sys.stdout)
    sys.stdout.write("\n")
