"""Tasks graded at once in the platform, without a sandbox (quizzes, and any task type whose
registry entry has an instant grader).

They still go through the same Submission and Judging records as everything else, so history,
score caches, rejudging and live pages treat them alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Dataset, Task
from ictarena.catalog.tasktypes.registry import kind
from ictarena.submissions import recording
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.reports import NormalReport


async def grade_instantly(
    session: AsyncSession,
    judging: Judging,
    zone: ZoneInfo,
    manifest: Mapping[str, Any] | None = None,
) -> bool:
    """Grade and record a judging of an instantly graded task type in the caller's
    transaction, with the grader its task type registers (``zone``: the platform's time zone,
    for the leaderboards). ``manifest`` replaces the dataset's: an exam paper's questions."""
    dataset = await session.get(Dataset, judging.dataset_id)
    submission = await session.get(Submission, judging.submission_id)
    assert dataset is not None and submission is not None
    task = await session.get(Task, submission.task_id)
    assert task is not None
    grade = kind(task.type).grade
    assert grade is not None, f"{task.type} tasks are graded in the sandbox"
    report = grade(dict(manifest or dataset.manifest), dict(submission.files))
    normal = NormalReport(
        verdict=report["verdict"],
        score=float(report["score"]),
        max_score=float(report["max_score"]),
        runs=report["runs"],
        raw={key: value for key, value in report.items() if key != "runs"},
    )
    return await recording.record_result(session, judging.id, normal, worker="platform", zone=zone)
