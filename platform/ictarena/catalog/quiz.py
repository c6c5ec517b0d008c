"""Theory quizzes: the question model, deterministic shuffling and instant grading.

A quiz is graded in the platform, without a sandbox, by the pure function :func:`grade_quiz`:

    report = grade_quiz(spec, {"q1": "b", "q2": ["a", "c"], "q3": True, "q4": "255.255.255.0"})
    report["verdict"]  # "AC" (every point), "PA" (some points) or "WA" (none)

Question kinds (HCIA/HCIP written-exam styles):

- ``single``: one correct option; the answer is an option id.
- ``multiple``: one or more correct options; the answer is a list of option ids. All or nothing,
  unless ``partial: true`` (then a proportional share, and nothing if a wrong option is chosen).
- ``true_false``: the answer is a boolean.
- ``fill``: free text compared with ``accepted`` answers (trimmed, inner whitespace collapsed,
  case-insensitive unless ``case_sensitive``), or a number within ``numeric.tolerance``.

Any question may name its ``competency`` (a :class:`~ictarena.catalog.models.Competency`) and
``topic`` (a slug); the questions of an exam's bank must (:mod:`ictarena.catalog.bank`).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ictarena.catalog.models import Competency

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"
TOPIC_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$"
ANSWERS_FILE = "answers.json"  # the one file of a quiz submission


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A text in English and Simplified Chinese (Markdown with math)."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def get(self, locale: str) -> str:
        return self.zh if locale.startswith("zh") else self.en


class Option(_Model):
    id: str = Field(pattern=ID_PATTERN)
    text: Text
    correct: bool = False


def _absent(value: object) -> bool:
    return value is None


class _Question(_Model):
    id: str = Field(pattern=ID_PATTERN)
    points: float = Field(1.0, gt=0, le=1000)
    text: Text
    explanation: Text | None = None
    # Where the question sits in the syllabus: optional in a quiz, required in an exam's
    # question bank (a blueprint draws by them, and a result is broken down by them). Left out
    # of a manifest when absent, so that quizzes without them keep their content hash.
    competency: Competency | None = Field(None, exclude_if=_absent)
    topic: str | None = Field(None, pattern=TOPIC_PATTERN, exclude_if=_absent)


def require_unique(ids: list[str], what: str) -> None:
    """Raise ValueError naming the ids that occur more than once."""
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate {what} ids: {', '.join(duplicates)}")


def _check_options(options: list[Option]) -> None:
    require_unique([o.id for o in options], "option")


class SingleChoice(_Question):
    kind: Literal["single"]
    options: list[Option] = Field(min_length=2, max_length=12)
    shuffle: bool = True

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoice:
        _check_options(self.options)
        if sum(o.correct for o in self.options) != 1:
            raise ValueError("a single-choice question needs exactly one correct option")
        return self


class MultipleChoice(_Question):
    kind: Literal["multiple"]
    options: list[Option] = Field(min_length=2, max_length=12)
    shuffle: bool = True
    partial: bool = False

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleChoice:
        _check_options(self.options)
        if not any(o.correct for o in self.options):
            raise ValueError("a multiple-choice question needs at least one correct option")
        return self


class TrueFalse(_Question):
    kind: Literal["true_false"]
    answer: bool


class Numeric(_Model):
    value: float
    tolerance: float = Field(0.0, ge=0)


class FillIn(_Question):
    kind: Literal["fill"]
    accepted: list[str] = Field(default_factory=list)
    numeric: Numeric | None = None
    case_sensitive: bool = False

    @model_validator(mode="after")
    def _has_answer(self) -> FillIn:
        if not self.accepted and self.numeric is None:
            raise ValueError("a fill-in question needs 'accepted' answers or a 'numeric' answer")
        if any(not a.strip() for a in self.accepted):
            raise ValueError("accepted answers must not be empty")
        return self


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | FillIn, Field(discriminator="kind")
]


class QuizSpec(_Model):
    """The ``quiz`` section of a quiz task's ``task.yaml``."""

    questions: list[Question] = Field(min_length=1, max_length=200)
    shuffle_questions: bool = False
    show_explanations: bool = True
    # Graded attempts per UTC day; None means the platform's ``quiz_attempts_per_day``.
    attempts_per_day: int | None = Field(default=None, ge=1, le=100)

    @model_validator(mode="after")
    def _unique_ids(self) -> QuizSpec:
        require_unique([q.id for q in self.questions], "question")
        return self

    @property
    def max_score(self) -> float:
        return float(sum(q.points for q in self.questions))

    def answer_key(self) -> dict[str, Any]:
        """Answers that score every point (used to verify a quiz package)."""
        key: dict[str, Any] = {}
        for q in self.questions:
            if isinstance(q, SingleChoice):
                key[q.id] = next(o.id for o in q.options if o.correct)
            elif isinstance(q, MultipleChoice):
                key[q.id] = [o.id for o in q.options if o.correct]
            elif isinstance(q, TrueFalse):
                key[q.id] = q.answer
            else:
                key[q.id] = (
                    q.accepted[0] if q.accepted else repr(q.numeric.value if q.numeric else 0)
                )
        return key


# Grading ---------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def _normal(value: str, case_sensitive: bool) -> str:
    collapsed = _SPACES.sub(" ", value.strip())
    return collapsed if case_sensitive else collapsed.casefold()


def _number(value: str) -> float | None:
    try:
        number = float(value.strip().replace(",", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    return None


def _as_ids(value: Any) -> set[str] | None:
    if isinstance(value, str):
        return {value} if value else set()
    if isinstance(value, list | tuple | set | frozenset):
        return {str(v) for v in value}
    return None


def _grade_one(question: Question, given: Any) -> tuple[float, bool, Any]:
    """(score, fully correct, expected answer) for one question."""
    if isinstance(question, SingleChoice):
        expected: Any = next(o.id for o in question.options if o.correct)
        ok = isinstance(given, str) and given == expected
        return (question.points if ok else 0.0), ok, expected
    if isinstance(question, MultipleChoice):
        correct = {o.id for o in question.options if o.correct}
        chosen = _as_ids(given) if given is not None else set()
        chosen = chosen or set()
        expected = sorted(correct)
        if chosen == correct:
            return question.points, True, expected
        if question.partial and chosen and chosen <= correct:
            return question.points * len(chosen) / len(correct), False, expected
        return 0.0, False, expected
    if isinstance(question, TrueFalse):
        ok = _as_bool(given) is question.answer
        return (question.points if ok else 0.0), ok, question.answer
    expected = list(question.accepted)
    if question.numeric is not None:
        expected.append(question.numeric.value)
    if not isinstance(given, str | int | float) or isinstance(given, bool):
        return 0.0, False, expected
    answer = str(given)
    ok = any(
        _normal(answer, question.case_sensitive) == _normal(a, question.case_sensitive)
        for a in question.accepted
    )
    if not ok and question.numeric is not None:
        number = _number(answer)
        ok = number is not None and abs(number - question.numeric.value) <= (
            question.numeric.tolerance + 1e-12
        )
    return (question.points if ok else 0.0), ok, expected


def grade_quiz(spec: QuizSpec | Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Grade ``answers`` (question id -> answer) against a quiz; a pure function.

    Returns a JSON-serialisable report: ``verdict`` (AC when every point is scored, PA when
    some are, WA when none), ``score``, ``max_score``, ``questions`` (per question: id, kind,
    points, score, correct, given, expected, explanation) and ``runs`` (the same, one run per
    question, in the platform's run shape). Unknown question ids in ``answers`` are ignored;
    unanswered questions score nothing.
    """
    quiz = spec if isinstance(spec, QuizSpec) else QuizSpec.model_validate(spec)
    questions: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    total = 0.0
    for question in quiz.questions:
        given = answers.get(question.id)
        score, ok, expected = _grade_one(question, given)
        score = round(score, 6)
        total += score
        explanation = (
            question.explanation.model_dump()
            if question.explanation is not None and quiz.show_explanations
            else None
        )
        questions.append(
            {
                "id": question.id,
                "kind": question.kind,
                "points": question.points,
                "score": score,
                "correct": ok,
                "answered": given is not None,
                "given": given if isinstance(given, str | int | float | bool | list) else None,
                "expected": expected if quiz.show_explanations else None,
                "explanation": explanation,
            }
        )
        runs.append(
            {
                "name": question.id,
                "group": None,
                "verdict": "AC" if ok else ("PA" if score > 0 else "WA"),
                "score": score,
                "max_score": question.points,
                "message": "",
                "visible": True,
            }
        )
    top = quiz.max_score
    total = round(total, 6)
    verdict = "AC" if math.isclose(total, top) else ("PA" if total > 0 else "WA")
    return {
        "verdict": verdict,
        "score": total,
        "max_score": top,
        "questions": questions,
        "runs": runs,
    }


def quiz_answers(files: Mapping[str, Any]) -> dict[str, Any]:
    """The answers a quiz submission carries (question id -> answer); malformed means none."""
    try:
        answers = json.loads(files.get(ANSWERS_FILE, "{}"))
    except (TypeError, ValueError):
        return {}
    return answers if isinstance(answers, dict) else {}


def grade_submission(manifest: Mapping[str, Any], files: Mapping[str, str]) -> dict[str, Any]:
    """Grade a quiz submission's files against the quiz of a dataset's manifest."""
    return grade_quiz(manifest["quiz"], quiz_answers(files))


# Presentation ----------------------------------------------------------------------------------


def _rng(seed: str, *parts: object) -> random.Random:
    digest = hashlib.sha256(":".join([seed, *map(str, parts)]).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def presentation(
    spec: QuizSpec | Mapping[str, Any], seed: str, locale: str = "en"
) -> list[dict[str, Any]]:
    """The questions as a student sees them, without answers.

    Options (and questions, when ``shuffle_questions``) are shuffled deterministically by
    ``seed`` — use e.g. ``f"{user.id}:{task.slug}"`` so a student sees the same order on every
    visit and different students see different orders.
    """
    quiz = spec if isinstance(spec, QuizSpec) else QuizSpec.model_validate(spec)
    order = list(quiz.questions)
    if quiz.shuffle_questions:
        _rng(seed, "questions").shuffle(order)
    out: list[dict[str, Any]] = []
    for question in order:
        item: dict[str, Any] = {
            "id": question.id,
            "kind": question.kind,
            "points": question.points,
            "text": question.text.get(locale),
        }
        if isinstance(question, SingleChoice | MultipleChoice):
            options = list(question.options)
            if question.shuffle:
                _rng(seed, "options", question.id).shuffle(options)
            item["options"] = [{"id": o.id, "text": o.text.get(locale)} for o in options]
        out.append(item)
    return out
