"""The manifest: the first member of an archive, read before anything else is unpacked.

It says what the archive holds (the format and its version, the database kind and its Alembic
revision, when it was made, how many rows each table had and how many files each store), so a
foreign or newer archive is refused before anything on disk changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ictarena.backups.errors import BackupError

NAME = "manifest.json"
FORMAT = "ictarena-backup"
VERSION = 1
KINDS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Manifest:
    database: str
    """``sqlite`` or ``postgresql``: where the snapshot came from and can go back to."""
    revision: str
    """The Alembic revision of the snapshot's schema."""
    created_at: datetime
    tables: dict[str, int] = field(default_factory=dict)
    """Rows per table, as the snapshot saw them."""
    files: dict[str, int] = field(default_factory=dict)
    """Files per store."""
    version: int = VERSION

    @property
    def database_member(self) -> str:
        return "database/arena.db" if self.database == "sqlite" else "database/arena.dump"

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": self.version,
            "database": self.database,
            "revision": self.revision,
            "created_at": self.created_at.isoformat(),
            "tables": self.tables,
            "files": self.files,
        }
        return json.dumps(data, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Parse and check a manifest; a problem is reported as ``manifest.json: ...``."""
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BackupError(f"{NAME}: not valid JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"{NAME}: not an ICT Arena backup manifest")
        version = data.get("version")
        if not isinstance(version, int) or version < 1:
            raise BackupError(f"{NAME}: 'version' must be a positive whole number")
        if version > VERSION:
            raise BackupError(
                f"{NAME}: format version {version} is newer than this ICT Arena reads "
                f"({VERSION}); restore it with the version that made it"
            )
        database = data.get("database")
        if database not in KINDS:
            raise BackupError(f"{NAME}: 'database' must be one of {', '.join(KINDS)}")
        revision = data.get("revision")
        if not isinstance(revision, str) or not revision:
            raise BackupError(f"{NAME}: 'revision' is missing")
        try:
            created_at = datetime.fromisoformat(str(data.get("created_at")))
        except ValueError:
            raise BackupError(f"{NAME}: 'created_at' is not an ISO date and time") from None
        return cls(
            database=database,
            revision=revision,
            created_at=created_at,
            tables=_counts(data, "tables"),
            files=_counts(data, "files"),
            version=version,
        )


def _counts(data: dict[str, Any], key: str) -> dict[str, int]:
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, int) for k, v in value.items()
    ):
        raise BackupError(f"{NAME}: '{key}' must map names to counts")
    return dict(value)
