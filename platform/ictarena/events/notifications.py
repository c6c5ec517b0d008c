"""Notifications in the app: messages for one user (a promotion decided, a hold with its
reason), an unread count for the header, the recent list, and marking them read.

A notification stores a ``kind`` and the ``params`` that fill in its text, not the text: the
page shows it in the reader's language. :data:`TEXTS` is the text of each kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.db import utcnow
from ictarena.errors import NotFound
from ictarena.events.models import Notification
from ictarena.i18n import N_

# The text of each kind; ``%(track)s`` and ``%(tier)s`` are names in the reader's language
# (the params hold ``track_en``/``track_zh`` and ``tier_en``/``tier_zh``), ``%(reason)s`` the
# coach's words.
TEXTS: dict[str, str] = {
    "promotion.promote": N_("You were promoted to %(tier)s in %(track)s."),
    "promotion.early": N_("You were promoted early to %(tier)s in %(track)s: %(reason)s"),
    "promotion.hold": N_("Your coach holds you at your tier in %(track)s: %(reason)s"),
    "promotion.revoke": N_("Your %(tier)s tier in %(track)s was withdrawn: %(reason)s"),
    "prerequisites.waived": N_(
        "Your coach opened the modules of %(tier)s in %(track)s without their prerequisites."
    ),
}


async def notify(
    session: AsyncSession,
    user_id: int,
    kind: str,
    params: dict[str, Any] | None = None,
    link: str = "",
) -> Notification:
    """Add a notification for ``user_id`` in the caller's transaction."""
    if kind not in TEXTS:
        raise ValueError(f"unknown notification kind {kind!r}")
    notification = Notification(user_id=user_id, kind=kind, params=params or {}, link=link)
    session.add(notification)
    await session.flush()
    return notification


async def unread_count(session: AsyncSession, user_id: int) -> int:
    """How many of ``user_id``'s notifications are unread (one indexed query)."""
    count = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return int(count or 0)


async def recent(session: AsyncSession, user_id: int, limit: int = 50) -> Sequence[Notification]:
    """``user_id``'s latest notifications, newest first."""
    return (
        await session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    ).all()


async def mark_read(session: AsyncSession, user_id: int, notification_id: int) -> Notification:
    """Mark one of ``user_id``'s notifications read and return it (to follow its link);
    another user's is not found."""
    notification = await session.get(Notification, notification_id)
    if notification is None or notification.user_id != user_id:
        raise NotFound("notification_not_found")
    if notification.read_at is None:
        notification.read_at = utcnow()
        await session.flush()
    return notification


async def mark_all_read(session: AsyncSession, user_id: int) -> int:
    """Mark every unread notification of ``user_id`` read; returns how many were unread."""
    result = await session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
