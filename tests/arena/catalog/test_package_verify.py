"""Verify reports a package's own judge errors as located mismatches, never as tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.verify import verify
from tests.arena.catalog.builders import TASK_YAML, code_task

pytestmark = pytest.mark.docker


async def test_a_validator_that_does_not_compile_is_a_mismatch_with_the_reason(
    tmp_path: Path, docker_client: object
) -> None:
    root = code_task(
        tmp_path,
        "broken-checker",
        **{
            "task.yaml": TASK_YAML.format(slug="broken-checker")
            + "checker: {type: custom, path: checker}\n",
            "checker/checker.cpp": "int main( { return 42; }\n",
        },
    )
    [package] = read_paths([root]).packages
    results = await verify(package)
    accepted = [r for r in results if r.path.startswith("accepted/")]
    assert accepted and all(r.outcome == "mismatch" for r in accepted)
    assert "got JE, expected AC" in str(accepted[0])
    assert "the validator does not compile" in str(accepted[0])


SQL_TASK = """\
id: broken-reference
type: sql
title: {en: Totals, zh: 合计}
track: opengauss
competencies: [product_proficiency]
module: {id: gauss-basics, title: {en: Basics, zh: 基础}, tier: associate}
lab:
  schema: lab/schema.sql
  reference: lab/reference.sql
"""


async def test_a_lab_whose_reference_fails_is_a_mismatch_with_the_reason(
    tmp_path: Path, docker_client: object
) -> None:
    root = tmp_path / "broken-reference"
    files = {
        "task.yaml": SQL_TASK,
        "statement/en.md": "Sum them.\n",
        "statement/zh.md": "求和。\n",
        "lab/schema.sql": "CREATE TABLE t (a int);\n",
        "lab/reference.sql": "SELECT no_such_column FROM t;\n",
        "solutions/accepted/answer.sql": "SELECT a FROM t;\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    catalogue = read_paths([root])
    assert [str(e) for e in catalogue.errors] == []
    [result] = await verify(catalogue.packages[0])
    assert result.outcome == "mismatch"
    assert "got JE, expected AC" in str(result)
    assert "reference query failed" in str(result)


# CPU time, not the clock: the same on any machine (the runs spin until their own CPU time
# reaches the mark, on the one test whose first number is 100)
SPIN = (
    "import time\na, b = map(int, input().split())\n"
    "while a == 100 and time.process_time() < {cpu}:\n    pass\nprint(a + b)\n"
)


def test_verify_warns_about_solutions_sensitive_to_the_time_limit(
    tmp_path: Path, docker_client: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each solution is judged with the limit (1 s) and with 1 s × 1.5: a verdict that changes
    between the two is a warning, not a failure (problemtools)."""
    from typer.testing import CliRunner

    from ictarena.cli.main import app

    root = code_task(
        tmp_path,
        "margins",
        **{
            "solutions/accepted/calm.py": SPIN.format(cpu=0.5),  # within both
            "solutions/accepted/steady.py": SPIN.format(cpu=1.2),  # within 1.5 s only
            "solutions/time_limit_exceeded/almost.py": SPIN.format(cpu=1.2),
        },
    )
    monkeypatch.setenv("ARENA_DATA_DIR", str(tmp_path / "var"))
    result = CliRunner().invoke(app, ["problems", "verify", str(root)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    steady = next(line for line in lines if line.startswith("ok       margins: accepted/steady"))
    assert "expected AC, got TLE" in steady and "(AC with the higher limit)" in steady
    assert steady.endswith("(OK with extra time (1.5 s))"), steady
    for name in ("accepted/steady.py", "time_limit_exceeded/almost.py"):
        warned = [line for line in lines if line.startswith(f"warning: margins: {name}")]
        assert warned == [
            f"warning: margins: {name}: sensitive to the time limit: TLE with 1 s, AC with 1.5 s "
            "(1 × 1.5)"
        ], result.output
    assert not any(w in result.output for w in ("calm.py: sens", "sol.py: sens", "spin.py: sens"))
    assert lines[-1] == "Summary: 7 ok, 0 mismatched, 0 skipped, 2 sensitive to the time limit."
