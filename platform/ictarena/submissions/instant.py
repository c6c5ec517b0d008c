"""Tasks graded at once in the platform, without a sandbox (quizzes).

They still go through the same Submission and Judging records as everything else, so history,
score caches, rejudging and live pages treat them alike.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Dataset, TaskType
from ictarena.catalog.quiz import grade_quiz
from ictarena.submissions import recording
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.reports import NormalReport

ANSWERS_FILE = "answers.json"
INSTANT_TYPES = frozenset({TaskType.QUIZ})


def quiz_answers(files: dict[str, Any]) -> dict[str, Any]:
    """The answers a quiz submission carries (question id -> answer); malformed means none."""
    try:
        answers = json.loads(files.get(ANSWERS_FILE, "{}"))
    except (TypeError, ValueError):
        return {}
    return answers if isinstance(answers, dict) else {}


async def grade_instantly(session: AsyncSession, judging: Judging) -> bool:
    """Grade and record a quiz judging in the caller's transaction."""
    dataset = await session.get(Dataset, judging.dataset_id)
    submission = await session.get(Submission, judging.submission_id)
    assert dataset is not None and submission is not None
    report = grade_quiz(dataset.manifest["quiz"], quiz_answers(dict(submission.files)))
    normal = NormalReport(
        verdict=report["verdict"],
        score=float(report["score"]),
        max_score=float(report["max_score"]),
        runs=report["runs"],
        raw={key: value for key, value in report.items() if key != "runs"},
    )
    return await recording.record_result(session, judging.id, normal, worker="platform")
