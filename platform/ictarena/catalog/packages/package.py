"""A package read into memory and normalised: what both readers (native, Kattis) produce.

A :class:`Package` holds the task's metadata (a validated ``TaskSpec``), its statements, the
dataset manifest and files exactly as the judge will see them, and its reference solutions
with what each must get. :mod:`~ictarena.catalog.packages.storage` writes it to disk;
:mod:`~ictarena.catalog.packages.importer` records it in the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ictarena.catalog.packages.schema import SetSpec, TaskSpec
from ictarena.catalog.packages.standards import is_cpp
from ictarena.catalog.packages.timing import TIME_LIMIT_TO_TLE

RUN_VERDICTS = ("AC", "WA", "TLE", "MLE", "RE", "OLE")
REJECTED = ("WA", "TLE", "MLE", "RE", "OLE", "CE", "PA", "JE")

# folder -> (permitted per-test verdicts, required somewhere, allowed final verdicts)
Rule = tuple[tuple[str, ...] | None, tuple[str, ...] | None, tuple[str, ...] | None]
FOLDER_RULES: dict[str, Rule] = {
    "accepted": (("AC",), None, ("AC",)),
    "wrong_answer": (("AC", "WA"), ("WA",), None),
    "time_limit_exceeded": (("AC", "TLE"), ("TLE",), None),
    "run_time_error": (("AC", "RE", "MLE"), ("RE", "MLE"), None),
    "memory_limit_exceeded": (("AC", "MLE", "RE"), ("MLE", "RE"), None),
    "output_limit_exceeded": (("AC", "OLE"), ("OLE",), None),
    "compile_error": (None, None, ("CE",)),
    "partially_accepted": (None, None, ("PA",)),
    "rejected": (None, None, REJECTED),
    "brute_force": (("AC", "TLE", "RE", "MLE"), ("TLE", "RE", "MLE"), None),
}
"""What a reference solution in each ``solutions/`` (or Kattis ``submissions/``) folder must get:
every test's verdict in *permitted*, at least one test in *required*, the final verdict in
*allowed*; ``None`` means no constraint."""


@dataclass(frozen=True)
class Expectation:
    """What a reference solution must get when judged."""

    permitted: tuple[str, ...] | None = None
    required: tuple[str, ...] | None = None
    final: tuple[str, ...] | None = None
    score: float | tuple[float, float] | None = None

    @classmethod
    def for_folder(
        cls, folder: str, score: float | tuple[float, float] | None = None
    ) -> Expectation:
        permitted, required, final = FOLDER_RULES[folder]
        return cls(permitted, required, final, score)

    def shown(self) -> list[str]:
        """The verdicts to store and show (``ReferenceSolution.expected_verdicts``)."""
        return list(self.final or self.required or self.permitted or ())

    def describe(self) -> str:
        """What it must get, in a few words: ``AC``, ``WA on a test (all AC/WA)``, ``PA, score
        10–20``."""
        parts: list[str] = []
        if self.final is not None:
            parts.append(" or ".join(self.final))
        if self.required is not None:
            parts.append(f"{'/'.join(self.required)} on a test")
        if self.permitted is not None and (self.final is None or self.required is not None):
            parts.append(f"all {'/'.join(self.permitted)}")
        if self.score is not None:
            low, high = (
                (self.score, self.score) if isinstance(self.score, float | int) else self.score
            )
            parts.append(f"score {low:g}" if low == high else f"score {low:g}–{high:g}")
        if not parts:
            return "anything"
        head, *rest = parts
        return head + (f" ({', '.join(rest)})" if rest else "")

    def expected_score(self) -> float | None:
        if self.score is None:
            return None
        return self.score if isinstance(self.score, float | int) else self.score[1]

    def mismatches(
        self, final: str, runs: Sequence[str], score: float | None, max_score: float | None
    ) -> list[str]:
        """Why a judging (final verdict, per-test verdicts) disagrees; empty when it agrees."""
        problems: list[str] = []
        if self.final is not None and final not in self.final:
            problems.append(f"got {final}, expected {' or '.join(self.final)}")
        if self.permitted is not None:
            bad = sorted({v for v in runs if v not in self.permitted})
            if bad:
                problems.append(
                    f"tests got {', '.join(bad)}; only {', '.join(self.permitted)} are permitted"
                )
        if self.required is not None and not any(v in self.required for v in runs):
            problems.append(
                f"got {final}; expected {' or '.join(self.required)} on at least one test"
            )
        if self.score is not None and score is not None:
            low, high = (
                (self.score, self.score) if isinstance(self.score, float | int) else self.score
            )
            if not (low - 1e-6 <= score <= high + 1e-6):
                wanted = f"{low:g}" if low == high else f"{low:g}–{high:g}"
                problems.append(f"scored {score:g}, expected {wanted}")
        return problems


@dataclass(frozen=True)
class Reference:
    """A reference solution shipped with a package."""

    path: str  # relative to solutions/ (or submissions/), e.g. "accepted/sol.cpp"
    files: Mapping[str, bytes]
    language: str | None
    expectation: Expectation
    skipped: str | None = None  # why it cannot be run (a language the judge does not run)
    time_limit_role: Literal["lower", "upper"] | None = None
    entry: str | None = None  # entry point when several are possible (Java class, main file)
    follows_task: bool = False  # its language is the task's Python or C++ (by its file endings)


@dataclass
class TimeLimitPlan:
    """A Kattis package without a stated time limit: infer it from the submissions."""

    multiplier: float  # time limit = multiplier × slowest lower-bound run
    safety_margin: float  # upper-bound (TLE) submissions must exceed limit × margin
    convention: str  # "legacy" or "2025-09"
    resolution: float = 1.0  # 2025-09 time_resolution: the limit is a multiple of it


@dataclass
class Package:
    """One task, read and normalised."""

    label: str
    spec: TaskSpec
    set_spec: SetSpec | None
    statements: dict[str, str]
    assets: dict[str, bytes] = field(default_factory=dict)
    editorials: dict[str, str] = field(default_factory=dict)  # both languages, or empty
    manifest: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    max_score: float = 100.0
    time_limit_note: str | None = None
    time_limit_plan: TimeLimitPlan | None = None
    tle_time_s: float | None = None  # after inference: where time-limit-exceeded ones must fail
    warnings: list[str] = field(default_factory=list)
    format: Literal["native", "kattis"] = "native"
    time_margin: float = TIME_LIMIT_TO_TLE  # the high limit of verify: limit × margin
    ac_to_time_limit: float | None = None  # a stated limit must be ≥ this × slowest accepted
    # A Kattis package names no C++ standard: the newest that builds its jury C++ solutions is
    # chosen when they are judged, and said in ``cpp_note``.
    cpp_to_choose: bool = False
    cpp_note: str | None = None

    @property
    def slug(self) -> str:
        return self.spec.id

    @property
    def track(self) -> str | None:
        return self.spec.track or (self.set_spec.track if self.set_spec else None)

    def set_cpp(self, standard: str | None, note: str | None) -> None:
        """Fix the task's C++ standard (None: the default, C++20), record it in the manifest and
        build its C++ solutions under it; ``note`` says how it was chosen."""
        if standard is not None:
            self.manifest["cpp"] = standard
            self.references = [
                replace(r, language=standard) if r.follows_task and is_cpp(r.language) else r
                for r in self.references
            ]
        self.cpp_to_choose = False
        self.cpp_note = note

    def set_time_limit(self, seconds: float, note: str) -> None:
        """Fix the code dataset's CPU time limit (after inference) and record how."""
        limits = dict(self.manifest.get("limits", {}))
        limits["time_s"] = seconds
        self.manifest["limits"] = limits
        self.time_limit_note = note
        self.time_limit_plan = None
