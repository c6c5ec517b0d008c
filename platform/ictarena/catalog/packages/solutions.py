"""Reference solutions: ``solutions/<folder>/…`` (native) or ``submissions/<folder>/…`` (Kattis).

Each file (or folder of files) in a known folder is one solution; its language comes from the
file endings, as Kattis decides it: the language with the most source files wins, ties broken
by Kattis's priorities, and a ``.py`` file in Python 2 (its first line names ``python2``, or only
Python 2 reads it) counts for Python 2. A ``.py`` solution runs as the task's Python, a C++ one
under the task's C++ standard (:mod:`.standards`). Solutions in languages the judge does not
run, Python 2 among them, are kept as *skipped*, with the language named, rather than failing
the package.

``solutions.yaml``/``submissions.yaml`` keys are paths or globs (``*`` stays within one path
segment, ``{a,b}`` alternatives expand) matched against a solution or any folder above it. A
folder's own key replaces that folder's default rules (it may also declare a new folder); every
other matching key adds its rules (permitted verdicts intersect). A DOMjudge
``@EXPECTED_RESULTS@:`` line in a source names the final verdicts it may get.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import children, walk_files
from ictarena.catalog.packages.package import FOLDER_RULES, Expectation, Reference
from ictarena.catalog.packages.standards import PYTHON2_SKIP, is_python2, task_language
from ictjudge.languages import LANGUAGES

MAX_SOLUTION_BYTES = 1 << 20
RULE_KEYS = frozenset({
    "permitted", "required", "verdict", "score", "language", "entrypoint", "use_for_time_limit",
    "message", "authors", "author", "model_solution",
})  # fmt: skip
"""Keys of a ``submissions.yaml`` rule; any other key names a test group (not checked)."""

# Kattis's language table: languages the judge does not run, by file ending.
OTHER_LANGUAGES = {
    ".kt": "Kotlin", ".go": "Go", ".rs": "Rust", ".cs": "C#", ".fs": "F#", ".rb": "Ruby",
    ".hs": "Haskell", ".pas": "Pascal", ".scala": "Scala", ".sc": "Scala", ".php": "PHP",
    ".swift": "Swift", ".m": "Objective-C", ".f90": "Fortran", ".lua": "Lua",
    ".pm": "Perl", ".pl": "Prolog", ".sh": "Bash", ".bash": "Bash", ".py2": "Python 2",
    ".ml": "OCaml", ".d": "D", ".jl": "Julia", ".lisp": "Common Lisp",
    ".cl": "Common Lisp", ".cob": "COBOL", ".adb": "Ada", ".ads": "Ada", ".dart": "Dart",
    ".ex": "Elixir", ".erl": "Erlang", ".cr": "Crystal", ".rkt": "Racket", ".nim": "Nim",
    ".zig": "Zig", ".odin": "Odin", ".sim": "Simula", ".st": "Smalltalk", ".sno": "Snobol",
    ".vb": "Visual Basic", ".a68": "Algol 68", ".apl": "APL", ".mod": "Modula-2",
    ".fth": "Forth", ".4th": "Forth", ".forth": "Forth", ".frt": "Forth", ".ss": "Gerbil",
}  # fmt: skip
OTHER_PRIORITY = {"Python 2": 860, "Kotlin": 250, "C#": 700, "Go": 400, "Haskell": 600}

# DOMjudge's result names in @EXPECTED_RESULTS@ lines, as the judge's verdicts
DOMJUDGE_RESULTS = {
    "CORRECT": "AC", "WRONG-ANSWER": "WA", "NO-OUTPUT": "WA", "TIMELIMIT": "TLE",
    "RUN-ERROR": "RE", "COMPILER-ERROR": "CE", "OUTPUT-LIMIT": "OLE", "MEMORY-LIMIT": "MLE",
    "ACCEPTED": "AC", "WRONG_ANSWER": "WA", "TIME_LIMIT_EXCEEDED": "TLE", "RUN_TIME_ERROR": "RE",
}  # fmt: skip
_EXPECTED = re.compile(rb"@EXPECTED_RESULTS@:[ \t]*([^\r\n]*)")
PYTHON2 = "Python 2"

Convention = Literal["native", "legacy", "2025-09"]


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""


def language_of(files: Mapping[str, bytes]) -> tuple[str | None, str]:
    """(judge language id or None, a readable language name) of a solution's files."""
    votes: dict[str, int] = {}
    priority: dict[str, int] = {}
    judged: dict[str, str] = {}
    for name, data in sorted(files.items()):
        suffix = _suffix(name)
        keys: list[tuple[str, int, str | None]] = []
        if suffix == ".py" and is_python2(data):
            # evidence for Python 2 as well as 3; a tie goes to Python 2 (Kattis's priorities)
            keys.append((PYTHON2, OTHER_PRIORITY[PYTHON2], None))
        if lang := next((lg for lg in LANGUAGES.values() if lg.owns(name)), None):
            keys.append((lang.name, lang.priority, lang.id))
        elif suffix.lower() in OTHER_LANGUAGES:
            other = OTHER_LANGUAGES[suffix.lower()]
            key = other if other == PYTHON2 else f"{other} ({suffix.lower()})"
            keys.append((key, OTHER_PRIORITY.get(other, 100), None))
        for key, rank, judge_id in keys:
            votes[key] = votes.get(key, 0) + 1
            priority[key] = rank
            if judge_id is not None:
                judged[key] = judge_id
    if not votes:
        suffixes = sorted({_suffix(n) for n in files if _suffix(n)})
        return None, f"unknown ({', '.join(suffixes) or 'no extension'})"
    best = max(votes, key=lambda k: (votes[k], priority[k]))
    return judged.get(best), best


def _braces(pattern: str) -> list[str]:
    """``a.{py,cpp}`` → ``a.py``, ``a.cpp`` (nested and repeated braces too)."""
    match = re.search(r"\{([^{}]*)\}", pattern)
    if match is None:
        return [pattern]
    head, tail = pattern[: match.start()], pattern[match.end() :]
    return [x for option in match.group(1).split(",") for x in _braces(head + option + tail)]


def _glob(pattern: str) -> re.Pattern[str]:
    """A Kattis glob: ``*`` matches within one path segment, ``?`` one character."""
    out = "".join(
        "[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch) for ch in pattern
    )
    return re.compile(out)


def _matches(pattern: str, path: str) -> bool:
    """A key matches a solution when it matches the solution or a folder above it."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(
        _glob(option.strip()).fullmatch(prefix)
        for option in _braces(pattern)
        for prefix in prefixes
    )


def _verdicts(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    return tuple("RE" if str(v).upper() in ("RTE", "RUN-ERROR") else str(v).upper() for v in items)


def _score(value: Any) -> float | tuple[float, float] | None:
    if value is None:
        return None
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    return float(value)


class Rules:
    """The ``submissions.yaml`` rules that apply to each solution."""

    def __init__(self, overrides: Mapping[str, Any], label: str, warnings: list[str]) -> None:
        self.folders: dict[str, dict[str, Any]] = {}
        self.globs: list[tuple[str, dict[str, Any]]] = []
        for pattern, value in overrides.items():
            if not isinstance(value, dict):
                warnings.append(f"{label}: {pattern}: not a mapping of rules; ignored")
                continue
            key = str(pattern).rstrip("/")
            rules = {k: v for k, v in value.items() if k in RULE_KEYS}
            groups = [k for k in value if k not in RULE_KEYS]
            if groups:
                warnings.append(
                    f"{label}: {key}: rules for test groups ({', '.join(map(str, groups))}) "
                    "are not checked"
                )
            if "message" in rules:
                warnings.append(f"{label}: {key}: 'message' is not checked")
            if "/" not in key and not any(c in key for c in "*?{"):
                self.folders[key.lower()] = rules
            else:
                self.globs.append((key, rules))

    def defines(self, folder: str) -> bool:
        """Whether a key names ``folder`` (or something in it): a folder of the package's own."""
        return folder in self.folders or any(
            _glob(option.split("/", 1)[0]).fullmatch(folder)
            for pattern, _rules in self.globs
            for option in _braces(pattern)
            if "/" in option
        )

    def expectation(self, folder: str, path: str) -> tuple[Expectation, dict[str, Any]]:
        own = self.folders.get(folder, {})
        base = Expectation.for_folder(folder) if folder in FOLDER_RULES else Expectation()
        permitted = _verdicts(own.get("permitted")) or (
            None if "permitted" in own else base.permitted
        )
        required = _verdicts(own.get("required")) or (None if "required" in own else base.required)
        final = _verdicts(own.get("verdict")) or (
            None if ("permitted" in own or "required" in own) else base.final
        )
        score = _score(own.get("score"))
        merged = dict(own)
        for pattern, rules in self.globs:
            if not _matches(pattern, path):
                continue
            merged.update(rules)
            if rules.get("permitted") is not None:
                extra = _verdicts(rules["permitted"]) or ()
                permitted = (
                    extra if permitted is None else tuple(v for v in permitted if v in extra)
                )
            if rules.get("required") is not None:
                required = _verdicts(rules["required"])
            if rules.get("verdict") is not None:
                final = _verdicts(rules["verdict"])
            if rules.get("score") is not None:
                score = _score(rules["score"])
        explicit = own.get("verdict") is not None or any(
            r.get("verdict") is not None for p, r in self.globs if _matches(p, path)
        )
        if explicit:  # a final verdict given in the file (our own key) replaces per-test rules
            permitted = required = None
        return Expectation(permitted, required, final, score), merged


def _expected_results(files: Mapping[str, bytes]) -> tuple[str, ...] | None:
    """The verdicts a DOMjudge ``@EXPECTED_RESULTS@:`` line allows, if any source has one."""
    for data in files.values():
        found = _EXPECTED.search(data[:65536])
        if found is None:
            continue
        names = [n.strip().upper() for n in found.group(1).decode("ascii", "replace").split(",")]
        verdicts = tuple(DOMJUDGE_RESULTS[n] for n in names if n in DOMJUDGE_RESULTS)
        return verdicts or None
    return None


def _time_role(
    convention: Convention, folder: str, expectation: Expectation, given: Any
) -> Literal["lower", "upper"] | None:
    """Whether a solution bounds the time limit from below (it must not time out) or from above
    (it must time out somewhere), by the package format's rules."""
    if given in ("lower", "upper"):
        return "lower" if given == "lower" else "upper"
    if given is False:
        return None
    if convention == "2025-09":
        if expectation.required == ("TLE",):
            return "upper"
        if expectation.permitted is not None and "TLE" not in expectation.permitted:
            return "lower"
        if expectation.final == ("AC",):
            return "lower"
        return None
    if folder == "accepted" and expectation.final == ("AC",):
        return "lower"
    if folder == "time_limit_exceeded":
        return "upper"
    return None


def read_solutions(
    root: Path,
    label: str,
    problems: Problems,
    overrides: Mapping[str, Any] | None = None,
    allowed_languages: list[str] | None = None,
    lab_type: str | None = None,
    warnings: list[str] | None = None,
    convention: Convention = "native",
    within: Path | None = None,
    python: str | None = None,
    cpp: str | None = None,
) -> list[Reference]:
    """Every solution under ``root`` (``solutions/`` or ``submissions/``).

    For a configuration task (``lab_type`` given: network, linux, sql) a solution is a file or a
    folder of files handed to the labs grader as they are (per-device configurations, a
    script); it has no language.

    ``overrides`` (from ``solutions.yaml``/``submissions.yaml``) may give per path or glob:
    ``verdict`` (final verdicts), ``permitted``/``required`` (per-test verdicts), ``score``,
    ``language``, ``entrypoint`` and ``use_for_time_limit``. Kattis packages (``convention``
    legacy or 2025-09) may hold folders of their own; those without rules are skipped with a
    warning, as Kattis's tools ignore them. ``within`` is the package root, inside which
    symbolic links are followed. ``python`` and ``cpp`` are the task's Python and C++ standard
    (None: CPython, C++20): what a solution whose language its file endings tell runs as.
    """
    notes = warnings if warnings is not None else []
    rules = Rules(
        overrides or {},
        f"{label}/{'solutions' if convention == 'native' else 'submissions'}.yaml",
        notes,
    )
    references: list[Reference] = []
    for folder in children(root):
        if not folder.is_dir():
            continue
        name = folder.name.lower()
        if name not in FOLDER_RULES and not rules.defines(name):
            if convention == "native":
                problems.add(
                    f"{label}/{folder.name}",
                    "",
                    f"unknown folder; use one of {', '.join(FOLDER_RULES)}",
                )
            else:
                notes.append(
                    f"{label}/{folder.name}: not a folder of expected verdicts; its "
                    "submissions are not run"
                )
            continue
        for entry in children(folder):
            path = f"{name}/{entry.name}"
            if entry.is_symlink() and (
                within is None or not entry.resolve().is_relative_to(within.resolve())
            ):
                continue
            if entry.is_dir():
                files = {
                    p.relative_to(entry).as_posix(): p.read_bytes()
                    for p in walk_files(entry, within)
                }
            elif entry.is_file():
                files = {entry.name: entry.read_bytes()}
            else:
                continue
            if not files:
                continue
            if sum(len(v) for v in files.values()) > MAX_SOLUTION_BYTES:
                problems.add(f"{label}/{path}", "", "larger than 1 MiB")
                continue
            expectation, settings = rules.expectation(name, path)
            expected = _expected_results(files) if lab_type is None else None
            if expected is not None and "verdict" not in settings:
                expectation = Expectation(None, None, expected, expectation.score)
            if lab_type is not None:
                references.append(
                    Reference(path=path, files=files, language=lab_type, expectation=expectation)
                )
                continue
            language, language_name = language_of(files)
            follows = language is not None
            if settings.get("language"):
                wanted = str(settings["language"]).lower()
                language = wanted if wanted in LANGUAGES else None
                language_name = wanted
                follows = False
            elif language is not None:
                language = task_language(language, python, cpp)
            skipped = None
            if language_name == PYTHON2:
                skipped = PYTHON2_SKIP
            elif language is None:
                skipped = f"{language_name} is not a language the judge runs"
            elif allowed_languages is not None and language not in allowed_languages:
                problems.add(
                    f"{label}/{path}",
                    "",
                    f"{language} is not in the task's languages ({', '.join(allowed_languages)})",
                )
            role = _time_role(convention, name, expectation, settings.get("use_for_time_limit"))
            entrypoint = settings.get("entrypoint")
            references.append(
                Reference(
                    path=path,
                    files=files,
                    language=language,
                    expectation=expectation,
                    skipped=skipped,
                    time_limit_role=role,
                    entry=str(entrypoint) if entrypoint else None,
                    follows_task=follows,
                )
            )
    return references
