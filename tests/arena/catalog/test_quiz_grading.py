"""Quiz grading is a pure function: per-question results, AC/PA/WA, deterministic shuffling."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from ictarena.catalog.quiz import QuizSpec, grade_quiz, presentation

SPEC: dict[str, Any] = {
    "questions": [
        {"id": "q1", "kind": "single", "points": 2, "text": {"en": "L3?", "zh": "三层？"},
         "options": [{"id": "a", "text": {"en": "L2", "zh": "二层"}},
                     {"id": "b", "text": {"en": "L3", "zh": "三层"}, "correct": True},
                     {"id": "c", "text": {"en": "L4", "zh": "四层"}}],
         "explanation": {"en": "Routers route.", "zh": "路由器路由。"}},
        {"id": "q2", "kind": "multiple", "points": 2, "partial": True,
         "text": {"en": "Private?", "zh": "私有？"},
         "options": [{"id": "a", "text": {"en": "10/8", "zh": "10/8"}, "correct": True},
                     {"id": "b", "text": {"en": "172.16/12", "zh": "172.16/12"}, "correct": True},
                     {"id": "c", "text": {"en": "8/8", "zh": "8/8"}}]},
        {"id": "q3", "kind": "true_false", "text": {"en": "UDP acks", "zh": "UDP 确认"},
         "answer": False},
        {"id": "q4", "kind": "fill", "text": {"en": "/26 mask", "zh": "/26 掩码"},
         "accepted": ["255.255.255.192"]},
        {"id": "q5", "kind": "fill", "text": {"en": "hosts in /27", "zh": "/27 主机数"},
         "numeric": {"value": 30, "tolerance": 0.5}},
    ]
}  # fmt: skip


def test_all_correct_is_accepted_with_every_point() -> None:
    report = grade_quiz(
        SPEC, {"q1": "b", "q2": ["b", "a"], "q3": "false", "q4": " 255.255.255.192 ", "q5": "30"}
    )
    assert (report["verdict"], report["score"], report["max_score"]) == ("AC", 7, 7)
    assert all(q["correct"] for q in report["questions"])
    assert report["questions"][0]["explanation"] == {"en": "Routers route.", "zh": "路由器路由。"}
    assert [r["verdict"] for r in report["runs"]] == ["AC"] * 5


def test_partial_answers_give_a_partial_verdict() -> None:
    report = grade_quiz(
        SPEC, {"q1": "a", "q2": ["a"], "q3": True, "q4": "255.255.255.0", "q5": 30.4}
    )
    by_id = {q["id"]: q for q in report["questions"]}
    assert by_id["q1"]["score"] == 0 and by_id["q2"]["score"] == 1 and by_id["q5"]["correct"]
    assert (report["verdict"], report["score"]) == ("PA", 2)


def test_a_wrong_option_in_a_multiple_choice_scores_nothing() -> None:
    report = grade_quiz(SPEC, {"q2": ["a", "c"]})
    assert report["questions"][1]["score"] == 0
    assert report["verdict"] == "WA"
    assert report["questions"][0]["answered"] is False


def test_unanswerable_specs_are_refused() -> None:
    broken = {"questions": [{"id": "q", "kind": "single", "text": {"en": "?", "zh": "？"},
              "options": [{"id": "a", "text": {"en": "x", "zh": "x"}},
                          {"id": "b", "text": {"en": "y", "zh": "y"}}]}]}  # fmt: skip
    with pytest.raises(ValidationError, match="exactly one correct option"):
        QuizSpec.model_validate(broken)


def test_option_order_is_deterministic_per_student() -> None:
    spec = QuizSpec.model_validate(SPEC)
    first = presentation(spec, "7:quiz", "en")
    assert first == presentation(spec, "7:quiz", "en")
    orders = {
        tuple(o["id"] for o in presentation(spec, f"{u}:quiz")[0]["options"]) for u in range(30)
    }
    assert len(orders) > 1
    assert all("correct" not in o for q in first for o in q.get("options", []))
    assert presentation(spec, "7:quiz", "zh_Hans")[0]["text"] == "三层？"
