"""The platform's view of a judge report: a verdict, a score and per-test/per-item runs.

Judges (code, network, linux, sql, quiz) return their own report types; each is normalised here
into rows the platform stores. The full original report is kept in ``raw`` (JSON) so pages can
show compiler messages, group results and item feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RUN_FIELDS = (
    "name",
    "group",
    "verdict",
    "score",
    "max_score",
    "cpu_ms",
    "wall_ms",
    "memory_kb",
    "exit_code",
    "signal",
    "message",
    "visible",
)


@dataclass(frozen=True)
class NormalReport:
    verdict: str
    score: float | None
    max_score: float | None
    runs: list[dict[str, Any]] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for run in self.runs:
            unknown = set(run) - set(RUN_FIELDS)
            if unknown:
                raise ValueError(f"unknown run fields: {sorted(unknown)}")

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "max_score": self.max_score,
            "runs": self.runs,
            "raw": self.raw,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NormalReport:
        return cls(
            verdict=str(data["verdict"]),
            score=data.get("score"),
            max_score=data.get("max_score"),
            runs=list(data.get("runs", [])),
            raw=dict(data.get("raw", {})),
        )
