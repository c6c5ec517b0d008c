"""Reading a configuration task's package (network, linux and sql labs): the ``lab`` section,
checked with the judge's model of it when the judge has one, the files under ``lab/`` it names,
and the reference solutions with the score each should get."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import validate, walk_files
from ictarena.catalog.packages.native import TASK_FILE, reference_solutions
from ictarena.catalog.packages.package import Package
from ictarena.catalog.packages.schema import TaskSpec


def yaml_keys(value: Any) -> Any:
    """``value`` with YAML 1.1's boolean keys back to the words they were: PyYAML's
    ``safe_load`` reads an unquoted ``on:`` key (``run: {on: lb, …}``) as True and ``off:`` as
    False, which JSON and the lab models cannot take."""
    if isinstance(value, dict):
        words = {True: "on", False: "off"}
        return {
            (words[key] if isinstance(key, bool) and words[key] not in value else key): (
                yaml_keys(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [yaml_keys(item) for item in value]
    return value


def read_lab(root: Path, spec: TaskSpec, problems: Problems, package: Package, node: Any) -> None:
    """A configuration task: its lab section and files, and its reference solutions."""
    assert spec.lab is not None
    spec = spec.model_copy(update={"lab": yaml_keys(spec.lab)})
    package.max_score = spec.max_score or 100.0
    package.manifest = {
        "format": 1,
        "task_type": spec.type,
        "lab": spec.lab,
        "max_score": package.max_score,
    }
    lab_dir = root / "lab"
    package.files = {
        f"lab/{p.relative_to(lab_dir).as_posix()}": p.read_bytes() for p in walk_files(lab_dir)
    }
    package.references = reference_solutions(
        root, spec, problems, package.max_score, lab_type=spec.type
    )
    if not any(r.path.startswith("accepted/") for r in package.references):
        problems.add(
            "solutions/accepted", "", "a reference solution that scores full marks is required"
        )
    model = _lab_model(spec.type)
    if model is None:
        package.warnings.append(
            f"the {spec.type} section 'lab' is checked as a mapping only "
            "(the labs grader has no model for this type yet)"
        )
    else:
        validate(model, spec.lab, TASK_FILE, problems, node, prefix=("lab",))
    _lab_files_exist(spec, package, problems)


def _lab_model(task_type: str) -> type[BaseModel] | None:
    """The labs grader's model of a task type's ``lab`` section, when it defines one."""
    from ictjudge.labs import lab_model

    return lab_model(task_type)


def _lab_files_exist(spec: TaskSpec, package: Package, problems: Problems) -> None:
    """Every file the lab section names is in the package's ``lab/`` folder."""
    from ictjudge.labs import lab_files

    if not isinstance(spec.lab, dict):
        return
    for path, field in sorted(lab_files(spec.type, spec.lab).items()):
        if path not in package.files:
            problems.add(TASK_FILE, field, f"names {path}, which is not in the package")
