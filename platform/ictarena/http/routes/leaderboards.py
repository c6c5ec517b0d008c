"""The leaderboards: ``/leaderboards?cohort=&board=&period=&page=`` (also ``scope=global|cohort``,
``track=<id>`` and ``tier=<id>``).

Everyone logged in sees the global boards; a cohort's board only its members, its coach and
admins (403 for anyone else). The page follows the ``leaderboards`` live channel and fetches
itself again when a verdict moves the board it shows (``web/static/leaderboards.js``).
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.db import utcnow
from ictarena.http.context import Ctx, page
from ictarena.http.query import integer
from ictarena.http.urls import MAX_ID
from ictarena.leaderboards import boards
from ictarena.leaderboards.points import POINTS_PER_LEVEL, period_key

PERIODS = ("all", "month", "week")


@dataclass(frozen=True)
class Wanted:
    """The board the query string asks for, every part checked."""

    cohort_id: int | None
    board: str
    period: str
    page: int

    def link(self, page: int) -> str:
        parts = [f"board={self.board}", f"period={self.period}", f"page={page}"]
        if self.cohort_id is not None:
            parts.insert(0, f"cohort={self.cohort_id}")
        return "/leaderboards?" + "&".join(parts)


def _wanted(ctx: Ctx, choices: boards.Choices) -> Wanted:
    params = ctx.request.query_params
    cohort = integer(params, "cohort", 0, 0, MAX_ID) or None
    if params.get("scope") == "global":
        cohort = None
    tracks = {track.id for track, _tiers in choices.tracks}
    tiers = {tier.id for _track, tiers in choices.tracks for tier in tiers}
    board = "all"
    kind, _, number = (params.get("board") or "").partition(":")
    track = integer(params, "track", 0, 0, MAX_ID)
    tier = integer(params, "tier", 0, 0, MAX_ID)
    if kind in ("track", "tier") and number.isascii() and number.isdigit() and len(number) < 11:
        track, tier = (int(number), 0) if kind == "track" else (0, int(number))
    if tier in tiers:
        board = f"tier:{tier}"
    elif track in tracks:
        board = f"track:{track}"
    period = params.get("period") if params.get("period") in PERIODS else "all"
    return Wanted(cohort, board, str(period), integer(params, "page", 1, 1, boards.MAX_PAGE))


@page(Role.STUDENT, Role.COACH, Role.ADMIN)
async def leaderboards(ctx: Ctx) -> Response:
    """One page of a board, the viewer's own row wherever it ranks, and the filters."""
    assert ctx.user is not None
    choices = await boards.choices(ctx.db, ctx.user)
    wanted = _wanted(ctx, choices)
    cohort = None
    if wanted.cohort_id is not None:
        cohort = await boards.cohort_board_access(ctx.db, ctx.user, wanted.cohort_id)
    zone = ctx.state.settings.zone
    period = period_key(wanted.period, utcnow(), zone)
    shown = await boards.board(
        ctx.db,
        wanted.board,
        period,
        cohort_id=wanted.cohort_id,
        viewer_id=ctx.user.id,
        page=wanted.page,
    )
    return ctx.render(
        "leaderboards.html",
        title=ctx.t("Leaderboards"),
        wide=True,
        choices=choices,
        wanted=wanted,
        cohort=cohort,
        shown=shown,
        period_label=_period_label(ctx, period),
        zone=zone.key,
        per_level=POINTS_PER_LEVEL,
        since=shown.since,
    )


def _period_label(ctx: Ctx, period: str) -> str:
    if period.startswith("m:"):
        return ctx.t("Month %(month)s", month=period[2:])
    if period.startswith("w:"):
        return ctx.t("Week starting Monday %(date)s", date=period[2:])
    return ctx.t("All time")


routes = [Route("/leaderboards", leaderboards)]
