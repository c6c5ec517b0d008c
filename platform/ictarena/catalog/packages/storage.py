"""Normalised task data on disk, content-addressed.

A dataset directory holds exactly what the judge reads (``dataset.json`` and ``tests/``,
``checker/`` or ``lab/``), plus ``statement/`` (Markdown and images, served by the web app) and
``solutions/`` (the reference solutions, for verification and rejudging); the judge ignores
those two. Its name is the SHA-256 of its content (every relative path with the hash of its
bytes, sorted), so identical packages get the same directory and a directory never changes.
Directories are written to a temporary sibling and renamed into place atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ictarena.catalog.packages.package import Package

MANIFEST = "dataset.json"


def content(package: Package) -> dict[str, bytes]:
    """Every file of the package's dataset directory, by relative path."""
    files = {MANIFEST: json.dumps(package.manifest, indent=2, sort_keys=True).encode()}
    files.update(package.files)
    for lang, text in sorted(package.statements.items()):
        files[f"statement/{lang}.md"] = text.encode()
    for name, data in package.assets.items():
        files[f"statement/{name}"] = data
    for lang, text in sorted(package.editorials.items()):
        files[f"editorial/{lang}.md"] = text.encode()
    for reference in package.references:
        for name, data in reference.files.items():
            key = (
                f"solutions/{reference.path}"
                if len(reference.files) == 1
                else (f"solutions/{reference.path}/{name}")
            )
            files[key] = data
    return files


def digest(files: Mapping[str, bytes]) -> str:
    """The content hash of a dataset directory's files."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


def write_tree(files: Mapping[str, bytes], directory: Path) -> None:
    for name, data in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def store(files: Mapping[str, bytes], tasks_dir: Path) -> tuple[str, Path]:
    """Write ``files`` to ``tasks_dir/<hash>`` unless it exists; return (hash, directory)."""
    content_hash = digest(files)
    target = tasks_dir / content_hash
    if target.is_dir():
        return content_hash, target
    tasks_dir.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".incoming-", dir=tasks_dir))
    try:
        write_tree(files, temp)
        os.chmod(temp, 0o755)
        os.rename(temp, target)
    except OSError:
        shutil.rmtree(temp, ignore_errors=True)
        if not target.is_dir():  # not another process winning the race
            raise
    return content_hash, target
