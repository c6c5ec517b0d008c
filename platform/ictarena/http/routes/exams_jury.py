"""A mock exam's results for its jury: ``/contests/{slug}/admin/exam`` lists every
participant's paper (not started, sitting, being graded, graded) with their score, pass or
fail and share of the points by competency, and the group's share by competency (what to
coach next); ``.csv`` downloads the same table; ``/contests/{slug}/admin/exam/{id}`` shows one
participant's result with their answers next to the key. The jury may read the key at any
time: it is never shown to a participant before the exam closes (``routes/exams.py``)."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts.models import Role
from ictarena.contests.listing import RoundView, overview
from ictarena.contests.models import Contest, Participation
from ictarena.db import utcnow
from ictarena.errors import NotFound
from ictarena.http.contest_jury import jury_contest
from ictarena.http.context import Ctx, page
from ictarena.http.routes.exams import result_context
from ictarena.http.spreadsheet import csv_response
from ictarena.submissions.exam_sheets import Sheet, exam_sheets, group_shares

_EXAM = "/contests/{slug:str}/admin/exam"


async def _exam_round(ctx: Ctx) -> tuple[Contest, RoundView]:
    """The contest of the path (the reader on its jury) and its exam round."""
    contest = await jury_contest(ctx)
    shown = await overview(ctx.db, contest, ctx.user, utcnow())
    view = next((v for v in shown.rounds if v.round.blueprint is not None), None)
    if view is None:
        raise NotFound("exam_no_bank")
    return contest, view


def _passed(contest: Contest, sheet: Sheet) -> bool:
    return contest.pass_score is not None and (sheet.score or 0.0) >= contest.pass_score


def _columns(sheets: list[Sheet]) -> list[str]:
    """The competencies any graded sheet has, in the order they first appear."""
    return [share.name for share in group_shares(sheets)]


def _percents(sheet: Sheet, columns: list[str]) -> list[float | None]:
    """The sheet's share of the points on each competency of ``columns`` (None: none)."""
    by_name = {share.name: share.percent for share in sheet.competencies}
    return [by_name.get(name) for name in columns]


@page(Role.COACH, Role.ADMIN)
async def exam_results(ctx: Ctx) -> Response:
    contest, view = await _exam_round(ctx)
    sheets = await exam_sheets(ctx.db, contest.id, view.round.id)
    graded = [s for s in sheets if s.score is not None]
    columns = _columns(sheets)
    return ctx.render(
        "exam_jury.html",
        title=ctx.t("Exam results: %(contest)s", contest=contest.title),
        contest=contest,
        round=view.round,
        sheets=sheets,
        columns=columns,
        rows=[(sheet, _percents(sheet, columns)) for sheet in sheets],
        group=group_shares(sheets),
        graded=len(graded),
        passed=sum(1 for s in graded if _passed(contest, s)),
        mean=sum(s.score or 0.0 for s in graded) / len(graded) if graded else None,
    )


@page(Role.COACH, Role.ADMIN)
async def exam_results_csv(ctx: Ctx) -> Response:
    contest, view = await _exam_round(ctx)
    sheets = await exam_sheets(ctx.db, contest.id, view.round.id)
    columns = _columns(sheets)
    header = ["username", "name", "state", "score", "passed", *(f"{c} %" for c in columns)]
    rows = []
    for sheet in sheets:
        graded = sheet.score is not None and contest.pass_score is not None
        passed = ("yes" if _passed(contest, sheet) else "no") if graded else ""
        rows.append(
            [
                sheet.username,
                sheet.name,
                sheet.state.value,
                "" if sheet.score is None else round(sheet.score, 1),
                passed,
                *("" if p is None else round(p, 1) for p in _percents(sheet, columns)),
            ]
        )
    return ctx.finish(csv_response(f"exam-{contest.id}.csv", header, rows))


@page(Role.COACH, Role.ADMIN)
async def exam_paper(ctx: Ctx) -> Response:
    contest, view = await _exam_round(ctx)
    place = await ctx.db.get(Participation, int(ctx.request.path_params["participation"]))
    if place is None or place.contest_id != contest.id:
        raise NotFound("exam_no_paper")
    sheets = await exam_sheets(ctx.db, contest.id, view.round.id)
    sheet = next(s for s in sheets if s.participation_id == place.id)
    context = await result_context(ctx, contest, view, place.entry_id, place.id, True)
    return ctx.render("exam_result.html", jury_sheet=sheet, review_text="", **context)


routes: list[BaseRoute] = [
    Route(_EXAM, exam_results),
    Route(_EXAM + ".csv", exam_results_csv),
    Route(_EXAM + "/{participation:int}", exam_paper),
]
