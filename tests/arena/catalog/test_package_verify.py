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
