"""The archive: a tar (gzip-compressed when its name ends in ``.gz`` or ``.tgz``).

Members, in order: ``manifest.json``; the database snapshot under ``database/``; the stores
under ``stores/``; and last ``SHA256SUMS``, the hash of every member before it. Reading checks
the manifest first (a foreign file is refused before anything is unpacked) and the sums last
(a truncated or damaged archive is refused before anything is swapped in), and names the
member at fault.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

from ictarena.backups.errors import BackupError
from ictarena.backups.manifest import NAME as MANIFEST
from ictarena.backups.manifest import Manifest

SUMS = "SHA256SUMS"
ROOTS = ("database", "stores")
_CHUNK = 1 << 20
_DAMAGE = (tarfile.TarError, EOFError, zlib.error, OSError)


def compressed(path: Path) -> bool:
    return path.name.endswith((".gz", ".tgz"))


class _Hashing:
    """A file read through a SHA-256 (tarfile copies from it in chunks)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.hash.update(data)
        return data


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target``, renamed to it when the block succeeds and removed
    when it fails: a failed backup never leaves a half-written file under the real name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o600)  # it holds password hashes and the signing key
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write(
    target: Path, manifest: Manifest, members: Iterable[tuple[str, Path]], gzip: bool
) -> None:
    """Write the archive to ``target`` (a temporary file: see :func:`atomic_target`)."""
    sums: list[str] = []
    info = tarfile.TarInfo(MANIFEST)
    raw = manifest.to_json()
    info.size = len(raw)
    info.mode = 0o644
    info.mtime = int(manifest.created_at.timestamp())
    sums.append(f"{hashlib.sha256(raw).hexdigest()}  {MANIFEST}")
    mode = "w:gz" if gzip else "w"
    with tarfile.open(target, mode) as tar:  # type: ignore[call-overload]
        tar.addfile(info, _BytesReader(raw))
        for name, path in members:
            with path.open("rb") as handle:
                # A regular file whatever the path is (a link is followed): restores take
                # nothing else.
                status = os.fstat(handle.fileno())
                member = tarfile.TarInfo(name)
                member.size = status.st_size
                member.mode = status.st_mode & 0o777
                member.mtime = int(status.st_mtime)
                reader = _Hashing(handle)
                tar.addfile(member, reader)
            sums.append(f"{reader.hash.hexdigest()}  {name}")
        listing = ("\n".join(sums) + "\n").encode()
        info = tarfile.TarInfo(SUMS)
        info.size = len(listing)
        info.mode = 0o644
        info.mtime = int(manifest.created_at.timestamp())
        tar.addfile(info, _BytesReader(listing))


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


def read_manifest(source: Path) -> Manifest:
    """The archive's manifest, or a :class:`BackupError` saying why the file is no backup."""
    with _open(source) as tar:
        member = _next(tar, source, None)
        return _manifest(tar, member, source)[0]


def unpack(source: Path, staging: Path) -> Manifest:
    """Unpack the archive's ``database/`` and ``stores/`` members under ``staging`` and check
    every member against ``SHA256SUMS``; return the manifest."""
    seen: dict[str, str] = {}
    with _open(source) as tar:
        member = _next(tar, source, None)
        manifest, raw = _manifest(tar, member, source)
        seen[MANIFEST] = hashlib.sha256(raw).hexdigest()
        listing: bytes | None = None
        last = MANIFEST
        while (member := _next(tar, source, last)) is not None:
            if listing is not None:
                raise BackupError(f"{source}: member {member.name!r} follows {SUMS}")
            if member.name == SUMS and member.isfile():
                listing = _read_all(tar, member, source)
            else:
                seen[member.name] = _extract(tar, member, staging, source)
            last = member.name
    if listing is None:
        raise BackupError(f"{source}: truncated: it ends after member {last!r}, before {SUMS}")
    _check_sums(source, listing, seen)
    if manifest.database_member not in seen:
        raise BackupError(f"{source}: member {manifest.database_member!r} is missing")
    return manifest


@contextmanager
def _open(source: Path) -> Iterator[tarfile.TarFile]:
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    try:
        tar = tarfile.open(source, "r:*")  # noqa: SIM115 - closed by the with below
    except _DAMAGE:
        raise BackupError(f"{source}: not a tar archive (nor a gzip-compressed one)") from None
    with tar:
        yield tar


def _next(tar: tarfile.TarFile, source: Path, last: str | None) -> tarfile.TarInfo | None:
    try:
        return tar.next()
    except _DAMAGE as exc:
        where = f"after member {last!r}" if last else "at its start"
        raise BackupError(f"{source}: damaged {where}: {_say(exc)}") from None


def _manifest(
    tar: tarfile.TarFile, member: tarfile.TarInfo | None, source: Path
) -> tuple[Manifest, bytes]:
    if member is None or member.name != MANIFEST or not member.isfile():
        found = "nothing" if member is None else repr(member.name)
        raise BackupError(
            f"{source}: not an ICT Arena backup (its first member is {found}, not {MANIFEST!r})"
        )
    raw = _read_all(tar, member, source)
    try:
        return Manifest.from_json(raw), raw
    except BackupError as exc:
        raise BackupError(f"{source}: {exc}") from None


def _read_all(tar: tarfile.TarFile, member: tarfile.TarInfo, source: Path) -> bytes:
    if member.size > 16 << 20:
        raise BackupError(f"{source}: member {member.name!r} is too large for what it is")
    try:
        handle = tar.extractfile(member)
        assert handle is not None  # a regular file
        return handle.read()
    except _DAMAGE as exc:
        raise BackupError(f"{source}: member {member.name!r} is damaged: {_say(exc)}") from None


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, staging: Path, source: Path) -> str:
    """Copy one member under ``staging``, refusing names outside ``database/`` and
    ``stores/`` and anything but a regular file; return its SHA-256."""
    path = PurePosixPath(member.name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or not path.parts
        or path.parts[0] not in ROOTS
        or len(path.parts) < 2
    ):
        raise BackupError(f"{source}: member {member.name!r} is not part of a backup")
    if not member.isfile():
        raise BackupError(f"{source}: member {member.name!r} is not a regular file")
    target = staging.joinpath(*path.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        handle = tar.extractfile(member)
        assert handle is not None  # a regular file
        with target.open("xb") as out:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except FileExistsError:
        raise BackupError(f"{source}: member {member.name!r} appears twice") from None
    except _DAMAGE as exc:
        raise BackupError(f"{source}: member {member.name!r} is damaged: {_say(exc)}") from None
    os.chmod(target, member.mode & 0o777 | 0o600)
    return digest.hexdigest()


def _check_sums(source: Path, listing: bytes, seen: dict[str, str]) -> None:
    expected: dict[str, str] = {}
    for number, line in enumerate(listing.decode(errors="replace").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise BackupError(f"{source}: {SUMS} line {number} is not '<sha256>  <member>'")
        expected[name] = digest
    for name, digest in seen.items():
        if name not in expected:
            raise BackupError(f"{source}: member {name!r} is not listed in {SUMS}")
        if expected[name] != digest:
            raise BackupError(f"{source}: member {name!r} is damaged (its SHA-256 differs)")
    for name in expected:
        if name not in seen:
            raise BackupError(f"{source}: member {name!r} listed in {SUMS} is missing")


def _say(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
