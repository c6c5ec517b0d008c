"""Helpers for platform tests: a user factory, a client for a running app, and HTTP steps (fetch
a CSRF token, log in)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from ictarena import db
from ictarena.accounts import services as accounts
from ictarena.accounts.models import Cohort, Role, User
from tests.strict_html import STRICT_HOOKS

PASSWORD = "correct horse battery"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"|[?&]csrf_token=([^"&]+)"')


@asynccontextmanager
async def strict_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """Run ``app``'s lifespan and yield a client for it that parses every HTML page it receives
    strictly (tests/strict_html.py)."""
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://testserver",
            event_hooks=STRICT_HOOKS,
        ) as client,
    ):
        yield client


class UserFactory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.count = 0

    async def __call__(self, role: Role = Role.STUDENT, username: str | None = None) -> User:
        self.count += 1
        user = await accounts.create_user(
            self.session, username or f"{role.value}{self.count}", PASSWORD, role
        )
        await self.session.commit()
        return user

    async def cohort(self, coach: User, name: str = "Class A") -> Cohort:
        cohort = await accounts.create_cohort(self.session, coach, name)
        await self.session.commit()
        return cohort


async def csrf_of(client: httpx.AsyncClient, path: str) -> str:
    response = await client.get(path)
    match = CSRF_RE.search(response.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)  # a form field, or a multipart form's action URL


async def log_in(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> httpx.Response:
    token = await csrf_of(client, "/login")
    return await client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def driver_statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements sent through the driver (:func:`ictarena.db.fetch`) from now on."""
    sent: list[str] = []
    fetch = db.fetch

    async def spy(driver: Any, sql: str, *args: Any) -> list[Any]:
        sent.append(sql)
        return await fetch(driver, sql, *args)

    monkeypatch.setattr(db, "fetch", spy)
    return sent
