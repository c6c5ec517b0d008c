"""Unpacking a package archive (``.zip``, ``.kpp``) safely into a temporary folder.

Refused, with the reason: a member with an absolute path, ``..`` or a drive letter; more files
or more bytes than the :class:`~ictarena.catalog.packages.tree.PackageLimits` allow (counted as
the bytes are written, not as the archive claims); more symbolic links than allowed, a link
inside another link, and a link that leaves the archive once every link is resolved. Links to
the archive's own files are kept: Kattis packages link their own files. The unpacked package is
then scanned like any folder (:func:`~ictarena.catalog.packages.tree.scan`).
"""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from ictarena.catalog.packages.files import children
from ictarena.catalog.packages.tree import LinkRefused, Links, PackageLimits, PackageTooLarge

MAX_LINK_TARGET = 4096
CHUNK = 1 << 16


def member_name(name: str) -> PurePosixPath | None:
    """A safe relative path for an archive member, or None (absolute, ``..``, drive letters)."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    path = PurePosixPath(name.rstrip("/"))
    if any(part in ("..", "") for part in path.parts) or not path.parts:
        return None
    return path


def unpack_zip(archive: Path, target: Path, limits: PackageLimits | None = None) -> Path:
    """Extract ``archive`` into ``target`` and return the package root inside it (the one
    top-level folder when every member sits in it, as in ``aplusb/problem.yaml``).

    Raises ValueError with a readable reason when the archive is refused."""
    limits = limits or PackageLimits()
    links: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [m for m in zf.infolist() if not m.filename.startswith("__MACOSX/")]
            if len(members) > limits.max_files:
                raise PackageTooLarge(limits.too_many_files())
            if sum(m.file_size for m in members) > limits.max_bytes:
                raise PackageTooLarge(limits.too_many_bytes())
            written = 0
            for member in members:
                path = member_name(member.filename)
                if path is None:
                    raise ValueError(f"unsafe path {member.filename!r}")
                destination = target.joinpath(*path.parts)
                if stat.S_ISLNK(member.external_attr >> 16):
                    links.append((member, path))
                elif member.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                else:
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    written = _extract(zf, member, destination, written, limits)
            if len(links) > limits.max_links:
                raise PackageTooLarge(
                    f"more than {limits.max_links} symbolic links (setting package_max_links)"
                )
            for member, path in links:
                _make_link(zf, member, path, target)
            resolver = Links(target, limits)
            for member, path in links:
                try:
                    resolver.resolve(Path(*path.parts))
                except LinkRefused as exc:
                    raise ValueError(f"symbolic link {member.filename!r} {exc}") from None
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a zip archive ({exc})") from None
    except PackageTooLarge as exc:
        raise ValueError(f"the archive holds {exc}") from None
    top = children(target)
    if len(top) == 1 and top[0].is_dir() and not top[0].is_symlink():
        return top[0]
    return target


def _extract(
    zf: zipfile.ZipFile, member: zipfile.ZipInfo, destination: Path, written: int,
    limits: PackageLimits,
) -> int:  # fmt: skip
    """Copy one member, counting what is really written against the byte limit."""
    with zf.open(member) as source, destination.open("wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > limits.max_bytes:
                raise PackageTooLarge(limits.too_many_bytes())
            out.write(chunk)
    return written


def _make_link(
    zf: zipfile.ZipFile, member: zipfile.ZipInfo, path: PurePosixPath, target: Path
) -> None:
    """Recreate an archived symbolic link; never inside another link (it would be written
    wherever that link points)."""
    if member.file_size > MAX_LINK_TARGET:
        raise ValueError(f"symbolic link {member.filename!r}: its target is too long")
    pointed = zf.read(member).decode("utf-8", "replace")
    if not pointed or "\0" in pointed:
        raise ValueError(f"symbolic link {member.filename!r}: no usable target")
    folder = target
    for part in path.parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise ValueError(f"{member.filename!r} lies inside the symbolic link {part!r}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / path.parts[-1]).symlink_to(pointed)
