"""What a database holds, seen the same way on SQLite and PostgreSQL: its tables' row counts
and its Alembic revision (both read by reflection, so they work at any schema revision)."""

from __future__ import annotations

from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import NullPool

from ictarena.backups.errors import BackupError
from ictarena.db import create_engine

VERSION_TABLE = "alembic_version"


async def counts(conn: AsyncConnection) -> dict[str, int]:
    """Rows per table, every table of the database (the migrations' bookkeeping included)."""
    names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    result: dict[str, int] = {}
    for name in sorted(names):
        query = select(func.count()).select_from(table(name))
        result[name] = int((await conn.execute(query)).scalar_one())
    return result


async def revision(conn: AsyncConnection, tables: dict[str, int]) -> str | None:
    if VERSION_TABLE not in tables:
        return None
    row = (await conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))).first()
    return None if row is None else str(row[0])


async def inventory(url: str) -> tuple[dict[str, int], str | None]:
    """The tables' row counts and the revision of the database at ``url``."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            tables = await counts(conn)
            return tables, await revision(conn, tables)
    except (SQLAlchemyError, OSError) as exc:
        raise unreachable(exc) from None
    finally:
        await engine.dispose()


def holds_data(tables: dict[str, int]) -> bool:
    """Whether any table but the migrations' bookkeeping has a row."""
    return any(rows for name, rows in tables.items() if name != VERSION_TABLE)


def unreachable(exc: BaseException) -> BackupError:
    """The database error as one line (the driver's own message, without SQLAlchemy's
    statement and background link)."""
    cause = getattr(exc, "orig", None) or exc
    first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return BackupError(f"database: {first}")
