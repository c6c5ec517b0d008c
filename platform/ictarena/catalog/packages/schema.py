"""The task package format: pydantic models of ``task.yaml`` and a problem set's ``set.yaml``.

The format is documented, with a complete example per task type, in ``problem_sets/README.md``.
Validation errors are reported by field path (``limits.time_s: Input should be greater than
0``); see :func:`ictarena.catalog.packages.files.validate`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ictarena.catalog.models import TIER_SLUGS, Competency
from ictarena.catalog.packages.standards import cpp_setting
from ictarena.catalog.quiz import QuizSpec, Text, require_unique
from ictarena.catalog.tasktypes import registry

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$"
TRACK_PATTERN = r"^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$"
"""A track's id: tracks are data (a set's ``track.yaml``), so any such slug may name one."""

TierSlug = Literal["associate", "professional", "expert"]
assert tuple(TierSlug.__args__) == TIER_SLUGS  # type: ignore[attr-defined]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModuleSpec(_Model):
    """A module: a group of tasks inside a tier; modules form a DAG of prerequisites."""

    id: str = Field(pattern=SLUG_PATTERN)
    title: Text
    tier: TierSlug
    prerequisites: list[str] = Field(default_factory=list)
    position: int | None = Field(
        None, ge=0, description="order inside the tier; default: file order"
    )
    done_percent: int = Field(
        100,
        ge=0,
        le=100,
        description="the module is done when the student's module score (the mean of their "
        "best score fractions over its visible tasks, in percent) reaches this",
    )


class SetSpec(_Model):
    """``set.yaml`` at the root of a problem set: the track and its modules, declared once."""

    id: str = Field(pattern=SLUG_PATTERN)
    title: Text
    track: str = Field(pattern=TRACK_PATTERN)
    description: Text | None = None
    modules: list[ModuleSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_modules(self) -> SetSpec:
        require_unique([m.id for m in self.modules], "module")
        return self


class Limits(_Model):
    """Resource limits of one run of a code submission (see ``ictjudge.dataset.Limits``)."""

    time_s: float = Field(1.0, gt=0, le=60)
    memory_mb: int = Field(256, ge=16, le=4096)
    output_mb: int = Field(16, ge=1, le=1024)
    code_kb: int = Field(128, ge=1, le=10240)


class GroupScoring(_Model):
    """Points of one test group (a folder under ``data/secret``)."""

    points: float = Field(gt=0, le=10000)
    aggregation: Literal["pass-fail", "sum", "min"] = Field(
        "pass-fail",
        description="pass-fail: all tests or nothing (IOI subtask); sum: points shared by the "
        "tests; min: the lowest test score (with a checker that writes score.txt)",
    )
    validator_flags: list[str] = Field(default_factory=list)


class Scoring(_Model):
    type: Literal["pass-fail", "scoring"] = "pass-fail"
    points: float | None = Field(
        None, gt=0, le=10000, description="scoring without groups: points shared by the tests"
    )
    groups: dict[str, GroupScoring] = Field(
        default_factory=dict, description="folder under data/secret -> its points"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Scoring:
        if self.type == "pass-fail" and (self.groups or self.points is not None):
            raise ValueError("'points' and 'groups' need type: scoring")
        if self.type == "scoring" and not self.groups and self.points is None:
            raise ValueError("a scoring task needs 'groups' (subtasks) or 'points'")
        if self.groups and self.points is not None:
            raise ValueError("give either 'groups' or 'points', not both")
        return self


class CheckerSpec(_Model):
    type: Literal["default", "custom"] = "default"
    flags: list[str] = Field(
        default_factory=list,
        description="default checker: case_sensitive, space_change_sensitive, "
        "float_tolerance E, float_relative_tolerance E, float_absolute_tolerance E; "
        "custom checker: arguments passed to it",
    )
    path: str | None = Field(None, description="custom checker: folder with its sources")
    language: str | None = None

    @field_validator("flags", mode="before")
    @classmethod
    def _split_flags(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.split()
        if isinstance(value, list):
            return [str(v) for v in value]
        return value

    @model_validator(mode="after")
    def _custom_has_path(self) -> CheckerSpec:
        if self.type == "custom" and not self.path:
            raise ValueError("a custom checker needs 'path' (the folder with its sources)")
        if self.type == "default" and self.flags:
            from ictjudge.checkers import Flags

            try:
                Flags.parse(tuple(self.flags))
            except ValueError as exc:
                raise ValueError(f"flags: {exc}") from None
        return self


CompetencyWeights = dict[Competency, float]


class Statements(_Model):
    """Where the statement files are, relative to the package."""

    en: str = "statement/en.md"
    zh: str = "statement/zh.md"


class Editorials(_Model):
    """Where the editorial files are, relative to the package: optional, but both languages
    or neither."""

    en: str = "editorial/en.md"
    zh: str = "editorial/zh.md"


class TaskSpec(_Model):
    """``task.yaml``: a task's metadata, type-specific section and (for code) limits.

    Which sections a type has is the task type registry's word
    (:mod:`ictarena.catalog.tasktypes`); the sections of registered types that have no field
    here are kept in ``sections``, and checked by the type's own model when the package is read.
    """

    id: str = Field(pattern=SLUG_PATTERN, description="stable slug; never change it")
    type: str
    title: Text
    track: str | None = Field(None, pattern=TRACK_PATTERN, description="default: the set's track")
    tier: TierSlug | None = Field(None, description="default: the module's tier")
    module: str | ModuleSpec = Field(
        description="a module id declared in set.yaml (or existing), or a module declared inline"
    )
    competencies: list[Competency] | CompetencyWeights = Field(min_length=1)
    difficulty: int = Field(1, ge=1, le=5)
    tags: list[str] = Field(default_factory=list)
    position: int | None = Field(None, ge=0)
    visible: bool = True
    author: str | None = Field(None, max_length=200)
    source: str | None = Field(None, max_length=200)
    license: str | None = Field(None, max_length=100)
    statement: Statements = Field(
        default_factory=Statements,
        description="statement files (Markdown with $math$ and assets/ images)",
    )
    editorial: Editorials = Field(
        default_factory=Editorials,
        description="the editorial (how to solve it) in both languages, Markdown; optional",
    )
    # code tasks
    limits: Limits | None = None
    languages: list[str] | None = None
    python: Literal["python3", "pypy3"] | None = Field(
        None, description="what .py solutions run as: python3 (CPython, the default) or pypy3"
    )
    cpp: str | None = Field(
        None, description="the C++ standard: cpp (C++20, the default), cpp17 or cpp14"
    )
    scoring: Scoring | None = None
    checker: CheckerSpec | None = None
    # quiz tasks
    quiz: QuizSpec | None = None
    # network, linux and sql tasks: validated by the labs grader's models when present
    lab: dict[str, Any] | None = None
    max_score: float | None = Field(None, gt=0, description="lab tasks: the points available")
    # the sections of other registered types
    sections: dict[str, Any] = Field(default_factory=dict, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _gather_sections(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "sections" in data:
            raise ValueError("sections: not a task.yaml key")
        own = {
            key: value
            for key, value in data.items()
            if key not in cls.model_fields and registry.section_owners(str(key))
        }
        if not own:
            return data
        return {**{k: v for k, v in data.items() if k not in own}, "sections": own}

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if registry.find(value) is None:
            known = [repr(name) for name in registry.names()]
            expected = " or ".join([", ".join(known[:-1]), known[-1]] if len(known) > 1 else known)
            raise PydanticCustomError("enum", "Input should be {expected}", {"expected": expected})
        return value

    @field_validator("cpp", mode="before")
    @classmethod
    def _cpp_standard(cls, value: Any) -> Any:
        if value is None:
            return None
        standard = cpp_setting(str(value)) if isinstance(value, str | int) else None
        if standard is None:
            raise PydanticCustomError(
                "enum", "Input should be cpp (C++20), cpp17 or cpp14 (or c++20, c++17, c++14)"
            )
        return standard

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        cleaned = [t.strip() for t in value]
        if any(not t or len(t) > 40 for t in cleaned):
            raise ValueError("tags are 1-40 characters")
        return cleaned

    def section(self, name: str) -> Any:
        """The value of a type-specific section (None when absent)."""
        if name in type(self).model_fields:
            return getattr(self, name)
        return self.sections.get(name)

    @model_validator(mode="after")
    def _sections_match_type(self) -> TaskSpec:
        own = registry.kind(self.type)
        foreign: dict[tuple[str, ...], list[str]] = {}
        for name in registry.all_sections():
            if name not in own.sections and self.section(name) is not None:
                foreign.setdefault(tuple(registry.section_owners(name)), []).append(name)
        for owners, given in foreign.items():
            who = " and ".join([", ".join(owners[:-1]), owners[-1]] if len(owners) > 1 else owners)
            this = "this" if len(owners) == 1 else "these"
            raise ValueError(f"{', '.join(given)}: only {who} tasks have {this}")
        if own.required is not None and self.section(own.required) is None:
            raise ValueError(own.missing)
        return self

    @property
    def module_id(self) -> str:
        return self.module if isinstance(self.module, str) else self.module.id

    def competency_weights(self) -> dict[Competency, float]:
        if isinstance(self.competencies, dict):
            return dict(self.competencies)
        return {c: 1.0 for c in self.competencies}


EXPECTED_VERDICTS: dict[str, tuple[str, ...]] = {
    "accepted": ("AC",),
    "wrong_answer": ("WA",),
    "time_limit_exceeded": ("TLE",),
    "run_time_error": ("RE",),
    "memory_limit_exceeded": ("MLE", "RE"),
    "output_limit_exceeded": ("OLE",),
    "compile_error": ("CE",),
    "partially_accepted": ("PA",),
    "rejected": ("WA", "TLE", "MLE", "RE", "OLE", "CE", "PA"),
    "brute_force": ("TLE", "RE", "MLE"),
}
"""Reference-solution folders and the final verdicts a solution in each may get."""

VERDICTS = ("AC", "WA", "TLE", "MLE", "RE", "OLE", "CE", "PA")
