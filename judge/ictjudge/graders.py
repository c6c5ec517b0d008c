"""How the judge grades each task type: the one list of the types this judge can grade.

A :class:`Grader` is registered under a task type's name (the same names as the platform's task
type registry). Code tasks go to the code judge (:func:`ictjudge.judge.judge_submission`);
network, linux, sql and service tasks to their lab modules (``ictjudge.labs.network`` and so
on), which also describe the task's ``lab`` section, answer files and topology (see
:mod:`ictjudge.labs`).
A grader returns the code judge's :class:`~ictjudge.wire.Report` or a lab's
:class:`~ictjudge.labs.report.LabReport`; the platform normalises either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictjudge.errors import JudgeError
from ictjudge.wire import JudgeProgress, Progress, Report

if TYPE_CHECKING:
    from ictjudge.judge import JudgeConfig
    from ictjudge.labs.report import LabReport


@dataclass(frozen=True)
class GradeRequest:
    """One submission to grade: its dataset, language and files, and the judge's means."""

    dataset_dir: Path
    language: str | None
    files: dict[str, str]
    client: Any  # the Docker client
    config: JudgeConfig
    progress: Progress


Grade = Callable[[GradeRequest], Awaitable["Report | LabReport"]]


@dataclass(frozen=True)
class Grader:
    """How one task type is graded. ``lab_module`` names the module of a configuration lab
    (its ``LAB_MODEL``, ``grade``, ``answer_files``...; see :mod:`ictjudge.labs`)."""

    grade: Grade
    lab_module: str | None = None


_GRADERS: dict[str, Grader] = {}


def register(task_type: str, grader: Grader) -> None:
    """Make ``task_type`` gradable by this judge (replacing an earlier registration)."""
    _GRADERS[task_type] = grader


def unregister(task_type: str) -> None:
    _GRADERS.pop(task_type, None)


def find(task_type: str) -> Grader | None:
    """The grader of ``task_type``, or None when this judge cannot grade it."""
    return _GRADERS.get(task_type)


async def grade(task_type: str, request: GradeRequest) -> Report | LabReport:
    """Grade a submission to a task of ``task_type`` (JudgeError for a type not graded here)."""
    grader = find(task_type)
    if grader is None:
        raise JudgeError(f"this judge cannot grade {task_type!r} tasks")
    return await grader.grade(request)


async def _code(request: GradeRequest) -> Report:
    from ictjudge.judge import Submission, judge_submission

    files: dict[str, str | bytes] = dict(request.files)
    return await judge_submission(
        request.dataset_dir,
        Submission(request.language or "", files),
        client=request.client,
        config=request.config,
        progress=request.progress,
    )


async def _lab(request: GradeRequest) -> LabReport:
    from ictjudge.labs import grade_lab

    await request.progress(JudgeProgress(stage="checking", item=1, total=1))
    return await grade_lab(request.dataset_dir, request.files, request.client)


register("code", Grader(_code))
for _name in ("network", "linux", "sql", "service"):
    register(_name, Grader(_lab, lab_module=f"ictjudge.labs.{_name}"))
