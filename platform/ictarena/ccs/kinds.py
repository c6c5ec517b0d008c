"""The fixed lists of the API: the judgement types our verdicts map to, and the judge's
languages. Written once here; the objects and the feed read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ictjudge.languages import LANGUAGES
from ictjudge.wire import Verdict


@dataclass(frozen=True)
class JudgementType:
    id: str
    name: str
    penalty: bool
    solved: bool

    def data(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "penalty": self.penalty, "solved": self.solved}


# Every verdict of the judge, as the CCS judgement type it is. A partial score (PA) is not a
# solve and costs a try, as a wrong answer does; compile and judge errors cost nothing, as the
# ICPC scoring of the contests says (ictarena.contests.scoring.NOT_COUNTED).
JUDGEMENT_TYPES: dict[Verdict, JudgementType] = {
    Verdict.AC: JudgementType("AC", "Accepted", False, True),
    Verdict.WA: JudgementType("WA", "Wrong answer", True, False),
    Verdict.PA: JudgementType("WA", "Wrong answer", True, False),
    Verdict.TLE: JudgementType("TLE", "Time limit exceeded", True, False),
    Verdict.MLE: JudgementType("MLE", "Memory limit exceeded", True, False),
    Verdict.RE: JudgementType("RTE", "Run-time error", True, False),
    Verdict.OLE: JudgementType("OLE", "Output limit exceeded", True, False),
    Verdict.CE: JudgementType("CE", "Compile error", False, False),
    Verdict.JE: JudgementType("JE", "Judging error", False, False),
}


def judgement_types() -> list[dict[str, Any]]:
    """Each CCS judgement type once, in the order of the judge's verdicts."""
    seen: dict[str, dict[str, Any]] = {}
    for kind in JUDGEMENT_TYPES.values():
        seen.setdefault(kind.id, kind.data())
    return list(seen.values())


def judgement_type_id(verdict: str | None) -> str | None:
    """The CCS id of one of our verdicts (None: not judged yet)."""
    if verdict is None:
        return None
    try:
        return JUDGEMENT_TYPES[Verdict(verdict)].id
    except ValueError:
        return "JE"  # a verdict this version of the platform does not know: ours to fix


# A submission with no programming language (a quiz's answers, a lab's configurations, a
# script judged by its task type) is in this one.
ANSWER = "answer"


def language_id(language: str | None) -> str:
    return language if language in LANGUAGES else ANSWER


def languages() -> list[dict[str, Any]]:
    """The judge's languages (Java names its class: the entry point), and :data:`ANSWER`."""
    found: list[dict[str, Any]] = []
    for lang in LANGUAGES.values():
        java = lang.id == "java"
        item: dict[str, Any] = {
            "id": lang.id,
            "name": lang.name,
            "entry_point_required": java,
            "extensions": [e.lstrip(".") for e in lang.extensions],
        }
        if java:
            item["entry_point_name"] = "Main class"
        found.append(item)
    found.append(
        {
            "id": ANSWER,
            "name": "Answers (quiz, lab, configuration, script)",
            "entry_point_required": False,
            "extensions": [],
        }
    )
    return found
