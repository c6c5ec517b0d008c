"""The registry of task types, keyed by the name stored in ``tasks.type`` and ``task.yaml``.

The built-in types are registered on first use (:mod:`ictarena.catalog.tasktypes.builtin`);
:func:`register` adds one more. A task type whose sandbox grading is needed is also registered
in the judge (:mod:`ictjudge.graders`) under the same name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

if TYPE_CHECKING:
    from ictarena.catalog.packages.errors import Problems
    from ictarena.catalog.packages.package import Package
    from ictarena.catalog.packages.schema import TaskSpec

PackageReader = Callable[[Path, "TaskSpec", "Problems", "Package", Any], None]
"""Fills a package's manifest, files, maximum score and reference solutions from its folder
(``root``, the checked ``task.yaml``, where problems go, the package, the YAML node)."""

InstantGrader = Callable[[dict[str, Any], dict[str, str]], dict[str, Any]]
"""Grades a submission's files against a dataset manifest at once: a report with ``verdict``,
``score``, ``max_score`` and ``runs`` (anything else is kept as the raw report)."""

Answers = Literal["source", "lab", "quiz", "files"]
"""How a submission is taken: one source file in a language (``source``), the files the lab
names (``lab``), a quiz form's answers (``quiz``), or any non-empty text files (``files``)."""


@dataclass(frozen=True)
class TaskKind:
    """One task type."""

    name: str
    label: str  # English, marked for translation; pages show it translated
    read: PackageReader
    answers: Answers
    form_template: str  # the task page's answer form
    report_template: str  # the submission page's results: macros ``results()`` and ``files()``
    sections: tuple[str, ...] = ()  # task.yaml keys only tasks of this type have
    required: str | None = None  # the section every task of this type has
    missing: str = ""  # the error when it is absent
    section_model: type[BaseModel] | None = None  # checks a section TaskSpec has no field for
    grade: InstantGrader | None = None  # graded in the platform at once; None: in the sandbox
    editor: bool = True  # the task page loads the code editor
    statement_required: bool = True
    templates: Path | None = None  # where its partials are, when not in web/templates

    @property
    def instant(self) -> bool:
        return self.grade is not None


_KINDS: dict[str, TaskKind] = {}
_BUILTIN = "ictarena.catalog.tasktypes.builtin"
_loaded: list[bool] = []


def _kinds() -> dict[str, TaskKind]:
    if not _loaded:
        _loaded.append(True)
        for builtin in importlib.import_module(_BUILTIN).BUILTIN:
            _KINDS.setdefault(builtin.name, builtin)
    return _KINDS


def register(kind: TaskKind) -> None:
    """Add (or replace) a task type."""
    _kinds()[kind.name] = kind


def unregister(name: str) -> None:
    _kinds().pop(name, None)


def find(name: str) -> TaskKind | None:
    return _kinds().get(name)


def kind(name: str) -> TaskKind:
    """The task type called ``name`` (KeyError when none is registered)."""
    return _kinds()[name]


def names() -> list[str]:
    """Every registered type, built-in ones first, in registration order."""
    return list(_kinds())


def label(name: str) -> str:
    """A type's label (untranslated), or its name when it is not registered."""
    found = find(name)
    return found.label if found is not None else name


def section_owners(section: str) -> list[str]:
    """The types whose tasks may have ``section`` in ``task.yaml``."""
    return [k.name for k in _kinds().values() if section in k.sections]


def all_sections() -> list[str]:
    """Every type-specific ``task.yaml`` key, in registration order."""
    return list(dict.fromkeys(s for k in _kinds().values() for s in k.sections))


def template_dirs() -> list[Path]:
    """The folders of partials registered types bring with them."""
    return [k.templates for k in _kinds().values() if k.templates is not None]
