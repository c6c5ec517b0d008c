"""A code task's own Python and C++: which language its ``.py`` solutions run as (CPython or
PyPy 3) and which C++ standard its C++ solutions build under (C++20, 17 or 14).

A package names them (``task.yaml`` ``python:`` and ``cpp:``; a Kattis import's ``--python``),
or takes the defaults: CPython and C++20 for native packages, PyPy 3 for Kattis packages, as
ICPC judges run Python. A Kattis package cannot name a C++ standard, so the newest one that
builds all its jury C++ solutions is chosen when they are judged (:mod:`.verify`). Both are
recorded in the dataset manifest (``python``, ``cpp``): the submit form offers them first.

This module is the platform's one door to the judge's knowledge of Python 2 and of the C++
standards (:mod:`ictjudge.languages`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ictjudge.languages import CPP_STANDARDS, PYTHONS, is_cpp
from ictjudge.python2 import is_python2

__all__ = [
    "CPP_STANDARDS",
    "PYTHON2_SKIP",
    "PYTHONS",
    "cpp_name",
    "cpp_setting",
    "is_cpp",
    "is_python2",
    "preferred_language",
    "task_language",
]

PYTHON2_SKIP = "unsupported language (Python 2)"
"""Why a Python 2 solution is not judged: the judge runs Python 3 only."""
CPP_SPELLINGS = {"cpp": "cpp", "cpp20": "cpp", "c++20": "cpp", "cpp17": "cpp17",
                 "c++17": "cpp17", "cpp14": "cpp14", "c++14": "cpp14"}  # fmt: skip
"""What ``cpp:`` may say (any case), and the judge's language id each means."""
CPP_NAMES = {"cpp": "C++20", "cpp17": "C++17", "cpp14": "C++14"}


def cpp_setting(value: str) -> str | None:
    """The C++ language id ``value`` names (``c++17`` → ``cpp17``); None for anything else."""
    return CPP_SPELLINGS.get(value.strip().lower())


def cpp_name(language: str) -> str:
    """``C++14`` for ``cpp14``: the standard as people name it."""
    return CPP_NAMES.get(language, language)


def task_language(found: str, python: str | None, cpp: str | None) -> str:
    """The language a solution whose files say ``found`` (by their endings: CPython, C++20)
    runs as in a task whose Python and C++ are ``python`` and ``cpp`` (None: the default)."""
    if found in PYTHONS:
        return python or found
    if is_cpp(found):
        return cpp or found
    return found


def preferred_language(manifest: Mapping[str, Any], offered: Sequence[str]) -> str | None:
    """The submit form's first choice: the task's own C++ standard, else its own Python, when
    its manifest names one and the form offers it; None leaves the form's first option."""
    for key in ("cpp", "python"):
        wanted = manifest.get(key)
        if wanted and wanted in offered:
            return str(wanted)
    return None
