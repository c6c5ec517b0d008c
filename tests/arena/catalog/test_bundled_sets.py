"""The problem sets shipped in problem_sets/ pass check, and (with Docker) verify."""

from __future__ import annotations

from collections import Counter
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


TRACKS = ["programming", "datacom", "openeuler", "opengauss", "harmonyos", "cloud", "iot"]


def _graded_per_tier(track: str) -> Counter[str]:
    catalogue = read_paths([PROBLEM_SETS / track])
    [set_spec] = catalogue.sets
    tier_of = {m.id: str(m.tier) for m in set_spec.modules}
    return Counter(
        tier_of[p.spec.module_id] for p in catalogue.packages if p.spec.type not in {"quiz", "exam"}
    )


@pytest.mark.parametrize("track", TRACKS)
def test_associate_and_professional_tiers_hold_four_graded_tasks(track: str) -> None:
    """Promotion means something only when a tier has tasks to practise: quizzes aside, the
    Associate and Professional tiers of every track hold four graded tasks each at least."""
    graded = _graded_per_tier(track)
    assert graded["associate"] >= 4 and graded["professional"] >= 4, graded


@pytest.mark.parametrize("track", [t for t in TRACKS if t != "harmonyos"])
def test_every_track_but_harmonyos_has_an_expert_tier_with_two_tasks(track: str) -> None:
    assert _graded_per_tier(track)["expert"] >= 2


def test_checking_every_entry_of_problem_sets_is_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``arena problems check problem_sets/*``: the sets pass, the README beside them is
    skipped with a warning, and no theory set is left."""
    from typer.testing import CliRunner

    from ictarena.cli.main import app

    monkeypatch.setenv("ARENA_DATA_DIR", str(tmp_path))
    entries = sorted(PROBLEM_SETS.iterdir())
    assert "theory" not in {p.name for p in entries}
    result = CliRunner().invoke(app, ["problems", "check", *map(str, entries)])
    assert result.exit_code == 0, result.output
    assert "README.md: skipped (a document, not a package)" in result.output
    assert "OK: 100 package(s)" in result.output
    stray = tmp_path / "notes.yaml"
    stray.write_text("x: 1\n")
    refused = CliRunner().invoke(app, ["problems", "check", str(stray)])
    assert refused.exit_code == 1 and "not a package folder" in refused.output
