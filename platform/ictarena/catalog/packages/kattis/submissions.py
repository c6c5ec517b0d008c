"""A Kattis package's jury submissions (``submissions/``, with ``submissions.yaml``'s rules):
the reference solutions, their expected verdicts and those that set the time limit.

A legacy package's folders name the final verdict alone, as problemtools checks them (its
graders may accept a submission that fails a test: ``accept_if_any_accepted``); 2025-09 folders
constrain every test's verdict (``permitted``, ``required``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ictarena.catalog.packages.files import find, load_yaml
from ictarena.catalog.packages.kattis.context import Context
from ictarena.catalog.packages.package import Expectation, Reference, TimeLimitPlan
from ictarena.catalog.packages.solutions import read_solutions

LISTING = "submissions/submissions.yaml"
LEGACY_FINAL = {
    "accepted": ("AC",),
    "partially_accepted": ("PA",),
    "wrong_answer": ("WA",),
    "time_limit_exceeded": ("TLE",),
    "run_time_error": ("RE", "MLE"),  # Kattis calls a memory-limit crash a run-time error
}
"""The final verdict each legacy folder requires (problemtools)."""


def read_submissions(ctx: Context, plan: TimeLimitPlan | None) -> list[Reference]:
    """The jury submissions; an error when the time limit must be inferred and no accepted
    submission can run (a warning when it is stated)."""
    submissions = find(ctx.root, "submissions")
    references: list[Reference] = []
    if submissions is not None:
        references = read_solutions(
            submissions,
            "submissions",
            ctx.problems,
            _rules(ctx, submissions),
            warnings=ctx.warnings,
            convention="2025-09" if ctx.new else "legacy",
            within=ctx.root,
            python=ctx.options.python,
        )
    if ctx.constants:
        references = [_with_constants(ctx, r) for r in references]
    if not ctx.new:
        references = [_legacy_expectation(ctx, r) for r in references]
    if not any(r.time_limit_role == "lower" and not r.skipped for r in references):
        message = "no accepted submission the judge can run"
        if plan is not None:
            ctx.problems.add("submissions/accepted", "", f"{message}: cannot infer the time limit")
        else:
            ctx.warn(f"submissions: {message}")
    return references


def _rules(ctx: Context, submissions: Path) -> dict[str, Any]:
    """``submissions.yaml``: rules by path or glob (empty when there is none)."""
    listing = find(submissions, "submissions.yaml")
    if listing is None:
        return {}
    data, _ = load_yaml(listing, LISTING, ctx.problems)
    if isinstance(data, dict):
        return data
    if data is not None:
        ctx.problems.add(LISTING, "", "must map globs to rules")
    return {}


def _with_constants(ctx: Context, reference: Reference) -> Reference:
    """A submission with 2025-09 ``{{constants}}`` replaced in its text files."""
    files: dict[str, bytes] = {}
    for name, data in reference.files.items():
        try:
            files[name] = ctx.substitute(data.decode("utf-8")).encode()
        except UnicodeDecodeError:
            files[name] = data
    return replace(reference, files=files)


def _legacy_expectation(ctx: Context, reference: Reference) -> Reference:
    """A legacy folder's expectation: its final verdict alone (an accepted scoring submission
    may score below the maximum: verify warns, as problemtools does)."""
    folder = reference.path.split("/", 1)[0]
    final = LEGACY_FINAL.get(folder)
    if final is None or reference.expectation != Expectation.for_folder(folder):
        return reference  # submissions.yaml or an @EXPECTED_RESULTS@ line says otherwise
    if folder == "accepted" and ctx.scoring:
        final = ("AC", "PA")
    return replace(reference, expectation=Expectation(final=final))
