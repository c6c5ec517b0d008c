"""A task package's editorial: read in both languages into the dataset (a change makes a new
version), or refused with a located error when one language is missing, a file is empty, an
image is not among the statement's or a path leaves the package."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.catalog.models import Dataset
from ictarena.catalog.packages.importer import import_catalogue
from ictarena.catalog.packages.sources import read_paths
from tests.arena.catalog.builders import code_task, problem_set

EN = "Sum the two numbers.\n\n![net](assets/net.png)\n"
ZH = "把两个数相加。\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def _errors(path: Path) -> list[str]:
    return [str(e) for e in read_paths([path]).errors]


def test_an_editorial_in_both_languages_is_read_and_stored_with_the_dataset(
    tmp_path: Path,
) -> None:
    root = code_task(
        tmp_path,
        **{"editorial/en.md": EN, "editorial/zh.md": ZH, "statement/assets/net.png": PNG},
    )
    catalogue = read_paths([root])
    assert catalogue.errors == []
    [package] = catalogue.packages
    assert package.editorials == {"en": EN, "zh": ZH}
    without = read_paths([code_task(tmp_path / "plain")]).packages[0]
    assert without.editorials == {}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"editorial/en.md": EN, "statement/assets/net.png": PNG},
            "aplusb/editorial/zh.md: missing: the zh editorial (the en one is there)",
            id="one-language",
        ),
        pytest.param(
            {"editorial/en.md": "  \n", "editorial/zh.md": ZH},
            "aplusb/editorial/en.md: the en editorial is empty",
            id="empty",
        ),
        pytest.param(
            {"editorial/en.md": EN, "editorial/zh.md": ZH},
            "aplusb/editorial/en.md:3: image assets/net.png is not in statement/assets",
            id="missing-image",
        ),
        pytest.param(
            {"editorial/en.md": b"\xff\xfe", "editorial/zh.md": ZH},
            "aplusb/editorial/en.md: not UTF-8 text",
            id="not-utf8",
        ),
        pytest.param(
            {
                "task.yaml": "id: aplusb\ntype: code\ntitle: {en: A, zh: B}\nmodule: demo-basics\n"
                "competencies: [logical_reasoning]\neditorial: {en: ../../x.md, zh: e/zh.md}\n"
            },
            "aplusb/task.yaml",
            id="outside",
        ),
    ],
)
def test_a_broken_editorial_gives_a_located_error(
    tmp_path: Path, files: dict[str, str | bytes], expected: str
) -> None:
    errors = _errors(code_task(tmp_path, **files))
    assert any(e.startswith(expected) for e in errors), errors
    if expected == "aplusb/task.yaml":
        assert any("editorial.en" in e for e in errors), errors


@pytest.mark.usefixtures("tracks")
async def test_the_editorial_is_imported_and_a_change_makes_a_new_version(
    session: AsyncSession, tmp_path: Path
) -> None:
    tasks_dir = tmp_path / "datasets"
    set_dir = problem_set(tmp_path)
    task_dir = set_dir / "aplusb"
    (task_dir / "editorial").mkdir()
    (task_dir / "editorial" / "en.md").write_text("Add them.\n")
    (task_dir / "editorial" / "zh.md").write_text(ZH)
    first = await import_catalogue(session, read_paths([set_dir]), tasks_dir)
    await session.commit()
    old = next(c for c in first.changes if c.slug == "aplusb")
    stored = await session.get(Dataset, old.dataset_id)
    assert stored is not None and (stored.editorial_en, stored.editorial_zh) == ("Add them.\n", ZH)
    assert (tasks_dir / stored.content_hash / "editorial" / "zh.md").read_text() == ZH

    (task_dir / "editorial" / "en.md").write_text("Add them; mind the overflow.\n")
    changed = await import_catalogue(session, read_paths([set_dir]), tasks_dir)
    await session.commit()
    [change] = changed.datasets_changed()
    assert (change.slug, change.status, change.version) == ("aplusb", "new_version", 2)
    fresh = await session.get(Dataset, change.dataset_id)
    assert fresh is not None and fresh.editorial_en == "Add them; mind the overflow.\n"


def test_the_shipped_programming_set_carries_editorials() -> None:
    root = Path(__file__).resolve().parents[3] / "problem_sets" / "programming"
    catalogue = read_paths([root])
    assert catalogue.errors == []
    written = {p.slug for p in catalogue.packages if p.editorials}
    assert {"longest-prefix-match", "ecmp-path-count", "mac-address-normaliser"} <= written
    for package in catalogue.packages:
        if package.editorials:
            assert set(package.editorials) == {"en", "zh"}
