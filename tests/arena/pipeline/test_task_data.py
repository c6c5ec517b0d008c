"""Judge hosts fetch task data by content hash from the web app and cache it."""

from __future__ import annotations

import hashlib
import io
import tarfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.settings import Settings, load_settings
from ictarena.workers.datasets import DatasetUnavailable, HttpDatasets, pack
from ictarena.workers.queue import InProcessQueue
from tests.arena.pipeline.fakes import ScriptedGrader

TOKEN = "judge-secret-token"


@pytest.fixture
def host_settings(tmp_data_dir: Path) -> Settings:
    return load_settings(data_dir=tmp_data_dir, secret_key="x", judge_token=TOKEN)


@pytest.fixture
async def transport(host_settings: Settings, db: Database) -> AsyncIterator[httpx.ASGITransport]:
    app = create_app(
        host_settings,
        database=db,
        queue=InProcessQueue(),
        connect_docker_engine=False,
        grader=ScriptedGrader(),
        languages={},
        sweep_every_s=None,
    )
    async with app.router.lifespan_context(app):
        yield httpx.ASGITransport(app=app)


def _dataset(settings: Settings) -> str:
    content_hash = hashlib.sha256(b"example").hexdigest()
    directory = settings.tasks_dir / content_hash / "tests"
    directory.mkdir(parents=True)
    (directory / "1.in").write_text("1 2\n")
    (directory.parent / "dataset.json").write_text("{}")
    return content_hash


async def test_a_judge_host_downloads_once_and_then_uses_its_cache(
    host_settings: Settings, transport: httpx.ASGITransport, tmp_path: Path
) -> None:
    content_hash = _dataset(host_settings)
    store = HttpDatasets(tmp_path / "cache", "http://web", TOKEN, transport=transport)
    path = await store.get(content_hash)
    assert (path / "tests" / "1.in").read_text() == "1 2\n"
    (host_settings.tasks_dir / content_hash / "dataset.json").unlink()  # the source may vanish
    assert await store.get(content_hash) == path


@pytest.mark.parametrize("token", ["", "wrong"], ids=["no-token", "wrong-token"])
async def test_task_data_needs_the_judge_token(
    host_settings: Settings, transport: httpx.ASGITransport, tmp_path: Path, token: str
) -> None:
    content_hash = _dataset(host_settings)
    store = HttpDatasets(tmp_path / "cache", "http://web", token, transport=transport)
    with pytest.raises(DatasetUnavailable, match="401"):
        await store.get(content_hash)


async def test_hashes_are_validated_before_any_path_is_built(tmp_path: Path) -> None:
    store = HttpDatasets(tmp_path / "cache", "http://web", TOKEN)
    with pytest.raises(DatasetUnavailable, match="not a content hash"):
        await store.get("../../etc")


def _without_data_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python before 3.11.4 (Debian 12's 3.11.2, the production image's) has no data filter."""
    monkeypatch.delattr(tarfile, "data_filter")


def test_without_the_data_filter_a_dataset_unpacks_with_its_modes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_data_filter(monkeypatch)
    source = tmp_path / "source"
    (source / "tests").mkdir(parents=True)
    (source / "tests" / "1.in").write_text("1 2\n")
    (source / "checker").write_text("#!/bin/sh\n")
    (source / "checker").chmod(0o755)
    store = HttpDatasets(tmp_path / "cache", "http://web", TOKEN)
    target = tmp_path / "cache" / ("b" * 64)
    store._unpack(pack(source), target)
    assert (target / "tests" / "1.in").read_text() == "1 2\n"
    assert (target / "checker").stat().st_mode & 0o777 == 0o755
    assert (target / "tests" / "1.in").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("data_filter", [True, False], ids=["data-filter", "no-data-filter"])
@pytest.mark.parametrize("kind", ["escape", "absolute", "symlink"])
def test_a_hostile_archive_unpacks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, data_filter: bool
) -> None:
    if not data_filter:
        _without_data_filter(monkeypatch)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        fine = tarfile.TarInfo("fine.txt")
        fine.size = 2
        archive.addfile(fine, io.BytesIO(b"ok"))
        if kind == "symlink":
            link = tarfile.TarInfo("passwd")
            link.type = tarfile.SYMTYPE
            link.linkname = "/etc/passwd"
            archive.addfile(link)
        else:
            name = "../../escaped.txt" if kind == "escape" else str(tmp_path / "escaped.txt")
            evil = tarfile.TarInfo(name)
            evil.size = 4
            archive.addfile(evil, io.BytesIO(b"evil"))
    store = HttpDatasets(tmp_path / "cache", "http://web", TOKEN)
    target = tmp_path / "cache" / ("a" * 64)
    if kind == "absolute" and data_filter:
        # the data filter makes an absolute name relative: it lands inside the target
        store._unpack(buffer.getvalue(), target)
        assert (target / tmp_path.relative_to("/") / "escaped.txt").read_bytes() == b"evil"
    else:
        with pytest.raises(DatasetUnavailable):
            store._unpack(buffer.getvalue(), target)
        assert not target.exists()
        assert not list((tmp_path / "cache").glob(".incoming-*"))
    assert not (tmp_path / "escaped.txt").exists()
