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
from ictarena.catalog.packages.package import Package, Reference
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.verify import Judged, choose_cpp_standard, verify
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


class BuildsUnder:
    """A judge for the C++ choice: each source builds under the standards its first line names
    (``// cpp14 cpp17``); it records what it built, and whether the dataset had tests."""

    def __init__(self) -> None:
        self.built: list[tuple[str, str, bool]] = []

    async def __call__(self, directory: Path, reference: Reference, time_s: float | None) -> Judged:
        source = next(iter(reference.files.values())).decode()
        tests = json.loads((directory / "dataset.json").read_text())["root"]
        self.built.append((reference.path, str(reference.language), bool(tests.get("groups"))))
        ok = str(reference.language) in source.split("\n", 1)[0].split()
        return Judged("AC" if ok else "CE", None, None, [], 0.0)


def _cpp_package(tmp_path: Path, sources: dict[str, str]) -> Package:
    files: dict[str, str | bytes] = {
        "problem.yaml": "name: Builds\n",
        ".timelimit": "1\n",
        "data/secret/1.in": "1 2\n",
        "data/secret/1.ans": "3\n",
        "submissions/compile_error/never.cpp": "// nothing\n",  # takes no part
        **{f"submissions/{path}": source for path, source in sources.items()},
    }
    [package] = read_paths([write(tmp_path / "builds", files)], OPTIONS).packages
    return package


async def test_the_newest_standard_building_every_cpp_solution_is_chosen(tmp_path: Path) -> None:
    package = _cpp_package(
        tmp_path,
        {"accepted/new.cpp": "// cpp cpp17 cpp14\n", "wrong_answer/old.cpp": "// cpp17 cpp14\n"},
    )
    judge = BuildsUnder()
    await choose_cpp_standard(package, judge, tmp_path / "work")
    assert package.cpp_note == "C++ solutions build as C++17; the task's C++ standard is C++17"
    assert package.manifest["cpp"] == "cpp17"
    assert {r.path: r.language for r in package.references} == {
        "accepted/new.cpp": "cpp17",
        "wrong_answer/old.cpp": "cpp17",
        "compile_error/never.cpp": "cpp17",
    }
    assert sorted(judge.built) == [  # compiled only, each standard in turn until all build
        ("accepted/new.cpp", "cpp", False),
        ("accepted/new.cpp", "cpp17", False),
        ("wrong_answer/old.cpp", "cpp", False),
        ("wrong_answer/old.cpp", "cpp17", False),
    ]


async def test_when_no_standard_builds_them_all_the_default_stays(tmp_path: Path) -> None:
    package = _cpp_package(
        tmp_path, {"accepted/new.cpp": "// cpp\n", "accepted/old.cpp": "// cpp14\n"}
    )
    await choose_cpp_standard(package, BuildsUnder(), tmp_path / "work")
    assert package.cpp_note == (
        "no C++ standard builds every C++ solution (not accepted/old.cpp as C++20; not "
        "accepted/new.cpp, accepted/old.cpp as C++17; not accepted/new.cpp as C++14); the "
        "task's C++ standard stays C++20"
    )
    assert "cpp" not in package.manifest and not package.cpp_to_choose
    assert {r.language for r in package.references} == {"cpp"}


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
