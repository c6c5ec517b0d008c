"""What every part of a Kattis package's reading shares: the package, the import options, the
errors and warnings, and what the parts read before it found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ictarena.catalog.models import Competency
from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import inside, text

CONSTANT = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class KattisOptions:
    """What a Kattis package does not say: where it goes in the catalogue, and what its Python
    solutions and the students' run as (PyPy 3 by default, as ICPC judges run Python)."""

    track: str = "programming"
    tier: Literal["associate", "professional", "expert"] = "associate"
    module: str = "kattis"
    module_title: str | None = None
    competencies: tuple[str, ...] = (Competency.LOGICAL_REASONING.value,)
    difficulty: int = 2
    time_limit_s: float | None = None
    slug: str | None = None
    python: Literal["python3", "pypy3"] = "pypy3"


@dataclass
class Context:
    """One package being read: its root, the errors (``problems``) and ``warnings`` collected,
    the files of the normal form (``tests/``, ``checker/``) and the package's conventions."""

    root: Path
    options: KattisOptions
    problems: Problems
    warnings: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    new: bool = False  # the 2025-09 format (otherwise legacy)
    scoring: bool = False  # a scoring problem (otherwise pass-fail)
    custom: bool = False  # judged by the package's own output validator
    custom_score: bool = False  # that validator reports scores (``validation: score``)
    legacy_grading: bool = True  # group scores as the legacy default grader computes them
    constants: dict[str, str] = field(default_factory=dict)  # 2025-09 ``{{name}}`` values
    grading: dict[str, Any] | None = None  # ``problem.yaml``'s legacy ``grading`` section
    samples: list[tuple[bytes, bytes]] = field(default_factory=list)  # as the statement shows

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def label(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read(self, path: Path) -> bytes | None:
        """The bytes of a package file; None (after recording why) for a link out of the
        package."""
        if not inside(path, self.root):
            self.problems.add(self.label(path), "", "a symbolic link that leaves the package")
            return None
        return path.read_bytes()

    def read_text(self, path: Path) -> str | None:
        data = self.read(path)
        if data is None:
            return None
        try:
            return text(data)
        except UnicodeDecodeError as exc:
            self.problems.add(self.label(path), "", f"not UTF-8 text (byte {exc.start})")
            return None

    def substitute(self, source: str) -> str:
        """``source`` with the package's 2025-09 ``{{constants}}`` replaced (unknown names stay)."""
        if not self.constants:
            return source
        return CONSTANT.sub(lambda m: self.constants.get(m.group(1), m.group(0)), source)


def read_constants(raw: dict[str, Any] | None) -> dict[str, str]:
    """2025-09 ``constants``: ``{{name}}`` → value (a map's ``value``; ``{{KEY_name}}`` for its
    other keys, as BAPCtools writes them)."""
    out: dict[str, str] = {}
    for name, value in (raw or {}).items():
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "value":
                    out[str(name)] = str(item)
                else:
                    out[f"{key}_{name}"] = str(item)
        elif value is not None:
            out[str(name)] = str(value)
    return out


def words(value: Any) -> list[str]:
    """The words of a setting given as a string or a list (``type``, ``grader_flags``...)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [w for item in value for w in str(item).split()]
    return str(value).split()
