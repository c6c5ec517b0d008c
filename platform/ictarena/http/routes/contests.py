"""Contest pages for participants and onlookers: the list (``/contests``), a contest's page with
its rounds, countdowns and the reader's own submissions (``/contests/{slug}``), and the forms
that register, join or form a team, and start a personal timer.

The task pages and the submit form live in :mod:`.contest_tasks`, the scoreboard in
:mod:`.contest_board`; their routes are served from here. The server's clock decides every
state: the page embeds the server's now and each deadline, and its script only counts down.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts.models import Role
from ictarena.accounts.throttle import InviteGuard, InvitePolicy
from ictarena.contests import entries, rating_history, sittings
from ictarena.contests.listing import Overview, RoundView, Standing, overview, visible_contests
from ictarena.contests.windows import Phase
from ictarena.db import utcnow
from ictarena.errors import ArenaError, Forbidden, InvalidInput, NotFound, Throttled
from ictarena.http.contestpages import epoch_ms, local, sidebar, visible_contest
from ictarena.http.context import Ctx, page
from ictarena.http.markdown import render
from ictarena.http.messages import message
from ictarena.http.routes import contest_board, contest_tasks
from ictarena.submissions.contest_attempts import round_attempts
from ictarena.submissions.models import Judging, Submission

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)
OPEN_PHASES = (Phase.RUNNING, Phase.FROZEN, Phase.OVER)  # the subject may read the tasks
TEAM_NAME_LENGTH = 120
CODE_LENGTH = 64
FLASHES = {
    "register": "contest_registered",
    "join": "contest_joined",
    "team": "contest_team_created",
}


@page(*ANY_USER)
async def contest_list(ctx: Ctx) -> Response:
    assert ctx.user is not None
    rows = await visible_contests(ctx.db, ctx.user, utcnow())
    zone = ctx.state.settings.zone
    return ctx.render(
        "contests.html",
        title=ctx.t("Contests"),
        rows=rows,
        clock=lambda at: local(at, zone),
        zone=zone.key,
    )


@dataclass(frozen=True)
class TaskLine:
    """One task of a round on the contest page with the subject's tries at it."""

    label: str
    title: str
    points: float
    href: str
    tries: int
    last: Judging | None
    best: float | None
    pending: bool


def _task_lines(
    ctx: Ctx, slug: str, view: RoundView, attempts: list[tuple[Submission, Judging | None]]
) -> list[TaskLine]:
    by_task: dict[int, list[tuple[Submission, Judging | None]]] = defaultdict(list)
    for submission, judging in attempts:
        by_task[submission.task_id].append((submission, judging))
    lines = []
    for round_task, task in view.tasks:
        tries = by_task.get(task.id, [])
        scores = [j.score for _s, j in tries if j is not None and j.score is not None]
        lines.append(
            TaskLine(
                label=round_task.label,
                title=task.title_zh if ctx.locale == "zh_Hans" and task.title_zh else task.title_en,
                points=round_task.points,
                href=f"/contests/{slug}/rounds/{view.round.position}/tasks/{round_task.label}",
                tries=len(tries),
                last=tries[0][1] if tries else None,
                best=max(scores) if scores else None,
                pending=any(j is None or j.verdict is None for _s, j in tries),
            )
        )
    return lines


def _end(view: RoundView) -> datetime:
    """The reader's end in a round (theirs with extra time; else the round's)."""
    window = view.window
    return window.end if window is not None and window.end is not None else view.round.ends_at


def _countdown(view: RoundView) -> tuple[str, int | None]:
    """What the round's countdown counts to, and when (epoch ms): its start, the last moment
    to start a personal timer, or the subject's end."""
    if view.phase is Phase.BEFORE:
        return "starts", epoch_ms(view.round.starts_at)
    if view.phase is Phase.OPEN:
        return "start_by", epoch_ms(view.round.ends_at)
    if view.phase in (Phase.RUNNING, Phase.FROZEN):
        return "ends", epoch_ms(_end(view))
    return "over", None


async def _render_contest(
    ctx: Ctx, shown: Overview, seen: Standing, error: str | None = None, status: int = 200
) -> Response:
    contest = shown.contest
    now_ms = epoch_ms(utcnow()) or 0
    chosen = _chosen_round(ctx, shown)
    zone = ctx.state.settings.zone
    rounds: list[dict[str, Any]] = []
    for view in shown.rounds:
        attempts: list[tuple[Submission, Judging | None]] = []
        readable = seen is Standing.JURY or shown.state.value == "ended"
        if shown.participation is not None and shown.entry is not None:
            readable = readable or view.phase in OPEN_PHASES
            if view.round.id == chosen:
                member = None if view.round.shared else shown.participation.id
                attempts = [
                    (s, j)
                    for s, j in await round_attempts(ctx.db, view.round.id, shown.entry.id, member)
                ]
        target, at_ms = _countdown(view)
        rounds.append(
            {
                "view": view,
                "readable": readable,
                "tasks": _task_lines(ctx, contest.slug, view, attempts) if readable else [],
                "attempts": attempts,
                "countdown": target,
                "deadline_ms": at_ms,
                "deadline": local(
                    view.window.end if view.window and view.window.end else view.round.ends_at, zone
                ),
                "freeze": local(view.window.freeze_at, zone) if view.window else "",
            }
        )
    return ctx.render(
        "contest.html",
        **await sidebar(
            ctx,
            contest,
            seen is Standing.JURY,
            shown.entry.id if shown.entry is not None and seen is not Standing.JURY else None,
        ),
        shifts=await rating_history.contest_shifts(ctx.db, contest.id)
        if contest.ratings_at
        else [],
        status_code=status,
        title=contest.title,
        contest=contest,
        shown=shown,
        seen=seen,
        rounds=rounds,
        chosen=chosen,
        description=render(contest.description) if contest.description else "",
        now_ms=now_ms,
        clock=lambda at: local(at, zone),
        zone=zone.key,
        error=error,
        may_register=seen in (Standing.ELIGIBLE, Standing.OPEN)
        and ctx.user is not None
        and ctx.user.role is Role.STUDENT
        and shown.state.value != "ended",
    )


def _chosen_round(ctx: Ctx, shown: Overview) -> int | None:
    """The round whose tab is open: the one the query names, else the first running one,
    else the next to come, else the last."""
    wanted = ctx.request.query_params.get("round", "")
    for view in shown.rounds:
        if wanted.isascii() and wanted.isdigit() and view.round.position == int(wanted[:9]):
            return view.round.id
    for phases in ((Phase.RUNNING, Phase.FROZEN, Phase.OPEN), (Phase.BEFORE,)):
        for view in shown.rounds:
            if view.phase in phases:
                return view.round.id
    return shown.rounds[-1].round.id if shown.rounds else None


@page(*ANY_USER)
async def contest_page(ctx: Ctx) -> Response:
    contest, seen = await visible_contest(ctx)
    shown = await overview(ctx.db, contest, ctx.user, utcnow())
    return await _render_contest(ctx, shown, seen)


async def _act(ctx: Ctx, action: str) -> Response:
    """Register, join a team or form one; a refusal shows the contest page with its reason."""
    assert ctx.user is not None
    contest, seen = await visible_contest(ctx)
    form = await ctx.request.form()
    try:
        if action == "register":
            await entries.register(ctx.db, ctx.user, contest)
        elif action == "join":
            code = str(form.get("invite_code") or "").strip()[:CODE_LENGTH]
            guard = InviteGuard(
                ctx.state.db, InvitePolicy.from_settings(ctx.state.settings), ctx.client_ip
            )
            await entries.join_team(ctx.db, ctx.user, contest, code, guard)
        else:
            name = str(form.get("team_name") or "")[: TEAM_NAME_LENGTH * 2]
            await entries.create_team(ctx.db, ctx.user, contest, name)
        await ctx.db.commit()
    except (InvalidInput, Forbidden, Throttled, NotFound) as exc:
        await ctx.rollback()  # the rows read before are expired: read them again
        contest, seen = await visible_contest(ctx)
        shown = await overview(ctx.db, contest, ctx.user, utcnow())
        return await _render_contest(
            ctx, shown, seen, _text(exc), 429 if isinstance(exc, Throttled) else 400
        )
    ctx.flash(
        {"register": "contest_registered", "join": "contest_joined"}.get(
            action, "contest_team_created"
        )
    )
    return ctx.redirect(f"/contests/{contest.slug}")


def _text(exc: ArenaError) -> str:
    return message(exc.message, **exc.params)


@page(Role.STUDENT)
async def register(ctx: Ctx) -> Response:
    return await _act(ctx, "register")


@page(Role.STUDENT)
async def join_team(ctx: Ctx) -> Response:
    return await _act(ctx, "join")


@page(Role.STUDENT)
async def create_team(ctx: Ctx) -> Response:
    return await _act(ctx, "team")


@page(Role.STUDENT)
async def start_round(ctx: Ctx) -> Response:
    """Start the reader's personal timer in a round; pressing twice starts it once."""
    assert ctx.user is not None
    contest, seen = await visible_contest(ctx)
    shown = await overview(ctx.db, contest, ctx.user, utcnow())
    position = ctx.request.path_params["position"]
    view = next((v for v in shown.rounds if v.round.position == position), None)
    if view is None:
        raise NotFound("contest_round_not_found")
    try:
        await sittings.start_round(ctx.db, ctx.user, contest, view.round, utcnow())
        await ctx.db.commit()
    except (InvalidInput, Forbidden) as exc:
        await ctx.rollback()  # the rows read before are expired: read them again
        contest, seen = await visible_contest(ctx)
        shown = await overview(ctx.db, contest, ctx.user, utcnow())
        return await _render_contest(ctx, shown, seen, _text(exc), 400)
    ctx.flash("contest_round_started")
    return ctx.redirect(f"/contests/{contest.slug}?round={position}")


routes: list[BaseRoute] = [
    Route("/contests", contest_list),
    Route("/contests/{slug:str}", contest_page),
    Route("/contests/{slug:str}/register", register, methods=["POST"]),
    Route("/contests/{slug:str}/join", join_team, methods=["POST"]),
    Route("/contests/{slug:str}/team", create_team, methods=["POST"]),
    Route("/contests/{slug:str}/rounds/{position:int}/start", start_round, methods=["POST"]),
    *contest_tasks.routes,
    *contest_board.routes,
]
