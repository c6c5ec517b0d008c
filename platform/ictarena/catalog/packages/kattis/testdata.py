"""A Kattis package's test data: ``data/sample`` and ``data/secret`` with their nested groups,
each test's ``.in``/``.ans`` pair (and ``.yaml`` validator arguments), copied into the normal
form's ``tests/``, and the samples as the statement shows them."""

from __future__ import annotations

from pathlib import Path

from ictarena.catalog.packages.files import children, find, inside, load_yaml, test_data
from ictarena.catalog.packages.kattis.context import Context
from ictarena.catalog.packages.kattis.grading import (
    GroupConfig,
    legacy_group,
    new_group,
    read_config,
    uses_legacy_grading,
)
from ictarena.catalog.packages.kattis.validators import check_flags, flags
from ictjudge.dataset import Testcase, TestGroup

VALIDATION_DIRS = ("invalid_input", "invalid_output", "valid_output", "invalid_answer")


def read_test_data(ctx: Context) -> TestGroup:
    """The judge's test tree: the sample group (not counted) and the secret one."""
    data = find(ctx.root, "data")
    if data is None or not data.is_dir():
        ctx.problems.add("data", "", "missing: no test data")
        return TestGroup(name="data")
    ctx.legacy_grading = uses_legacy_grading(ctx, data)
    base = read_config(ctx, data, None)
    groups = []
    sample_dir = find(data, "sample")
    if sample_dir is not None and sample_dir.is_dir():
        groups.append(_group(ctx, sample_dir, "sample", base, "sample"))
    secret_dir = find(data, "secret")
    if secret_dir is None or not secret_dir.is_dir():
        ctx.problems.add("data/secret", "", "missing: the hidden tests")
    else:
        secret = _group(ctx, secret_dir, "secret", base, "secret")
        if not secret.tests and not secret.groups:
            ctx.problems.add("data/secret", "", "no tests (*.in files)")
        groups.append(secret)
    for other in children(data):
        if other.is_dir() and other.name.lower() not in ("sample", "secret", *VALIDATION_DIRS):
            ctx.warn(f"data/{other.name}: only data/sample and data/secret are judged")
    if ctx.legacy_grading:  # the root is graded too: its verdict is the submission's
        on_reject = _on_reject(ctx, data, base)
        return legacy_group(ctx, data, "data", base, [], groups, (), on_reject)
    return TestGroup(
        name="data",
        groups=tuple(groups),
        aggregation="sum",
        on_reject="continue" if ctx.scoring else "break",
    )


def _group(
    ctx: Context, directory: Path, name: str, parent: GroupConfig | None, top: str
) -> TestGroup:
    config = read_config(ctx, directory, parent)
    tests = _cases(ctx, directory, name, top == "sample")
    subgroups = [
        _group(ctx, sub, f"{name}/{sub.name}", config, top)
        for sub in children(directory)
        if sub.is_dir()
        and not sub.name.endswith(".files")
        and (not sub.is_symlink() or inside(sub, ctx.root))
    ]
    values = config.values
    group_flags = flags(values.get("output_validator_flags"))
    if not ctx.custom and group_flags:
        check_flags(ctx, group_flags, ctx.label(directory))
    on_reject = _on_reject(ctx, directory, config)
    if ctx.legacy_grading:
        return legacy_group(ctx, directory, name, config, tests, subgroups, group_flags,
                            on_reject, counts=top != "sample")  # fmt: skip
    if not ctx.scoring or top == "sample":
        return TestGroup(
            name=name,
            tests=tuple(tests),
            groups=tuple(subgroups),
            on_reject="continue" if top == "sample" else on_reject,
            validator_flags=group_flags,
            counts=top != "sample",
        )
    return new_group(ctx, directory, name, config, tests, subgroups, group_flags)


def _on_reject(ctx: Context, directory: Path, config: GroupConfig) -> str:
    on_reject = str(config.values.get("on_reject", "break"))
    if on_reject not in ("break", "continue"):
        label = ctx.label(directory) if directory != ctx.root else "data"
        ctx.problems.add(label, "on_reject", "must be break or continue")
        return "break"
    return on_reject


def _cases(ctx: Context, directory: Path, name: str, sample: bool) -> list[Testcase]:
    entries = [p for p in children(directory) if p.is_file()]
    inputs = {p.name[:-3]: p for p in entries if p.name.endswith(".in")}
    answers = {p.name[:-4]: p for p in entries if p.name.endswith(".ans")}
    tests = []
    for stem in sorted(inputs):
        test_name = f"{name}/{stem}"
        answer = answers.get(stem)
        if answer is None and not ctx.custom:
            ctx.problems.add(f"data/{test_name}.in", "", f"missing data/{test_name}.ans")
            continue
        given = ctx.read(inputs[stem])
        expected = ctx.read(answer) if answer is not None else b""
        if given is None or expected is None:
            continue
        ctx.files[f"tests/{test_name}.in"] = test_data(given)
        if answer is not None:
            ctx.files[f"tests/{test_name}.ans"] = test_data(expected)
        if (directory / f"{stem}.files").is_dir():
            ctx.warn(f"data/{test_name}.files: input files are not supported; ignored")
        tests.append(
            Testcase(
                name=test_name,
                input=f"tests/{test_name}.in",
                answer=f"tests/{test_name}.ans" if answer is not None else None,
                validator_flags=_case_flags(ctx, directory, stem, test_name),
            )
        )
        if sample:
            _sample(ctx, directory, stem, test_data(given), test_data(expected))
    for stem in sorted(set(answers) - set(inputs)):
        ctx.warn(f"data/{name}/{stem}.ans has no matching .in file (ignored)")
    return tests


def _case_flags(ctx: Context, directory: Path, stem: str, name: str) -> tuple[str, ...]:
    """The output validator arguments a test's own ``.yaml`` gives."""
    case_yaml = find(directory, f"{stem}.yaml")
    if case_yaml is None:
        return ()
    data, _ = load_yaml(case_yaml, f"data/{name}.yaml", ctx.problems)
    if not isinstance(data, dict):
        return ()
    if "args" in data:
        ctx.warn(f"data/{name}.yaml: submission arguments are not supported (ignored)")
    return flags(data.get("output_validator_args", data.get("output_validator_flags")))


def _sample(ctx: Context, directory: Path, stem: str, given: bytes, expected: bytes) -> None:
    """A sample as the statement shows it (``.in.statement``, ``.ans.statement``, ``.out``
    take precedence, as in 2025-09)."""
    shown_in, shown_out = given, expected
    path = find(directory, stem + ".in.statement")
    if path is not None and (data := ctx.read(path)) is not None:
        shown_in = test_data(data)
    for suffix in (".ans.statement", ".out"):
        path = find(directory, stem + suffix)
        if path is not None and (data := ctx.read(path)) is not None:
            shown_out = test_data(data)
            break
    ctx.samples.append((shown_in, shown_out))
