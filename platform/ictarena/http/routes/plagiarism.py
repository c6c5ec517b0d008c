"""The jury's plagiarism review of a contest: ``/contests/{slug}/admin/plagiarism`` lists,
for the chosen round task (``?task=round:task``), the pairs of entries whose latest answers
are at least ``?threshold=`` percent alike, most alike first; ``?pair=`` shows one pair side
by side with the shared runs marked. The jury marks a pair cleared or flagged with a note,
and excludes an entry of a flagged pair from the standings (or includes it again), which is
logged on the page. Jury only; see :mod:`ictarena.submissions.plagiarism`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts.models import Role
from ictarena.contests.models import Contest, PairState
from ictarena.db import utcnow
from ictarena.errors import InvalidInput, NotFound
from ictarena.http.contest_jury import jury_contest, undo
from ictarena.http.contestpages import local
from ictarena.http.context import Ctx, page
from ictarena.http.messages import message
from ictarena.submissions import plagiarism

PAGE = "/contests/{slug:str}/admin/plagiarism"
REFUSED = (InvalidInput, NotFound)


def _threshold(raw: str | None) -> float:
    """The page's threshold, from a percentage (empty: the default)."""
    if raw is None or raw.strip() == "":
        return plagiarism.DEFAULT_THRESHOLD
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput("plagiarism_bad_threshold", field="threshold") from None
    if not 0 <= value <= 100:
        raise InvalidInput("plagiarism_bad_threshold", field="threshold")
    return value / 100


def _back(contest: Contest, task: str, threshold: float, pair: int | None = None) -> str:
    url = f"/contests/{contest.slug}/admin/plagiarism?task={quote(task, safe=':')}"
    url += f"&threshold={threshold * 100:g}"
    return url + (f"&pair={pair}" if pair else "")


async def _render(
    ctx: Ctx,
    contest: Contest,
    query: dict[str, str],
    status: int = 200,
    error: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    tasks = await plagiarism.review_tasks(ctx.db, contest)
    threshold = plagiarism.DEFAULT_THRESHOLD
    problem = None
    try:
        threshold = _threshold(query.get("threshold"))
    except InvalidInput as exc:
        problem = message(exc.message, **exc.params)
        status = 400
    chosen = None
    if tasks:
        wanted = query.get("task") or tasks[0].key
        chosen = plagiarism.task_of(tasks, wanted[:40])
    compared, rows, shown = 0, [], None
    if chosen is not None:
        compared = await plagiarism.refresh(ctx.db, contest, chosen, utcnow())
        await ctx.db.commit()
        rows = await plagiarism.pairs(ctx.db, contest, chosen, threshold)
        pair = query.get("pair", "")
        if pair.isdigit() and len(pair) < 12:
            shown = await plagiarism.pair_view(ctx.db, contest, tasks, int(pair))
            if shown.task.key != chosen.key:
                raise NotFound("plagiarism_pair_not_found")
    log = await plagiarism.exclusions(ctx.db, contest)
    zone = ctx.state.settings.zone
    return ctx.render(
        "contest_plagiarism.html",
        status_code=status,
        title=ctx.t("Plagiarism review: %(contest)s", contest=contest.title),
        contest=contest,
        review_tasks=tasks,
        chosen=chosen,
        threshold=threshold,
        compared=compared,
        pairs=rows,
        shown=shown,
        log=log,
        when={x.id: local(x.done_at, zone) for x in log},
        reviewed={p.id: local(p.reviewed_at, zone) for p in rows},
        states=list(PairState),
        error=error or problem,
        values=values or {},
        max_note=plagiarism.MAX_NOTE,
        floor=plagiarism.FLOOR,
    )


@page(Role.COACH, Role.ADMIN)
async def plagiarism_page(ctx: Ctx) -> Response:
    contest = await jury_contest(ctx)
    return await _render(ctx, contest, dict(ctx.request.query_params))


def _kept(form: Any) -> dict[str, str]:
    return {
        "task": str(form.get("task") or "")[:40],
        "threshold": str(form.get("threshold") or "")[:10],
        "pair": str(form.get("pair") or "")[:12],
    }


@page(Role.COACH, Role.ADMIN)
async def review_pair(ctx: Ctx) -> Response:
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    form = await ctx.request.form()
    query = _kept(form)
    note = str(form.get("note") or "")[: plagiarism.MAX_NOTE * 2]
    number = int(ctx.request.path_params["id"])
    try:
        try:
            state = PairState(str(form.get("state") or ""))
        except ValueError:
            raise InvalidInput("plagiarism_bad_state", field="state") from None
        pair = await plagiarism.review(ctx.db, ctx.user, contest, number, state, note, utcnow())
        threshold = _threshold(query["threshold"])
        await ctx.db.commit()
    except REFUSED as exc:
        contest = await undo(ctx, contest)
        status = 404 if isinstance(exc, NotFound) else 400
        return await _render(
            ctx, contest, query, status, message(exc.message, **exc.params), {"note": note}
        )
    ctx.flash("plagiarism_reviewed")
    return ctx.redirect(
        _back(contest, f"{pair.round_id}:{pair.task_id}", threshold, pair.id) + "#pair"
    )


@page(Role.COACH, Role.ADMIN)
async def exclude_entry(ctx: Ctx) -> Response:
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    form = await ctx.request.form()
    query = _kept(form)
    reason = str(form.get("reason") or "")[: plagiarism.MAX_NOTE * 2]
    excluded = form.get("action") != "include"
    number = int(ctx.request.path_params["id"])
    try:
        threshold = _threshold(query["threshold"])
        await plagiarism.set_excluded(ctx.db, ctx.user, contest, number, excluded, reason, utcnow())
        await ctx.db.commit()
    except REFUSED as exc:
        contest = await undo(ctx, contest)
        status = 404 if isinstance(exc, NotFound) else 400
        return await _render(
            ctx, contest, query, status, message(exc.message, **exc.params), {"reason": reason}
        )
    ctx.flash("entry_excluded" if excluded else "entry_included")
    pair = int(query["pair"]) if query["pair"].isdigit() else None
    return ctx.redirect(_back(contest, query["task"], threshold, pair) + "#exclusions")


routes: list[BaseRoute] = [
    Route(PAGE, plagiarism_page),
    Route(PAGE + "/pairs/{id:int}", review_pair, methods=["POST"]),
    Route(PAGE + "/entries/{id:int}", exclude_entry, methods=["POST"]),
]
