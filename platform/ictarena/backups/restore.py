"""Restoring a backup into an empty install (or over a full one, when forced).

Everything that can fail is done before anything is replaced: the archive is unpacked into a
staging directory beside the stores and checked member by member, and the database snapshot
is checked (SQLite's integrity check; pg_restore reads the whole dump). Then the stores are
swapped in, keeping the old ones aside, and the database is replaced in one step (a file
rename; one transaction); if that fails the old stores go back. A backup from an older schema
is migrated last.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ictarena import migrate
from ictarena.backups import archive, postgres, sqlite
from ictarena.backups.backup import Step, kind
from ictarena.backups.database import VERSION_TABLE, inventory
from ictarena.backups.errors import BackupError
from ictarena.backups.manifest import Manifest
from ictarena.backups.stores import Swap, holds_data, stores
from ictarena.settings import Settings


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    migrated_to: str | None
    """The revision the database was migrated to, when the backup's was older."""


async def restore_backup(settings: Settings, source: Path, force: bool, step: Step) -> Restored:
    step(f"Reading {source.name}")
    manifest = archive.read_manifest(source)
    here = kind(settings)
    if manifest.database != here:
        raise BackupError(
            f"{source}: it is a backup of a {manifest.database} database and this install uses "
            f"{here}; moving data between SQLite and PostgreSQL is not supported"
        )
    if not migrate.knows(manifest.revision):
        raise BackupError(
            f"{source}: its schema revision {manifest.revision!r} is unknown to this version "
            "of ICT Arena (was it made by a newer one?)"
        )
    if not force:
        step("Checking that the install is empty")
        await _refuse_if_not_empty(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=settings.data_dir))
    try:
        step(f"Unpacking {source.name}")
        await asyncio.to_thread(archive.unpack, source, staging)
        step("Checking the database snapshot")
        member = manifest.database_member
        staged = staging / member
        sql = staging / "restore.sql"
        if settings.is_sqlite:
            await asyncio.to_thread(sqlite.check, staged, member)
        else:
            await asyncio.to_thread(postgres.script, staged, sql, member)
        step("Replacing the database and the stores")
        swap = Swap(staging)
        try:
            for store in stores(settings):
                swap.swap(store)
            if settings.is_sqlite:
                await asyncio.to_thread(sqlite.install, staged, settings.db_url)
            else:
                await asyncio.to_thread(postgres.load, settings.db_url, sql)
        except BaseException:
            swap.rollback()
            raise
        swap.commit()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    head = migrate.head()
    if manifest.revision == head:
        return Restored(manifest, None)
    step(f"Migrating the database from {manifest.revision} to {head}")
    try:
        await asyncio.to_thread(migrate.upgrade, settings.db_url)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(
            f"restored, but migrating from {manifest.revision} failed: {first} "
            "(run `arena db upgrade` once the cause is fixed)"
        ) from None
    return Restored(manifest, head)


async def _refuse_if_not_empty(settings: Settings) -> None:
    full = [store.name for store in stores(settings) if holds_data(store)]
    if not settings.is_sqlite or sqlite.path_of(settings.db_url).exists():
        tables, _revision = await inventory(settings.db_url)
        full += [name for name, rows in tables.items() if rows and name != VERSION_TABLE]
    if full:
        shown = ", ".join(full[:5]) + (f" and {len(full) - 5} more" if len(full) > 5 else "")
        raise BackupError(
            f"the install is not empty ({shown} hold data): restore into an empty install, "
            "or pass --force to replace everything in it"
        )
