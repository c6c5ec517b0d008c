"""What travels between the platform and a judge host, free of any database.

The job a judge host receives (:class:`JudgeJob`), the one :class:`Verdict` enum both sides use,
the progress it reports while judging (:class:`JudgeProgress`), and the report it sends back:
serialisable (pydantic), one run per test, one result per group.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from ictjudge.texts import Note


class Verdict(StrEnum):
    AC = "AC"
    WA = "WA"
    TLE = "TLE"
    MLE = "MLE"
    RE = "RE"
    OLE = "OLE"
    CE = "CE"
    PA = "PA"
    JE = "JE"


class CompileResult(BaseModel):
    ok: bool
    message: str = ""
    time_ms: float = 0.0


class TestRun(BaseModel):
    __test__: ClassVar[bool] = False  # not a pytest test class
    name: str
    group: str
    verdict: Verdict
    score: float = 0.0
    cpu_ms: float = 0.0
    wall_ms: float = 0.0
    memory_kb: int = 0
    exit_code: int | None = None
    signal: int | None = None
    message: str = ""  # in English; the judge's own words are in ``note`` too
    note: Note | None = None
    sample: bool = False


class GroupResult(BaseModel):
    name: str
    verdict: Verdict
    score: float
    max_score: float | None
    counts: bool = True
    skipped: int = 0


class Report(BaseModel):
    verdict: Verdict
    score: float = 0.0
    max_score: float = 0.0
    compile: CompileResult | None = None
    runs: list[TestRun] = Field(default_factory=list)
    groups: list[GroupResult] = Field(default_factory=list)
    language: str | None = None
    timing_ms: dict[str, float] = Field(default_factory=dict)


class JudgeProgress(BaseModel):
    """Where a judge is: preparing, compiling, running test k of n, or checking item k of n.

    Its JSON (:meth:`to_json`, unset counters left out) is what live pages receive."""

    model_config = ConfigDict(frozen=True)

    stage: Literal["preparing", "compiling", "running", "checking"]
    test: int | None = None
    item: int | None = None
    total: int | None = None

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


Progress = Callable[[JudgeProgress], Coroutine[Any, Any, None]]

JUDGE_JOB = "judge"


@dataclass(frozen=True)
class JudgeJob:
    """Everything a judge host needs: no database access on that side."""

    judging_id: int
    attempt: int
    task_type: str
    language: str | None
    files: dict[str, str]
    dataset_hash: str

    @property
    def job_id(self) -> str:
        return f"{JUDGE_JOB}:{self.judging_id}:{self.attempt}"

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "judging_id": self.judging_id,
            "attempt": self.attempt,
            "task_type": self.task_type,
            "language": self.language,
            "files": self.files,
            "dataset_hash": self.dataset_hash,
        }
