"""The judge's report: serialisable (pydantic), one run per test, one result per group."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, Field

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
