"""The problem sets shipped in problem_sets/ pass check, and (with Docker) verify."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.verify import verify

PROBLEM_SETS = Path(__file__).resolve().parents[3] / "problem_sets"
SETS = sorted(p for p in PROBLEM_SETS.iterdir() if (p / "set.yaml").is_file())


@pytest.mark.parametrize("set_dir", SETS, ids=[p.name for p in SETS])
def test_bundled_set_passes_check(set_dir: Path) -> None:
    catalogue = read_paths([set_dir])
    assert [str(e) for e in catalogue.errors] == []
    assert catalogue.packages
    for package in catalogue.packages:
        assert package.statements["en"] or package.spec.type == "quiz", package.slug


@pytest.mark.docker
@pytest.mark.parametrize("set_dir", SETS, ids=[p.name for p in SETS])
async def test_bundled_set_passes_verify(set_dir: Path) -> None:
    for package in read_paths([set_dir]).packages:
        results = await verify(package)
        assert [str(r) for r in results if r.outcome == "mismatch"] == []
        assert any(r.outcome == "ok" for r in results), package.slug
