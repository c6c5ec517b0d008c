"""Reading a submit form and the rules intake applies to it, shared by the practice task page,
a contest's task page and the exam paper: the submitted files (a typed or uploaded source, one
field per configuration file, or a quiz's answers), this site's intake rules and its outlets."""

from __future__ import annotations

import json

from starlette.datastructures import UploadFile

from ictarena.catalog.quiz import ANSWERS_FILE
from ictarena.http.context import Ctx
from ictarena.intake.service import Outlets
from ictarena.submissions.services import IntakeRules
from ictjudge.languages import LANGUAGES


def intake_rules(ctx: Ctx) -> IntakeRules:
    settings = ctx.state.settings
    return IntakeRules(
        max_bytes=settings.submission_max_kb * 1024,
        per_minute=settings.submissions_per_minute,
        languages=tuple(ctx.state.languages),
        quiz_attempts_per_day=settings.quiz_attempts_per_day,
    )


def intake_outlets(ctx: Ctx) -> Outlets:
    settings = ctx.state.settings
    return Outlets(ctx.state.queue, ctx.state.notifier, settings.judge_cap_per_user, settings.zone)


def _source_name(language: str | None, given: str) -> str:
    """The file name of a source typed into the editor: the one the form names, else the
    judge's usual name for the language (``main.py``, ``main.cpp``, ``Main.java``), so the
    judge can tell its language from its ending."""
    if given and given != "main":
        return given
    known = LANGUAGES.get(language or "")
    return known.source if known is not None else "main"


async def form_files(ctx: Ctx) -> tuple[str | None, dict[str, str | bytes]]:
    """Read a submit form: a language, then either ``source``/an uploaded file, or one field
    per file named ``file:<name>`` (device configurations, quiz answers)."""
    form = await ctx.request.form()
    language = str(form.get("language") or "") or None
    files: dict[str, str | bytes] = {}
    upload = form.get("upload")
    if isinstance(upload, UploadFile) and upload.filename:
        limit = ctx.state.settings.submission_max_kb * 1024 + 1
        files[upload.filename.rsplit("/", 1)[-1]] = await upload.read(limit)
    elif form.get("source") is not None:
        files[_source_name(language, str(form.get("filename") or ""))] = str(form.get("source"))
    answers: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if key.startswith("file:") and isinstance(value, str):
            files[key[5:]] = value
        elif key.startswith("answer:") and isinstance(value, str):
            answers.setdefault(key[7:], []).append(value)
    if answers:  # a quiz form: one field per question, several for multiple choice
        multiple = set(str(form.get("multiple", "")).split(","))
        files[ANSWERS_FILE] = json.dumps(
            {qid: (vals if qid in multiple else vals[0]) for qid, vals in answers.items()}
        )
    return language, files
