"""The judge's view of a task's test data: a directory with a ``dataset.json`` manifest.

The platform's importers (native task packages, Kattis packages) normalise whatever they read
into this one shape, store it content-addressed, and hand the judge a path to it. The judge never
reads ``task.yaml`` or ``problem.yaml`` itself.

Layout of a dataset directory::

    dataset.json          the manifest below (``Dataset.model_dump_json()``)
    tests/...             input and answer files, paths as named by each ``Testcase``
    checker/...           sources of a custom output validator, when ``checker.kind == "custom"``
    lab/...               extra files of configuration tasks (topologies, images, check scripts)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

MANIFEST = "dataset.json"

Aggregation = Literal["pass-fail", "sum", "min", "max", "avg"]
OnReject = Literal["break", "continue"]
VerdictMode = Literal["worst_error", "first_error", "always_accept"]


def _absent(value: object) -> bool:
    return value is None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Model):
    """Resource limits for one run of the contestant's program."""

    time_s: float = Field(1.0, gt=0, le=60, description="CPU time per test, seconds")
    wall_s: float | None = Field(
        None, gt=0, description="wall clock per test; default 3 × time + 1"
    )
    memory_mb: int = Field(256, ge=16, le=4096)
    output_mb: int = Field(16, ge=1, le=1024)
    compile_time_s: float = Field(30.0, gt=0, le=300)
    compile_memory_mb: int = Field(1024, ge=64, le=8192)
    code_kb: int = Field(128, ge=1, le=10240, description="largest accepted source, KiB")
    processes: int = Field(64, ge=1, le=1024, description="pids limit inside the sandbox")

    @property
    def wall_limit_s(self) -> float:
        return self.wall_s if self.wall_s is not None else 3 * self.time_s + 1


class Checker(_Model):
    """How a run's output is compared with the answer.

    ``default`` is the Kattis default output validator; ``flags`` are its flags
    (``case_sensitive``, ``space_change_sensitive``, ``float_tolerance E``,
    ``float_relative_tolerance E``, ``float_absolute_tolerance E``).
    ``custom`` is a Kattis output validator whose sources are under ``path``.
    """

    kind: Literal["default", "custom"] = "default"
    flags: tuple[str, ...] = ()
    path: str | None = None
    language: str | None = Field(
        None, description="language id of the validator; guessed when None"
    )


class Testcase(_Model):
    __test__: ClassVar[bool] = False  # not a pytest test class
    name: str = Field(description="stable id, e.g. 'secret/group1/03'")
    input: str = Field(description="path of the .in file, relative to the dataset root")
    answer: str | None = Field(
        None, description="path of the .ans file; None when the checker decides"
    )
    validator_flags: tuple[str, ...] = ()


class TestGroup(_Model):
    """A node of the test tree: a (sub)task with its tests and nested groups.

    Scoring follows Kattis: a group's score aggregates its children's (``sum``, ``min``,
    ``max`` or ``avg``), ``pass-fail`` groups give ``max_score`` only when every child is
    accepted. ``on_reject`` decides whether the remaining tests of the group still run after the
    first rejected one. ``counts`` is False for groups that are shown and run but never scored
    (usual samples).

    ``verdict_mode`` set means the group is graded as the legacy Kattis default grader does
    (``grader_flags``): its verdict is the first of JE, RE, MLE, TLE, OLE, WA among its children
    (``worst_error``), the first rejection (``first_error``) or always accepted; with
    ``accept_if_any`` one accepted child makes it accepted. Only the children that ran count;
    ``on_reject: break`` stops at the first child whose graded verdict is a rejection (a
    subgroup included, the samples too). ``ignore_sample`` (the root only) grades the secret
    group alone. ``score_range`` is the legacy ``range``: the group's score is clamped into it.
    When the root itself has a ``verdict_mode``, its graded result is the submission's, as in
    problemtools; a submission whose root is not accepted scores 0.

    ``require_pass`` names groups (``sample``, ``secret/group1``) that must be fully accepted for
    this one to be run and scored (2025-09): otherwise its tests are not run and count as
    rejected.
    """

    __test__: ClassVar[bool] = False  # not a pytest test class

    name: str
    tests: tuple[Testcase, ...] = ()
    groups: tuple[TestGroup, ...] = ()
    aggregation: Aggregation = "pass-fail"
    max_score: float | None = Field(None, ge=0)
    accept_score: float = 1.0
    reject_score: float = 0.0
    on_reject: OnReject = "break"
    counts: bool = True
    validator_flags: tuple[str, ...] = ()
    verdict_mode: VerdictMode | None = None
    accept_if_any: bool = False
    ignore_sample: bool = False
    score_range: tuple[float | None, float | None] | None = None  # None: unbounded that side
    require_pass: tuple[str, ...] = ()


class Dataset(_Model):
    """One immutable version of a code task's test data."""

    format: Literal[1] = 1
    task_type: Literal["code"] = "code"
    scoring: Literal["pass-fail", "scoring"] = "pass-fail"
    limits: Limits = Limits()
    checker: Checker = Checker()
    root: TestGroup
    languages: tuple[str, ...] | None = Field(None, description="allowed language ids; None = all")
    # The task's own Python and C++ (language ids): what its reference solutions ran as and what
    # the submit form offers first. Left out of the manifest when not set (CPython, C++20), so
    # that the datasets of tasks without them keep their content hash.
    python: Literal["python3", "pypy3"] | None = Field(None, exclude_if=_absent)
    cpp: Literal["cpp", "cpp17", "cpp14"] | None = Field(None, exclude_if=_absent)
    extra: dict[str, Any] = Field(default_factory=dict)

    def all_tests(self) -> list[Testcase]:
        out: list[Testcase] = []

        def walk(group: TestGroup) -> None:
            out.extend(group.tests)
            for sub in group.groups:
                walk(sub)

        walk(self.root)
        return out

    @classmethod
    def load(cls, root: Path) -> Dataset:
        return cls.model_validate_json((root / MANIFEST).read_text(encoding="utf-8"))

    def save(self, root: Path) -> None:
        (root / MANIFEST).write_text(self.model_dump_json(indent=2), encoding="utf-8")
