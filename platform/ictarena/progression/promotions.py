"""A coach's decisions on a student's tier: promote (to the next tier of the same track, early
only with an override reason), hold (with a reason), revoke (back one tier, with a reason), and
waive a tier's module prerequisites for one student.

Every decision happens in the caller's transaction, which commits it whole: the ``Promotion``
row with the criteria snapshot, the ``StudentTier`` change, the audit entry, the student's
notification and the event that live pages follow. Moving a student's tier is a
compare-and-set (a conditional UPDATE, or an INSERT that does nothing on a clash, with the row
it touched checked), so two coaches approving at once yield one promotion; the other gets
``Conflict("already_promoted")`` and nothing of theirs is written.

Who may decide: a coach of a cohort the student belongs to, or an admin. Anyone else gets
``Forbidden``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Tier, Track
from ictarena.db import utcnow
from ictarena.errors import Conflict, Forbidden, InvalidInput, NotFound
from ictarena.events import notifications
from ictarena.events import services as events
from ictarena.events.audit import audit
from ictarena.progression.models import PrerequisiteWaiver, Promotion, StudentTier
from ictarena.progression.readiness import Readiness, readiness
from ictarena.progression.tiers import ENTRY_LEVEL, held_level
from ictarena.submissions.access import coaches

MAX_REASON = 2000
EVENT = "promotion.decided"  # subject "promotions"; user_id is the student's


async def may_decide(session: AsyncSession, actor: User, student_id: int) -> User:
    """The student, when ``actor`` may decide on them; ``Forbidden`` otherwise (a student, or
    a coach of none of the student's cohorts), ``NotFound`` when there is no such student."""
    if actor.role not in (Role.COACH, Role.ADMIN):
        raise Forbidden("forbidden_role")
    student = await session.get(User, student_id)
    if student is None or student.role is not Role.STUDENT:
        raise NotFound("user_not_found")
    if actor.role is Role.COACH and not await coaches(session, actor, student_id):
        raise Forbidden("not_your_student")
    return student


def _reason(reason: str, required: bool) -> str:
    text = reason.strip()
    if required and not text:
        raise InvalidInput("reason_required", field="reason")
    if len(text) > MAX_REASON:
        raise InvalidInput("reason_too_long", field="reason", max=MAX_REASON)
    return text


async def _tier(session: AsyncSession, tier_id: int) -> tuple[Tier, Track]:
    row = (
        await session.execute(
            select(Tier, Track).join(Track, Track.id == Tier.track_id).where(Tier.id == tier_id)
        )
    ).first()
    if row is None:
        raise NotFound("tier_not_found")
    return row[0], row[1]


async def _tier_at(session: AsyncSession, track_id: int, level: int) -> Tier | None:
    tier: Tier | None = await session.scalar(
        select(Tier).where(Tier.track_id == track_id, Tier.level == level)
    )
    return tier


async def _track_readiness(session: AsyncSession, student_id: int, track_id: int) -> Readiness:
    return next(r for r in await readiness(session, student_id) if r.track.id == track_id)


async def _move(
    session: AsyncSession, student_id: int, track_id: int, old: Tier, new: Tier
) -> None:
    """Compare-and-set the student's tier in the track from ``old`` to ``new``; ``Conflict``
    when it is no longer ``old`` (another decision came first)."""
    moved = await session.execute(
        update(StudentTier)
        .where(
            StudentTier.user_id == student_id,
            StudentTier.track_id == track_id,
            StudentTier.tier_id == old.id,
        )
        .values(tier_id=new.id, since=utcnow())
        .returning(StudentTier.user_id)
        .execution_options(synchronize_session=False)
    )
    if moved.first() is not None:
        return
    if old.level == ENTRY_LEVEL:  # no row means the entry tier
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        inserted = await session.execute(
            insert(StudentTier)
            .values(user_id=student_id, track_id=track_id, tier_id=new.id, since=utcnow())
            .on_conflict_do_nothing()
            .returning(StudentTier.user_id)
        )
        if inserted.first() is not None:
            return
    raise Conflict("already_promoted", field="tier")


def _names(track: Track, tier: Tier) -> dict[str, Any]:
    return {
        "track_en": track.name_en,
        "track_zh": track.name_zh,
        "tier_en": tier.name_en,
        "tier_zh": tier.name_zh,
    }


async def _record(
    session: AsyncSession,
    actor: User,
    student: User,
    track: Track,
    decision: str,
    old: Tier | None,
    new: Tier,
    reason: str,
    ready: Readiness,
    early: bool = False,
    ip: str | None = None,
) -> Promotion:
    """The decision's row, audit entry, notification and event, in the caller's transaction."""
    promotion = Promotion(
        user_id=student.id,
        track_id=track.id,
        from_tier_id=old.id if old else None,
        to_tier_id=new.id,
        coach_id=actor.id,
        decision=decision,
        early=early,
        reason=reason,
        criteria=ready.snapshot(),
    )
    session.add(promotion)
    await session.flush()
    details = {
        "track": track.slug,
        "from": old.slug if old else None,
        "to": new.slug,
        "early": early,
        "reason": reason,
        "promotion": promotion.id,
    }
    await audit(session, actor.id, f"promotion.{decision}", f"user:{student.id}", details, ip)
    kind = "promotion.early" if early else f"promotion.{decision}"
    named = new if decision != "revoke" or old is None else old
    await notifications.notify(
        session, student.id, kind, {**_names(track, named), "reason": reason}, link="/progress"
    )
    await events.append(
        session,
        EVENT,
        "promotions",
        {"decision": decision, "track": track.id, "tier": new.id, "promotion": promotion.id},
        user_id=student.id,
    )
    return promotion


async def promote(
    session: AsyncSession,
    actor: User,
    student_id: int,
    to_tier_id: int,
    *,
    reason: str = "",
    early: bool = False,
    ip: str | None = None,
) -> Promotion:
    """Promote a student into ``to_tier_id``, which must be the next tier of its track after
    the one they hold (``Conflict("already_promoted")`` when they already hold it or one above,
    ``InvalidInput("promotion_not_next")`` when it skips a tier). Unless every entry criterion
    is met, only ``early`` with an override ``reason`` promotes (``Promotion.early``)."""
    student = await may_decide(session, actor, student_id)
    target, track = await _tier(session, to_tier_id)
    held = await held_level(session, student.id, track.id)
    if target.level <= held:
        raise Conflict("already_promoted", field="tier")
    if target.level != held + 1:
        raise InvalidInput("promotion_not_next", field="tier")
    old = await _tier_at(session, track.id, held)
    assert old is not None
    ready = await _track_readiness(session, student.id, track.id)
    early = early and not ready.met
    if not ready.met and not early:
        raise InvalidInput("promotion_criteria_unmet", field="early")
    text = _reason(reason, required=early)
    await _move(session, student.id, track.id, old, target)
    return await _record(
        session, actor, student, track, "promote", old, target, text, ready, early, ip
    )


async def hold(
    session: AsyncSession,
    actor: User,
    student_id: int,
    track_id: int,
    reason: str,
    ip: str | None = None,
) -> Promotion:
    """Keep a student at their tier in a track, with a reason they will read."""
    student = await may_decide(session, actor, student_id)
    text = _reason(reason, required=True)
    ready = await _track_readiness(session, student.id, track_id)
    target = ready.next_tier or ready.held
    return await _record(
        session, actor, student, ready.track, "hold", ready.held, target, text, ready, ip=ip
    )


async def revoke(
    session: AsyncSession,
    actor: User,
    student_id: int,
    tier_id: int,
    reason: str,
    ip: str | None = None,
) -> Promotion:
    """Withdraw the tier ``tier_id`` a student holds: they go back one tier. ``Conflict``
    (``tier_not_held``) when they no longer hold it; the entry tier cannot be withdrawn."""
    student = await may_decide(session, actor, student_id)
    text = _reason(reason, required=True)
    tier, track = await _tier(session, tier_id)
    if tier.level <= ENTRY_LEVEL:
        raise InvalidInput("entry_tier_kept", field="tier")
    if await held_level(session, student.id, track.id) != tier.level:
        raise Conflict("tier_not_held", field="tier")
    below = await _tier_at(session, track.id, tier.level - 1)
    assert below is not None
    ready = await _track_readiness(session, student.id, track.id)
    try:
        await _move(session, student.id, track.id, tier, below)
    except Conflict:
        raise Conflict("tier_not_held", field="tier") from None
    return await _record(session, actor, student, track, "revoke", tier, below, text, ready, ip=ip)


async def waive_prerequisites(
    session: AsyncSession,
    actor: User,
    student_id: int,
    tier_id: int,
    reason: str,
    ip: str | None = None,
) -> PrerequisiteWaiver:
    """Let a student into the modules of a tier without their prerequisites (the tier lock
    still applies). Logged in the audit log; ``Conflict("already_waived")`` when it exists."""
    student = await may_decide(session, actor, student_id)
    text = _reason(reason, required=True)
    tier, track = await _tier(session, tier_id)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    inserted = await session.execute(
        insert(PrerequisiteWaiver)
        .values(
            user_id=student.id, tier_id=tier.id, coach_id=actor.id, reason=text, created_at=utcnow()
        )
        .on_conflict_do_nothing()
        .returning(PrerequisiteWaiver.user_id)
    )
    if inserted.first() is None:
        raise Conflict("already_waived", field="tier")
    await audit(
        session,
        actor.id,
        "prerequisites.waive",
        f"user:{student.id}",
        {"track": track.slug, "tier": tier.slug, "reason": text},
        ip,
    )
    await notifications.notify(
        session,
        student.id,
        "prerequisites.waived",
        {**_names(track, tier), "reason": text},
        link="/progress",
    )
    await events.append(
        session, EVENT, "promotions", {"decision": "waive", "tier": tier.id}, user_id=student.id
    )
    waiver = await session.get(PrerequisiteWaiver, (student.id, tier.id))
    assert waiver is not None
    return waiver
