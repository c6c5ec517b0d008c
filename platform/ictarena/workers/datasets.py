"""Task data on judge hosts, fetched by content hash and cached.

A dataset directory never changes once written (its name is the SHA-256 of its content), so a
judge host downloads each one once: ``GET {platform_url}/api/judge/datasets/{hash}`` with the
shared judge token returns a gzipped tar, which is unpacked with tarfile's ``data`` filter (no
links out, no devices, no absolute paths; on a Python without it, Debian 12's 3.11.2, files and
folders under the target only) into a temporary directory and renamed into
``{cache}/{hash}`` atomically. A cache directory can be deleted at any time to reclaim space.
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Protocol

import httpx

HASH_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_ARCHIVE_BYTES = 1 << 30


class DatasetUnavailable(Exception):
    """The task data could not be obtained (an infrastructure failure: retried)."""


class DatasetStore(Protocol):
    async def get(self, content_hash: str) -> Path: ...


def _checked(content_hash: str) -> str:
    if not HASH_RE.match(content_hash):
        raise DatasetUnavailable(f"not a content hash: {content_hash!r}")
    return content_hash


class LocalDatasets:
    """The platform's own dataset directory (embedded mode, or a host sharing the disk)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    async def get(self, content_hash: str) -> Path:
        path = self.root / _checked(content_hash)
        if not path.is_dir():
            raise DatasetUnavailable(f"dataset {content_hash} is not in {self.root}")
        return path


def pack(directory: Path) -> bytes:
    """A gzipped tar of a dataset directory (served to judge hosts)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=3) as archive:
        archive.add(directory, arcname=".")
    return buffer.getvalue()


def extract(archive: tarfile.TarFile, target: Path) -> None:
    """Unpack with tarfile's ``data`` filter; where Python lacks it (before 3.11.4, such as
    Debian 12's 3.11.2 in the production image), with a dataset's own rule: regular files and
    folders, each under ``target``; anything else (a link, a device) fails the whole archive."""
    if hasattr(tarfile, "data_filter"):
        archive.extractall(target, filter="data")
        return
    root = target.resolve()
    members = archive.getmembers()
    for member in members:
        path = (root / member.name).resolve()
        if path != root and root not in path.parents:
            raise tarfile.TarError(f"{member.name!r} would land outside {target}")
        if not (member.isfile() or member.isdir()):
            raise tarfile.TarError(f"{member.name!r}: a dataset holds only files and folders")
    for member in members:
        path = (root / member.name).resolve()
        if member.isdir():
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        source = archive.extractfile(member)
        assert source is not None  # a regular file
        with source, open(path, "wb") as out:
            shutil.copyfileobj(source, out)
        path.chmod(0o755 if member.mode & 0o100 else 0o644)


class HttpDatasets:
    """Fetches datasets from the web app and caches them under ``cache``."""

    def __init__(
        self,
        cache: Path,
        platform_url: str,
        token: str,
        timeout: float = 60,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.cache = cache
        self.transport = transport
        self.platform_url = platform_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._locks: dict[str, asyncio.Lock] = {}

    async def get(self, content_hash: str) -> Path:
        target = self.cache / _checked(content_hash)
        if target.is_dir():
            return target
        lock = self._locks.setdefault(content_hash, asyncio.Lock())
        async with lock:
            if not target.is_dir():
                data = await self._download(content_hash)
                await asyncio.to_thread(self._unpack, data, target)
        return target

    async def _download(self, content_hash: str) -> bytes:
        url = f"{self.platform_url}/api/judge/datasets/{content_hash}"
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            async with (
                httpx.AsyncClient(timeout=self.timeout, transport=self.transport) as client,
                client.stream("GET", url, headers=headers) as response,
            ):
                if response.status_code != 200:
                    raise DatasetUnavailable(f"GET {url}: HTTP {response.status_code}")
                chunks = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > MAX_ARCHIVE_BYTES:
                        raise DatasetUnavailable(f"dataset {content_hash} is larger than 1 GiB")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:
            raise DatasetUnavailable(f"GET {url}: {exc}") from exc

    def _unpack(self, data: bytes, target: Path) -> None:
        self.cache.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.cache))
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
                extract(archive, temp)
            os.rename(temp, target)
        except FileExistsError:
            shutil.rmtree(temp, ignore_errors=True)  # another process won the race
        except (tarfile.TarError, OSError) as exc:
            shutil.rmtree(temp, ignore_errors=True)
            raise DatasetUnavailable(f"cannot unpack dataset into {target}: {exc}") from exc
