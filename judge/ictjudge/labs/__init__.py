"""Configuration tasks graded on live state, one assessment item at a time.

Each configuration task type has a grader module in this package, named by its entry in the
judge's registry (:mod:`ictjudge.graders`, ``lab_module``). A grader module exports:

- ``LAB_MODEL``: the pydantic model of the task's ``lab`` section (the task package importer
  validates with it);
- ``async def grade(client, dataset_dir, lab, files) -> LabReport``, where ``files`` maps the
  submission's file names to their text;
- ``def answer_files(lab) -> list[AnswerFile]``: the files a submission consists of, one editor
  each on the task page (intake refuses other names);
- optionally ``def topology(lab) -> Topology`` (network labs), for the picture on the task page;
- optionally ``def lab_files(lab) -> dict[str, str]``: the package files the lab section names
  (path under the package, e.g. ``lab/schema.sql`` -> the field that names it), which the
  importer requires to exist. Without it, every string value of the section that starts with
  ``lab/`` is taken for such a path.

:func:`lab_model`, :func:`grade_lab`, :func:`answer_files` and :func:`topology` look a type up;
a type whose module is missing is one this judge cannot grade.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from ictjudge.errors import JudgeError
from ictjudge.labs.report import LabReport
from ictjudge.labs.topology import Topology

Syntax = str
"""An editor mode: ``sql``, ``shell``, ``python``, ``frr``, ``nftables`` or ``text``."""


@dataclass(frozen=True)
class AnswerFile:
    """One file of a configuration task's submission, and how to edit it."""

    name: str  # the submission's file name, e.g. "r1.conf"
    title: str  # shown above its editor, e.g. "r1 — FRR configuration"
    syntax: Syntax = "text"
    initial: str = ""  # what the editor starts with (e.g. the device's current configuration)
    required: bool = True
    initial_file: str | None = None  # or a package file (lab/...) the editor starts with


def _grader(task_type: str) -> ModuleType | None:
    from ictjudge import graders

    entry = graders.find(task_type)
    name = entry.lab_module if entry is not None else None
    if name is None:
        return None
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


def lab_model(task_type: str) -> type[BaseModel] | None:
    """The model of a task type's ``lab`` section, if this judge grades that type."""
    module = _grader(task_type)
    model: type[BaseModel] | None = getattr(module, "LAB_MODEL", None)
    return model


def _validated(task_type: str, lab: dict[str, Any]) -> tuple[ModuleType, BaseModel]:
    module = _grader(task_type)
    model = lab_model(task_type)
    if module is None or model is None:
        raise JudgeError(f"this judge cannot grade {task_type!r} tasks")
    try:
        return module, model.model_validate(lab)
    except ValueError as exc:
        raise JudgeError(f"the task's lab section is invalid: {exc}") from exc


def answer_files(task_type: str, lab: dict[str, Any]) -> list[AnswerFile]:
    """The files a submission to this task consists of (raises JudgeError for unknown types)."""
    module, spec = _validated(task_type, lab)
    files: list[AnswerFile] = module.answer_files(spec)
    return files


def draws_topology(task_type: str) -> bool:
    """Whether labs of this type have a topology to draw (network labs)."""
    return callable(getattr(_grader(task_type), "topology", None))


def topology(task_type: str, lab: dict[str, Any]) -> Topology | None:
    """The lab's topology, for types that have one."""
    module, spec = _validated(task_type, lab)
    draw = getattr(module, "topology", None)
    return draw(spec) if callable(draw) else None


def lab_files(task_type: str, lab: dict[str, Any]) -> dict[str, str]:
    """Package paths the lab section refers to, each with the field that names it."""
    module = _grader(task_type)
    named = getattr(module, "lab_files", None)
    if callable(named):
        spec = lab_model(task_type)
        if spec is not None:
            try:
                files: dict[str, str] = named(spec.model_validate(lab))
                return files
            except ValueError:
                return {}  # the section itself is invalid; that error is reported already
    found: dict[str, str] = {}

    def walk(value: Any, where: str) -> None:
        if isinstance(value, str) and value.startswith("lab/") and "\n" not in value:
            found.setdefault(value, where)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")

    walk(lab, "lab")
    return found


async def grade_lab(dataset_dir: Path, files: dict[str, str], client: Any) -> LabReport:
    """Judge a configuration task; the dataset's ``dataset.json`` names its type and lab."""
    manifest = json.loads((dataset_dir / "dataset.json").read_text(encoding="utf-8"))
    module, lab = _validated(str(manifest.get("task_type")), manifest.get("lab") or {})
    report: LabReport = await module.grade(client, dataset_dir, lab, files)
    return report
