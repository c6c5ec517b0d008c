"""The login of a request read through the driver (:class:`ictarena.db.DriverRead`, PostgreSQL)
is the login the ORM reads: the same columns, the same two objects in the session, persistent
and unchanged, and the same refusals. Each test runs both paths; ``orm`` is the driver's
connection refused, as on SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Table, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts import services as accounts
from ictarena.accounts.models import LoginSession, Role, User
from ictarena.db import Database, utcnow
from tests.arena.helpers import UserFactory, driver_statements

pytestmark = pytest.mark.postgres


@pytest.fixture(params=["driver", "orm"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "orm":

        async def refused(session: AsyncSession) -> None:
            return None

        monkeypatch.setattr(accounts, "asyncpg_connection", refused)
    return str(request.param)


@pytest.fixture
async def token(committed_db: Database) -> AsyncIterator[str]:
    async with committed_db.session() as session:
        coach = await UserFactory(session)(Role.COACH, username="reader")
        await session.execute(update(User).where(User.id == coach.id).values(locale="zh_Hans"))
        opened, _ = await accounts.start_session(
            session, coach, days=1, ip="198.51.100.7", user_agent="probe"
        )
        await session.commit()
    yield opened


def _columns(obj: Any) -> dict[str, Any]:
    table: Table = type(obj).__table__
    return {c.name: getattr(obj, c.key) for c in table.columns}


async def _as_stored(db: Database, token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    async with db.session() as session:
        login = await session.scalar(
            select(LoginSession).where(LoginSession.id == accounts._token_key(token))
        )
        assert login is not None
        return _columns(login), _columns(login.user)


async def test_both_paths_read_the_same_login_and_leave_the_same_objects(
    path: str, committed_db: Database, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    through_driver = driver_statements(monkeypatch)
    async with committed_db.session() as session:
        login = await accounts.session_for_token(session, token)
        assert login is not None
        assert len(through_driver) == (1 if path == "driver" else 0)
        user = login.user
        assert inspect(login).persistent and inspect(user).persistent
        assert not inspect(login).unloaded and not inspect(user).unloaded
        assert (_columns(login), _columns(user)) == await _as_stored(committed_db, token)
        assert user.role is Role.COACH and user.locale == "zh_Hans"
        assert login.expires_at.tzinfo is not None  # times as the ORM's column type gives them
        # loaded, not changed: a commit writes nothing; a change is seen and written
        assert not session.new and not session.dirty
        user.display_name = "Renamed"
        assert list(session.dirty) == [user]
        await session.commit()
    async with committed_db.session() as session:
        assert (await session.get(User, user.id)).display_name == "Renamed"  # type: ignore[union-attr]


async def test_an_unknown_token_reads_nothing(
    path: str, committed_db: Database, token: str
) -> None:
    async with committed_db.session() as session:
        assert await accounts.session_for_token(session, token + "x") is None
        assert not session.identity_map


@pytest.mark.parametrize("why", ["expired", "disabled"])
async def test_an_expired_login_or_a_disabled_user_is_refused_and_the_login_deleted(
    path: str, committed_db: Database, token: str, why: str
) -> None:
    key = accounts._token_key(token)
    async with committed_db.session() as session:
        if why == "expired":
            ended = utcnow() - timedelta(seconds=1)
            await session.execute(
                update(LoginSession).where(LoginSession.id == key).values(expires_at=ended)
            )
        else:
            await session.execute(update(User).values(is_active=False))
        await session.commit()
    async with committed_db.session() as session:
        assert await accounts.session_for_token(session, token) is None
        await session.commit()
    async with committed_db.session() as session:
        assert await session.get(LoginSession, key) is None


async def test_a_session_that_already_holds_the_user_reads_through_the_orm(
    committed_db: Database, token: str
) -> None:
    """The driver's objects would clash with those the session holds: it is not used then."""
    async with committed_db.session() as session:
        held = await session.scalar(select(User).where(User.username == "reader"))
        login = await accounts.session_for_token(session, token)
        assert login is not None and login.user is held
