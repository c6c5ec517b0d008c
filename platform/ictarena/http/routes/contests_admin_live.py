"""The jury's live view of a contest (``/contests/{slug}/admin/live``): the judge's queue per
round, the backlog, who has not started, whose clock runs, and extra time given in place.

The page follows the contest's channel (a new verdict or submission changes the board) and the
waiting submissions' own channels, and fetches itself again, as the contest pages do. Extra
time posts to the people page's form handler, which comes back here (``back=live``).
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts.models import Role
from ictarena.contests.listing import newest_event
from ictarena.db import utcnow
from ictarena.http.contest_jury import jury_contest
from ictarena.http.contestpages import local
from ictarena.http.context import Ctx, page
from ictarena.submissions.contest_watch import WAITING_SHOWN, contest_watch


@page(Role.COACH, Role.ADMIN)
async def live_view(ctx: Ctx) -> Response:
    contest = await jury_contest(ctx)
    since = await newest_event(ctx.db)  # first: a change after it reaches the live page
    now = utcnow()
    watched = await contest_watch(ctx.db, contest, now)
    zone = ctx.state.settings.zone
    return ctx.render(
        "contest_admin_live.html",
        title=ctx.t("Live view of %(contest)s", contest=contest.title),
        contest=contest,
        watch=watched,
        shown_cap=WAITING_SHOWN,
        since=since,
        at=lambda moment: local(moment, zone),
        failure=None,
    )


routes: list[BaseRoute] = [Route("/contests/{slug}/admin/live", live_view)]
