"""Reading package files robustly: YAML with located errors, text without BOMs or CRs,
directory listings that skip hidden files, and symbolic links followed only inside the package
(:mod:`~ictarena.catalog.packages.tree` bounds the walk; archives are unpacked by
:mod:`~ictarena.catalog.packages.archive`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ictarena.catalog.packages.errors import Problems

MAX_DEPTH = 16
KEPT_DOTFILES = frozenset({".timelimit"})
M = TypeVar("M", bound=BaseModel)


def ignored(name: str) -> bool:
    """Hidden and editor files are not part of a package (``.timelimit`` is)."""
    if name in KEPT_DOTFILES:
        return False
    return name.startswith((".", "-")) or name.endswith("~") or name == "__pycache__"


def children(directory: Path) -> list[Path]:
    """The entries of ``directory`` that count, sorted by name."""
    if not directory.is_dir():
        return []
    return sorted((p for p in directory.iterdir() if not ignored(p.name)), key=lambda p: p.name)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links resolved, is ``root`` or below it."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of links
        return False
    return True


def walk_files(directory: Path, within: Path | None = None, _depth: int = 0) -> Iterator[Path]:
    """Every counted file below ``directory``, in sorted order. Symbolic links are skipped, or,
    with ``within``, followed when they point inside it (a package may link its own files)."""
    if _depth > MAX_DEPTH:
        return
    for entry in children(directory):
        if entry.is_symlink() and (within is None or not inside(entry, within)):
            continue
        if entry.is_dir():
            yield from walk_files(entry, within, _depth + 1)
        elif entry.is_file():
            yield entry


def find(directory: Path, name: str) -> Path | None:
    """``directory/name``, matched case-insensitively (``Problem.YAML`` is found too)."""
    exact = directory / name
    if exact.exists():
        return exact
    lower = name.lower()
    for entry in children(directory):
        if entry.name.lower() == lower:
            return entry
    return None


def text(data: bytes) -> str:
    """UTF-8 text without a byte-order mark and with LF line endings."""
    return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path) -> str:
    return text(path.read_bytes())


def test_data(data: bytes) -> bytes:
    """Test data as the judge should see it: no BOM, LF line endings."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.replace(b"\r\n", b"\n") if b"\r\n" in data else data


def load_yaml(path: Path, label: str, problems: Problems) -> tuple[Any, yaml.Node | None]:
    """The YAML document and its node tree (for locating fields), or (None, None) after
    recording a ``file:line:col: problem`` error."""
    try:
        source = read_text(path)
    except UnicodeDecodeError as exc:
        problems.add(label, "", f"not UTF-8 text (byte {exc.start})")
        return None, None
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        value = yaml.safe_load(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        problems.add(f"{label}:{where}" if where else label, "", what or "invalid YAML")
        return None, None
    except yaml.YAMLError as exc:
        problems.add(label, "", f"invalid YAML: {exc}")
        return None, None
    return value, node


def line_of(node: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the YAML value at ``loc`` (or of its nearest existing parent)."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(
                (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part),
                None,
            )
            if match is None:
                return line
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def _loc(loc: Sequence[int | str]) -> str:
    return ".".join(str(p) for p in loc if not _is_tag(p)) or "(document)"


def validate(
    model: type[M],
    data: Any,
    label: str,
    problems: Problems,
    node: yaml.Node | None = None,
    prefix: Sequence[int | str] = (),
) -> M | None:
    """``model`` validated from ``data``; each pydantic error becomes a located problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = [*prefix, *error["loc"]]
            # pydantic adds the tag of a discriminated union to the path: keep it readable
            line = line_of(node, [p for p in loc if not _is_tag(p)])
            file = f"{label}:{line}" if line else label
            problems.add(file, _loc(loc), _message(error))
        return None


_TAGS = frozenset({"single", "multiple", "true_false", "fill", "function-after", "function-before"})


def _is_tag(part: int | str) -> bool:
    return isinstance(part, str) and (part in _TAGS or "[" in part or part.startswith("function-"))


def _message(error: Any) -> str:
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return "unknown field (check its spelling)"
    return message.removeprefix("Value error, ")
