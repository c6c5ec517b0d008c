"""Mock certification exams: a question bank, the blueprint a paper is drawn by, and grading.

An exam task (type ``exam``) ships a *bank* of quiz questions (:mod:`ictarena.catalog.quiz`),
each with its ``competency`` and ``topic``, and a default *blueprint*: how many questions each
section of the syllabus contributes to a paper and how many points each of them is worth::

    sections:
      - {topic: routing, count: 8, points: 15}
      - {topic: troubleshooting, competency: network_fault_diagnosis, count: 4, points: 25}

A section names a topic, a competency or both, and draws from the questions that match all it
names. Sections may not overlap (no question could be drawn by two of them), and their points
(``count`` × ``points``) add up to exactly :data:`TOTAL`, as a certification exam is scored out
of 1000. Drawing a paper is :mod:`ictarena.contests.papers`; the package is read by
:mod:`ictarena.catalog.packages.exams`.

A paper is graded as a quiz restricted to its questions, with the blueprint's points
(:func:`grade_exam`); the report breaks the score down by competency and by topic, and holds no
answer key: the review of a paper is for after the exam's window closes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ictarena.catalog.models import Competency
from ictarena.catalog.quiz import TOPIC_PATTERN, Question, QuizSpec, grade_quiz, quiz_answers

TOTAL = 1000.0
"""What a paper is scored out of."""

MAX_PAPER = 200
"""The most questions one paper may have (as a quiz)."""

Problem = tuple[tuple[int | str, ...], str]
"""A problem found in a blueprint: where (a field path) and what."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Model):
    """One part of a paper: ``count`` questions of a topic and/or competency, ``points`` each."""

    topic: str | None = Field(None, pattern=TOPIC_PATTERN)
    competency: Competency | None = None
    count: int = Field(ge=1, le=MAX_PAPER)
    points: float = Field(gt=0, le=TOTAL, description="each question's points")

    def matches(self, question: Question) -> bool:
        return (self.topic is None or question.topic == self.topic) and (
            self.competency is None or question.competency is self.competency
        )

    def overlaps(self, other: Section) -> bool:
        """Could one question be drawn by both? (They overlap unless a field both name
        differs.)"""
        return not (
            (self.topic is not None and other.topic is not None and self.topic != other.topic)
            or (
                self.competency is not None
                and other.competency is not None
                and self.competency is not other.competency
            )
        )

    def describe(self) -> str:
        return " / ".join(str(v) for v in (self.topic, self.competency) if v is not None)


class Blueprint(_Model):
    """How a paper is drawn (``blueprint.yaml``, or a round's own ``Round.blueprint``)."""

    sections: list[Section] = Field(min_length=1, max_length=100)
    avoid_repeats: bool = Field(
        True,
        description="draw first the questions the student has not met in an earlier paper of "
        "the same bank, so that two mocks differ",
    )

    @property
    def total(self) -> float:
        return float(sum(s.count * s.points for s in self.sections))

    @property
    def size(self) -> int:
        return sum(s.count for s in self.sections)

    def section_of(self, question: Question) -> Section | None:
        return next((s for s in self.sections if s.matches(question)), None)


class Bank(_Model):
    """An exam's question bank, as the dataset manifest holds it."""

    questions: list[Question] = Field(min_length=1, max_length=5000)


def blueprint_problems(blueprint: Blueprint) -> list[Problem]:
    """What is wrong with a well-formed blueprint: a section naming nothing, overlapping
    sections, a paper too long, points not adding up to :data:`TOTAL`."""
    problems: list[Problem] = []
    for index, section in enumerate(blueprint.sections):
        if section.topic is None and section.competency is None:
            problems.append((("sections", index), "a section names a topic, a competency or both"))
            continue
        for earlier, other in enumerate(blueprint.sections[:index]):
            if other.overlaps(section):
                problems.append(
                    (
                        ("sections", index),
                        f"overlaps section {earlier + 1} ({other.describe()}): "
                        "a question could be drawn by both",
                    )
                )
    if blueprint.size > MAX_PAPER:
        problems.append((("sections",), f"{blueprint.size} questions; a paper has at most 200"))
    if not math.isclose(blueprint.total, TOTAL, abs_tol=1e-6):
        problems.append(
            (
                ("sections",),
                f"the sections add up to {blueprint.total:g} points (count × points); "
                f"a blueprint adds up to exactly {TOTAL:g}",
            )
        )
    return problems


def pool_problems(blueprint: Blueprint, questions: Sequence[Question]) -> list[Problem]:
    """Sections the bank cannot fill: fewer matching questions than the section draws."""
    problems: list[Problem] = []
    for index, section in enumerate(blueprint.sections):
        pool = sum(1 for q in questions if section.matches(q))
        if pool < section.count:
            problems.append(
                (
                    ("sections", index, "count"),
                    f"draws {section.count} questions of {section.describe()}, "
                    f"but the bank has {pool}",
                )
            )
    return problems


def thin_sections(blueprint: Blueprint, questions: Sequence[Question]) -> list[str]:
    """Sections whose pool is too small for two papers without a shared question."""
    return [
        f"section {index + 1} ({section.describe()}): {pool} questions for {section.count} "
        "a paper; two papers will share some"
        for index, section in enumerate(blueprint.sections)
        if (pool := sum(1 for q in questions if section.matches(q))) < 2 * section.count
    ]


def checked_blueprint(data: Any) -> Blueprint:
    """A blueprint from plain data, every problem raised as one ValueError (for callers that
    are not reading a file: a round's own blueprint)."""
    blueprint = Blueprint.model_validate(data)
    found = blueprint_problems(blueprint)
    if found:
        raise ValueError("; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in found))
    return blueprint


# The manifest ------------------------------------------------------------------------------


def bank_of(manifest: Mapping[str, Any]) -> Bank:
    return Bank.model_validate(manifest["bank"])


def default_blueprint(manifest: Mapping[str, Any]) -> Blueprint:
    return Blueprint.model_validate(manifest["blueprint"])


def bank_quiz(manifest: Mapping[str, Any]) -> QuizSpec:
    """The whole bank as one quiz (to check its answer key), whatever its length."""
    return QuizSpec.model_construct(
        questions=bank_of(manifest).questions,
        shuffle_questions=False,
        show_explanations=True,
        attempts_per_day=None,
    )


# Grading -----------------------------------------------------------------------------------


def _parts(questions: Iterable[Mapping[str, Any]], facet: str) -> list[dict[str, Any]]:
    """Score and maximum per value of ``facet`` (competency or topic), in first-seen order."""
    parts: dict[str, dict[str, Any]] = {}
    for question in questions:
        name = str(question.get(facet) or "")
        part = parts.setdefault(name, {"name": name, "score": 0.0, "max_score": 0.0, "count": 0})
        part["score"] = round(part["score"] + float(question["score"]), 6)
        part["max_score"] = round(part["max_score"] + float(question["points"]), 6)
        part["count"] += 1
    return list(parts.values())


def _ordered(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = {c.value: i for i, c in enumerate(Competency)}
    return sorted(parts, key=lambda p: order.get(p["name"], len(order)))


def grade_exam(manifest: Mapping[str, Any], files: Mapping[str, str]) -> dict[str, Any]:
    """Grade an exam submission against a *paper's* manifest
    (:func:`ictarena.contests.papers.paper_manifest`); a pure function.

    The report has ``verdict``, ``score`` and ``max_score`` (out of :data:`TOTAL`), one run per
    competency, and ``breakdown``: per competency and per topic, the score, maximum and number
    of questions. It names no question and no answer. A submission without a paper (the bank's
    own manifest) scores nothing.
    """
    quiz = manifest.get("quiz")
    if not isinstance(quiz, Mapping):
        return {
            "verdict": "WA",
            "score": 0.0,
            "max_score": TOTAL,
            "runs": [],
            "breakdown": {"competency": [], "topic": []},
            "message": "no exam paper was drawn for this submission",
        }
    graded = grade_quiz(quiz, quiz_answers(files))
    facets = {q["id"]: q for q in quiz["questions"]}
    rows = [
        {
            "score": q["score"],
            "points": q["points"],
            "competency": facets[q["id"]].get("competency"),
            "topic": facets[q["id"]].get("topic"),
        }
        for q in graded["questions"]
    ]
    competencies = _ordered(_parts(rows, "competency"))
    runs = [
        {
            "name": part["name"],
            "group": None,
            "verdict": "AC"
            if math.isclose(part["score"], part["max_score"])
            else ("PA" if part["score"] > 0 else "WA"),
            "score": part["score"],
            "max_score": part["max_score"],
            "message": "",
            "visible": True,
        }
        for part in competencies
    ]
    return {
        "verdict": graded["verdict"],
        "score": graded["score"],
        "max_score": graded["max_score"],
        "runs": runs,
        "breakdown": {"competency": competencies, "topic": _parts(rows, "topic")},
    }
