"""Handing in an exam paper: once, through contest intake.

A certification exam takes one set of answers: the result (the score and its breakdown) shows
as soon as the paper is handed in, so letting a participant hand in again would let them probe
which answers score. The paper's row is held for the rest of the transaction, so of two
hand-ins racing (a double click, two tabs) the second sees the first and is refused; the answers
then go through :func:`ictarena.intake.contest.accept_contest` like any contest submission
(the window checked at the server's clock, graded against the paper).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.quiz import ANSWERS_FILE
from ictarena.contests import access, papers
from ictarena.contests.models import Contest, Round
from ictarena.errors import Forbidden, InvalidInput
from ictarena.intake.contest import accept_contest
from ictarena.intake.service import Outlets
from ictarena.submissions.contest_attempts import round_attempts
from ictarena.submissions.models import Submission
from ictarena.submissions.services import IntakeRules


async def handed_in(
    session: AsyncSession, round: Round, entry_id: int, participation_id: int
) -> bool:
    """Has the participant handed in their paper of ``round``?"""
    return bool(await round_attempts(session, round.id, entry_id, participation_id))


async def hand_in(
    session: AsyncSession,
    user: User,
    contest: Contest,
    round: Round,
    answers: Mapping[str, Any],
    rules: IntakeRules,
    outlets: Outlets,
    ip: str | None = None,
) -> Submission:
    """Hand in ``user``'s answers (question id -> answer) to their paper of ``round``; commits.
    Answers to questions not on the paper are dropped. Raises Forbidden (not a participant),
    InvalidInput ``exam_not_started`` (no paper drawn) or ``exam_already_submitted``, and
    whatever contest intake raises; nothing is stored then and the caller rolls back."""
    place = await access.participation(session, contest.id, user.id)
    if place is None or not user.is_active:
        raise Forbidden("contest_not_participant")
    paper = await papers.hold_paper(session, round.id, place.id)
    if paper is None:
        raise InvalidInput("exam_not_started", field="round")
    if await handed_in(session, round, place.entry_id, place.id):
        raise InvalidInput("exam_already_submitted", field="answers")
    on_paper = set(papers.paper_ids(paper))
    kept = {qid: value for qid, value in answers.items() if qid in on_paper}
    files = {ANSWERS_FILE: json.dumps(kept)}
    return await accept_contest(
        session, user, contest.id, round.id, paper.task_id, None, files, rules, outlets, ip
    )
