"""PostgreSQL: ``pg_dump --format=custom`` for the snapshot, ``pg_restore`` and ``psql`` to put
it back, all called as the PostgreSQL client programs (they must be installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from ictarena.backups.errors import BackupError

# Debian installs the client programs per major version; the newest wins.
_DEBIAN = Path("/usr/lib/postgresql")


def program(name: str) -> str:
    """The path of a PostgreSQL client program, or a :class:`BackupError` saying how to get it."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        (p for p in _DEBIAN.glob(f"*/bin/{name}") if p.parent.parent.name.isdigit()),
        key=lambda p: int(p.parent.parent.name),
    )
    if versions:
        return str(versions[-1])
    raise BackupError(
        f"{name} not found: install the PostgreSQL client programs "
        "(Debian: apt-get install postgresql-client), of the server's major version or newer"
    )


def connection(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL for the client programs, and their environment (the password goes there,
    not on a command line every user can read)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    query = dict(parsed.query)
    if "ssl" in query:  # asyncpg's name for libpq's sslmode
        query["sslmode"] = query.pop("ssl")
    libpq = parsed.set(drivername="postgresql", password=None, query=query)
    return libpq.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupError(f"{what}: {exc}") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        detail = lines[-1] if lines else f"exit status {done.returncode}"
        raise BackupError(f"{what}: {detail}")


def dump(url: str, target: Path, snapshot: str | None = None) -> None:
    """Dump the database to ``target``; ``snapshot`` is an exported snapshot to dump from (the
    one the manifest's counts were read in)."""
    dbname, env = connection(url)
    args = [program("pg_dump"), "--format=custom", f"--file={target}", f"--dbname={dbname}"]
    if snapshot:
        args.append(f"--snapshot={snapshot}")
    _run(args, env, "pg_dump")


def script(dumped: Path, target: Path, member: str) -> None:
    """Turn a dump into the SQL that recreates it (this reads the whole dump: a damaged one is
    refused here, before the database is touched)."""
    args = [
        program("pg_restore"),
        "--no-owner",
        "--no-privileges",
        f"--file={target}",
        str(dumped),
    ]
    _run(args, dict(os.environ), f"{member}: pg_restore")


def load(url: str, sql: Path) -> None:
    """Replace everything in the database's ``public`` schema with ``sql``, in one transaction:
    if any statement fails, the database is left as it was."""
    dbname, env = connection(url)
    args = [
        program("psql"),
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        f"--dbname={dbname}",
        "--command=DROP SCHEMA IF EXISTS public CASCADE",
        "--command=CREATE SCHEMA public",
        f"--file={sql}",
    ]
    _run(args, env, "psql")
