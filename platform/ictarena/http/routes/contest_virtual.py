"""Virtual participation and upsolving pages (:mod:`ictarena.contests.virtual`).

``/contests/{slug}/virtual`` explains virtual participation and starts it (a POST), then shows
the reader's replayed rounds and the board as the official lines stood at the same elapsed
time, their own line among them marked as virtual; after the contest it lists every virtual
participant apart from the official standings. The task pages' off-the-record forms post to
``…/virtual`` (a submission in the reader's run) and ``…/upsolve`` (practice after the end).
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.contests import virtual
from ictarena.contests.listing import Standing, State, overview
from ictarena.contests.models import Contest
from ictarena.db import utcnow
from ictarena.errors import ArenaError, Forbidden, InvalidInput, NotFound, Throttled
from ictarena.http.contestpages import epoch_ms, local, visible_contest
from ictarena.http.context import Ctx, page
from ictarena.http.messages import message
from ictarena.http.routes.contest_tasks import PREFIX, _located, _refused
from ictarena.http.submit_forms import form_files, intake_outlets, intake_rules
from ictarena.intake.virtual import accept_upsolve, accept_virtual
from ictarena.submissions.virtual_board import VirtualResult, virtual_board, virtual_results

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)


async def _render(
    ctx: Ctx, contest: Contest, seen: Standing, error: str | None = None, status: int = 200
) -> Response:
    assert ctx.user is not None
    now = utcnow()
    zone = ctx.state.settings.zone
    shown = await overview(ctx.db, contest, ctx.user, now)
    run = await virtual.run_of(ctx.db, contest.id, ctx.user.id)
    schedule: list[dict[str, object]] = []
    mine = None
    running = False
    end_ms = None
    if run is not None:
        replay = virtual.replay_of(run, [v.round for v in shown.rounds])
        running = replay.running(now)
        for view in shown.rounds:
            start, end = replay.schedule[view.round.id]
            state = "before" if now < start else "over" if now >= end else "running"
            schedule.append(
                {
                    "view": view,
                    "start": local(start, zone),
                    "end": local(end, zone),
                    "state": state,
                    "end_ms": epoch_ms(end) if state == "running" else None,
                    "start_ms": epoch_ms(start) if state == "before" else None,
                }
            )
        mine = await virtual_board(ctx.db, contest, run, ctx.user.display_name, now)
        end_ms = epoch_ms(replay.end) if running else None
    refusal = None
    if run is None and ctx.user.role is Role.STUDENT:
        try:
            await virtual.check_start(ctx.db, ctx.user, contest, now)
        except (InvalidInput, Forbidden) as exc:
            refusal = message(exc.message, **exc.params)
    results: list[VirtualResult] = []
    official = 0
    if shown.state is State.ENDED:
        results, official = await virtual_results(ctx.db, contest, now)
    icpc = any(v.round.scoring.value == "icpc" for v in shown.rounds)
    return ctx.render(
        "contest_virtual.html",
        status_code=status,
        title=ctx.t("Virtual participation: %(contest)s", contest=contest.title),
        wide=True,
        contest=contest,
        seen=seen,
        shown=shown,
        run=run,
        running=running,
        schedule=schedule,
        mine=mine,
        board=mine.board if mine is not None else None,
        icpc=icpc,
        may_start=run is None and refusal is None and ctx.user.role is Role.STUDENT,
        refusal=refusal,
        results=results,
        official=official,
        error=error,
        started=local(run.started_at, zone) if run is not None else "",
        now_ms=epoch_ms(now),
        end_ms=end_ms,
        since=shown.since,
        zone=zone.key,
    )


@page(*ANY_USER)
async def virtual_page(ctx: Ctx) -> Response:
    contest, seen = await visible_contest(ctx)
    return await _render(ctx, contest, seen)


@page(*ANY_USER)
async def virtual_start(ctx: Ctx) -> Response:
    """Start the reader's virtual run now; a refusal (running, not ended, took part, not
    eligible, already started) is shown on the page with its reason."""
    assert ctx.user is not None
    contest, seen = await visible_contest(ctx)
    try:
        await virtual.start(ctx.db, ctx.user, contest, utcnow())
    except (InvalidInput, Forbidden) as exc:
        await ctx.rollback()
        contest, seen = await visible_contest(ctx)
        status = 403 if isinstance(exc, Forbidden) else 400
        return await _render(ctx, contest, seen, message(exc.message, **exc.params), status)
    await ctx.db.commit()
    ctx.flash("virtual_started")
    return ctx.redirect(f"/contests/{contest.slug}/virtual")


async def _submit(ctx: Ctx, upsolve: bool) -> Response:
    assert ctx.user is not None
    contest, _seen, _shown, view, round_task, task = await _located(ctx)
    language, files = await form_files(ctx)
    accept = accept_upsolve if upsolve else accept_virtual
    try:
        submission = await accept(
            ctx.db,
            ctx.user,
            contest.id,
            view.round.id,
            task.id,
            language,
            files,
            intake_rules(ctx),
            intake_outlets(ctx),
            ctx.client_ip,
        )
    except (InvalidInput, Forbidden, Throttled, NotFound) as exc:
        await ctx.rollback()
        contest, _seen, _shown, view, round_task, task = await _located(ctx)
        error: ArenaError = exc
        return _refused(ctx, contest, view, round_task, task, error)
    ctx.flash("upsolve_received" if upsolve else "virtual_received")
    return ctx.redirect(f"/submissions/{submission.id}")


@page(*ANY_USER)
async def virtual_submit(ctx: Ctx) -> Response:
    """A submission in the reader's virtual run, while its round's replayed window runs."""
    return await _submit(ctx, upsolve=False)


@page(*ANY_USER)
async def upsolve_submit(ctx: Ctx) -> Response:
    """An upsolving submission after the contest's end: judged, never on the board."""
    return await _submit(ctx, upsolve=True)


routes = [
    Route("/contests/{slug:str}/virtual", virtual_page),
    Route("/contests/{slug:str}/virtual/start", virtual_start, methods=["POST"]),
    Route(PREFIX + "/virtual", virtual_submit, methods=["POST"]),
    Route(PREFIX + "/upsolve", upsolve_submit, methods=["POST"]),
]
