"""A Kattis test group's settings and score: ``testdata.yaml`` (legacy, inherited key by key)
or ``test_group.yaml`` (2025-09), and the group's maximum and per-test scores as the legacy
default grader (``grader_flags``, ``accept_score``, ``reject_score``, ``range``, ``on_reject``)
or the 2025-09 specification (``max_score``, ``score_aggregation``, ``require_pass``) computes
them.

Legacy packages are graded as problemtools grades them: every group, the root ``data`` and the
samples included, by the default grader with its inherited settings; ``problem.yaml``'s older
``grading`` keys (``accept_score``, ``reject_score``, ``range``, and ``on_reject``:
``first_error`` means break, ``grade`` means continue) override every group's. The 2025-09
drafts' ``scoring`` map (``score``, ``aggregation``, ``require_pass``) reads as the flat keys
that replaced it (``max_score``, ``score_aggregation``, ``require_pass``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from ictarena.catalog.packages.files import find, text, walk_files
from ictarena.catalog.packages.kattis.context import Context, words
from ictjudge.dataset import Testcase, TestGroup
from ictjudge.scoring import max_score as group_max

GROUP_KEYS = frozenset({
    "on_reject", "grading", "grader_flags", "accept_score", "reject_score", "range",
    "input_validator_flags", "output_validator_flags", "max_score", "score_aggregation",
    "static_validation_score", "require_pass", "args", "input_validator_args",
    "static_validator_args", "output_validator_args", "input_visualizer_args",
    "output_visualizer_args", "full_feedback", "description", "hint", "scoring",
})  # fmt: skip
LEGACY_SCORING_KEYS = frozenset({"grader_flags", "accept_score", "reject_score", "range"})
NEW_SCORING_KEYS = frozenset({"max_score", "score_aggregation", "require_pass"})
DRAFT_SCORING = {"score": "max_score", "aggregation": "score_aggregation",
                 "require_pass": "require_pass"}  # fmt: skip
"""The 2025-09 drafts' ``scoring`` map: its keys → the flat keys of 2025-09."""
PROBLEM_ON_REJECT = {"first_error": "break", "grade": "continue"}
"""``problem.yaml`` ``grading.on_reject`` (older than legacy) → every group's ``on_reject``, as
problemtools reads it (``worst_error`` changes nothing)."""


@dataclass
class GroupConfig:
    """A test group's settings in effect (after inheritance)."""

    values: dict[str, Any] = field(default_factory=dict)  # inherited key by key
    own: dict[str, Any] = field(default_factory=dict)  # this group's file only


def uses_legacy_grading(ctx: Context, data: Path) -> bool:
    """Legacy grading unless the package's group settings use only 2025-09 scoring keys
    (a 2023-07 draft package may still use testdata.yaml the legacy way)."""
    legacy_keys = new_keys = False
    for path in walk_files(data, ctx.root):
        if path.name not in ("testdata.yaml", "test_group.yaml"):
            continue
        try:
            loaded = yaml.safe_load(text(path.read_bytes()))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(loaded, dict):
            legacy_keys |= bool(LEGACY_SCORING_KEYS & set(map(str, loaded)))
            new_keys |= bool((NEW_SCORING_KEYS | {"scoring"}) & set(map(str, loaded)))
    return (not ctx.new and not new_keys) or (legacy_keys and not new_keys)


def read_config(ctx: Context, directory: Path, parent: GroupConfig | None) -> GroupConfig:
    """The settings of the group in ``directory``: its own file's over those it inherits (and
    ``problem.yaml``'s older grading keys over both, for legacy grading)."""
    config = _read_config(ctx, directory, parent)
    if ctx.legacy_grading:
        _problem_grading(ctx, config.values, report=parent is None)
    return config


def _read_config(ctx: Context, directory: Path, parent: GroupConfig | None) -> GroupConfig:
    legacy = find(directory, "testdata.yaml")
    new = find(directory, "test_group.yaml")
    inherited = dict(parent.values) if parent else {}
    for key in NEW_SCORING_KEYS | {"static_validation_score"}:
        inherited.pop(key, None)  # 2025-09: these belong to one group only
    path = new or legacy
    if legacy is not None and new is not None:
        ctx.warn(
            f"{ctx.label(directory)}: both testdata.yaml and test_group.yaml; using the latter"
        )
    if path is None:
        return GroupConfig(inherited, {})
    own = _own_settings(ctx, path)
    if own is None:
        return GroupConfig(inherited, {})
    label = ctx.label(path)
    for key in sorted(set(own) - GROUP_KEYS):
        ctx.warn(f"{label}: unknown key {key!r} (ignored)")
    if "args" in own or "static_validation_score" in own:
        ctx.warn(f"{label}: submission arguments and static validation are not supported")
    if own.get("grading") == "custom":
        ctx.warn(f"{label}: custom graders are not supported; the default grader is used")
    if "output_validator_args" in own and "output_validator_flags" not in own:
        own["output_validator_flags"] = own["output_validator_args"]
    _draft_scoring(ctx, own, label)
    return GroupConfig({**inherited, **own}, own)


def _draft_scoring(ctx: Context, own: dict[str, Any], label: str) -> None:
    """A 2025-09 draft's ``scoring`` map, read into the flat keys (which win when both are
    given)."""
    scoring = own.pop("scoring", None)
    if scoring is None:
        return
    if not isinstance(scoring, dict):
        ctx.problems.add(label, "scoring", "must be a map of score, aggregation, require_pass")
        return
    for key, value in scoring.items():
        flat = DRAFT_SCORING.get(str(key))
        if flat is None:
            ctx.warn(f"{label}: unknown key 'scoring.{key}' (ignored)")
        elif flat not in own:
            own[flat] = value


def _problem_grading(ctx: Context, values: dict[str, Any], report: bool) -> None:
    """``problem.yaml``'s older ``grading`` keys override every group's (problemtools)."""
    if not isinstance(ctx.grading, dict):
        return
    for key in ("accept_score", "reject_score", "range"):
        if ctx.grading.get(key) is not None:
            values[key] = ctx.grading[key]
    policy = ctx.grading.get("on_reject")
    if policy is not None:
        if str(policy) in PROBLEM_ON_REJECT:
            values["on_reject"] = PROBLEM_ON_REJECT[str(policy)]
        elif str(policy) != "worst_error" and report:
            ctx.problems.add(
                "problem.yaml", "grading.on_reject", "must be first_error, worst_error or grade"
            )


def _own_settings(ctx: Context, path: Path) -> dict[str, Any] | None:
    """The settings a group's file holds; None (after recording why) when it cannot be read."""
    raw = ctx.read(path)
    if raw is None:
        return None
    label = ctx.label(path)
    try:
        source = ctx.substitute(text(raw))
    except UnicodeDecodeError as exc:
        ctx.problems.add(label, "", f"not UTF-8 text (byte {exc.start})")
        return None
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        ctx.problems.add(f"{label}{where}", "", f"invalid YAML: {getattr(exc, 'problem', exc)}")
        return None
    if data is None:
        return None
    if not isinstance(data, dict):
        ctx.problems.add(label, "", "must be a mapping of settings")
        return None
    return {str(k): v for k, v in data.items()}


def legacy_group(
    ctx: Context,
    directory: Path,
    name: str,
    config: GroupConfig,
    tests: list[Testcase],
    subgroups: list[TestGroup],
    flags: tuple[str, ...],
    on_reject: str,
    counts: bool = True,
) -> TestGroup:
    """A group as the legacy Kattis default grader grades it (pass-fail problems too: their
    verdict is the grader's)."""
    values = config.values
    label = ctx.label(directory)
    accept, reject, low, high = _scores(ctx, values, label)
    aggregation = "sum"
    mode: Literal["worst_error", "first_error", "always_accept"] = "worst_error"
    any_accepted = ignore_sample = False
    for flag in words(values.get("grader_flags")):  # the last of conflicting modes wins
        if flag in ("sum", "min", "max", "avg"):
            aggregation = flag
        elif flag in ("worst_error", "no_errors"):
            mode = "worst_error"
        elif flag in ("first_error", "always_accept"):
            mode = flag  # type: ignore[assignment]
        elif flag == "accept_if_any_accepted":
            any_accepted = True
        elif flag == "ignore_sample":
            if name != "data":
                ctx.warn(f"{label}: grader flag 'ignore_sample' is for data/ alone (ignored)")
            else:
                ignore_sample = True
                if on_reject == "break":
                    ctx.warn(f"{label}: ignore_sample with on_reject: break: a failed sample "
                             "stops the secret tests from running")  # fmt: skip
        else:
            ctx.warn(f"{label}: grader flag {flag!r} not understood (ignored)")
    score_range = (
        None
        if ctx.scoring is False or (low == -math.inf and high == math.inf)
        else (low if math.isfinite(low) else None, high if math.isfinite(high) else None)
    )
    group = TestGroup(
        name=name,
        tests=tuple(tests),
        groups=tuple(subgroups),
        aggregation=aggregation,
        accept_score=accept,
        reject_score=reject,
        on_reject=on_reject,
        validator_flags=flags,
        verdict_mode=mode,
        accept_if_any=any_accepted,
        ignore_sample=ignore_sample,
        score_range=score_range,
        counts=counts,
    )
    # a validator's scores are bounded by the range, not by accept_score
    top = high if ctx.custom_score and math.isfinite(high) else group_max(group)
    return group.model_copy(update={"max_score": max(0.0, top)})


def _scores(ctx: Context, values: dict[str, Any], label: str) -> tuple[float, float, float, float]:
    """(accept_score, reject_score, range low, range high) of a legacy group."""
    try:
        accept = float(values.get("accept_score", 1.0))
        reject = float(values.get("reject_score", 0.0))
        bounds = str(values.get("range", "-inf +inf")).split()
        if len(bounds) != 2:
            raise ValueError
        low, high = (float(x) for x in bounds)
    except (TypeError, ValueError):
        ctx.problems.add(label, "range", "accept_score, reject_score and range must be numbers "
                         "(range: two, such as 0 100 or -inf +inf)")  # fmt: skip
        return 1.0, 0.0, -math.inf, math.inf
    if low > high:
        ctx.problems.add(label, "range", f"{low:g} is more than {high:g}")
        return accept, reject, -math.inf, math.inf
    return accept, reject, low, high


def new_group(
    ctx: Context,
    directory: Path,
    name: str,
    config: GroupConfig,
    tests: list[Testcase],
    subgroups: list[TestGroup],
    flags: tuple[str, ...],
) -> TestGroup:
    """A scored group as the 2025-09 specification scores it."""
    own = config.own
    label = ctx.label(directory)
    is_secret = name == "secret"
    aggregation = str(own.get("score_aggregation", "sum" if is_secret else "pass-fail"))
    if aggregation not in ("pass-fail", "sum", "min"):
        ctx.problems.add(label, "score_aggregation", "must be pass-fail, sum or min")
        aggregation = "sum"
    raw_max = own.get("max_score", 100 if is_secret else "unbounded")
    max_score: float | None = None
    if str(raw_max) != "unbounded":
        try:
            max_score = float(raw_max)
        except (TypeError, ValueError):
            ctx.problems.add(label, "max_score", "must be a number or unbounded")
    if max_score is not None and subgroups:
        subgroups = _share(ctx, subgroups, max_score, label)
    accept = 1.0
    if max_score is not None and tests:
        accept = max_score / len(tests) if aggregation == "sum" else max_score
    require = tuple(words(own.get("require_pass")))
    return TestGroup(
        name=name,
        tests=tuple(tests),
        groups=tuple(subgroups),
        aggregation=aggregation,
        max_score=max_score,
        accept_score=accept,
        reject_score=0.0,
        on_reject="break" if aggregation == "pass-fail" else "continue",
        validator_flags=flags,
        require_pass=require,
    )


def _share(ctx: Context, groups: list[TestGroup], total: float, label: str) -> list[TestGroup]:
    """Groups without ``max_score`` share what their siblings leave of ``total`` (2025-09
    requires every group under a bounded ``secret`` to state one)."""
    fixed = sum(g.max_score for g in groups if g.max_score is not None)
    free = [g for g in groups if g.max_score is None]
    if not free:
        return groups
    each = max(0.0, total - fixed) / len(free)
    ctx.warn(f"{label}: groups without max_score share the remaining {total - fixed:g} points")
    shared = []
    for g in groups:
        if g.max_score is not None:
            shared.append(g)
            continue
        tests = len(g.tests)
        accept = (each / tests if g.aggregation == "sum" else each) if tests else g.accept_score
        shared.append(g.model_copy(update={"max_score": each, "accept_score": accept}))
    return shared
