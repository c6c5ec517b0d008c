"""The report of a configuration task: one result per assessment item."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ictjudge.report import Verdict


class ItemResult(BaseModel):
    name: str
    passed: bool
    points: float
    score: float
    feedback: str = ""


class LabReport(BaseModel):
    verdict: Verdict
    score: float
    max_score: float
    items: list[ItemResult] = Field(default_factory=list)
    message: str = ""  # a problem with the submission as a whole (syntax error, timeout)
    timing_ms: dict[str, float] = Field(default_factory=dict)

    @classmethod
    def from_items(
        cls,
        items: list[ItemResult],
        message: str = "",
        timing: dict[str, float] | None = None,
        failure: Verdict | None = None,
    ) -> LabReport:
        """AC when every item passes, PA when some do, WA (or ``failure``) when none do."""
        score = sum(item.score for item in items)
        top = sum(item.points for item in items)
        if items and all(item.passed for item in items):
            verdict = Verdict.AC
        elif score > 0:
            verdict = Verdict.PA
        else:
            verdict = failure or Verdict.WA
        return cls(
            verdict=verdict,
            score=score,
            max_score=top,
            items=items,
            message=message,
            timing_ms=timing or {},
        )
