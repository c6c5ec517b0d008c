"""What the task page offers for answering: the editors of a configuration task, its topology
and, for SQL tasks, the schema the student queries.

Configuration tasks (network, linux, sql) describe their answer through the judge's labs
registry (:func:`ictjudge.labs.answer_files`, :func:`ictjudge.labs.topology`); the platform
only draws what it is given, so a new lab type needs no change here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ictjudge import labs
from ictjudge.errors import JudgeError
from ictjudge.labs.topology import Topology

log = logging.getLogger(__name__)

MAX_SCHEMA_BYTES = 64 * 1024
SYNTAXES = frozenset({"sql", "shell", "python", "frr", "nftables", "text"})
SYNTAX_ALIASES = {"vrp": "frr", "bash": "shell", "sh": "shell", "postgresql": "sql"}


@dataclass(frozen=True)
class Editor:
    """One editor of the answer form: the form field ``file:<name>``."""

    name: str
    title: str
    syntax: str
    initial: str
    required: bool

    @property
    def field(self) -> str:
        return f"file:{self.name}"


@dataclass(frozen=True)
class Workbench:
    """Everything a configuration task's page needs besides its statement."""

    editors: list[Editor]
    topology: Topology | None = None
    schema: str | None = None  # SQL tasks: the schema script, shown beside the editor
    unavailable: bool = False  # this platform's judge cannot grade the task type


def _lab(manifest: dict[str, Any]) -> dict[str, Any]:
    lab = manifest.get("lab")
    return lab if isinstance(lab, dict) else {}


def read_schema(dataset_dir: Path, manifest: dict[str, Any]) -> str | None:
    """The schema script named in an SQL task's lab section, from the stored dataset."""
    return read_lab_file(dataset_dir, _lab(manifest).get("schema"))


def read_lab_file(dataset_dir: Path, name: Any) -> str | None:
    """A file of the stored dataset's ``lab/`` folder (a schema, an editor's starting text)."""
    if not isinstance(name, str) or not name:
        return None
    relative = name if name.startswith("lab/") else f"lab/{name}"
    path = (dataset_dir / relative).resolve()
    # The name comes from a checked package, but stay inside the dataset directory anyway.
    if not path.is_relative_to(dataset_dir.resolve()) or not path.is_file():
        return None
    with path.open("rb") as handle:
        data = handle.read(MAX_SCHEMA_BYTES + 1)
    text = data[:MAX_SCHEMA_BYTES].decode("utf-8", "replace")
    return text + ("\n…" if len(data) > MAX_SCHEMA_BYTES else "")


def _syntax(name: str) -> str:
    """The editor mode for a grader's syntax name (router dialects share one mode)."""
    name = SYNTAX_ALIASES.get(name, name)
    return name if name in SYNTAXES else "text"


def workbench(task_type: str, manifest: dict[str, Any], dataset_dir: Path) -> Workbench:
    """The editors (one per answer file) and pictures of a configuration task."""
    lab = _lab(manifest)
    try:
        files = labs.answer_files(task_type, lab)
        topology = labs.topology(task_type, lab) if labs.draws_topology(task_type) else None
    except JudgeError as exc:
        log.warning("no editors for a %s task: %s", task_type, exc)
        return Workbench([], unavailable=True)
    editors = [
        Editor(
            name=f.name,
            title=f.title or f.name,
            syntax=_syntax(f.syntax),
            initial=read_lab_file(dataset_dir, f.initial_file) or f.initial,
            required=f.required,
        )
        for f in files
    ]
    schema = read_schema(dataset_dir, manifest)  # SQL labs name one
    return Workbench(editors, topology, schema)
