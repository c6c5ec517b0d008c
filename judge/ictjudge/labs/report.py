"""The report of a configuration task: one result per assessment item.

An item carries its title in both languages (``title``) and its feedback as notes (message keys
with parameters, or the task's own words; see :mod:`ictjudge.texts`), so that the platform shows
each in the reader's language. ``name`` and ``feedback`` repeat them in English, for the command
line and for readers of reports written before items had titles and notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, model_validator

from ictjudge.texts import Note, Text, english
from ictjudge.wire import Verdict

if TYPE_CHECKING:
    from ictjudge.labs.network.vrp.live import Live

FEEDBACK_CHARS = 2000


class ItemResult(BaseModel):
    name: str = ""
    passed: bool
    points: float
    score: float
    feedback: str = ""
    title: Text | None = None
    notes: list[Note] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _english(cls, data: Any) -> Any:
        """``name`` and ``feedback`` default to the English of ``title`` and ``notes``."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        title = data.get("title")
        if not data.get("name") and title is not None:
            data["name"] = Text.model_validate(title).en
        if not data.get("feedback") and data.get("notes"):
            notes = [Note.model_validate(n) for n in data["notes"]]
            data["feedback"] = english(notes)[:FEEDBACK_CHARS]
        return data


class HostOutput(BaseModel):
    """Service labs: what one script on one host returned and printed last (for debugging)."""

    host: str
    script: str  # e.g. "lb.sh", "sensor.py", or "setup" (shown only when it failed)
    exit: int | None = None
    timed_out: bool = False
    running: bool = False  # a program still running when the checks ended (python answers)
    output: str = ""


class LabReport(BaseModel):
    verdict: Verdict
    score: float
    max_score: float
    items: list[ItemResult] = Field(default_factory=list)
    message: str = ""  # a problem with the submission as a whole (syntax error, timeout)
    timing_ms: dict[str, float] = Field(default_factory=dict)
    notes: list[Note] = Field(default_factory=list)  # the message, to be translated
    # VRP labs: each device's live reads by name (:mod:`ictjudge.labs.network.vrp.live`)
    live: dict[str, dict[str, str]] = Field(default_factory=dict)
    # service labs: each script's exit status and last output lines, host by host
    outputs: list[HostOutput] = Field(default_factory=list)

    @classmethod
    def from_items(
        cls,
        items: list[ItemResult],
        message: str | list[Note] = "",
        timing: dict[str, float] | None = None,
        failure: Verdict | None = None,
    ) -> LabReport:
        """AC when every item passes, PA when some do, WA (or ``failure``) when none do.
        ``message`` is English text, or notes (one a line) that the platform translates."""
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
            message=message if isinstance(message, str) else english(message, "\n"),
            notes=[] if isinstance(message, str) else message,
            timing_ms=timing or {},
        )

    def live_state(self) -> dict[str, Live]:
        """Each device's :class:`~ictjudge.labs.network.vrp.live.Live`, for ``display``."""
        from ictjudge.labs.network.vrp.live import live

        return {device: live(outputs) for device, outputs in self.live.items()}
