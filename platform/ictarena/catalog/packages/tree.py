"""A package's files as a bounded tree: every path it names stays inside it, every symbolic link
is resolved once, and the whole walk has a cap on its size.

A package is untrusted input. Before a reader opens anything, :func:`scan` walks the package
the way the readers will (symbolic links to folders followed when they stay inside) and refuses
it, with the file named, when

- a symbolic link leaves the package, points nowhere, or points to a folder that contains it
  (a loop);
- links are chained deeper than :data:`MAX_LINK_DEPTH` or there are more than
  ``max_links`` of them;
- it holds more than ``max_files`` files and folders or more than ``max_bytes`` bytes, each
  link counted again for what it reaches (so that links cannot multiply the work).

Readers then visit a subset of what the scan visited, so their work is bounded too.
:func:`named_path` checks one path that ``task.yaml`` names the same way.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import children

if TYPE_CHECKING:
    from ictarena.settings import Settings

MAX_LINK_DEPTH = 8
"""How many symbolic links one path may pass through in a chain (a link to a link …)."""

LEAVES = "a symbolic link that leaves the package (or points nowhere)"


@dataclass(frozen=True)
class PackageLimits:
    """How big a package may be, unpacked or on disk (settings ``package_max_*``)."""

    max_files: int = 20_000
    max_bytes: int = 512 << 20
    max_links: int = 1_000

    @classmethod
    def from_settings(cls, settings: Settings) -> PackageLimits:
        return cls(
            max_files=settings.package_max_files,
            max_bytes=settings.package_max_mb << 20,
            max_links=settings.package_max_links,
        )

    def too_many_files(self) -> str:
        return f"more than {self.max_files} files and folders (setting package_max_files)"

    def too_many_bytes(self) -> str:
        return f"more than {self.max_bytes >> 20} MiB of files (setting package_max_mb)"


class LinkRefused(ValueError):
    """A symbolic link that cannot be followed; the message says why."""


class PackageTooLarge(ValueError):
    """The package exceeds one of its :class:`PackageLimits`; the message says which."""


class Links:
    """Resolves paths inside ``root``, each symbolic link once (remembered with how long a chain
    of links it stands for), with caps on the chain and on the number of links."""

    def __init__(self, root: Path, limits: PackageLimits) -> None:
        self.root = Path(os.path.realpath(root))
        self.limits = limits
        self.resolved: dict[Path, tuple[Path, int]] = {}  # link -> (real path, chain length)
        self.pending: set[Path] = set()
        self.count = 0

    def resolve(self, path: Path) -> Path:
        """The real path of ``path`` (absolute, or relative to the root), every link followed;
        :class:`LinkRefused` when it leaves the root or a link is unusable. The path need not
        exist."""
        relative = path.relative_to(self.root) if path.is_absolute() else path
        return self._walk(self.root, PurePosixPath(relative.as_posix()).parts, 0)[0]

    def _walk(self, start: Path, parts: tuple[str, ...], depth: int) -> tuple[Path, int]:
        """(real path, the longest chain of links passed) of ``parts`` from ``start``, inside
        ``depth`` links already."""
        current = start
        chain = 0
        for part in parts:
            if part in ("", "."):
                continue
            if part == "..":
                if current == self.root:
                    raise LinkRefused("leaves the package")
                current = current.parent
                continue
            candidate = current / part
            known = self.resolved.get(candidate)
            if known is None:
                try:
                    mode = os.lstat(candidate).st_mode
                except OSError:
                    current = candidate  # does not exist (yet): the rest is plain names
                    continue
                if not stat.S_ISLNK(mode):
                    current = candidate
                    continue
                known = self._link(candidate, depth)
            elif depth + known[1] > MAX_LINK_DEPTH:
                raise LinkRefused(f"makes a chain of more than {MAX_LINK_DEPTH} symbolic links")
            current, chain = known[0], max(chain, known[1])
        return current, chain

    def _link(self, link: Path, depth: int) -> tuple[Path, int]:
        if link in self.pending:
            raise LinkRefused("makes a loop of symbolic links")
        if depth >= MAX_LINK_DEPTH:
            raise LinkRefused(f"makes a chain of more than {MAX_LINK_DEPTH} symbolic links")
        self.count += 1
        if self.count > self.limits.max_links:
            raise PackageTooLarge(
                f"more than {self.limits.max_links} symbolic links (setting package_max_links)"
            )
        target = os.readlink(link)
        if target.startswith("/"):
            # an absolute link counts only when it names a place inside the package itself
            try:
                target = Path(target).relative_to(self.root).as_posix()
            except ValueError:
                raise LinkRefused("leaves the package") from None
            start = self.root
        else:
            start = link.parent
        self.pending.add(link)
        try:
            real, chain = self._walk(start, PurePosixPath(target).parts, depth + 1)
        finally:
            self.pending.discard(link)
        self.resolved[link] = (real, chain + 1)
        return real, chain + 1


def scan(root: Path, limits: PackageLimits, problems: Problems) -> bool:
    """Walk the package in ``root`` as the readers will, within ``limits``; record every link
    that cannot be followed and stop at the first limit exceeded. True when it may be read."""
    links = Links(root, limits)
    before = len(problems.errors)
    entries = 0
    size = 0
    # (real folder, its path in the package, the real folders above it on this walk)
    stack: list[tuple[Path, str, frozenset[Path]]] = [(links.root, "", frozenset({links.root}))]
    try:
        while stack:
            folder, label, above = stack.pop()
            below: list[tuple[Path, str, frozenset[Path]]] = []
            for entry in children(folder):
                name = f"{label}/{entry.name}" if label else entry.name
                entries += 1
                if entries > limits.max_files:
                    raise PackageTooLarge(limits.too_many_files())
                real = entry
                if entry.is_symlink():
                    try:
                        real = links.resolve(entry)
                    except LinkRefused as exc:
                        problems.add(name, "", _link_message(str(exc)))
                        continue
                    if not real.exists():
                        problems.add(name, "", LEAVES)
                        continue
                    if real.is_dir() and real in above:
                        problems.add(name, "", "a symbolic link to a folder that contains it")
                        continue
                if real.is_dir():
                    below.append((real, name, above | {real}))
                elif real.is_file():
                    size += real.stat().st_size
                    if size > limits.max_bytes:
                        raise PackageTooLarge(limits.too_many_bytes())
            stack.extend(reversed(below))
    except PackageTooLarge as exc:
        problems.add("", "", str(exc))
    return len(problems.errors) == before


def _link_message(reason: str) -> str:
    return LEAVES if reason == "leaves the package" else f"a symbolic link that {reason}"


def named_path(root: Path, value: str, file: str, field: str, problems: Problems) -> Path | None:
    """``root/value`` for a path that ``file`` names in ``field``, when it stays inside the
    package with every link followed; otherwise None, after recording a located error."""
    inside = not PurePosixPath(value).is_absolute()
    if inside:
        try:
            real = Links(root, PackageLimits()).resolve(Path(value))
        except (LinkRefused, PackageTooLarge):
            inside = False
        else:
            inside = real.is_relative_to(os.path.realpath(root))
    if not inside:
        problems.add(file, field, f"path {value!r} leaves the package")
        return None
    return root / value
