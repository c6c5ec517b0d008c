"""SQLite: a snapshot through the online backup API (consistent while the platform writes),
and installing a restored file in place of the live one."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from ictarena.backups.errors import BackupError


def path_of(url: str) -> Path:
    """The database file a ``sqlite://`` URL names."""
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(f"database: {url} is not a file (nothing to back up or restore)")
    return Path(database)


def snapshot(url: str, target: Path) -> None:
    """Copy the live database to ``target`` page by page in one read transaction, then make
    the copy a self-contained file (rollback journal instead of the live file's WAL)."""
    source_path = path_of(url)
    if not source_path.is_file():
        raise BackupError(f"database: {source_path} does not exist (run `arena db upgrade`)")
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupError(f"database: {source_path}: {exc}") from None


def check(staged: Path, member: str) -> None:
    """Refuse a restored file SQLite does not find sound."""
    try:
        connection = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{member}: not a sound SQLite database ({exc})") from None
    if verdict is None or verdict[0] != "ok":
        raise BackupError(f"{member}: not a sound SQLite database ({verdict})")


def install(staged: Path, url: str) -> None:
    """Put ``staged`` in place of the database file, atomically.

    The old file's write-ahead log is checkpointed and removed first: left behind, SQLite would
    replay it onto the new file. The checkpoint is a courtesy (should the rename fail, the old
    database keeps its last writes): a damaged old file, which may be why one restores, does
    not stop the restore."""
    target = path_of(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".restore", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        shutil.copyfile(staged, temp)
        if target.exists():
            _checkpoint(target)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"database: {target}: {exc}") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _checkpoint(path: Path) -> None:
    try:
        live = sqlite3.connect(path)
        try:
            live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            live.close()
    except sqlite3.Error:
        pass
