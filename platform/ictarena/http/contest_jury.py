"""The one gate of the jury's contest pages: the contest named in the path, and only for its
jury (an admin, its creator, or a coach named on it). A student never reaches it (the pages
allow coaches and admins only); another coach is refused with 403."""

from __future__ import annotations

from ictarena.contests import access
from ictarena.contests.models import Contest, Round
from ictarena.errors import NotFound
from ictarena.http.context import Ctx


async def jury_contest(ctx: Ctx) -> Contest:
    """The contest of the path's ``slug``, if the reader is on its jury (else Forbidden)."""
    assert ctx.user is not None
    slug = str(ctx.request.path_params["slug"])
    if len(slug) > 64:
        raise NotFound("contest_not_found")
    contest = await access.contest_by_slug(ctx.db, slug)
    await access.require_jury(ctx.db, ctx.user, contest)
    return contest


async def contest_round(ctx: Ctx, contest: Contest) -> Round:
    """The round of the path's ``id``, which must belong to ``contest``."""
    round_id = int(ctx.request.path_params["id"])
    for found in await access.rounds(ctx.db, contest.id):
        if found.id == round_id:
            return found
    raise NotFound("contest_round_not_found")


async def undo(ctx: Ctx, contest: Contest) -> Contest:
    """Roll the request's transaction back (a refused form writes nothing) and read the
    contest again for the page that shows the refusal."""
    contest_id = contest.id
    await ctx.rollback()
    return await access.contest_by_id(ctx.db, contest_id)
