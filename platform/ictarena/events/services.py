"""Appending to and reading from the event log."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.events.models import Event

# Built once: a statement made per call costs more CPU than its execution (the intake's path).
_RECORD = insert(cast(Table, Event.__table__))


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


async def record(
    session: AsyncSession,
    kind: str,
    subject: str,
    payload: dict[str, Any] | None = None,
    user_id: int | None = None,
) -> None:
    """:func:`append` for a caller that needs no Event object back (the intake): one INSERT in
    the session's transaction, without the unit of work's flush. Pending objects the event
    refers to must be flushed first."""
    await session.execute(
        _RECORD,
        {"kind": kind, "subject": subject, "payload": payload or {}, "user_id": user_id},
    )
