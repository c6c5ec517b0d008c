"""Verdicts recorded at the same moment, on PostgreSQL with real commits: one student's two
tasks, and two students on one task. Each rebuild waits for the other, so nothing is lost."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ictarena.db import Database
from ictarena.leaderboards.models import BoardTotal, TaskStat
from ictarena.submissions.models import Judging, Submission
from tests.arena.leaderboards.world import build_world, finish

pytestmark = pytest.mark.postgres
T0 = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


async def _queued(db: Database, user_id: int, task_id: int, dataset_id: int, at: datetime) -> int:
    async with db.transaction() as session:
        submission = Submission(user_id=user_id, task_id=task_id, files={}, created_at=at)
        session.add(submission)
        await session.flush()
        judging = Judging(submission_id=submission.id, dataset_id=dataset_id)
        session.add(judging)
        await session.flush()
        return judging.id


async def test_verdicts_recorded_at_once_are_all_counted(committed_db: Database) -> None:
    async with committed_db.session() as session:
        world = await build_world(session, difficulties=(1, 2, 3), students=2)
    ada, bob = world.students
    datasets = {t.id: t.live_dataset_id for t in world.tasks}
    for round_ in range(4):
        at = T0 + timedelta(hours=round_)
        first, second = world.tasks[round_ % 3], world.tasks[(round_ + 1) % 3]
        pending = [
            (ada.id, first.id),
            (ada.id, second.id),  # the same student, another task
            (bob.id, first.id),  # another student, the same task
        ]
        judgings = []
        for user_id, task_id in pending:
            dataset = datasets[task_id]
            assert dataset is not None
            judgings.append(await _queued(committed_db, user_id, task_id, dataset, at))
        await asyncio.gather(*(finish(committed_db, j, "AC", 100.0) for j in judgings))
    async with committed_db.session() as session:
        lines = {
            line.user_id: (line.points, line.solved)
            for line in await session.scalars(
                select(BoardTotal).where(BoardTotal.board == "all", BoardTotal.period == "all")
            )
        }
        # Over the four rounds both solve all three tasks: 10 + 20 + 30 points.
        assert lines == {ada.id: (60.0, 3), bob.id: (60.0, 3)}
        stats = {
            s.task_id: (s.attempted, s.solved, s.submissions, s.accepted)
            for s in await session.scalars(select(TaskStat))
        }
    counted: dict[int, list[tuple[int, int]]] = {}
    for round_ in range(4):
        first, second = world.tasks[round_ % 3], world.tasks[(round_ + 1) % 3]
        for pair in ((ada.id, first.id), (ada.id, second.id), (bob.id, first.id)):
            counted.setdefault(pair[1], []).append(pair)
    assert stats == {
        task: (len({u for u, _ in pairs}), len({u for u, _ in pairs}), len(pairs), len(pairs))
        for task, pairs in counted.items()
    }
