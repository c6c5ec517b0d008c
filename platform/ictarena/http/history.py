"""A student's submission history, filtered by task, verdict and language and paged: the
student's own "My submissions" and a coach's view of one student share it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Task
from ictarena.http import query as query_values
from ictarena.submissions.models import Judging, Submission
from ictjudge.wire import Verdict

PAGE_SIZE = 50
MAX_PAGE = 1_000_000  # the offset stays far inside the database's integers
VERDICT_CODES = frozenset(v.value for v in Verdict)
FILTERS = ("task", "verdict", "language")


@dataclass
class History:
    rows: list[Any]  # (Submission, Task, Judging | None)
    tasks: list[Any]  # (slug, title_en, title_zh) of every task the student submitted to
    page: int
    more: bool
    wanted: dict[str, str]

    def link(self, page: int) -> str:
        """The query string of another page with the same filters."""
        from urllib.parse import urlencode

        return "?" + urlencode({**self.wanted, "page": page})


async def history(session: AsyncSession, user_id: int, params: Mapping[str, str]) -> History:
    wanted = {key: params[key][: query_values.MAX_TEXT] for key in FILTERS if params.get(key)}
    if wanted.get("verdict") not in (None, "pending", *VERDICT_CODES):
        del wanted["verdict"]  # an unknown verdict is no filter, as the form's "any"
    query = (
        select(Submission, Task, Judging)
        .join(Task, Task.id == Submission.task_id)
        .outerjoin(Judging, (Judging.submission_id == Submission.id) & Judging.valid.is_(True))
        .where(Submission.user_id == user_id)
        .order_by(Submission.id.desc())
    )
    if "task" in wanted:
        query = query.where(Task.slug == wanted["task"])
    if "verdict" in wanted:
        if wanted["verdict"] == "pending":
            query = query.where(Judging.verdict.is_(None))
        else:
            query = query.where(Judging.verdict == wanted["verdict"])
    if "language" in wanted:
        query = query.where(Submission.language == wanted["language"])
    page = query_values.integer(params, "page", 1, 1, MAX_PAGE)
    rows = (await session.execute(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1))).all()
    tasks = (
        await session.execute(
            select(Task.slug, Task.title_en, Task.title_zh)
            .where(Task.id.in_(select(Submission.task_id).where(Submission.user_id == user_id)))
            .order_by(Task.slug)
        )
    ).all()
    return History(list(rows[:PAGE_SIZE]), list(tasks), page, len(rows) > PAGE_SIZE, wanted)
