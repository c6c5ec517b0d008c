"""Appending to the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.events.models import AuditEntry


async def audit(
    session: AsyncSession,
    actor_id: int | None,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
    ip: str | None = None,
) -> None:
    session.add(
        AuditEntry(actor_id=actor_id, action=action, target=target, details=details or {}, ip=ip)
    )
