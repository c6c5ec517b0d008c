"""Reading a Kattis package: each part of the format in turn, into a :class:`Package`."""

from __future__ import annotations

from pathlib import Path

from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.kattis.context import Context, KattisOptions, read_constants
from ictarena.catalog.packages.kattis.metadata import (
    PROBLEM_FILE,
    ini_name,
    is_new,
    read_limits,
    read_problem,
    refuse_unsupported,
    task_spec,
    titles,
    warn_unknown_version,
)
from ictarena.catalog.packages.kattis.statements import read_statements, with_samples
from ictarena.catalog.packages.kattis.submissions import read_submissions
from ictarena.catalog.packages.kattis.testdata import read_test_data
from ictarena.catalog.packages.kattis.timelimit import (
    inference_plan,
    stated_time_limit,
    time_margin,
)
from ictarena.catalog.packages.kattis.validators import check_flags, checker, copy_validator, flags
from ictarena.catalog.packages.package import Package
from ictarena.catalog.packages.standards import is_cpp
from ictarena.catalog.packages.tree import PackageLimits, scan
from ictjudge.dataset import Dataset as JudgeDataset
from ictjudge.dataset import Limits
from ictjudge.scoring import max_score


def read_kattis(
    root: Path, options: KattisOptions, problems: Problems, bounds: PackageLimits | None = None
) -> Package | None:
    """Read the Kattis package in ``root`` into a :class:`Package`; nothing is read from a
    package whose links or size are refused."""
    if not scan(root, bounds or PackageLimits(), problems):
        return None
    ctx = Context(root, options, problems)
    meta = read_problem(ctx)
    if meta is None or refuse_unsupported(ctx, meta):
        return None
    ctx.new = is_new(meta.problem_format_version)
    warn_unknown_version(ctx, meta)
    ctx.constants = read_constants(meta.constants)
    ctx.grading = meta.grading
    if meta.grading and str(meta.grading.get("objective", "max")) == "min":
        ctx.warn(f"{PROBLEM_FILE}: grading.objective min is not supported; higher scores win")
    limits = read_limits(ctx, meta)
    if limits is None:
        return None
    ctx.custom = copy_validator(ctx, meta)
    problem_flags = flags(meta.validator_flags)
    if problem_flags and not ctx.custom:
        check_flags(ctx, problem_flags, PROBLEM_FILE)
    tree = read_test_data(ctx)
    title_en, title_zh = titles(meta.name, "")
    statements, assets, declared = read_statements(ctx)
    if not title_en:
        title_en = title_zh = declared or ini_name(ctx) or root.name
    time_s, note = stated_time_limit(ctx, limits)
    plan = inference_plan(ctx, limits) if time_s is None else None
    dataset = JudgeDataset(
        scoring="scoring" if ctx.scoring else "pass-fail",
        limits=Limits(
            time_s=time_s or 10.0,
            memory_mb=limits.memory,
            output_mb=limits.output,
            code_kb=limits.code,
            compile_time_s=min(300.0, limits.compilation_time or 30.0),
            compile_memory_mb=min(8192, max(1024, limits.compilation_memory or 1024)),
        ),
        checker=checker(ctx, problem_flags),
        root=tree,
        python=options.python,
    )
    spec = task_spec(ctx, meta, title_en, title_zh)
    if spec is None:
        return None
    references = read_submissions(ctx, plan)
    for lang in ("en", "zh"):
        statements[lang] = with_samples(statements[lang], ctx.samples, lang)
    return Package(
        label=root.name,
        spec=spec,
        set_spec=None,
        statements=statements,
        assets=assets,
        manifest=dataset.model_dump(mode="json"),
        files=ctx.files,
        references=references,
        max_score=max_score(tree) if ctx.scoring else 100.0,
        time_limit_note=f"{time_s:g} s, {note}" if time_s is not None else None,
        time_limit_plan=plan,
        warnings=ctx.warnings,
        format="kattis",
        time_margin=time_margin(ctx, limits),
        ac_to_time_limit=inference_plan(ctx, limits).multiplier,
        cpp_to_choose=any(r.follows_task and is_cpp(r.language) for r in references),
    )
