"""The jury's view of a mock exam: every participant's paper, hand-in and graded result, and
the group's share of the points by competency (where the coaching should go next).

A sheet is one participant in the exam round: whether their paper was drawn (their timer
started), whether they handed it in, and the graded score with its breakdown by competency,
as the grader reported it (:func:`ictarena.catalog.bank.grade_exam`). Read in three
statements, whatever the number of participants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.contests.models import Paper, Participation
from ictarena.submissions.models import Judging, JudgingStatus, Submission


class SheetState(StrEnum):
    NOT_STARTED = "not_started"  # no paper drawn: the timer was never started
    SITTING = "sitting"  # a paper, nothing handed in (yet, or ever once the window closed)
    GRADING = "grading"  # handed in, the grade not recorded yet
    FAILED = "failed"  # handed in, the grader failed (a judge error: rejudge it)
    GRADED = "graded"


@dataclass(frozen=True, slots=True)
class Share:
    """Points scored out of points possible, on one competency."""

    name: str
    score: float
    max_score: float
    count: int  # questions

    @property
    def percent(self) -> float:
        return 100 * self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True, slots=True)
class Sheet:
    participation_id: int
    name: str
    username: str
    state: SheetState
    drawn_at: datetime | None
    handed_in_at: datetime | None
    submission_id: int | None
    score: float | None  # graded only
    competencies: tuple[Share, ...]


def shares(report: Mapping[str, Any] | None) -> tuple[Share, ...]:
    """The competency breakdown of a grader's report (nothing when it has none)."""
    breakdown = (report or {}).get("breakdown")
    parts = breakdown.get("competency") if isinstance(breakdown, Mapping) else None
    if not isinstance(parts, list):
        return ()
    return tuple(
        Share(str(p["name"]), float(p["score"]), float(p["max_score"]), int(p.get("count", 0)))
        for p in parts
        if isinstance(p, Mapping) and {"name", "score", "max_score"} <= p.keys()
    )


def group_shares(sheets: Iterable[Sheet]) -> list[Share]:
    """Each competency's points over every graded sheet (pure): the group's share of what it
    could have scored, in the order the competencies first appear."""
    totals: dict[str, list[float]] = {}
    for sheet in sheets:
        if sheet.state is not SheetState.GRADED:
            continue
        for share in sheet.competencies:
            held = totals.setdefault(share.name, [0.0, 0.0, 0.0])
            held[0] += share.score
            held[1] += share.max_score
            held[2] += share.count
    return [Share(name, s, m, int(n)) for name, (s, m, n) in totals.items()]


async def exam_sheets(session: AsyncSession, contest_id: int, round_id: int) -> list[Sheet]:
    """Every participant of the contest in the exam round ``round_id``, by name."""
    people = (
        await session.execute(
            select(Participation.id, User.display_name, User.username)
            .join(User, User.id == Participation.user_id)
            .where(Participation.contest_id == contest_id)
            .order_by(User.display_name, User.username)
        )
    ).all()
    drawn: dict[int, datetime] = {
        participation_id: at
        for participation_id, at in await session.execute(
            select(Paper.participation_id, Paper.drawn_at).where(Paper.round_id == round_id)
        )
    }
    handed: dict[int, tuple[int, datetime, JudgingStatus | None, float | None, Any]] = {}
    rows = await session.execute(
        select(
            Submission.participation_id,
            Submission.id,
            Submission.created_at,
            Judging.status,
            Judging.score,
            Judging.report,
        )
        .outerjoin(Judging, and_(Judging.submission_id == Submission.id, Judging.valid.is_(True)))
        .where(Submission.round_id == round_id, Submission.is_reference.is_(False))
        .order_by(Submission.id, Judging.id)
    )
    for participation_id, submission_id, created_at, status, graded, report in rows:
        if participation_id is not None:  # each one's last
            handed[participation_id] = (submission_id, created_at, status, graded, report)
    sheets = []
    for participation_id, name, username in people:
        found = handed.get(participation_id)
        state = SheetState.SITTING if participation_id in drawn else SheetState.NOT_STARTED
        score: float | None = None
        competencies: tuple[Share, ...] = ()
        if found is not None:
            status, graded = found[2], found[3]
            if status is JudgingStatus.DONE and graded is not None:
                state, score, competencies = SheetState.GRADED, graded, shares(found[4])
            elif status is JudgingStatus.ERROR:
                state = SheetState.FAILED
            else:
                state = SheetState.GRADING
        sheets.append(
            Sheet(
                participation_id,
                name,
                username,
                state,
                drawn.get(participation_id),
                found[1] if found else None,
                found[0] if found else None,
                score,
                competencies,
            )
        )
    return sheets
