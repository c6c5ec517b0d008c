"""A contest's scoreboard (``/contests/{slug}/scoreboard``) and its exports (``.csv``,
``.json``), each in the view the reader's role allows: the jury's live board, a participant's
(the public board with their own line live), or the public board.

While the board is frozen, nothing here reads more than :func:`ictarena.contests.standings.
scoreboard` gives the view, and the exports are made from that same board: a participant or
an onlooker cannot learn a frozen result from any of them. Anonymous visitors may read the
board of a contest with open registration. The page follows the contest's live channel and
fetches itself again when the board changes (``web/static/contest.js``).
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ictarena.contests import exports
from ictarena.contests.awards import awards
from ictarena.contests.listing import Standing, newest_event
from ictarena.contests.models import Contest
from ictarena.contests.results import has_ended
from ictarena.contests.standings import Board, View, scoreboard
from ictarena.db import utcnow
from ictarena.http.contestpages import epoch_ms, local, visible_contest, visible_contest_and_place
from ictarena.http.context import Ctx, page
from ictarena.http.scoreboard_rows import Parts, keep_section, kept_section
from ictarena.http.spreadsheet import csv_response
from ictarena.http.stitched import SLOT


async def _board(ctx: Ctx) -> tuple[Contest, Standing, Board, int | None]:
    contest, seen, place = await visible_contest_and_place(ctx)
    own = place.entry_id if place is not None else None
    if seen is Standing.JURY:
        view = View.JURY
    elif own is not None:
        view = View.PARTICIPANT
    else:
        view = View.PUBLIC
    board = await scoreboard(ctx.db, contest, view, own, utcnow())
    return contest, seen, board, own


@page(login=False)
async def scoreboard_page(ctx: Ctx) -> Response:
    since = await newest_event(ctx.db)  # first: a change after it reaches the live page
    contest, seen, board, own = await _board(ctx)
    section = kept_section(board, own, ctx.locale, contest.title)
    if section is None:
        section = await _section(ctx, contest, board, own)
    return ctx.render_stitched(
        "scoreboard.html",
        section,
        title=ctx.t("Scoreboard: %(contest)s", contest=contest.title),
        wide=True,
        contest=contest,
        seen=seen,
        since=since,
        now_ms=epoch_ms(utcnow()),
    )


async def _section(ctx: Ctx, contest: Contest, board: Board, own: int | None) -> Parts:
    """The board's section of the page (``_scoreboard.html``), made and kept."""
    others: int | None = None  # the jury's: how many cells the others still wait for
    if board.view is View.JURY:
        public = await scoreboard(ctx.db, contest, View.PUBLIC, None, utcnow())
        others = sum(1 for line in public.lines for cell in line.cells.values() if cell.hidden)
    templates = ctx.state.templates

    def frame(hidden: int) -> str:
        return templates.get_template("_scoreboard.html").render(
            locale=ctx.locale,
            contest=contest,
            board=board,
            own=own,
            icpc=any(r.scoring.value == "icpc" for r in board.rounds),
            hidden=hidden if others is None else others,
            names={line.entry_id: line.name for line in board.lines},
            rows=SLOT,
        )

    row = templates.get_template("_scoreboard_line.html")
    return keep_section(row, board, own, ctx.locale, contest.title, frame)


@page(login=False)
async def scoreboard_csv(ctx: Ctx) -> Response:
    contest, _seen, board, _own = await _board(ctx)
    header, rows = exports.board_table(board)
    return ctx.finish(csv_response(f"scoreboard-{contest.id}.csv", header, rows))


@page(login=False)
async def scoreboard_json(ctx: Ctx) -> Response:
    _contest, _seen, board, _own = await _board(ctx)
    return ctx.finish(JSONResponse(exports.board_json(board)))


@page(login=False)
async def results_page(ctx: Ctx) -> Response:
    """The contest's final results, to print: per-round columns, totals and award lines. Only
    after the end, and for everyone but the jury only once the board is no longer frozen (the
    jury previews the final standings meanwhile)."""
    contest, seen = await visible_contest(ctx)
    now = utcnow()
    public = await scoreboard(ctx.db, contest, View.PUBLIC, None, now)
    preview = seen is Standing.JURY and public.frozen
    board = await scoreboard(ctx.db, contest, View.JURY, None, now) if preview else public
    ended = await has_ended(ctx.db, contest, now)
    shown = ended and (preview or not public.frozen)
    won = awards([line.rank for line in board.lines]) if shown else []
    return ctx.render(
        "results.html",
        title=ctx.t("Results: %(contest)s", contest=contest.title),
        contest=contest,
        board=board,
        ended=ended,
        shown=shown,
        preview=preview,
        lines=list(zip(board.lines, won, strict=True)) if shown else [],
        icpc=any(r.scoring.value == "icpc" for r in board.rounds),
        printed=local(now, ctx.state.settings.zone),
        zone=ctx.state.settings.timezone,
    )


routes = [
    Route("/contests/{slug:str}/scoreboard", scoreboard_page),
    Route("/contests/{slug:str}/scoreboard.csv", scoreboard_csv),
    Route("/contests/{slug:str}/scoreboard.json", scoreboard_json),
    Route("/contests/{slug:str}/results", results_page),
]
