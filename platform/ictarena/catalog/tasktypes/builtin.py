"""The built-in task types: code (graded by the sandboxed code judge), quiz and exam (graded at
once in the platform) and the network, linux, sql and service configuration labs (graded in
the sandbox)."""

from __future__ import annotations

from ictarena.catalog.bank import grade_exam
from ictarena.catalog.packages.exams import read_exam
from ictarena.catalog.packages.labs import read_lab
from ictarena.catalog.packages.native import read_code
from ictarena.catalog.packages.quizzes import read_quiz
from ictarena.catalog.quiz import grade_submission
from ictarena.catalog.tasktypes.registry import TaskKind
from ictarena.i18n import N_

CODE_SECTIONS = ("limits", "languages", "python", "cpp", "checker", "scoring")
LAB_SECTIONS = ("lab", "max_score")


def _lab(name: str, label: str) -> TaskKind:
    return TaskKind(
        name=name,
        label=label,
        read=read_lab,
        answers="lab",
        form_template="types/form_lab.html",
        report_template="types/report_lab.html",
        sections=LAB_SECTIONS,
        required="lab",
        missing=f"a {name} task needs a 'lab' section",
    )


BUILTIN = (
    TaskKind(
        name="code",
        label=N_("Code"),
        read=read_code,
        answers="source",
        form_template="types/form_code.html",
        report_template="types/report_code.html",
        sections=CODE_SECTIONS,
    ),
    _lab("network", N_("Network lab")),
    _lab("linux", N_("Linux lab")),
    _lab("sql", N_("SQL")),
    _lab("service", N_("Service lab")),
    TaskKind(
        name="quiz",
        label=N_("Quiz"),
        read=read_quiz,
        answers="quiz",
        form_template="types/form_quiz.html",
        report_template="types/report_quiz.html",
        sections=("quiz",),
        required="quiz",
        missing="a quiz task needs a 'quiz' section with its questions",
        grade=grade_submission,
        editor=False,
        statement_required=False,
    ),
    # A mock certification exam's question bank: a paper drawn per participant by a blueprint
    # is answered like a quiz, in a contest (ictarena.contests.papers).
    TaskKind(
        name="exam",
        label=N_("Exam"),
        read=read_exam,
        answers="quiz",
        form_template="types/form_exam.html",
        report_template="types/report_exam.html",
        grade=grade_exam,
        editor=False,
        statement_required=False,
    ),
)
"""In the order the task list offers them."""
