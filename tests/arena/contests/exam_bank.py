"""Small exam banks for tests: questions with a competency and a topic, written as a package
(``task.yaml``, ``questions/*.yaml``, ``blueprint.yaml``) or built as a manifest directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ictarena.catalog.bank import Bank, Blueprint

SET_YAML = """\
id: exams
title: {en: Exams, zh: 考试}
track: datacom
modules:
  - id: theory
    title: {en: Theory, zh: 理论}
    tier: associate
"""

TASK_YAML = """\
id: exam-mini
type: exam
title: {en: Mini exam, zh: 小考试}
module: theory
competencies: [protocol_comprehension]
visible: false
"""


def question(qid: str, topic: str, competency: str = "protocol_comprehension") -> dict[str, Any]:
    """A single-choice question whose correct option is ``b`` (of a, b, c, d)."""
    return {
        "id": qid,
        "topic": topic,
        "competency": competency,
        "kind": "single",
        "text": {"en": f"Question {qid}?", "zh": f"问题 {qid}？"},
        "options": [
            {"id": o, "text": {"en": f"Option {o}", "zh": f"选项 {o}"}, "correct": o == "b"}
            for o in "abcd"
        ],
        "explanation": {"en": f"Because {qid}.", "zh": f"因为 {qid}。"},
    }


def pool(
    topic: str, count: int, competency: str = "protocol_comprehension"
) -> list[dict[str, Any]]:
    return [question(f"{topic}-{n:02d}", topic, competency) for n in range(1, count + 1)]


def blueprint(*sections: tuple[str, int, float], avoid: bool = True) -> dict[str, Any]:
    """Sections by topic: (topic, count, points each)."""
    return {
        "avoid_repeats": avoid,
        "sections": [{"topic": t, "count": c, "points": p} for t, c, p in sections],
    }


# Two topics of ten questions each; a paper: 5 + 5 questions, 100 points each.
QUESTIONS = {
    "routing": pool("routing", 10),
    "switching": pool("switching", 10, "product_proficiency"),
}
BLUEPRINT = blueprint(("routing", 5, 100), ("switching", 5, 100))


def manifest(
    questions: dict[str, list[dict[str, Any]]] | None = None,
    plan: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An exam dataset's manifest, as the package reader makes it."""
    everything = [q for qs in (questions or QUESTIONS).values() for q in qs]
    return {
        "format": 1,
        "task_type": "exam",
        "bank": Bank.model_validate({"questions": everything}).model_dump(mode="json"),
        "blueprint": Blueprint.model_validate(plan or BLUEPRINT).model_dump(mode="json"),
    }


def write_package(
    root: Path,
    questions: dict[str, list[dict[str, Any]]] | None = None,
    plan: dict[str, Any] | str | None = None,
    raw: dict[str, str] | None = None,
) -> Path:
    """A problem set with one exam package; ``raw`` files (name -> text) replace or add any."""
    exams = root / "exams"
    package = exams / "exam-mini"
    (package / "questions").mkdir(parents=True)
    (exams / "set.yaml").write_text(SET_YAML, encoding="utf-8")
    (package / "task.yaml").write_text(TASK_YAML, encoding="utf-8")
    for name, items in (questions or QUESTIONS).items():
        text = yaml.safe_dump({"questions": items}, allow_unicode=True, sort_keys=False)
        (package / "questions" / f"{name}.yaml").write_text(text, encoding="utf-8")
    plan = BLUEPRINT if plan is None else plan
    text = plan if isinstance(plan, str) else yaml.safe_dump(plan, sort_keys=False)
    (package / "blueprint.yaml").write_text(text, encoding="utf-8")
    for name, data in (raw or {}).items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(data, encoding="utf-8")
    return exams


async def exam_task(session: Any, tasks: list[Any], exam: dict[str, Any] | None = None) -> Any:
    """Turn the first of ``tasks`` (from the staging catalogue) into an exam bank: type exam, its
    live dataset holding ``exam`` (default: :func:`manifest`) and scored out of 1000."""
    from ictarena.catalog.models import Dataset

    task = tasks[0]
    task.type = "exam"
    dataset = await session.get(Dataset, task.live_dataset_id)
    dataset.manifest = exam or manifest()
    dataset.max_score = 1000.0
    dataset.statement_en = "Ninety minutes. Pass at 600."
    dataset.statement_zh = "九十分钟，600 分及格。"
    await session.flush()
    return task
