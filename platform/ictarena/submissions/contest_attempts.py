"""A contest subject's submissions to one round, for the contest pages: in a round the team
shares, every member's; in an individual round, the member's own. Each comes with its valid
judging, if any. Read-only."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.submissions.models import Judging, Submission

LIMIT = 200  # a round's history on one page; a participant rarely submits more


async def round_attempts(
    session: AsyncSession, round_id: int, entry_id: int, participation_id: int | None
) -> Sequence[Row[Submission, Judging | None]]:
    """The subject's submissions to ``round_id``, newest first: the whole entry's when
    ``participation_id`` is None (a shared round), else that member's."""
    query = (
        select(Submission, Judging)
        .outerjoin(Judging, (Judging.submission_id == Submission.id) & Judging.valid.is_(True))
        .where(Submission.round_id == round_id, Submission.entry_id == entry_id)
        .order_by(Submission.id.desc())
        .limit(LIMIT)
    )
    if participation_id is not None:
        query = query.where(Submission.participation_id == participation_id)
    return (await session.execute(query)).all()
