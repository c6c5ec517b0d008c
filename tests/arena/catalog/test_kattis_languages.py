"""A legacy Kattis package whose jury wrote in every language of its day: Python 2 (skipped,
never a mismatch), C++ that builds only as C++14 (the task's standard becomes C++14), the
SpiderMonkey shell's JavaScript, and Python 3 judged on PyPy as ICPC judges run it. Verified
and imported through the real sandbox."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarena.catalog.packages.kattis import KattisOptions
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.verify import verify
from ictarena.cli.main import app
from tests.arena.catalog.builders import BUNDLED_SETS, PY_TLE, PY_WA, write

OPTIONS = KattisOptions(track="programming", tier="associate", module="kattis-test")

PY2_AC = "a, b = map(int, raw_input().split())\nprint a + b\n"  # no #! line: its syntax tells
CPP14_AC = (
    "#include <bits/stdc++.h>\nusing namespace std;\n"
    "int size;  // C++17's std::size makes every later use of it ambiguous\n"
    "int main() { long long a, b; cin >> a >> b; size = 1; cout << a + b << endl; }\n"
)
CPP_TLE = "int main() { volatile unsigned spin = 0; for (;;) spin++; }\n"
JS_AC = 'var n = readline().split(" ").map(Number);\nprint(n[0] + n[1]);\n'
JS_WA = 'var n = readline().split(" ").map(Number);\nprint(n[0] * n[1]);\n'
# Right on PyPy only: an accepted verdict shows that Python ran there.
PYPY_AC = (
    "import sys\na, b = map(int, input().split())\n"
    'print(a + b if sys.implementation.name == "pypy" else a - b)\n'
)

LEGACY_MIXED: dict[str, str | bytes] = {
    "problem.yaml": "name: Mixed\nsource: ICT Arena tests\n",  # no time limit: inferred
    "problem_statement/problem.en.tex": "\\problemname{Mixed}\nAdd two numbers.\n",
    "data/sample/1.in": "1 2\n",
    "data/sample/1.ans": "3\n",
    "data/secret/1.in": "4 5\n",
    "data/secret/1.ans": "9\n",
    "data/secret/2.in": "100 -7\n",
    "data/secret/2.ans": "93\n",
    "data/secret/3.in": "1000000000 1000000000\n",
    "data/secret/3.ans": "2000000000\n",
    "submissions/accepted/old.py": PY2_AC,
    "submissions/accepted/old.cpp": CPP14_AC,
    "submissions/accepted/shell.js": JS_AC,
    "submissions/accepted/pypy.py": PYPY_AC,
    "submissions/wrong_answer/minus.py": PY_WA,
    "submissions/wrong_answer/times.js": JS_WA,
    "submissions/time_limit_exceeded/spin.py": PY_TLE,
    "submissions/time_limit_exceeded/spin.cpp": CPP_TLE,
}


def test_python_runs_on_pypy_unless_the_import_asks_for_cpython(tmp_path: Path) -> None:
    root = write(tmp_path / "mixed", LEGACY_MIXED)
    [pypy] = read_paths([root], OPTIONS).packages
    [cpython] = read_paths([root], KattisOptions(module="kattis-test", python="python3")).packages
    for package, python in ((pypy, "pypy3"), (cpython, "python3")):
        languages = {r.path: r.language for r in package.references}
        assert package.manifest["python"] == python
        assert languages["accepted/pypy.py"] == languages["wrong_answer/minus.py"] == python
        assert languages["accepted/old.cpp"] == "cpp"  # until its builds choose the standard
        assert package.cpp_to_choose
    skipped = {r.path: r.skipped for r in pypy.references if r.skipped}
    assert skipped == {"accepted/old.py": "unsupported language (Python 2)"}


@pytest.mark.docker
async def test_a_legacy_mixed_package_verifies_every_submission(tmp_path: Path) -> None:
    [package] = read_paths([write(tmp_path / "mixed", LEGACY_MIXED)], OPTIONS).packages
    results = {r.path: r for r in await verify(package)}
    assert {p: (r.outcome, r.verdict, r.language) for p, r in results.items()} == {
        "accepted/old.py": ("skipped", None, None),
        "accepted/old.cpp": ("ok", "AC", "cpp14"),
        "accepted/shell.js": ("ok", "AC", "javascript"),
        "accepted/pypy.py": ("ok", "AC", "pypy3"),
        "wrong_answer/minus.py": ("ok", "WA", "pypy3"),
        "wrong_answer/times.js": ("ok", "WA", "javascript"),
        "time_limit_exceeded/spin.py": ("ok", "TLE", "pypy3"),
        "time_limit_exceeded/spin.cpp": ("ok", "TLE", "cpp14"),
    }, [str(r) for r in results.values()]
    assert results["accepted/old.py"].note == "unsupported language (Python 2)"
    assert package.manifest["cpp"] == "cpp14" and package.manifest["python"] == "pypy3"
    assert package.cpp_note == "C++ solutions build as C++14; the task's C++ standard is C++14"
    assert package.time_limit_plan is None  # inferred, with the C++ built as C++14


@pytest.mark.docker
async def test_a_solution_expected_not_to_compile_keeps_its_verdict(tmp_path: Path) -> None:
    """A compile error the jury expects stays one: it neither chooses the standard nor is built
    under another."""
    files = {
        **{k: v for k, v in LEGACY_MIXED.items() if not k.startswith("submissions/")},
        ".timelimit": "1\n",
        "submissions/accepted/sol.cpp": "#include <iostream>\nint main() { long long a, b; "
        "std::cin >> a >> b; std::cout << a + b << '\\n'; }\n",
        "submissions/compile_error/old.cpp": CPP14_AC,
        "submissions/submissions.yaml": "compile_error:\n  verdict: CE\n",
    }
    [package] = read_paths([write(tmp_path / "ce", files)], OPTIONS).packages
    results = {r.path: r for r in await verify(package)}
    assert package.manifest["cpp"] == "cpp"
    assert package.cpp_note == "C++ solutions build as C++20; the task's C++ standard is C++20"
    assert (results["compile_error/old.cpp"].outcome, results["compile_error/old.cpp"].verdict) == (
        "ok",
        "CE",
    )


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARENA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ARENA_PROBLEM_SETS_DIR", str(BUNDLED_SETS))
    monkeypatch.delenv("ARENA_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARENA_MODE", raising=False)
    monkeypatch.setenv("COLUMNS", "400")  # one line each, however long
    return tmp_path


@pytest.mark.docker
def test_the_verify_command_names_the_skip_and_the_standard(cli_env: Path) -> None:
    root = write(cli_env / "mixed", LEGACY_MIXED)
    result = CliRunner().invoke(app, ["problems", "verify", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "skipped  mixed: accepted/old.py: expected AC; skipped: unsupported language (Python 2)"
    ) in lines
    assert "mixed: C++ solutions build as C++14; the task's C++ standard is C++14" in lines
    for path, verdict in (
        ("accepted/old.cpp", "AC"),
        ("accepted/shell.js", "AC"),
        ("accepted/pypy.py", "AC"),
        ("wrong_answer/minus.py", "WA"),
        ("wrong_answer/times.js", "WA"),
        ("time_limit_exceeded/spin.py", "TLE"),
        ("time_limit_exceeded/spin.cpp", "TLE"),
    ):
        head = f"ok       mixed: {path}: expected {verdict}, got {verdict}"
        assert any(line.startswith(head) for line in lines), (head, lines)
    assert lines[-1].startswith("Summary: 7 ok, 0 mismatched, 1 skipped, ")


@pytest.mark.docker
def test_the_import_records_the_standard_and_a_reimport_keeps_it(cli_env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    root = write(cli_env / "mixed", LEGACY_MIXED)
    first = runner.invoke(
        app, ["problems", "import", str(root), "--module", "kattis-test", "--verify"]
    )
    assert first.exit_code == 0, first.output
    chosen = "mixed: C++ solutions build as C++14; the task's C++ standard is C++14"
    assert first.output.count(chosen) == 1  # chosen before the time limit, not again by verify
    assert "Summary: 7 ok, 0 mismatched, 1 skipped" in first.output
    again = runner.invoke(app, ["problems", "import", str(root), "--module", "kattis-test"])
    assert again.exit_code == 0, again.output
    assert "Choosing the C++ standard" not in again.output  # the first import's choice is kept
    assert "0 new, 0 new version(s), 0 switched back, 1 unchanged" in again.output
    with sqlite3.connect(cli_env / "var" / "arena.db") as db:
        [(manifest,)] = db.execute("SELECT manifest FROM datasets").fetchall()
        languages = dict(db.execute("SELECT path, language FROM reference_solutions").fetchall())
    assert (json.loads(manifest)["cpp"], json.loads(manifest)["python"]) == ("cpp14", "pypy3")
    assert languages["accepted/old.cpp"] == "cpp14" and languages["accepted/pypy.py"] == "pypy3"
    assert languages["accepted/old.py"] is None


def test_the_python_option_is_checked(cli_env: Path) -> None:
    root = write(cli_env / "mixed", LEGACY_MIXED)
    result = CliRunner().invoke(app, ["problems", "check", str(root), "--python", "python2"])
    assert result.exit_code == 2
    assert "pypy3 or python3" in result.output
