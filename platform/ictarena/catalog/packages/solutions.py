"""Reference solutions: ``solutions/<folder>/…`` (native) or ``submissions/<folder>/…`` (Kattis).

Each file (or folder of files) in a known folder is one solution; its language comes from the
file extension. Solutions in languages the judge does not run are kept as *skipped*, with the
language named, rather than failing the package.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import children, walk_files
from ictarena.catalog.packages.package import FOLDER_RULES, Expectation, Reference
from ictjudge.languages import LANGUAGES, by_extension

MAX_SOLUTION_BYTES = 1 << 20

OTHER_LANGUAGES = {
    ".kt": "Kotlin", ".go": "Go", ".rs": "Rust", ".cs": "C#", ".rb": "Ruby", ".hs": "Haskell",
    ".pas": "Pascal", ".scala": "Scala", ".php": "PHP", ".swift": "Swift", ".m": "Objective-C",
    ".f90": "Fortran", ".f": "Fortran", ".lua": "Lua", ".pl": "Perl", ".sh": "Bash",
    ".py2": "Python 2", ".ml": "OCaml", ".d": "D", ".ts": "TypeScript", ".jl": "Julia",
    ".lisp": "Common Lisp", ".cob": "COBOL", ".adb": "Ada", ".pro": "Prolog", ".dart": "Dart",
}  # fmt: skip


def _python2(source: bytes) -> bool:
    """Kattis tells Python 2 from Python 3 by the shebang of a ``.py`` file."""
    first = source.split(b"\n", 1)[0]
    return first.startswith(b"#!") and b"python2" in first


def language_of(files: Mapping[str, bytes]) -> tuple[str | None, str]:
    """(judge language id or None, a readable language name) of a solution's files."""
    names = sorted(files)
    for name in names:
        lang = by_extension(name)
        if lang is not None and lang.id == "python3" and _python2(files[name]):
            return None, "Python 2 (by its #! line)"
        if lang is not None:
            return lang.id, lang.name
    for name in names:
        suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if suffix in OTHER_LANGUAGES:
            return None, f"{OTHER_LANGUAGES[suffix]} ({suffix})"
    suffixes = sorted({"." + n.rsplit(".", 1)[-1] for n in names if "." in n})
    return None, f"unknown ({', '.join(suffixes) or 'no extension'})"


def _override(overrides: Mapping[str, Any], path: str) -> dict[str, Any]:
    """Keys of ``solutions.yaml`` are paths or globs; later, more specific ones win."""
    merged: dict[str, Any] = {}
    folder = path.split("/", 1)[0]
    for pattern, value in overrides.items():
        if not isinstance(value, dict):
            continue
        if pattern in (path, folder) or fnmatch.fnmatchcase(path, pattern):
            merged.update(value)
    return merged


def _score(value: Any) -> float | tuple[float, float] | None:
    if value is None:
        return None
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    return float(value)


def _verdicts(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    return tuple("RE" if str(v).upper() == "RTE" else str(v).upper() for v in items)


def _expectation(folder: str, settings: Mapping[str, Any]) -> Expectation:
    base = Expectation.for_folder(folder)
    final = _verdicts(settings.get("verdict"))
    return Expectation(
        permitted=None if final else _verdicts(settings.get("permitted")) or base.permitted,
        required=None if final else _verdicts(settings.get("required")) or base.required,
        final=final or (None if "permitted" in settings else base.final),
        score=_score(settings.get("score")),
    )


def read_solutions(
    root: Path,
    label: str,
    problems: Problems,
    overrides: Mapping[str, Any] | None = None,
    allowed_languages: list[str] | None = None,
    lab_type: str | None = None,
) -> list[Reference]:
    """Every solution under ``root`` (``solutions/`` or ``submissions/``).

    For a configuration task (``lab_type`` given: network, linux, sql) a solution is a file or a
    folder of files handed to the labs grader as they are (per-device configurations, a
    script); it has no language.

    ``overrides`` (from ``solutions.yaml``/``submissions.yaml``) may give per path or glob:
    ``verdict`` (final verdicts), ``permitted``/``required`` (per-test verdicts), ``score``,
    ``language`` and ``use_for_time_limit``.
    """
    references: list[Reference] = []
    for folder in children(root):
        if not folder.is_dir():
            continue
        name = folder.name.lower()
        if name not in FOLDER_RULES:
            problems.add(
                f"{label}/{folder.name}",
                "",
                f"unknown folder; use one of {', '.join(FOLDER_RULES)}",
            )
            continue
        for entry in children(folder):
            path = f"{name}/{entry.name}"
            if entry.is_dir():
                files = {p.relative_to(entry).as_posix(): p.read_bytes() for p in walk_files(entry)}
            elif entry.is_file():
                files = {entry.name: entry.read_bytes()}
            else:
                continue
            if not files:
                continue
            if sum(len(v) for v in files.values()) > MAX_SOLUTION_BYTES:
                problems.add(f"{label}/{path}", "", "larger than 1 MiB")
                continue
            settings = _override(overrides or {}, path)
            if lab_type is not None:
                references.append(
                    Reference(
                        path=path,
                        files=files,
                        language=lab_type,
                        expectation=_expectation(name, settings),
                    )
                )
                continue
            language, language_name = language_of(files)
            if settings.get("language"):
                wanted = str(settings["language"]).lower()
                language = wanted if wanted in LANGUAGES else None
                language_name = wanted
            expectation = _expectation(name, settings)
            skipped = None
            if language is None:
                skipped = f"{language_name} is not a language the judge runs"
            elif len(files) > 1:
                skipped = "a solution of several files (the judge compiles one source file)"
            elif allowed_languages is not None and language not in allowed_languages:
                problems.add(
                    f"{label}/{path}",
                    "",
                    f"{language} is not in the task's languages ({', '.join(allowed_languages)})",
                )
            given = settings.get("use_for_time_limit")
            role: Literal["lower", "upper"] | None = None
            if name == "accepted":
                role = "lower"
            elif name == "time_limit_exceeded":
                role = "upper"
            if given in ("lower", "upper"):
                role = "lower" if given == "lower" else "upper"
            elif given is False:
                role = None
            references.append(
                Reference(
                    path=path,
                    files=files,
                    language=language,
                    expectation=expectation,
                    skipped=skipped,
                    time_limit_role=role,
                )
            )
    return references
