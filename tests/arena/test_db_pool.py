"""The PostgreSQL pool checks the connections it hands out (``ictarena.db.create_engine``): a
server that dropped every connection (a restart, a failover) costs no request an error; the
check of a connection idle for a while costs one round trip, and that of one given back moments
ago none (:class:`ictarena.db.PingOnceDialect`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import event, text

from ictarena.db import Database, PingOnceDialect

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pooled(pg_url: str) -> AsyncIterator[Database]:
    database = Database.from_url(pg_url, pool_size=3, max_overflow=0)
    yield database
    await database.dispose()


async def _backend(database: Database, hold: float = 0.0) -> int:
    async with database.session() as session:
        pid = int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)
        await asyncio.sleep(hold)
    return pid


@pytest.mark.parametrize("idle", [False, True], ids=["given-back-just-now", "idle-for-long"])
async def test_when_the_server_drops_every_connection_the_next_sessions_get_new_ones(
    pooled: Database, pg_url: str, idle: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if idle:  # every connection counts as idle for long: each is checked by a round trip
        monkeypatch.setattr(PingOnceDialect, "ping_idle_s", 0.0)
    # three connections in the pool, all idle
    before = set(await asyncio.gather(*(_backend(pooled, hold=0.2) for _ in range(3))))
    assert len(before) == 3
    killer = Database.from_url(pg_url)
    try:
        async with killer.session() as session:
            killed = await session.scalar(
                # each one waits for its backend to exit (the close is then on its way)
                text(
                    "SELECT count(pg_terminate_backend(pid, 20000))"
                    " FROM unnest(CAST(:pids AS int[])) AS pid"
                ),
                {"pids": list(before)},
            )
        assert killed == 3
    finally:
        await killer.dispose()
    # every one of the next sessions works, on a connection the server did not drop
    after = await asyncio.gather(*(_backend(pooled, hold=0.1) for _ in range(3)))
    assert not set(after) & before
    assert await _backend(pooled) not in before


async def test_the_check_of_a_pooled_connection_is_one_empty_query_outside_a_transaction(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = Database.from_url(pg_url, pool_size=1, max_overflow=0)
    assert isinstance(database.engine.dialect, PingOnceDialect)
    assert database.engine.url.drivername == "postgresql+asyncpg"  # what settings accept
    sent: list[str] = []

    @event.listens_for(database.engine.sync_engine, "connect")
    def log_queries(dbapi_connection: object, _record: object) -> None:
        driver = dbapi_connection.driver_connection  # type: ignore[attr-defined]
        driver.add_query_logger(lambda record: sent.append(record.query))

    try:
        first = await _backend(database)  # a new connection: not checked
        assert sent == ["BEGIN;", "ROLLBACK;"]  # the session's own transaction
        sent.clear()
        assert await _backend(database) == first  # given back just now: not checked
        assert sent == ["BEGIN;", "ROLLBACK;"]
        sent.clear()
        # given back longer ago than the idle limit: checked first, by one empty query
        monkeypatch.setattr(PingOnceDialect, "ping_idle_s", 0.0)
        assert await _backend(database) == first
        assert sent == [";", "BEGIN;", "ROLLBACK;"]
    finally:
        await database.dispose()
