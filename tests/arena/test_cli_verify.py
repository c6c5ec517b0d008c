"""``arena problems verify``: one line per reference solution (expected, got, its time against
the limit, or why it is skipped) and a summary; with a scripted judge (exact times) and with
the real one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarena.cli import problems
from ictarena.cli.main import app
from tests.arena.catalog.builders import PY_AC, PY_TLE, PY_WA, write
from tests.arena.catalog.test_kattis_verify import ScriptedJudge

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARENA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ARENA_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARENA_MODE", raising=False)
    monkeypatch.setenv("COLUMNS", "400")  # one line each, however long
    return tmp_path


def _timed(root: Path) -> Path:
    """A legacy package with a 1 s limit whose submissions say how long they 'run'."""
    return write(
        root / "timed",
        {
            "problem.yaml": "name: Timed\nlimits: {time_multiplier: 2, time_safety_margin: 2}\n",
            ".timelimit": "1\n",
            "problem_statement/problem.en.tex": "\\problemname{Timed}\nAdd.\n",
            "data/secret/1.in": "1 2\n",
            "data/secret/1.ans": "3\n",
            "submissions/accepted/fast.py": "# 0.25 s\n",
            "submissions/accepted/old.py": "#!/usr/bin/env python2\n# 0.1 s\n",
            "submissions/wrong_answer/wrong.py": "# 0.5 s\n",
            "submissions/time_limit_exceeded/close.py": "# 1.5 s\n",
            "submissions/accepted/too_slow.py": "# 5 s\n",
        },
    )


def test_each_solution_gets_a_line_and_the_run_a_summary(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(problems, "_judge", ScriptedJudge)
    result = runner.invoke(app, ["problems", "verify", str(_timed(env))])
    assert result.exit_code == 1, result.output  # a mismatch
    lines = result.output.splitlines()
    assert "ok       timed: accepted/fast.py: expected AC, got AC, 0.250 s of 1 s" in lines
    assert (
        "skipped  timed: accepted/old.py: expected AC; skipped: unsupported language (Python 2)"
    ) in lines
    assert ("ok       timed: wrong_answer/wrong.py: expected WA, got WA, 0.500 s of 1 s") in lines
    # times out with the limit, not with 1 s × 2: agrees, and is warned about
    assert "ok       timed: time_limit_exceeded/close.py: expected TLE, " \
        "got TLE, 1.000 s of 1 s (AC with the higher limit)" in lines  # fmt: skip
    assert (
        "warning: timed: time_limit_exceeded/close.py: sensitive to the time limit: TLE with "
        "1 s, AC with 2 s (1 × 2)"
    ) in lines
    assert any(
        line.startswith(
            "MISMATCH timed: accepted/too_slow.py: expected AC, got TLE, 1.000 s of 1 s"
        )
        and "got TLE, expected AC" in line
        for line in lines
    ), lines
    assert lines[-1] == "Summary: 3 ok, 1 mismatched, 1 skipped, 1 sensitive to the time limit."


def test_agreeing_solutions_exit_zero(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _timed(env)
    (root / "submissions/accepted/too_slow.py").unlink()
    monkeypatch.setattr(problems, "_judge", ScriptedJudge)
    result = runner.invoke(app, ["problems", "verify", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "Summary: 3 ok, 0 mismatched, 1 skipped, 1 sensitive to the time limit."
    )


@pytest.mark.docker
def test_the_real_judge_verifies_a_small_package(env: Path) -> None:
    root = write(
        env / "small",
        {
            "problem.yaml": "name: Small\n",
            ".timelimit": "1\n",
            "problem_statement/problem.en.tex": "\\problemname{Small}\nAdd.\n",
            "data/sample/1.in": "1 2\n",
            "data/sample/1.ans": "3\n",
            "data/secret/1.in": "4 5\n",
            "data/secret/1.ans": "9\n",
            "submissions/accepted/sol.py": PY_AC,
            "submissions/accepted/sol.kt": "fun main() { }\n",
            "submissions/wrong_answer/minus.py": PY_WA,
            "submissions/time_limit_exceeded/spin.py": PY_TLE,
        },
    )
    result = runner.invoke(app, ["problems", "verify", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(
        line.startswith("ok       small: accepted/sol.py: expected AC, got AC, ")
        and line.endswith(" s of 1 s")
        for line in lines
    ), lines
    assert (
        "skipped  small: accepted/sol.kt: expected AC; skipped: Kotlin (.kt) is not a language "
        "the judge runs"
    ) in lines
    assert any(
        line.startswith("ok       small: time_limit_exceeded/spin.py: expected TLE, got TLE")
        for line in lines
    ), lines
    assert lines[-1] == "Summary: 3 ok, 0 mismatched, 1 skipped, 0 sensitive to the time limit."
