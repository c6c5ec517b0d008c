"""Appending to and reading from the event log."""

from __future__ import annotations

from typing import Any

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
