"""Hostile archives and folders: link bombs, too many files, too many bytes.

Each is refused with a clear error after bounded work; links to a package's own files keep
working (real Kattis packages have them).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarena.catalog.packages import tree
from ictarena.catalog.packages.kattis import KattisOptions
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.tree import PackageLimits
from ictarena.cli.main import app
from tests.arena.catalog.builders import PY_AC, code_task, write

OPTIONS = KattisOptions(track="programming", tier="associate", module="kattis-test")
KATTIS = {
    "p/problem.yaml": b"name: Bomb\n",
    "p/data/sample/1.in": b"1 2\n",
    "p/data/sample/1.ans": b"3\n",
    "p/data/secret/1.in": b"5 7\n",
    "p/data/secret/1.ans": b"12\n",
    "p/submissions/accepted/a.py": PY_AC.encode(),
}


def _zip(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            zf.writestr(info, target)
    return path


def _errors(path: Path, limits: PackageLimits | None = None) -> list[str]:
    return [str(e) for e in read_paths([path], OPTIONS, limits).errors]


@pytest.fixture
def resolutions(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every symbolic link resolved (each resolution reads one link)."""
    seen: list[Path] = []
    original = tree.Links._link

    def counting(self: tree.Links, link: Path, depth: int) -> Path:
        seen.append(link)
        return original(self, link, depth)

    monkeypatch.setattr(tree.Links, "_link", counting)
    return seen


@pytest.mark.timeout(30)
def test_a_symlink_loop_bomb_is_refused_after_bounded_work(
    tmp_path: Path, resolutions: list[Path]
) -> None:
    # l0 is the folder itself; each further link names the one before it four times over, so
    # resolving l6 naively reads 4^6 links, and walking the folders loops without end
    links = {"p/data/secret/l0": "."}
    for level in range(1, 7):
        links[f"p/data/secret/l{level}"] = "/".join([f"l{level - 1}"] * 4)
    links |= {f"p/data/secret/x{i}": "." for i in range(3)}
    bomb = _zip(tmp_path / "bomb.zip", KATTIS, links)
    assert bomb.stat().st_size < 3000
    found = _errors(bomb)
    assert "bomb.zip/data/secret/l0: a symbolic link to a folder that contains it" in found
    assert "bomb.zip/data/secret/x2: a symbolic link to a folder that contains it" in found
    assert all("symbolic link" in e for e in found), found
    # each link was read once when unpacking and once when scanning the package, no more
    assert len(resolutions) <= 2 * len(links)


@pytest.mark.timeout(30)
def test_a_deep_chain_of_links_is_refused(tmp_path: Path) -> None:
    links = {"p/data/secret/c0": "1.in"}
    for level in range(1, 12):
        links[f"p/data/secret/c{level}"] = f"c{level - 1}"
    found = _errors(_zip(tmp_path / "chain.zip", KATTIS, links))
    assert found == [
        "chain.zip: symbolic link 'p/data/secret/c8' makes a chain of more than 8 symbolic links"
    ]


def test_links_that_climb_out_through_other_links_are_refused(tmp_path: Path) -> None:
    links = {"p/a": "..", "p/b": "a/..", "p/data/secret/2.in": "../../b/etc/passwd"}
    found = _errors(_zip(tmp_path / "climb.zip", KATTIS, links))
    assert found == ["climb.zip: symbolic link 'p/b' leaves the package"]


def test_a_link_inside_a_link_is_refused(tmp_path: Path) -> None:
    links = {"p/d": "data", "p/d/evil": "secret/1.in"}
    found = _errors(_zip(tmp_path / "nested.zip", KATTIS, links))
    assert found == ["nested.zip: 'p/d/evil' lies inside the symbolic link 'd'"]


def test_too_many_links_are_refused(tmp_path: Path) -> None:
    links = {f"p/data/secret/{i}.in.copy": "1.in" for i in range(30)}
    found = _errors(_zip(tmp_path / "links.zip", KATTIS, links), PackageLimits(max_links=20))
    assert found == [
        "links.zip: the archive holds more than 20 symbolic links (setting package_max_links)"
    ]


def test_an_archive_with_too_many_files_is_refused(tmp_path: Path) -> None:
    tests = {f"p/data/secret/t{i}.{kind}": b"1\n" for i in range(100) for kind in ("in", "ans")}
    archive = _zip(tmp_path / "many.zip", KATTIS | tests)
    found = _errors(archive, PackageLimits(max_files=100))
    assert found == [
        "many.zip: the archive holds more than 100 files and folders (setting package_max_files)"
    ]
    assert _errors(archive, PackageLimits(max_files=1000)) == []


def test_a_zip_bomb_is_refused_by_the_bytes_it_unpacks_to(tmp_path: Path) -> None:
    members = dict(KATTIS) | {"p/data/secret/2.in": bytes(3 << 20), "p/data/secret/2.ans": b"0\n"}
    archive = _zip(tmp_path / "zeros.zip", members)
    assert archive.stat().st_size < 20_000
    found = _errors(archive, PackageLimits(max_bytes=2 << 20))
    assert found == [
        "zeros.zip: the archive holds more than 2 MiB of files (setting package_max_mb)"
    ]


def test_links_multiplying_a_folder_count_against_the_limits(tmp_path: Path) -> None:
    """No loop, but each link to a big folder counts its files again."""
    root = code_task(tmp_path, "fanout")
    write(root, {f"data/big/{i}.txt": "x" for i in range(40)})
    for i in range(5):
        (root / f"data/copy{i}").symlink_to("big")
    found = [str(e) for e in read_paths([root], limits=PackageLimits(max_files=200)).errors]
    assert found == ["fanout: more than 200 files and folders (setting package_max_files)"]
    assert read_paths([root], limits=PackageLimits(max_files=400)).errors == []


def test_the_settings_bound_check_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = dict(KATTIS) | {f"p/data/secret/t{i}.in": b"1 1\n" for i in range(150)}
    archive = _zip(tmp_path / "many.zip", members)
    monkeypatch.setenv("ARENA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ARENA_PACKAGE_MAX_FILES", "100")
    result = CliRunner().invoke(app, ["problems", "check", str(archive)])
    assert result.exit_code == 1
    shown = result.output.replace("\n", "")
    assert "many.zip: the archive holds more than 100 files and folders" in shown
    assert "(setting package_max_files)" in shown
    assert "Traceback" not in result.output


def test_real_kattis_links_inside_an_archive_are_followed(tmp_path: Path) -> None:
    links = {"p/data/secret/2.in": "../sample/1.in", "p/data/secret/2.ans": "../sample/1.ans"}
    catalogue = read_paths([_zip(tmp_path / "ok.zip", KATTIS, links)], OPTIONS)
    assert catalogue.errors == []
    assert catalogue.packages[0].files["tests/secret/2.in"] == b"1 2\n"


def test_a_set_archive_named_like_one_of_its_tasks_is_read(tmp_path: Path) -> None:
    bundled = Path(__file__).resolve().parents[3] / "problem_sets" / "programming"
    members = {"set.yaml": (bundled / "set.yaml").read_bytes()}
    for path in sorted((bundled / "subnet-mask").rglob("*")):
        if path.is_file():
            members[str(path.relative_to(bundled))] = path.read_bytes()
    archive = _zip(tmp_path / "subnet-mask.zip", members)
    catalogue = read_paths([archive], OPTIONS)
    assert [str(e) for e in catalogue.errors] == []
    assert [p.slug for p in catalogue.packages] == ["subnet-mask"]
