"""The stores on disk that a backup holds, and swapping restored ones into place.

Two things under the data directory are state rather than cache:

- ``datasets/``, the content-addressed task data (statements, tests, checkers, reference
  solutions) that the database's datasets name by hash;
- ``secret_key``, the key that signs session cookies and CSRF tokens in embedded mode: with it,
  logged-in users stay logged in after a restore. In production the key is ARENA_SECRET_KEY,
  which lives in the deployment's configuration, not on disk, and is not in the backup.

Left out: ``judge-cache/`` (copies of datasets a judge fetched, rebuilt on demand) and
``initial-admin-password`` (a note of a password whose hash is in the database).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ictarena.settings import Settings

PREFIX = "stores/"


@dataclass(frozen=True)
class Store:
    name: str
    """Its name in the archive, under ``stores/``."""
    path: Path
    directory: bool
    """A directory store is replaced as a whole on restore, even by nothing; a file store only
    when the backup holds it (a production backup has no signing key to put back)."""


def stores(settings: Settings) -> list[Store]:
    return [
        Store("datasets", settings.tasks_dir, directory=True),
        Store("secret_key", settings.data_dir / "secret_key", directory=False),
    ]


def files(store: Store) -> Iterator[tuple[str, Path]]:
    """Every file of the store as (member name, path), sorted; half-written datasets (the
    ``.incoming-*`` directories of :func:`ictarena.catalog.packages.storage.store`) skipped."""
    if not store.directory:
        if store.path.is_file():
            yield PREFIX + store.name, store.path
        return
    if not store.path.is_dir():
        return
    for path in sorted(store.path.rglob("*")):
        relative = path.relative_to(store.path)
        if relative.parts[0].startswith(".") or not path.is_file():
            continue
        yield f"{PREFIX}{store.name}/{relative.as_posix()}", path


def holds_data(store: Store) -> bool:
    """Whether the store holds data a restore would replace (the signing key does not count:
    any install that has served a page has one, and it is no one's work)."""
    return store.directory and next(files(store), None) is not None


class Swap:
    """Puts staged stores in place, keeping the old ones aside until :meth:`commit`, so that
    :meth:`rollback` can put them back if the database restore fails after the swap."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self.moved: list[tuple[Path, Path | None]] = []  # (target, where the old one went)

    def swap(self, store: Store) -> None:
        staged = self.staging / PREFIX / store.name
        if not staged.exists():
            if not store.directory:
                return
            staged.mkdir(parents=True)
        store.path.parent.mkdir(parents=True, exist_ok=True)
        aside: Path | None = None
        if store.path.exists():
            aside = store.path.with_name(f".{store.path.name}.before-restore")
            _remove(aside)
            store.path.rename(aside)
        self.moved.append((store.path, aside))
        staged.rename(store.path)

    def commit(self) -> None:
        for _target, aside in self.moved:
            if aside is not None:
                _remove(aside)
        self.moved = []

    def rollback(self) -> None:
        for target, aside in reversed(self.moved):
            _remove(target)
            if aside is not None:
                aside.rename(target)
        self.moved = []


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
