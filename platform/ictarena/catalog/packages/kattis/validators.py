"""How a Kattis package's output is judged: the default checker with its flags, or the
package's own output validator (``output_validator/``, legacy ``output_validators/``), whose
sources are copied into the normal form's ``checker/``."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from ictarena.catalog.packages.files import children, find, walk_files
from ictarena.catalog.packages.kattis.context import Context, words
from ictarena.catalog.packages.kattis.metadata import PROBLEM_FILE, ProblemYaml
from ictjudge.dataset import Checker

SUBSTITUTED_SUFFIXES = (".c", ".cc", ".cpp", ".h", ".hpp", ".py")


def flags(value: Any) -> tuple[str, ...]:
    """Validator flags given as a string, a list or a legacy ``{name, flags}`` map."""
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    if isinstance(value, dict):  # legacy {name: validator, flags: "..."}
        return flags(value.get("flags"))
    return tuple(str(value).split())


def check_flags(ctx: Context, given: tuple[str, ...], where: str) -> None:
    """Record an error when the default checker does not understand ``given``."""
    from ictjudge.checkers import Flags

    try:
        Flags.parse(given)
    except ValueError as exc:
        ctx.problems.add(where, "output_validator_flags", str(exc))


def _validator_folder(ctx: Context, new_dir: Path | None, old_dir: Path | None) -> Path | None:
    if new_dir is not None and new_dir.is_dir():
        return new_dir
    if old_dir is None or not old_dir.is_dir():
        return None
    programs = children(old_dir)
    dirs = [p for p in programs if p.is_dir()]
    files = [p for p in programs if p.is_file()]
    if dirs and not files:
        if len(dirs) > 1:
            ctx.warn(f"output_validators: several validators; using {dirs[0].name}")
        return dirs[0]
    return old_dir


def copy_validator(ctx: Context, meta: ProblemYaml) -> bool:
    """Copy the output validator's sources into ``checker/``; True when one is used."""
    new_dir = find(ctx.root, "output_validator")
    old_dir = find(ctx.root, "output_validators")
    validation = words(meta.validation)
    wants_custom = "custom" in validation or (new_dir is not None and (ctx.new or not validation))
    if not wants_custom:
        if old_dir is not None or new_dir is not None:
            ctx.warn(
                f"{PROBLEM_FILE}: validation is 'default', so the output validator in the "
                "package is not used"
            )
        return False
    source = _validator_folder(ctx, new_dir, old_dir)
    if source is None:
        ctx.problems.add(PROBLEM_FILE, "validation", "custom validation, but no output_validators/")
        return False
    sources = list(walk_files(source, ctx.root))
    if not sources:
        ctx.problems.add(ctx.label(source), "", "no validator sources")
        return False
    for path in sources:
        data = ctx.read(path)
        if data is None:
            continue
        name = path.relative_to(source).as_posix()
        if ctx.constants and path.suffix.lower() in SUBSTITUTED_SUFFIXES:
            with contextlib.suppress(UnicodeDecodeError):
                data = ctx.substitute(data.decode("utf-8")).encode()
        ctx.files[f"checker/{name}"] = data
    return True


def checker(ctx: Context, problem_flags: tuple[str, ...]) -> Checker:
    """The judge's checker: the package's validator (in ``checker/``) or the default one."""
    if ctx.custom:
        return Checker(kind="custom", flags=problem_flags, path="checker")
    return Checker(flags=problem_flags)
