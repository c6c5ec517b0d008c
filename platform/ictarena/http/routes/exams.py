"""A mock exam inside its contest: the paper page and the result page.

``/contests/{slug}/exam`` starts the participant's timer (drawing their paper), shows the
paper's questions with a countdown from the server's clock, and hands the answers in, once,
through contest intake (:mod:`ictarena.intake.exams`). ``/contests/{slug}/exam/result`` shows
the score out of the contest's scale, pass or fail, and the breakdown by competency and topic;
the answer review (the participant's answers, the correct ones, the explanations) only once the
exam's window has closed for everyone, so that no key reaches anyone still sitting it.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts.models import Role
from ictarena.catalog.quiz import grade_quiz, presentation, quiz_answers
from ictarena.contests import papers
from ictarena.contests.listing import Overview, RoundView, overview
from ictarena.contests.models import Contest, Paper
from ictarena.contests.windows import Phase
from ictarena.db import utcnow
from ictarena.errors import ArenaError, Forbidden, InvalidInput, NotFound, Throttled
from ictarena.http.contestpages import epoch_ms, local, visible_contest
from ictarena.http.context import Ctx, page
from ictarena.http.markdown import render, render_inline
from ictarena.http.messages import message
from ictarena.http.review import quiz_review
from ictarena.http.submit_forms import intake_outlets, intake_rules
from ictarena.intake.exams import hand_in, handed_in
from ictarena.submissions.contest_attempts import round_attempts

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)
SITTING = (Phase.RUNNING, Phase.FROZEN)
MAX_ANSWER = 500  # characters of one fill-in answer kept


async def _exam(ctx: Ctx) -> tuple[Contest, Overview, RoundView]:
    contest, _seen = await visible_contest(ctx)
    shown = await overview(ctx.db, contest, ctx.user, utcnow())
    view = next((v for v in shown.rounds if v.round.blueprint is not None), None)
    if view is None:
        raise NotFound("exam_no_bank")
    return contest, shown, view


def _lang(ctx: Ctx) -> str:
    return "zh" if ctx.locale == "zh_Hans" else "en"


def _questions(manifest: dict[str, Any], seed: str, lang: str) -> list[dict[str, Any]]:
    """The paper as the participant sees it: in paper order, options shuffled by its seed, no
    answers."""
    questions = presentation(manifest["quiz"], seed, lang)
    for question in questions:
        question["html"] = render(question["text"])  # VRP output keeps its lines
        for option in question.get("options", []):
            option["html"] = render_inline(option["text"])
    return questions


async def _paper(ctx: Ctx, contest: Contest, shown: Overview, view: RoundView) -> Paper | None:
    """The participant's paper; drawn now if their timer runs without one (started from the
    contest page)."""
    assert shown.participation is not None
    paper = await papers.paper_of(ctx.db, view.round.id, shown.participation.id)
    if paper is None and view.phase in SITTING:
        paper = await papers.draw_paper(ctx.db, contest, view.round, shown.participation)
        await ctx.db.commit()
    return paper


def _page(
    ctx: Ctx, contest: Contest, view: RoundView, status_code: int = 200, **extra: Any
) -> Response:
    end = view.window.end if view.window is not None and view.window.end else view.round.ends_at
    start_by = view.round.ends_at
    zone = ctx.state.settings.zone
    context: dict[str, Any] = {
        "title": contest.title,
        "contest": contest,
        "view": view,
        "phase": view.phase.value,
        "now_ms": epoch_ms(utcnow()),
        "end_ms": epoch_ms(end) if view.phase in SITTING else None,
        "end_text": local(end, zone),
        "opens_text": local(view.round.starts_at, zone),
        "start_by_text": local(start_by, zone),
        "duration": view.round.duration_min,
        "questions": [],
        "statement": "",
        "error": None,
        "participant": False,
    }
    context.update(extra)
    return ctx.render("exam.html", status_code=status_code, **context)


@page(*ANY_USER)
async def exam_page(ctx: Ctx) -> Response:
    assert ctx.user is not None
    contest, shown, view = await _exam(ctx)
    if shown.participation is None or shown.entry is None:
        return _page(ctx, contest, view)  # who may see the contest, without a paper
    if await handed_in(ctx.db, view.round, shown.entry.id, shown.participation.id):
        return ctx.redirect(f"/contests/{contest.slug}/exam/result")
    task, dataset = await papers.exam_task(ctx.db, view.round)
    statement = dataset.statement_zh if ctx.locale == "zh_Hans" else dataset.statement_en
    paper = await _paper(ctx, contest, shown, view)
    questions: list[dict[str, Any]] = []
    if paper is not None and view.phase in SITTING:
        manifest = papers.paper_manifest(dataset.manifest, paper)
        questions = _questions(manifest, paper.seed, _lang(ctx))
    return _page(
        ctx,
        contest,
        view,
        participant=True,
        questions=questions,
        statement=render(statement or dataset.statement_en or ""),
        task=task,
    )


@page(Role.STUDENT)
async def start_exam(ctx: Ctx) -> Response:
    """Start the timer and draw the paper; pressing twice starts once and draws once."""
    assert ctx.user is not None
    contest, shown, view = await _exam(ctx)
    slug = contest.slug
    try:
        await papers.start_exam(ctx.db, ctx.user, contest, view.round, utcnow())
        await ctx.db.commit()
    except (InvalidInput, Forbidden) as exc:
        await ctx.rollback()
        contest, shown, view = await _exam(ctx)
        return _page(ctx, contest, view, 400, error=_text(exc), participant=bool(shown.entry))
    ctx.flash("contest_round_started")
    return ctx.redirect(f"/contests/{slug}/exam")


async def _answers(ctx: Ctx) -> dict[str, Any]:
    """The form's answers: one field ``answer:<id>`` per question, several for a multiple
    choice question (named in ``multiple``)."""
    form = await ctx.request.form()
    multiple = set(str(form.get("multiple", "")).split(","))
    answers: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if key.startswith("answer:") and isinstance(value, str):
            answers.setdefault(key[7:], []).append(value[:MAX_ANSWER])
    return {qid: (values if qid in multiple else values[0]) for qid, values in answers.items()}


@page(Role.STUDENT)
async def submit_exam(ctx: Ctx) -> Response:
    """Hand the paper in; a refusal (time is up, handed in already) shows its reason."""
    assert ctx.user is not None
    contest, _shown, view = await _exam(ctx)
    slug = contest.slug  # a rollback expires the rows read
    answers = await _answers(ctx)
    rules, outlets = intake_rules(ctx), intake_outlets(ctx)
    try:
        await hand_in(ctx.db, ctx.user, contest, view.round, answers, rules, outlets, ctx.client_ip)
    except (InvalidInput, Forbidden, Throttled, NotFound) as exc:
        await ctx.rollback()
        if isinstance(exc, InvalidInput) and exc.message == "exam_already_submitted":
            return ctx.redirect(f"/contests/{slug}/exam/result")
        contest, shown, view = await _exam(ctx)
        return _page(
            ctx,
            contest,
            view,
            429 if isinstance(exc, Throttled) else 400,
            error=_text(exc),
            participant=shown.entry is not None,
        )
    ctx.flash("exam_handed_in")
    return ctx.redirect(f"/contests/{slug}/exam/result")


def _text(exc: ArenaError) -> str:
    return message(exc.message, **exc.params)


@page(*ANY_USER)
async def exam_result(ctx: Ctx) -> Response:
    assert ctx.user is not None
    contest, shown, view = await _exam(ctx)
    if shown.participation is None or shown.entry is None:
        return ctx.redirect(f"/contests/{contest.slug}/exam")
    opens_at = await papers.review_opens_at(ctx.db, contest, view.round)
    context = await result_context(
        ctx, contest, view, shown.entry.id, shown.participation.id, utcnow() >= opens_at
    )
    return ctx.render(
        "exam_result.html", review_text=local(opens_at, ctx.state.settings.zone), **context
    )


async def result_context(
    ctx: Ctx, contest: Contest, view: RoundView, entry_id: int, participation_id: int, review: bool
) -> dict[str, Any]:
    """What ``exam_result.html`` shows of one participant's exam (``review``: with their
    answers next to the key)."""
    attempts = await round_attempts(ctx.db, view.round.id, entry_id, participation_id)
    counted = next(((s, j) for s, j in attempts if j is not None), None)  # the last handed in
    submission, judging = counted if counted is not None else (None, None)
    report = (judging.report or {}) if judging is not None else {}
    found = report.get("breakdown")
    breakdown: dict[str, Any] = found if isinstance(found, dict) else {}
    score = judging.score if judging is not None else None
    answers: list[Any] = []
    paper = await papers.paper_of(ctx.db, view.round.id, participation_id)
    if review and paper is not None:
        _task, dataset = await papers.exam_task(ctx.db, view.round)
        quiz = papers.paper_manifest(dataset.manifest, paper)["quiz"]
        files = dict(submission.files) if submission is not None else {}
        graded = grade_quiz(quiz, quiz_answers(files))
        answers = quiz_review(
            quiz, graded["questions"], ctx.locale, (ctx.t("True"), ctx.t("False"))
        )
    return {
        "title": contest.title,
        "contest": contest,
        "view": view,
        "submission": submission,
        "judging": judging,
        "score": score,
        "scale": contest.scale,
        "pass_score": contest.pass_score,
        "passed": score is not None
        and contest.pass_score is not None
        and score >= contest.pass_score,
        "competencies": breakdown.get("competency") or [],
        "topics": breakdown.get("topic") or [],
        "sitting": view.phase in SITTING,
        "review": answers,
        "review_open": review,
    }


routes: list[BaseRoute] = [
    Route("/contests/{slug:str}/exam", exam_page),
    Route("/contests/{slug:str}/exam", submit_exam, methods=["POST"]),
    Route("/contests/{slug:str}/exam/start", start_exam, methods=["POST"]),
    Route("/contests/{slug:str}/exam/result", exam_result),
]
