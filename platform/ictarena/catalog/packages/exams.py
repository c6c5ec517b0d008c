"""Reading an exam task's package: its question bank and default blueprint.

    exam-hcia-datacom/
      task.yaml            type: exam
      statement/{en,zh}.md the exam's rules, shown before the paper (optional)
      questions/*.yaml     each ``questions: [...]``, quiz questions with competency and topic
      blueprint.yaml       the default blueprint (:class:`ictarena.catalog.bank.Blueprint`)

Every problem is located (``questions/routing.yaml:40: questions.3.topic: ...``); the
manifest holds the whole bank and the blueprint, and the package's maximum score is 1000.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from ictarena.catalog.bank import (
    TOTAL,
    Blueprint,
    Problem,
    blueprint_problems,
    pool_problems,
    thin_sections,
)
from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import children, line_of, load_yaml, validate
from ictarena.catalog.packages.package import Package
from ictarena.catalog.packages.schema import TaskSpec
from ictarena.catalog.quiz import Question

QUESTIONS_DIR = "questions"
BLUEPRINT_FILE = "blueprint.yaml"


class QuestionFile(BaseModel):
    """One file of a bank's ``questions/`` folder (each question is checked on its own, so
    that one bad question hides none of the others' problems)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    questions: list[Any] = Field(min_length=1, max_length=1000)


class OneQuestion(RootModel[Question]):
    pass


def read_exam(root: Path, spec: TaskSpec, problems: Problems, package: Package, node: Any) -> None:
    """An exam task: every question of its bank, checked, and its blueprint."""
    before = len(problems.errors)
    questions = _questions(root, problems)
    blueprint = _blueprint(root, questions if len(problems.errors) == before else [], problems)
    if blueprint is not None and questions:
        package.warnings.extend(thin_sections(blueprint, questions))
    package.manifest = {
        "format": 1,
        "task_type": spec.type,
        "bank": {"questions": [q.model_dump(mode="json") for q in questions]},
        "blueprint": blueprint.model_dump(mode="json") if blueprint is not None else None,
    }
    package.max_score = TOTAL


def _questions(root: Path, problems: Problems) -> list[Question]:
    files = [p for p in children(root / QUESTIONS_DIR) if p.suffix.lower() in (".yaml", ".yml")]
    if not files:
        problems.add(QUESTIONS_DIR, "", "an exam's bank needs questions/*.yaml files")
        return []
    seen: dict[str, str] = {}
    bank: list[Question] = []
    for path in files:
        label = f"{QUESTIONS_DIR}/{path.name}"
        data, node = load_yaml(path, label, problems)
        if data is None and node is None:
            continue
        read = validate(QuestionFile, data, label, problems, node)
        if read is None:
            continue
        for index, item in enumerate(read.questions):
            one = validate(OneQuestion, item, label, problems, node, prefix=("questions", index))
            if one is None:
                continue
            question = one.root
            for facet in ("competency", "topic"):
                if getattr(question, facet) is None:
                    where = _at(label, node, ("questions", index))
                    problems.add(where, f"questions.{index}.{facet}", "required in an exam's bank")
            if question.id in seen:
                where = _at(label, node, ("questions", index, "id"))
                problems.add(
                    where, f"questions.{index}.id", f"{question.id} is also in {seen[question.id]}"
                )
                continue
            seen[question.id] = label
            bank.append(question)
    return bank


def _blueprint(root: Path, questions: list[Question], problems: Problems) -> Blueprint | None:
    path = root / BLUEPRINT_FILE
    if not path.is_file():
        problems.add(BLUEPRINT_FILE, "", "missing: an exam needs its default blueprint")
        return None
    data, node = load_yaml(path, BLUEPRINT_FILE, problems)
    if data is None and node is None:
        return None
    blueprint = validate(Blueprint, data, BLUEPRINT_FILE, problems, node)
    if blueprint is None:
        return None
    found: list[Problem] = blueprint_problems(blueprint)
    if not found and questions:
        found = pool_problems(blueprint, questions)
    for loc, message in found:
        problems.add(_at(BLUEPRINT_FILE, node, loc), ".".join(map(str, loc)), message)
    return None if found else blueprint


def _at(label: str, node: Any, loc: tuple[int | str, ...]) -> str:
    line = line_of(node, loc)
    return f"{label}:{line}" if line else label
