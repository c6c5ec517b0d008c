"""A coach's promotion queue for one cohort: the students who meet every entry criterion of
their next tier in a track, then those who are close (at least 80 % of the way on average),
each with the criteria snapshot; and bulk approval of the first group. A student appears once
per track they are ready or close in. A fixed number of queries whatever the cohort's size.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.directory import cohort_students
from ictarena.accounts.models import Cohort, Role, User
from ictarena.errors import Forbidden, InvalidInput, NotFound
from ictarena.progression.criteria import CLOSE
from ictarena.progression.models import Promotion
from ictarena.progression.promotions import promote
from ictarena.progression.readiness import Readiness, readiness_of


@dataclass(frozen=True)
class QueueRow:
    student: User
    readiness: Readiness

    def to_json(self) -> dict[str, Any]:
        ready = self.readiness
        last = ready.last
        return {
            "student": {
                "id": self.student.id,
                "username": self.student.username,
                "name": self.student.display_name,
            },
            "track": ready.track.slug,
            "held": ready.held.slug,
            "next": ready.next_tier.slug if ready.next_tier else None,
            **ready.snapshot(),
            "last_decision": (
                {"decision": last.decision, "reason": last.reason, "early": last.early}
                if last is not None
                else None
            ),
        }


@dataclass(frozen=True)
class PromotionQueue:
    cohort: Cohort
    ready: list[QueueRow] = field(default_factory=list)  # every criterion met
    close: list[QueueRow] = field(default_factory=list)  # closeness >= CLOSE, best first

    def to_json(self) -> dict[str, Any]:
        return {
            "cohort": {"id": self.cohort.id, "name": self.cohort.name},
            "ready": [row.to_json() for row in self.ready],
            "close": [row.to_json() for row in self.close],
        }


async def cohort_queue(session: AsyncSession, cohort_id: int) -> PromotionQueue:
    """The queue of a cohort, for whoever is already allowed to see it (the command line)."""
    cohort = await session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("cohort_not_found")
    students = [s for s in await cohort_students(session, cohort.id) if s.role is Role.STUDENT]
    by_id = {s.id: s for s in students}
    ready: list[QueueRow] = []
    close: list[QueueRow] = []
    for user_id, tracks in (await readiness_of(session, by_id)).items():
        for row in tracks:
            if row.next_tier is None:
                continue
            if row.met:
                ready.append(QueueRow(by_id[user_id], row))
            elif row.progress and row.closeness >= CLOSE:
                close.append(QueueRow(by_id[user_id], row))
    ready.sort(key=lambda r: (r.readiness.track.position, r.student.username))
    close.sort(key=lambda r: (-r.readiness.closeness, r.student.username))
    return PromotionQueue(cohort, ready, close)


async def promotion_queue(session: AsyncSession, actor: User, cohort_id: int) -> PromotionQueue:
    """The queue of ``cohort_id`` for its coach or an admin; ``Forbidden`` for anyone else,
    ``NotFound`` when there is no such cohort."""
    if actor.role not in (Role.COACH, Role.ADMIN):
        raise Forbidden("forbidden_role")
    cohort = await session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("cohort_not_found")
    if actor.role is Role.COACH and cohort.coach_id != actor.id:
        raise Forbidden("not_your_cohort")
    return await cohort_queue(session, cohort_id)


@dataclass(frozen=True)
class BulkOutcome:
    promoted: list[Promotion]
    skipped: int  # candidates another decision reached first, or no longer ready


async def bulk_approve(
    session: AsyncSession,
    actor: User,
    cohort_id: int,
    only: Collection[tuple[int, int]] | None = None,
    ip: str | None = None,
) -> BulkOutcome:
    """Promote the candidates of the cohort's queue who meet every criterion (of those, only
    the ``(student id, track id)`` pairs in ``only`` when given), in the caller's transaction;
    those another coach promoted meanwhile, or no longer ready, are skipped."""
    queue = await promotion_queue(session, actor, cohort_id)
    promoted: list[Promotion] = []
    skipped = 0
    for row in queue.ready:
        if only is not None and (row.student.id, row.readiness.track.id) not in only:
            continue
        next_tier = row.readiness.next_tier
        assert next_tier is not None
        try:
            promoted.append(await promote(session, actor, row.student.id, next_tier.id, ip=ip))
        except InvalidInput:  # already promoted, or no longer ready
            skipped += 1
    return BulkOutcome(promoted, skipped)
