"""Appending to and reading from the event log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.events.models import Event


async def append(
    session: AsyncSession,
    kind: str,
    subject: str,
    payload: dict[str, Any] | None = None,
    user_id: int | None = None,
    contest_id: int | None = None,
) -> Event:
    event = Event(
        kind=kind, subject=subject, payload=payload or {}, user_id=user_id, contest_id=contest_id
    )
    session.add(event)
    await session.flush()
    return event


async def since(
    session: AsyncSession, subject: str, after_id: int = 0, limit: int = 200
) -> Sequence[Event]:
    """Events about ``subject`` with ids above ``after_id``, oldest first."""
    rows = await session.scalars(
        select(Event)
        .where(Event.subject == subject, Event.id > after_id)
        .order_by(Event.id)
        .limit(limit)
    )
    return rows.all()
