"""A Kattis package's time limit: stated (on the command line, in ``problem.yaml``, in
``.timelimit`` or ``domjudge-problem.ini``) or, failing that, a plan to infer it from the
accepted submissions with the package's multipliers."""

from __future__ import annotations

import re

from ictarena.catalog.packages.files import find
from ictarena.catalog.packages.kattis.context import Context
from ictarena.catalog.packages.kattis.metadata import KattisLimits, TimeMultipliers
from ictarena.catalog.packages.package import TimeLimitPlan

MAX_SECONDS = 60.0


def stated_time_limit(ctx: Context, limits: KattisLimits) -> tuple[float | None, str | None]:
    """The stated time limit in seconds and where it is stated; (None, None) when none is."""
    if ctx.options.time_limit_s is not None:
        return ctx.options.time_limit_s, "given on the command line"
    if limits.time_limit is not None:
        return _bounded(ctx, limits.time_limit, "limits.time_limit"), "stated in problem.yaml"
    dotfile = ctx.root / ".timelimit"
    if dotfile.is_file():
        raw = ctx.read_text(dotfile) or ""
        try:
            value = float(raw.strip())
        except ValueError:
            ctx.problems.add(".timelimit", "", "must hold a number of seconds")
            return None, None
        if value <= 0:
            ctx.problems.add(".timelimit", "", "must be more than 0 seconds")
            return None, None
        return _bounded(ctx, value, ".timelimit"), "stated in .timelimit"
    ini = find(ctx.root, "domjudge-problem.ini")
    if ini is not None:
        source = ctx.read_text(ini) or ""
        match = re.search(r"^\s*timelimit\s*=\s*['\"]?([0-9.]+)", source, re.M)
        if match:
            try:
                value = float(match.group(1))
            except ValueError:
                value = 0.0
            if value > 0:
                return _bounded(
                    ctx, value, "domjudge-problem.ini"
                ), "stated in domjudge-problem.ini"
    return None, None


def _bounded(ctx: Context, seconds: float, where: str) -> float:
    if seconds > MAX_SECONDS:
        ctx.warn(f"{where}: {seconds:g} s is more than the judge allows; using 60 s")
        return MAX_SECONDS
    return seconds


def inference_plan(ctx: Context, limits: KattisLimits) -> TimeLimitPlan:
    """How to infer the time limit from the slowest accepted submission."""
    if ctx.new:
        multipliers = limits.time_multipliers or TimeMultipliers()
        return TimeLimitPlan(
            multipliers.ac_to_time_limit,
            multipliers.time_limit_to_tle,
            "2025-09",
            resolution=limits.time_resolution,
        )
    multiplier = limits.time_multiplier
    margin = limits.time_safety_margin
    if limits.time_multipliers is not None:  # a draft-era package
        multiplier = multiplier or limits.time_multipliers.ac_to_time_limit
        margin = margin or limits.time_multipliers.time_limit_to_tle
    return TimeLimitPlan(multiplier or 5.0, margin or 2.0, "legacy")


def time_margin(ctx: Context, limits: KattisLimits) -> float:
    """How much slower than the time limit a time-limit-exceeded submission must run."""
    if ctx.new:
        return (limits.time_multipliers or TimeMultipliers()).time_limit_to_tle
    return limits.time_safety_margin or (
        limits.time_multipliers.time_limit_to_tle if limits.time_multipliers else 2.0
    )
