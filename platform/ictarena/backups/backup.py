"""Taking a backup: the database snapshot first, then the stores, then one archive.

The order matters: a dataset is on disk before the database row that names it is committed,
so every dataset the snapshot names is already there when the stores are listed afterwards.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from ictarena.backups import archive, postgres, sqlite
from ictarena.backups.database import counts, inventory, revision, unreachable
from ictarena.backups.errors import BackupError
from ictarena.backups.manifest import Manifest
from ictarena.backups.stores import files, stores
from ictarena.db import create_engine, utcnow
from ictarena.settings import Settings

Step = Callable[[str], None]
"""Told what the backup or restore does next, for a person watching."""


def kind(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgresql"


async def create_backup(settings: Settings, target: Path, step: Step) -> Manifest:
    """Write a backup of the install to ``target``; return its manifest."""
    target = target.absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent)
    except OSError as exc:
        raise BackupError(f"{target}: {exc}") from None
    with work as name:
        snapshot = Path(name) / ("arena.db" if settings.is_sqlite else "arena.dump")
        step("Taking a snapshot of the database")
        if settings.is_sqlite:
            await asyncio.to_thread(sqlite.snapshot, settings.db_url, snapshot)
            tables, schema = await inventory(f"sqlite+aiosqlite:///{snapshot}")
        else:
            tables, schema = await _postgres_snapshot(settings.db_url, snapshot)
        if schema is None:
            raise BackupError("database: it has no schema yet (run `arena db upgrade` first)")
        step("Listing the stores")
        members = [(name, path) for store in stores(settings) for name, path in files(store)]
        per_store = {store.name: sum(1 for _ in files(store)) for store in stores(settings)}
        manifest = Manifest(
            database=kind(settings),
            revision=schema,
            created_at=utcnow(),
            tables=tables,
            files=per_store,
        )
        database_member = (manifest.database_member, snapshot)
        plural = "" if len(members) == 1 else "s"
        step(f"Writing {target.name} (the database and {len(members)} stored file{plural})")
        try:
            with archive.atomic_target(target) as temp:
                await asyncio.to_thread(
                    archive.write,
                    temp,
                    manifest,
                    [database_member, *members],
                    archive.compressed(target),
                )
        except OSError as exc:
            raise BackupError(f"{target}: {exc}") from None
    return manifest


async def _postgres_snapshot(url: str, target: Path) -> tuple[dict[str, int], str | None]:
    """Count the rows and dump the database in one snapshot: this transaction exports it and
    pg_dump adopts it, so the manifest's counts are those of the dump."""
    engine = create_engine(url, poolclass=NullPool, isolation_level="REPEATABLE READ")
    try:
        async with engine.connect() as conn:
            exported = (await conn.execute(text("SELECT pg_export_snapshot()"))).scalar_one()
            tables = await counts(conn)
            schema = await revision(conn, tables)
            await asyncio.to_thread(postgres.dump, url, target, str(exported))
            await conn.rollback()
            return tables, schema
    except (SQLAlchemyError, OSError) as exc:
        raise unreachable(exc) from None
    finally:
        await engine.dispose()
