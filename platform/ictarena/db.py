"""Database plumbing: the declarative base, column types, and the engine/session factory.

The caller owns the transaction: services take an ``AsyncSession`` and never commit.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from enum import Enum
from typing import Any, ClassVar, TypeAlias, TypeVar, cast

from sqlalchemy import JSON, ColumnElement, DateTime, MetaData, Select, String, event, text
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, class_mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.selectable import ReturnsRows
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DbSession: TypeAlias = AsyncSession
"""A unit of work, as callers outside the domain (the web pages) hand it to services."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


E = TypeVar("E", bound=Enum)


class EnumText(TypeDecorator[E]):
    """A string column that reads back as a member of ``enum`` (no database enum type)."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 16) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return str(self.enum(value).value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class PingOnceDialect(PGDialect_asyncpg):
    """asyncpg, whose pool checks a connection it hands out in one round trip, and only one
    that has been idle for a while.

    The stock check wraps its empty query in a transaction of its own (BEGIN, the query,
    ROLLBACK: three round trips at every checkout, for PgBouncer's transaction mode, which this
    platform does not use); a web request then spends more on the check than on its login. Here
    the empty query goes alone. When it fails, the stock check runs: on a dropped connection it
    fails too, in the form the pool reads as a disconnect, and the pool opens a new one.

    A connection given back less than ``ping_idle_s`` ago is not checked at all, which spares a
    busy site one round trip in seven of its intake's. When the server ends a connection (a
    restart, a failover, a terminated backend) it tells the client, and asyncpg marks the
    connection closed as soon as the event loop reads that: such a connection is replaced
    without a round trip. What only a round trip finds out (a network path dropped without a
    word) takes longer than a busy connection's idle spells, so the long-idle ones are checked.
    """

    supports_statement_cache = True
    ping_idle_s: ClassVar[float] = 5.0

    def do_ping(self, dbapi_connection: Any) -> bool:
        driver = dbapi_connection.driver_connection
        if driver.is_closed():
            return False  # the pool opens a new one
        returned = _returned_at.get(driver)
        if returned is not None and time.monotonic() - returned < self.ping_idle_s:
            return True
        try:
            dbapi_connection.run_async(lambda driver: driver.fetchrow(";"))
        except Exception:
            return bool(super().do_ping(dbapi_connection))  # type: ignore[no-untyped-call]
        return True


# When each pooled asyncpg connection was last given back to its pool (:class:`PingOnceDialect`).
_returned_at: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()


def _note_return(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    if dbapi_connection is not None:  # None: the pool invalidated it
        _returned_at[dbapi_connection.driver_connection] = time.monotonic()


# Every ``postgresql+asyncpg`` engine of the process is made with it; the URL stays the same
# (the settings, the CLI and the backups read and write URLs of that form).
registry.register("postgresql.asyncpg", __name__, "PingOnceDialect")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; SQLite gets foreign keys, WAL and a busy timeout on every connection;
    PostgreSQL's pool checks each connection it hands out (:class:`PingOnceDialect`)."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kwargs)
    event.listen(engine.sync_engine, "checkin", _note_return)
    return engine


class Database:
    """The engine and its session factory, created in the app's or worker's lifespan."""

    def __init__(
        self, engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession] | None = None
    ) -> None:
        self.engine = engine
        self.sessionmaker = sessionmaker or async_sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Database:
        return cls(create_engine(url, **kwargs))

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessionmaker() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose transaction commits on success and rolls back on error."""
        async with self.sessionmaker() as session, session.begin():
            yield session

    async def ping(self) -> None:
        """One round trip to the database (the readiness check)."""
        async with self.session() as session:
            await session.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


# Hot reads through the driver -------------------------------------------------------------

Loaded = TypeVar("Loaded")


def as_loaded(model: type[Loaded], values: Mapping[str, Any]) -> Loaded:
    """An instance of ``model`` as a load from the database leaves it: ``values`` committed
    (no change history, no attribute events; a constructor's would be flushed as changes),
    then detached with its identity, for a session to take in as persistent."""
    instance: Loaded = class_mapper(model).class_manager.new_instance()
    for name, value in values.items():
        set_committed_value(instance, name, value)
    make_transient_to_detached(instance)
    return instance


async def asyncpg_connection(session: AsyncSession) -> Any | None:
    """The asyncpg connection under ``session`` (checked out for it if need be), or None on
    another database. A statement sent on it before the session has sent one of its own runs
    outside the session's transaction, which begins with the session's next statement."""
    if session.bind is None or session.bind.dialect.name != "postgresql":
        return None
    connection = await session.connection()
    return (await connection.get_raw_connection()).driver_connection


async def driver_in_transaction(session: AsyncSession) -> Any | None:
    """The asyncpg connection under ``session``'s open transaction, or None: on another
    database, or before the session has opened its transaction (nothing was sent yet), when a
    statement sent on it would run outside the session's transaction."""
    raw = await asyncpg_connection(session)
    if raw is None or not raw.is_in_transaction():
        return None
    return raw


async def fetch(driver: Any, sql: str, *args: Any) -> list[Any]:
    """Every statement sent through the driver goes through here (the intake's budget test
    counts them with the ORM's)."""
    return list(await driver.fetch(sql, *args))


# The dialect that statements sent through the driver are compiled with (here and in
# :mod:`ictarena.submissions.rows`).
ASYNCPG = PGDialect_asyncpg()  # type: ignore[no-untyped-call]


class DriverRead:
    """A read of whole rows of mapped classes, compiled once for asyncpg and sent through the
    driver: for the busiest reads, where the ORM's execution of a statement costs the web
    process several times what PostgreSQL spends running it.

    ``statement`` selects the columns of each of ``models`` in turn, in their mapped order
    (:meth:`columns`); a row becomes one instance of each, every column's result processing
    applied as a load applies it (enums, times), ready for a session to take in."""

    def __init__(self, statement: Select[Any], *models: type[Any]) -> None:
        compiled = statement.compile(dialect=ASYNCPG)
        self.sql = compiled.string
        self._names = list(compiled.positiontup or [])
        self._models = [
            (
                model,
                [
                    (
                        prop.key,
                        prop.columns[0].type.dialect_impl(ASYNCPG).result_processor(ASYNCPG, None),
                    )
                    for prop in class_mapper(model).column_attrs
                ],
            )
            for model in models
        ]

    @staticmethod
    def columns(model: type[Any]) -> list[Any]:
        return [prop.columns[0] for prop in class_mapper(model).column_attrs]

    async def first(self, driver: Any, **params: Any) -> list[Any] | None:
        """The instances of the first row, or None when there is none."""
        rows = await fetch(driver, self.sql, *(params[name] for name in self._names))
        if not rows:
            return None
        row, at, instances = rows[0], 0, []
        for model, attributes in self._models:
            values = {}
            for offset, (key, process) in enumerate(attributes):
                value = row[at + offset]
                values[key] = process(value) if process is not None else value
            instances.append(as_loaded(model, values))
            at += len(attributes)
        return instances


class Compiled:
    """A Core statement compiled once for asyncpg: its text, and its parameters in order, the
    statement's own values merged with those given at each call, every one processed as the
    ORM's execution processes it (a time made naive UTC, an enum its stored value)."""

    def __init__(self, statement: ClauseElement) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=ASYNCPG))
        self.sql = compiled.string
        self._names = list(compiled.positiontup or [])
        self._process = {
            name: bind.type.dialect_impl(ASYNCPG).bind_processor(ASYNCPG)
            for name, bind in compiled.binds.items()
        }
        self._fixed = dict(compiled.params)
        returned: Sequence[ColumnElement[Any]] = (
            list(statement.exported_columns) if isinstance(statement, ReturnsRows) else []
        )
        self._results = [
            column.type.dialect_impl(ASYNCPG).result_processor(ASYNCPG, None) for column in returned
        ]

    def args(self, **values: Any) -> list[Any]:
        merged = {**self._fixed, **values}
        out = []
        for name in self._names:
            process = self._process.get(name)
            out.append(process(merged[name]) if process is not None else merged[name])
        return out

    async def fetch(self, driver: Any, **values: Any) -> list[Any]:
        """The rows as the driver returns them."""
        return await fetch(driver, self.sql, *self.args(**values))

    async def rows(self, driver: Any, **values: Any) -> list[tuple[Any, ...]]:
        """The rows, each value processed as the ORM's execution processes it (a time made
        aware UTC, an enum its member)."""
        return [
            tuple(
                value if process is None else process(value)
                for value, process in zip(row, self._results, strict=True)
            )
            for row in await self.fetch(driver, **values)
        ]
