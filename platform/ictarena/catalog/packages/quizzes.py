"""Reading a quiz task's package: the ``quiz`` section becomes the manifest, and answer sheets
under ``solutions/<folder>/*.yaml`` are its reference solutions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import children, load_yaml
from ictarena.catalog.packages.package import Expectation, Package, Reference
from ictarena.catalog.packages.schema import TaskSpec
from ictarena.catalog.quiz import QuizSpec


def read_quiz(root: Path, spec: TaskSpec, problems: Problems, package: Package, node: Any) -> None:
    """A quiz task: its questions and answer sheets."""
    assert spec.quiz is not None
    package.manifest = {
        "format": 1,
        "task_type": spec.type,
        "quiz": spec.quiz.model_dump(mode="json"),
    }
    package.max_score = spec.quiz.max_score
    package.references = _quiz_sheets(root, spec.quiz, problems)


def _quiz_sheets(root: Path, quiz: QuizSpec, problems: Problems) -> list[Reference]:
    """Answer sheets under ``solutions/<folder>/*.yaml`` (quiz tasks)."""
    references: list[Reference] = []
    for folder in children(root / "solutions"):
        if not folder.is_dir():
            continue
        for sheet in children(folder):
            if sheet.suffix.lower() not in (".yaml", ".yml"):
                continue
            label = f"solutions/{folder.name}/{sheet.name}"
            data, _node = load_yaml(sheet, label, problems)
            if not isinstance(data, dict):
                problems.add(label, "", "an answer sheet maps question ids to answers")
                continue
            unknown = sorted(set(map(str, data)) - {q.id for q in quiz.questions})
            if unknown:
                problems.add(label, "", f"unknown questions: {', '.join(unknown)}")
            try:
                expectation = Expectation.for_folder(folder.name.lower())
            except KeyError:
                problems.add(f"solutions/{folder.name}", "", "unknown folder")
                continue
            references.append(
                Reference(
                    path=f"{folder.name}/{sheet.name}",
                    files={sheet.name: sheet.read_bytes()},
                    language="quiz",
                    expectation=expectation,
                )
            )
    return references
