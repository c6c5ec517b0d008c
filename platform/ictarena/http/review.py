"""A graded quiz as the submission page shows it: each question with the student's answer and,
when the quiz shows explanations, the expected answer and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ictarena.catalog.quiz import QuizSpec
from ictarena.http.markdown import render_inline


@dataclass(frozen=True)
class ReviewItem:
    number: int
    question_id: str
    text_html: str
    points: float
    score: float
    correct: bool
    answered: bool
    given: str
    expected: str | None  # None when the quiz keeps its answers to itself
    explanation_html: str | None


def _answer_text(value: Any, options: Mapping[str, str], yes_no: tuple[str, str]) -> str:
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if isinstance(value, list):
        return "; ".join(_answer_text(v, options, yes_no) for v in value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return options.get(text, text)


def quiz_review(
    spec: QuizSpec | Mapping[str, Any],
    graded: list[dict[str, Any]],
    locale: str,
    yes_no: tuple[str, str],
) -> list[ReviewItem]:
    """``graded`` is the report's ``questions`` list; questions no longer in the quiz are
    skipped. ``yes_no`` are the words for true and false in the page's language."""
    quiz = spec if isinstance(spec, QuizSpec) else QuizSpec.model_validate(spec)
    lang = "zh" if locale == "zh_Hans" else "en"
    by_id = {q.id: q for q in quiz.questions}
    items: list[ReviewItem] = []
    for entry in graded:
        question = by_id.get(str(entry.get("id")))
        if question is None:
            continue
        options = {o.id: o.text.get(lang) for o in getattr(question, "options", [])}
        given = entry.get("given")
        if question.kind == "true_false" and isinstance(given, str):
            # the form posts "true"/"false"; show them as words of the page's language
            given = {"true": True, "false": False}.get(given.strip().lower(), given)
        explanation = entry.get("explanation")
        expected = entry.get("expected")
        items.append(
            ReviewItem(
                number=len(items) + 1,
                question_id=question.id,
                text_html=render_inline(question.text.get(lang)),
                points=float(entry.get("points") or question.points),
                score=float(entry.get("score") or 0.0),
                correct=bool(entry.get("correct")),
                answered=bool(entry.get("answered")),
                given=_answer_text(given, options, yes_no),
                expected=None if expected is None else _answer_text(expected, options, yes_no),
                explanation_html=render_inline(str(explanation.get(lang) or ""))
                if isinstance(explanation, dict)
                else None,
            )
        )
    return items
