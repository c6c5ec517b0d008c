"""Running Alembic migrations from the platform (``arena db upgrade``, ``arena up``, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate to ``revision``.

    Synchronous (Alembic runs its own event loop): use ``asyncio.to_thread`` from async code.
    """
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def head() -> str:
    """The newest revision this version of the platform knows."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None  # there are migrations
    return head


def knows(revision: str) -> bool:
    """Whether ``revision`` is one of this version's migrations (not one of a newer version)."""
    try:
        return ScriptDirectory(str(MIGRATIONS)).get_revision(revision) is not None
    except CommandError:
        return False
