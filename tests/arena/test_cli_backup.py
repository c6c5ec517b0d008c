"""``arena backup`` and ``arena restore`` through the command line, on real SQLite files and
real PostgreSQL databases: the round trip keeps every row of every table and every stored
file; a non-empty install is refused unless forced; a backup of an older schema is migrated;
a damaged or foreign archive is refused and changes nothing."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

import ictarena.models  # noqa: F401 - every table mapped
from ictarena import migrate
from ictarena.accounts.models import Role
from ictarena.catalog.models import Task
from ictarena.catalog.packages.importer import import_catalogue
from ictarena.catalog.packages.sources import read_paths
from ictarena.cli.main import app
from ictarena.db import Database, create_engine
from ictarena.models import metadata
from ictarena.submissions import services
from tests.arena.catalog.builders import CPP_AC, problem_set
from tests.arena.helpers import UserFactory
from tests.conftest import PG_ADMIN_URL, _admin_execute

runner = CliRunner()
OLDER = "0014_editorials"


@dataclass
class Install:
    """One install: a data directory and a database, entered by setting ``ARENA_*``."""

    data_dir: Path
    url: str
    monkeypatch: pytest.MonkeyPatch

    def enter(self) -> Install:
        self.monkeypatch.setenv("ARENA_DATA_DIR", str(self.data_dir))
        self.monkeypatch.setenv("ARENA_DATABASE_URL", self.url)
        return self

    def arena(self, *args: str) -> Any:
        self.enter()
        return runner.invoke(app, list(args))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def installs(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """Makes installs of one kind: a SQLite file in the data directory, or a PostgreSQL
    database of its own (created empty, dropped afterwards)."""
    monkeypatch.delenv("ARENA_MODE", raising=False)
    monkeypatch.delenv("ARENA_SECRET_KEY", raising=False)
    monkeypatch.setenv("ARENA_PROBLEM_SETS_DIR", str(tmp_path / "no-bundled-sets"))
    databases: list[str] = []

    def make(name: str) -> Install:
        data_dir = tmp_path / name
        if request.param == "sqlite":
            return Install(data_dir, f"sqlite:///{data_dir / 'arena.db'}", monkeypatch)
        database = f"arena_backup_{uuid.uuid4().hex[:10]}"
        asyncio.run(_admin_execute(f'CREATE DATABASE "{database}"'))
        databases.append(database)
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database
        return Install(data_dir, url, monkeypatch)

    yield make
    for database in databases:
        asyncio.run(_admin_execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def _async_url(url: str) -> str:
    return url.replace("sqlite://", "sqlite+aiosqlite://").replace(
        "postgresql://", "postgresql+asyncpg://"
    )


async def _populate(install: Install, sets: Path) -> None:
    """Users, a cohort, the tracks, a problem set's tasks and datasets, and a submission with
    its judging: rows in many tables and files in the dataset store."""
    from ictarena.catalog.tracks import seed_bundled_tracks
    from tests.arena.catalog.builders import BUNDLED_SETS

    database = Database.from_url(_async_url(install.url))
    try:
        async with database.session() as session:
            await seed_bundled_tracks(session, BUNDLED_SETS)
            await session.commit()
            users = UserFactory(session)
            coach = await users(Role.COACH)
            await users.cohort(coach)
            await users(Role.STUDENT)
            admin = await users(Role.ADMIN)
            catalogue = read_paths([problem_set(sets, "aplusb", "aplusc")])
            await import_catalogue(session, catalogue, install.data_dir / "datasets")
            await session.commit()
            task = await session.scalar(select(Task).where(Task.slug == "aplusb"))
            assert task is not None
            rules = services.IntakeRules(per_minute=1000, languages=("cpp",))
            await services.submit(session, admin, task.id, "cpp", {"a.cpp": CPP_AC}, rules)
            await session.commit()
    finally:
        await database.dispose()
    (install.data_dir / "secret_key").write_text("the signing key\n")


async def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the models declare, plus the migrations' bookkeeping."""
    engine = create_engine(_async_url(url), poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            present = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
            rows: dict[str, list[tuple[Any, ...]]] = {}
            for table in metadata.sorted_tables:
                if table.name in present:
                    query = select(table).order_by(*table.primary_key.columns)
                    rows[table.name] = [tuple(r) for r in await conn.execute(query)]
            if "alembic_version" in present:
                version = await conn.execute(text("SELECT version_num FROM alembic_version"))
                rows["alembic_version"] = [tuple(r) for r in version]
            return rows
    finally:
        await engine.dispose()


def _files(data_dir: Path) -> dict[str, bytes]:
    """Every stored file: the datasets and the signing key."""
    found = {
        path.relative_to(data_dir).as_posix(): path.read_bytes()
        for path in sorted((data_dir / "datasets").rglob("*"))
        if path.is_file()
    }
    key = data_dir / "secret_key"
    if key.exists():
        found["secret_key"] = key.read_bytes()
    return found


def _source(installs: Any, tmp_path: Path) -> Install:
    source = installs("source")
    assert source.arena("db", "upgrade").exit_code == 0
    asyncio.run(_populate(source, tmp_path / "sets"))
    return source


def _empty(installs: Any, name: str = "target") -> Install:
    """A fresh install with the schema in place and every table empty."""
    target = installs(name)
    upgraded = target.arena("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    return target


@pytest.mark.parametrize("name", ["backup.tar", "backup.tar.gz"])
def test_the_round_trip_keeps_every_row_and_every_file(
    installs: Any, tmp_path: Path, name: str
) -> None:
    source = _source(installs, tmp_path)
    archive = tmp_path / name
    made = source.arena("backup", str(archive))
    assert made.exit_code == 0, made.output
    assert "Backed up to" in made.output
    with tarfile.open(archive, "r:gz" if name.endswith(".gz") else "r:") as tar:
        names = tar.getnames()
    assert names[0] == "manifest.json" and names[-1] == "SHA256SUMS"

    target = _empty(installs)
    restored = target.arena("restore", str(archive))
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output and "Migrated" not in restored.output

    before = asyncio.run(_rows(source.url))
    after = asyncio.run(_rows(target.url))
    for table in ("users", "cohorts", "tracks", "tasks", "datasets", "submissions", "judgings"):
        assert before[table], f"the test wrote nothing to {table}"
    assert after == before
    assert _files(target.data_dir) == _files(source.data_dir)
    assert any(path.startswith("datasets/") for path in _files(source.data_dir))
    assert not [p.name for p in target.data_dir.iterdir() if p.name.startswith(".")]


def test_a_restore_into_a_bare_install_creates_it(installs: Any, tmp_path: Path) -> None:
    """No schema and no data directory yet: the restore makes both."""
    source = _source(installs, tmp_path)
    archive = tmp_path / "backup.tar"
    assert source.arena("backup", str(archive)).exit_code == 0
    target = installs("bare")
    restored = target.arena("restore", str(archive))
    assert restored.exit_code == 0, restored.output
    assert asyncio.run(_rows(target.url)) == asyncio.run(_rows(source.url))
    assert _files(target.data_dir) == _files(source.data_dir)


def test_a_non_empty_install_is_refused_unless_forced(installs: Any, tmp_path: Path) -> None:
    source = _source(installs, tmp_path)
    archive = tmp_path / "backup.tar"
    assert source.arena("backup", str(archive)).exit_code == 0

    other = installs("other")
    assert other.arena("db", "upgrade").exit_code == 0
    assert other.arena("user", "create", "someone", "--password", "long-enough-1").exit_code == 0
    (other.data_dir / "datasets" / "f00").mkdir(parents=True)
    (other.data_dir / "datasets" / "f00" / "dataset.json").write_text("{}")
    before = asyncio.run(_rows(other.url))

    refused = other.arena("restore", str(archive))
    assert refused.exit_code == 1
    assert "not empty" in refused.output and "--force" in refused.output
    assert "users" in refused.output and "datasets" in refused.output
    assert "Traceback" not in refused.output
    assert asyncio.run(_rows(other.url)) == before
    assert (other.data_dir / "datasets" / "f00" / "dataset.json").exists()

    forced = other.arena("restore", str(archive), "--force")
    assert forced.exit_code == 0, forced.output
    assert asyncio.run(_rows(other.url)) == asyncio.run(_rows(source.url))
    assert _files(other.data_dir) == _files(source.data_dir)
    assert not (other.data_dir / "datasets" / "f00").exists()


def test_a_backup_of_an_older_schema_is_migrated_after_restore(
    installs: Any, tmp_path: Path
) -> None:
    old = installs("old")
    old.data_dir.mkdir()
    migrate.upgrade(_async_url(old.url), OLDER)
    with_row = old.url
    asyncio.run(_insert_track(with_row))
    archive = tmp_path / "old.tar.gz"
    made = old.arena("backup", str(archive))
    assert made.exit_code == 0, made.output
    assert OLDER in made.output

    target = installs("new")
    restored = target.arena("restore", str(archive))
    assert restored.exit_code == 0, restored.output
    assert f"Migrated the database to {migrate.head()}" in restored.output
    rows = asyncio.run(_rows(target.url))
    assert rows["alembic_version"] == [(migrate.head(),)]
    assert [row[1] for row in rows["tracks"]] == ["old-track"]


async def _insert_track(url: str) -> None:
    engine = create_engine(_async_url(url), poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO tracks (slug, name_en, name_zh, position) "
                    "VALUES ('old-track', 'Old', '旧', 0)"
                )
            )
    finally:
        await engine.dispose()


def _damaged_copies(archive: Path, compressed: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Ways an archive goes wrong, each with what the error must say."""
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    truncated_gz = tmp_path / "truncated.tar.gz"
    truncated_gz.write_bytes(compressed.read_bytes()[: compressed.stat().st_size * 2 // 3])
    flipped = tmp_path / "flipped.tar"
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("stores/datasets/"))
    data = bytearray(archive.read_bytes())
    data[member.offset_data] ^= 0xFF
    flipped.write_bytes(bytes(data))
    foreign = tmp_path / "foreign.tar"
    with tarfile.open(foreign, "w") as tar:
        tar.add(__file__, arcname="notes.txt")
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not an archive at all")
    return {
        "truncated": (truncated, "truncated.tar: "),
        "truncated gzip": (truncated_gz, "truncated.tar.gz: "),
        "flipped": (flipped, f"member {member.name!r} is damaged"),
        "foreign": (foreign, "not an ICT Arena backup (its first member is 'notes.txt'"),
        "junk": (junk, "not a tar archive"),
    }


def test_a_damaged_or_foreign_archive_is_refused_and_changes_nothing(
    installs: Any, tmp_path: Path
) -> None:
    source = _source(installs, tmp_path)
    archive = tmp_path / "backup.tar"
    compressed = tmp_path / "backup.tar.gz"
    assert source.arena("backup", str(archive)).exit_code == 0
    assert source.arena("backup", str(compressed)).exit_code == 0
    target = _empty(installs)
    empty_rows = asyncio.run(_rows(target.url))
    for case, (damaged, says) in _damaged_copies(archive, compressed, tmp_path).items():
        for args in ([], ["--force"]):
            for install, rows in ((target, empty_rows), (source, None)):
                if not args and install is source:
                    continue  # refused as non-empty before the archive is unpacked
                before = rows or asyncio.run(_rows(install.url))
                files = _files(install.data_dir)
                result = install.arena("restore", str(damaged), *args)
                assert result.exit_code == 1, (case, result.output)
                output = "".join(result.output.split())  # however the console wrapped it
                assert "".join(says.split()) in output, (case, result.output)
                assert "Traceback" not in output
                assert asyncio.run(_rows(install.url)) == before, case
                assert _files(install.data_dir) == files, case
                leftovers = [p.name for p in install.data_dir.iterdir() if p.name[0] == "."]
                assert not leftovers, (case, leftovers)


def _rewrite_manifest(archive: Path, target: Path, **changes: Any) -> Path:
    """A copy of ``archive`` whose manifest says something else (its hash updated)."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    manifest = json.loads(members[0][1])
    manifest.update(changes)
    raw = json.dumps(manifest).encode()
    members[0] = (members[0][0], raw)
    sums = (
        members[-1][1]
        .decode()
        .replace(hashlib.sha256(members[0][1]).hexdigest(), hashlib.sha256(raw).hexdigest())
    )
    with tarfile.open(target, "w") as tar:
        for member, data in members:
            written = sums.encode() if member.name == "SHA256SUMS" else data
            member.size = len(written)
            tar.addfile(member, io.BytesIO(written))
    return target


def test_a_backup_from_a_newer_version_is_refused(installs: Any, tmp_path: Path) -> None:
    source = _source(installs, tmp_path)
    archive = tmp_path / "backup.tar"
    assert source.arena("backup", str(archive)).exit_code == 0
    target = installs("target")
    cases = {
        "9999_from_the_future": {"revision": "9999_from_the_future"},
        "format version 2 is newer": {"version": 2},
    }
    for says, changes in cases.items():
        newer = _rewrite_manifest(archive, tmp_path / "newer.tar", **changes)
        result = target.arena("restore", str(newer))
        assert result.exit_code == 1, result.output
        assert says in " ".join(result.output.split()), result.output
        assert not target.data_dir.exists() or not any(target.data_dir.iterdir())


def test_a_failed_backup_leaves_no_file(
    installs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _source(installs, tmp_path)
    target = tmp_path / "out" / "backup.tar.gz"
    original = tarfile.TarFile.addfile

    def full_disk(self: tarfile.TarFile, member: tarfile.TarInfo, fileobj: Any = None) -> None:
        if member.name.startswith("stores/"):
            raise OSError(28, "No space left on device")
        original(self, member, fileobj)

    monkeypatch.setattr(tarfile.TarFile, "addfile", full_disk)
    failed = source.arena("backup", str(target))
    assert failed.exit_code == 1
    assert "No space left on device" in failed.output and "Traceback" not in failed.output
    assert list(target.parent.iterdir()) == []

    bare = installs("bare")
    missing = bare.arena("backup", str(target))
    assert missing.exit_code == 1 and "database" in missing.output
    assert "Traceback" not in missing.output
    assert list(target.parent.iterdir()) == []


@pytest.mark.postgres
def test_a_backup_moves_only_between_databases_of_its_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARENA_MODE", raising=False)
    monkeypatch.setenv("ARENA_PROBLEM_SETS_DIR", str(tmp_path / "none"))
    lite = Install(tmp_path / "lite", f"sqlite:///{tmp_path / 'lite' / 'arena.db'}", monkeypatch)
    assert lite.arena("db", "upgrade").exit_code == 0
    archive = tmp_path / "lite.tar"
    assert lite.arena("backup", str(archive)).exit_code == 0
    database = f"arena_backup_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin_execute(f'CREATE DATABASE "{database}"'))
    try:
        pg = Install(tmp_path / "pg", PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database, monkeypatch)
        refused = pg.arena("restore", str(archive), "--force")
        assert refused.exit_code == 1
        output = " ".join(refused.output.split())
        assert "backup of a sqlite database" in output and "uses postgresql" in output
        assert "not supported" in output
    finally:
        asyncio.run(_admin_execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def test_a_forced_restore_replaces_a_damaged_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged database is a reason to restore: it does not stand in the way."""
    monkeypatch.delenv("ARENA_MODE", raising=False)
    monkeypatch.setenv("ARENA_PROBLEM_SETS_DIR", str(tmp_path / "none"))
    good = Install(tmp_path / "good", f"sqlite:///{tmp_path / 'good' / 'arena.db'}", monkeypatch)
    assert good.arena("db", "upgrade").exit_code == 0
    assert good.arena("user", "create", "keeper", "--password", "long-enough-1").exit_code == 0
    archive = tmp_path / "good.tar"
    assert good.arena("backup", str(archive)).exit_code == 0
    broken = Install(tmp_path / "bad", f"sqlite:///{tmp_path / 'bad' / 'arena.db'}", monkeypatch)
    broken.data_dir.mkdir()
    (broken.data_dir / "arena.db").write_bytes(b"not a database" * 1000)
    (broken.data_dir / "arena.db-wal").write_bytes(b"stale log" * 100)
    restored = broken.arena("restore", str(archive), "--force")
    assert restored.exit_code == 0, restored.output
    assert not (broken.data_dir / "arena.db-wal").exists()
    assert asyncio.run(_rows(broken.url)) == asyncio.run(_rows(good.url))
