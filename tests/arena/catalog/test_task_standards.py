"""A native task's Python and C++ standard (``task.yaml`` ``python:`` and ``cpp:``): validated
with located errors, recorded in the dataset manifest, and what its reference solutions run as."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.standards import preferred_language
from tests.arena.catalog.builders import QUIZ_YAML, TASK_YAML, code_task, write


def _task(tmp_path: Path, settings: str, **files: str) -> Path:
    return code_task(tmp_path, **{"task.yaml": TASK_YAML.format(slug="aplusb") + settings}, **files)


@pytest.mark.parametrize(
    ("settings", "python", "cpp"),
    [
        ("python: pypy3\ncpp: cpp17\n", "pypy3", "cpp17"),
        ("cpp: C++14\n", "python3", "cpp14"),  # the other spelling, any case
        ("python: python3\ncpp: c++20\n", "python3", "cpp"),
    ],
)
def test_the_task_names_what_its_solutions_run_as(
    tmp_path: Path, settings: str, python: str, cpp: str
) -> None:
    catalogue = read_paths([_task(tmp_path, settings)])
    assert catalogue.errors == []
    [package] = catalogue.packages
    languages = {r.path: r.language for r in package.references}
    assert languages == {
        "accepted/sol.py": python,
        "accepted/sol.cpp": cpp,
        "wrong_answer/minus.py": python,
        "time_limit_exceeded/spin.py": python,
    }
    assert package.manifest.get("python") == (python if "python:" in settings else None)
    assert package.manifest["cpp"] == cpp
    assert not package.cpp_to_choose  # a native package names its standard, or means C++20


def test_a_task_naming_neither_keeps_its_manifest_as_it_was(tmp_path: Path) -> None:
    """CPython and C++20 are not written down, so existing tasks' datasets keep their hash."""
    [package] = read_paths([code_task(tmp_path)]).packages
    assert "python" not in package.manifest and "cpp" not in package.manifest
    assert {r.language for r in package.references} == {"python3", "cpp"}


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ("python: python2\n", "aplusb/task.yaml:9: python: Input should be 'python3' or 'pypy3'"),
        (
            "cpp: c++11\n",
            "aplusb/task.yaml:9: cpp: Input should be cpp (C++20), cpp17 or cpp14 "
            "(or c++20, c++17, c++14)",
        ),
        (
            "languages: [python3, cpp]\npython: pypy3\n",
            "aplusb/task.yaml: python: pypy3 is not in the task's languages (python3, cpp)",
        ),
    ],
    ids=["python2", "cpp11", "not-allowed"],
)
def test_bad_settings_give_located_errors(tmp_path: Path, settings: str, expected: str) -> None:
    errors = [str(e) for e in read_paths([_task(tmp_path, settings)]).errors]
    assert any(e.startswith(expected) for e in errors), errors


def test_only_code_tasks_have_a_python(tmp_path: Path) -> None:
    root = write(tmp_path / "quiz-demo", {"task.yaml": QUIZ_YAML + "python: pypy3\n"})
    errors = [str(e) for e in read_paths([root]).errors]
    assert any("python: only code tasks have this" in e for e in errors), errors


def test_a_python_2_reference_solution_is_skipped(tmp_path: Path) -> None:
    root = _task(tmp_path, "", **{"solutions/accepted/old.py": "print 'hello'\n"})
    [package] = read_paths([root]).packages
    [old] = [r for r in package.references if r.path == "accepted/old.py"]
    assert (old.language, old.skipped) == (None, "unsupported language (Python 2)")


@pytest.mark.parametrize(
    ("manifest", "offered", "chosen"),
    [
        ({"python": "pypy3"}, ["c", "cpp", "python3", "pypy3"], "pypy3"),
        ({"python": "pypy3", "cpp": "cpp14"}, ["c", "cpp", "cpp14", "pypy3"], "cpp14"),
        ({"python": "pypy3"}, ["c", "cpp"], None),  # not offered here
        ({}, ["c", "cpp", "python3"], None),
    ],
)
def test_the_submit_form_prefers_the_tasks_own_choice(
    manifest: dict[str, str], offered: list[str], chosen: str | None
) -> None:
    assert preferred_language(manifest, offered) == chosen
