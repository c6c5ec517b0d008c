"""Kattis packages, legacy and 2025-09: groups with inherited settings, a custom validator,
submissions as reference solutions, time-limit inference through the real judge."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarena.catalog.packages.kattis import KattisOptions
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.verify import verify
from ictjudge.dataset import Dataset as JudgeDataset
from tests.arena.catalog.builders import PY_AC, PY_TLE, PY_WA, write

VALIDATOR = """\
import sys
expected = int(open(sys.argv[2]).read())
got = sys.stdin.read().split()
ok = len(got) == 1 and got[0].lstrip("-").isdigit() and abs(int(got[0]) - expected) <= 1
if not ok:
    open(sys.argv[3] + "/judgemessage.txt", "w").write("off by more than one")
sys.exit(42 if ok else 43)
"""


def legacy(root: Path) -> Path:
    """A legacy scoring problem: two groups, inherited testdata.yaml, a custom validator."""
    return write(
        root / "sumgroups",
        {
            "problem.yaml": "name: Sum groups\ntype: scoring\nvalidation: custom\n"
            "author: Ada\nsource: Test Contest\nlicense: cc by-sa\nkeywords: math easy\n",
            ".timelimit": "2\n",
            ".hidden/ignored.in": "junk",
            "problem_statement/problem.en.tex": "\\problemname{Sum groups}\n"
            "Given $a$ and $b$, print \\textbf{their sum}.\n\\section*{Input}\nTwo integers.\n",
            "data/sample/1.in": "1 2\r\n",
            "data/sample/1.ans": "3\n",
            "data/secret/testdata.yaml": "on_reject: continue\ngrader_flags: sum\n",
            "data/secret/g1/testdata.yaml": "range: 0 30\naccept_score: 15\n",
            "data/secret/g1/1.in": "2 2\n",
            "data/secret/g1/1.ans": "4\n",
            "data/secret/g1/2.in": "3 3\n",
            "data/secret/g1/2.ans": "6\n",
            "data/secret/g2/nested/1.in": "10 20\n",
            "data/secret/g2/nested/1.ans": "30\n",
            "output_validators/close/validate.py": VALIDATOR,
            "submissions/accepted/sol.py": PY_AC,
            "submissions/accepted/sol.kt": "fun main() { }\n",
            "submissions/accepted/old.py": "#!/usr/bin/env python2\nprint 4\n",
            "submissions/wrong_answer/minus.py": PY_WA,
        },
    )


def new_format(root: Path) -> Path:
    """A 2025-09 pass-fail problem without a time limit, with submissions.yaml."""
    return write(
        root / "newsum",
        {
            "problem.yaml": "problem_format_version: 2025-09\nname: {en: New sum, zh: 新的和}\n"
            "uuid: 0b4e2b3c-1111-2222-3333-444455556666\ntype: pass-fail\n"
            "credits: {authors: Grace}\nlimits: {time_multipliers: {ac_to_time_limit: 2.0}}\n",
            "statement/problem.en.md": "Print the sum. ![figure](pic.png)\n",
            "statement/problem.zh.md": "输出和。\n",
            "statement/pic.png": b"\x89PNG\r\n",
            "data/sample/1.in": "1 1\n",
            "data/sample/1.ans": "2\n",
            "data/secret/test_group.yaml": "output_validator_args: [float_tolerance, '1e-6']\n",
            "data/secret/1.in": "4 5\n",
            "data/secret/1.ans": "9\n",
            "submissions/accepted/sol.py": PY_AC,
            "submissions/time_limit_exceeded/spin.py": PY_TLE,
            "submissions/rejected/minus.py": PY_WA,
            "submissions/submissions.yaml": "rejected/minus.py:\n  permitted: [AC, WA]\n",
        },
    )


OPTIONS = KattisOptions(track="programming", tier="professional", module="kattis-test")


def test_a_legacy_scoring_package_normalises_with_inherited_group_settings(
    tmp_path: Path,
) -> None:
    catalogue = read_paths([legacy(tmp_path)], OPTIONS)
    assert catalogue.errors == []
    package = catalogue.packages[0]
    assert (package.slug, package.spec.title.en, package.spec.author) == (
        "sumgroups", "Sum groups", "Ada"
    )  # fmt: skip
    assert package.spec.tags == ["math", "easy"]
    assert package.time_limit_note == "2 s, stated in .timelimit"
    dataset = JudgeDataset.model_validate(package.manifest)
    assert dataset.scoring == "scoring" and dataset.checker.kind == "custom"
    assert package.files["checker/validate.py"].startswith(b"import sys")
    assert package.files["tests/sample/1.in"] == b"1 2\n"
    secret = dataset.root.groups[1]
    g1, g2 = secret.groups
    # g1's own testdata.yaml overrides key by key; the rest is inherited (as in problemtools)
    assert (g1.max_score, g1.accept_score, g1.on_reject) == (30, 15, "continue")
    assert g2.groups[0].name == "secret/g2/nested"  # inherits secret's settings
    assert g2.on_reject == "continue"
    # 30 (capped) + 1 (one test with accept_score 1) + 1 (the sample, not ignored)
    assert package.max_score == 32
    assert "**their sum**" in package.statements["en"] and "## Input" in package.statements["en"]
    skipped = [r for r in package.references if r.skipped]
    assert [(r.path, r.skipped) for r in skipped] == [
        ("accepted/old.py", "unsupported language (Python 2)"),
        ("accepted/sol.kt", "Kotlin (.kt) is not a language the judge runs"),
    ]


def test_a_2025_package_reads_titles_statements_and_expectations(tmp_path: Path) -> None:
    package = read_paths([new_format(tmp_path)], OPTIONS).packages[0]
    assert (package.spec.title.en, package.spec.title.zh) == ("New sum", "新的和")
    assert package.time_limit_plan is not None and package.time_limit_plan.multiplier == 2.0
    assert "![figure](assets/pic.png)" in package.statements["en"]
    assert package.assets == {"assets/pic.png": b"\x89PNG\r\n"}
    dataset = JudgeDataset.model_validate(package.manifest)
    assert dataset.root.groups[1].validator_flags == ("float_tolerance", "1e-6")
    minus = next(r for r in package.references if r.path == "rejected/minus.py")
    assert minus.expectation.permitted == ("AC", "WA")


@pytest.mark.parametrize(
    ("problem_yaml", "message"),
    [
        ("name: X\nvalidation: custom interactive\n", "interactive problems are not supported"),
        ("problem_format_version: 2025-09\nname: X\ntype: [multi-pass]\n", "multi-pass problems"),
        ("name: X\nlimits: {memory: -4}\n", "limits.memory: Input should be greater than or equal"),
    ],
)
def test_unsupported_or_broken_problem_yaml_is_refused(
    tmp_path: Path, problem_yaml: str, message: str
) -> None:
    root = legacy(tmp_path)
    (root / "problem.yaml").write_text(problem_yaml)
    errors = [str(e) for e in read_paths([root], OPTIONS).errors]
    assert any(message in e for e in errors), errors


def test_a_missing_answer_is_located(tmp_path: Path) -> None:
    root = new_format(tmp_path)
    (root / "data/secret/1.ans").unlink()
    errors = [str(e) for e in read_paths([root], OPTIONS).errors]
    assert "newsum/data/secret/1.in: missing data/secret/1.ans" in errors


@pytest.mark.docker
async def test_verify_runs_submissions_and_infers_the_time_limit(tmp_path: Path) -> None:
    scored = read_paths([legacy(tmp_path)], OPTIONS).packages[0]
    results = {r.path: r for r in await verify(scored)}
    assert results["accepted/sol.py"].outcome == "ok"
    assert results["wrong_answer/minus.py"].outcome == "ok"
    assert results["accepted/sol.kt"].outcome == "skipped"

    package = read_paths([new_format(tmp_path)], OPTIONS).packages[0]
    results = {r.path: r for r in await verify(package)}
    assert package.time_limit_plan is None
    assert package.manifest["limits"]["time_s"] == 1
    assert package.time_limit_note is not None and "inferred" in package.time_limit_note
    assert {p: r.outcome for p, r in results.items()} == {
        "accepted/sol.py": "ok",
        "rejected/minus.py": "ok",
        "time_limit_exceeded/spin.py": "ok",
    }


@pytest.mark.docker
async def test_verify_reports_a_reference_whose_verdict_disagrees(tmp_path: Path) -> None:
    root = new_format(tmp_path)
    write(root, {"submissions/accepted/wrong.py": PY_WA})
    package = read_paths([root], OPTIONS).packages[0]
    results = {r.path: r for r in await verify(package)}
    wrong = results["accepted/wrong.py"]
    assert wrong.outcome == "mismatch"
    assert "got WA, expected AC" in str(wrong)
