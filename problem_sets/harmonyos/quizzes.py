"""Writes the track's theory quizzes from the exam bank (run from this folder after changing
exam-harmonyos/questions/): each quiz takes every question of its tier's topics, so the
quizzes and the mock exam's pools stay one set of questions.

    python3 quizzes.py
"""

from pathlib import Path
from typing import Any

import yaml

BANK = Path("exam-harmonyos/questions")
POINTS = {"single": 2, "multiple": 3, "true_false": 1, "fill": 2}
QUIZZES: list[dict[str, Any]] = [
    {
        "folder": "quiz-associate",
        "topics": ["architecture", "arkts", "arkui", "packaging"],
        "task": {
            "id": "harmony-fundamentals",
            "type": "quiz",
            "title": {"en": "HarmonyOS fundamentals: architecture, ArkTS, ArkUI and packaging",
                      "zh": "HarmonyOS 基础：架构、ArkTS、ArkUI 与打包"},
            "module": "harmonyos-theory-associate",
            "competencies": ["product_proficiency", "network_architecture_design"],
            "difficulty": 1,
            "tags": ["harmonyos", "architecture", "arkts", "arkui", "hap"],
        },
    },
    {
        "folder": "quiz-professional",
        "topics": ["state-management", "stage-model", "permissions", "distributed"],
        "task": {
            "id": "harmony-stage-and-state",
            "type": "quiz",
            "title": {"en": "State management, the Stage model, permissions and distribution",
                      "zh": "状态管理、Stage 模型、权限与分布式"},
            "module": "harmonyos-theory-professional",
            "competencies": ["product_proficiency", "logical_reasoning", "protocol_comprehension"],
            "difficulty": 2,
            "tags": ["harmonyos", "state", "stage-model", "permissions", "distributed"],
        },
    },
]


def key(question: dict[str, Any]) -> Any:
    """The right answer, as an answer sheet writes it."""
    if question["kind"] == "single":
        return next(o["id"] for o in question["options"] if o.get("correct"))
    if question["kind"] == "multiple":
        return [o["id"] for o in question["options"] if o.get("correct")]
    if question["kind"] == "true_false":
        return question["answer"]
    return question["accepted"][0]


def slip(question: dict[str, Any]) -> Any:
    """A wrong answer: the first wrong option, one correct option short, the other truth value."""
    if question["kind"] == "single":
        return next(o["id"] for o in question["options"] if not o.get("correct"))
    if question["kind"] == "multiple":
        return key(question)[:-1]
    if question["kind"] == "true_false":
        return not question["answer"]
    return "?"


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def main() -> None:
    bank = [q for path in sorted(BANK.glob("*.yaml")) for q in yaml.safe_load(path.read_text())["questions"]]
    for quiz in QUIZZES:
        questions = [dict(q, points=POINTS[q["kind"]]) for t in quiz["topics"] for q in bank if q["topic"] == t]
        folder = Path(quiz["folder"])
        task = dict(quiz["task"], author="ICT Arena", license="CC-BY-SA-4.0",
                    quiz={"show_explanations": True, "questions": questions})
        header = "# Written by ../quizzes.py from the exam bank (../exam-harmonyos/questions): edit those.\n"
        (folder / "solutions/accepted").mkdir(parents=True, exist_ok=True)
        (folder / "solutions/wrong_answer").mkdir(parents=True, exist_ok=True)
        (folder / "task.yaml").write_text(header + dump(task))
        (folder / "solutions/accepted/key.yaml").write_text(dump({q["id"]: key(q) for q in questions}))
        # A student who gets every third question wrong.
        sheet = {q["id"]: slip(q) if i % 3 == 0 else key(q) for i, q in enumerate(questions)}
        (folder / "solutions/wrong_answer/every_third.yaml").write_text(dump(sheet))


main()
