"""A student's submission history as a page: the filters and the page number read from the
query string, and links to other pages. The student's own "My submissions" and a coach's view
of one student share it; :mod:`ictarena.submissions.history` reads the rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ictarena.db import DbSession
from ictarena.http import query as query_values
from ictarena.submissions.history import PENDING, HistoryFilter, submission_history
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
        return "?" + urlencode({**self.wanted, "page": page})


async def history(session: DbSession, user_id: int, params: Mapping[str, str]) -> History:
    wanted = {key: params[key][: query_values.MAX_TEXT] for key in FILTERS if params.get(key)}
    if wanted.get("verdict") not in (None, PENDING, *VERDICT_CODES):
        del wanted["verdict"]  # an unknown verdict is no filter, as the form's "any"
    page = query_values.integer(params, "page", 1, 1, MAX_PAGE)
    found = await submission_history(session, user_id, HistoryFilter(**wanted), page, PAGE_SIZE)
    return History(found.rows, found.tasks, page, found.more, wanted)
