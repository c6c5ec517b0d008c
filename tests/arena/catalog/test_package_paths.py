"""Hostile task packages: every path a package names must stay inside it, links followed.

Each field that names a file or folder is tried with a relative path that climbs out, an
absolute path and a symbolic link that points out. ``arena problems check`` and import refuse
the package with the file and field; nothing is imported and the file's content never shows.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from ictarena.catalog.models import Dataset, Module, Task
from ictarena.catalog.packages.errors import PackageInvalid
from ictarena.catalog.packages.importer import import_catalogue
from ictarena.catalog.packages.sources import read_paths
from ictarena.cli.main import app
from tests.arena.catalog.builders import TASK_YAML, code_task, problem_set, write

SECRET = "TOKEN-7f3a-never-shown"
PASSWD = "/etc/passwd"
CLIMB = "../../../../../../../../etc/passwd"

SQL_TASK = """\
id: {slug}
type: sql
title: {{en: Totals, zh: 合计}}
track: opengauss
competencies: [product_proficiency]
module: {{id: gauss-basics, title: {{en: Basics, zh: 基础}}, tier: associate}}
lab:
  schema: {schema}
  reference: lab/reference.sql
"""


def _secret(tmp_path: Path) -> Path:
    """A file outside every package, whose content must never be read into one."""
    return write(tmp_path / "outside", {"secret.md": f"{SECRET}\n", "keys/id.png": SECRET})


def _with_yaml(tmp_path: Path, extra: str) -> Path:
    return code_task(tmp_path, "hostile", **{"task.yaml": TASK_YAML.format(slug="hostile") + extra})


def statement_en(tmp_path: Path, path: str) -> Path:
    return _with_yaml(tmp_path, f"statement: {{en: '{path}', zh: statement/zh.md}}\n")


def statement_zh(tmp_path: Path, path: str) -> Path:
    return _with_yaml(tmp_path, f"statement: {{en: statement/en.md, zh: '{path}'}}\n")


def checker_path(tmp_path: Path, path: str) -> Path:
    return _with_yaml(tmp_path, f"checker: {{type: custom, path: '{path}'}}\n")


def lab_schema(tmp_path: Path, path: str) -> Path:
    root = tmp_path / "hostile"
    return write(
        root,
        {
            "task.yaml": SQL_TASK.format(slug="hostile", schema=f"'{path}'"),
            "statement/en.md": "Sum them.\n",
            "statement/zh.md": "求和。\n",
            "lab/reference.sql": "SELECT 1;\n",
            "solutions/accepted/answer.sql": "SELECT 1;\n",
        },
    )


FIELDS = {
    "statement.en": statement_en,
    "statement.zh": statement_zh,
    "checker.path": checker_path,
    "lab.schema": lab_schema,
}

CASES = [
    ("statement.en", CLIMB, f"task.yaml: statement.en: path '{CLIMB}' leaves the package"),
    ("statement.en", PASSWD, "task.yaml: statement.en: path '/etc/passwd' leaves the package"),
    ("statement.zh", CLIMB, f"task.yaml: statement.zh: path '{CLIMB}' leaves the package"),
    ("statement.zh", PASSWD, "task.yaml: statement.zh: path '/etc/passwd' leaves the package"),
    ("checker.path", "../../../../../../../../etc", "task.yaml: checker.path: path "),
    ("checker.path", "/etc", "task.yaml: checker.path: path '/etc' leaves the package"),
    ("lab.schema", CLIMB, f"task.yaml: lab.schema: path 'lab/{CLIMB}' leaves the package"),
    ("lab.schema", PASSWD, "task.yaml: lab.schema: names lab//etc/passwd"),
]


def _hostile(tmp_path: Path, field: str, path: str) -> Path:
    return FIELDS[field](tmp_path, path)


def _linked(tmp_path: Path, field: str) -> Path:
    """A package whose field names a file (or folder) of its own that links out."""
    outside = _secret(tmp_path)
    if field == "checker.path":
        root = checker_path(tmp_path, "checker")
        os.symlink(outside / "keys", root / "checker")
    elif field == "lab.schema":
        root = lab_schema(tmp_path, "lab/schema.sql")
        os.symlink(outside / "secret.md", root / "lab/schema.sql")
    else:
        lang = field.split(".")[1]
        root = code_task(tmp_path, "hostile")
        (root / f"statement/{lang}.md").unlink()
        os.symlink(outside / "secret.md", root / f"statement/{lang}.md")
    return root


def _no_leak(text: str) -> None:
    assert SECRET not in text
    assert "root:x:0:0" not in text


def _check_refuses(root: Path, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = read_paths([root])
    found = [str(e) for e in catalogue.errors]
    assert any(expected in e for e in found), found
    assert catalogue.packages == []
    _no_leak(repr(catalogue))
    monkeypatch.setenv("ARENA_DATA_DIR", str(root.parent / "var"))
    result = CliRunner().invoke(app, ["problems", "check", str(root)])
    assert result.exit_code == 1, result.output
    assert expected in result.output.replace("\n", "")
    assert "Traceback" not in result.output
    _no_leak(result.output)


async def _import_refuses(root: Path, session: AsyncSession) -> None:
    tasks_dir = root.parent / "datasets"
    with pytest.raises(PackageInvalid) as caught:
        await import_catalogue(session, read_paths([root]), tasks_dir)
    await session.rollback()
    _no_leak(str(caught.value))
    for model in (Task, Dataset, Module):
        assert await session.scalar(select(func.count()).select_from(model)) == 0
    assert not tasks_dir.exists()


@pytest.mark.parametrize(
    ("field", "path", "expected"), CASES, ids=[f"{f}:{p[:6]}" for f, p, _ in CASES]
)
async def test_a_path_out_of_the_package_is_refused_by_check_and_import(
    tmp_path: Path, session: AsyncSession, monkeypatch: pytest.MonkeyPatch,
    field: str, path: str, expected: str,
) -> None:  # fmt: skip
    root = _hostile(tmp_path, field, path)
    _check_refuses(root, expected, monkeypatch)
    await _import_refuses(root, session)


@pytest.mark.parametrize("field", list(FIELDS))
async def test_a_link_out_of_the_package_is_refused_by_check_and_import(
    tmp_path: Path, session: AsyncSession, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    root = _linked(tmp_path, field)
    expected = "a symbolic link that leaves the package"
    _check_refuses(root, expected, monkeypatch)
    await _import_refuses(root, session)


async def test_a_folder_link_above_a_named_file_is_refused(
    tmp_path: Path, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """statement/ itself links out: statement/en.md then resolves outside the package."""
    outside = write(_secret(tmp_path) / "statement", {"en.md": SECRET, "zh.md": SECRET})
    root = code_task(tmp_path, "hostile")
    for name in ("en.md", "zh.md"):
        (root / "statement" / name).unlink()
    (root / "statement").rmdir()
    os.symlink(outside, root / "statement")
    _check_refuses(root, "hostile/statement: a symbolic link that leaves the package", monkeypatch)
    await _import_refuses(root, session)


async def test_statement_images_that_link_out_or_climb_are_refused(
    tmp_path: Path, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = _secret(tmp_path)
    root = code_task(
        tmp_path, "hostile", **{"statement/en.md": "![x](assets/../../../../etc/passwd)\n"}
    )
    os.symlink(outside / "keys", root / "statement/assets")
    found = [str(e) for e in read_paths([root]).errors]
    assert (
        "hostile/statement/assets: a symbolic link that leaves the package (or points nowhere)"
        in found
    )
    (root / "statement/assets").unlink()
    _check_refuses(
        root, "image assets/../../../../etc/passwd is not in statement/assets", monkeypatch
    )
    await _import_refuses(root, session)


def test_links_inside_the_package_still_work(tmp_path: Path) -> None:
    root = code_task(tmp_path, "linked")
    (root / "statement/zh.md").unlink()
    os.symlink("en.md", root / "statement/zh.md")
    os.symlink("../sample/01.in", root / "data/secret/03.in")
    os.symlink("../sample/01.ans", root / "data/secret/03.ans")
    catalogue = read_paths([root])
    assert catalogue.errors == []
    [package] = catalogue.packages
    assert package.statements["zh"].startswith("Print $a+b$.")
    assert package.files["tests/secret/03.in"] == b"1 2\n"


def test_a_set_file_that_links_out_is_refused(tmp_path: Path) -> None:
    outside = _secret(tmp_path)
    directory = problem_set(tmp_path)
    (directory / "set.yaml").unlink()
    os.symlink(outside / "secret.md", directory / "set.yaml")
    catalogue = read_paths([directory])
    assert [str(e) for e in catalogue.errors] == [
        "demo/set.yaml: a symbolic link that leaves the package (or points nowhere)"
    ]
    _no_leak(repr(catalogue))
