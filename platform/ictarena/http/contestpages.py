"""What the contest pages share: finding a contest the reader may see, showing the server's
times in the platform's zone and as epoch milliseconds for the countdowns, and the contest
page's clarifications corner (pinned announcements, unread count)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ictarena.contests import clarifications
from ictarena.contests.access import contest_by_slug
from ictarena.contests.listing import Standing, standing_and_place
from ictarena.contests.models import Contest, Participation
from ictarena.errors import NotFound
from ictarena.http.context import Ctx

SLUG_LENGTH = 64


async def visible_contest(ctx: Ctx) -> tuple[Contest, Standing]:
    """The contest of the path's ``slug`` and how the reader relates to it; a contest they may
    not see does not exist for them (404, as a hidden task)."""
    contest, seen, _place = await visible_contest_and_place(ctx)
    return contest, seen


async def visible_contest_and_place(ctx: Ctx) -> tuple[Contest, Standing, Participation | None]:
    """:func:`visible_contest`, and the reader's participation when they are a participant."""
    slug = str(ctx.request.path_params["slug"])
    if len(slug) > SLUG_LENGTH:
        raise NotFound("contest_not_found")
    contest = await contest_by_slug(ctx.db, slug)
    seen, place = await standing_and_place(ctx.db, ctx.user, contest)
    if seen is Standing.NONE:
        raise NotFound("contest_not_found")
    return contest, seen, place


def epoch_ms(at: datetime | None) -> int | None:
    """A stored (naive UTC) time as JavaScript's epoch milliseconds."""
    if at is None:
        return None
    return int(at.replace(tzinfo=UTC).timestamp() * 1000)


def local(at: datetime | None, zone: ZoneInfo) -> str:
    """A stored (naive UTC) time in the platform's zone, as people read it."""
    if at is None:
        return ""
    return at.replace(tzinfo=UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M")


async def sidebar(ctx: Ctx, contest: Contest, jury: bool, entry_id: int | None) -> dict[str, Any]:
    """What the contest page shows of the clarifications: the pinned announcements, and the
    reader's unread count (for the jury: the questions waiting for an answer). ``jury`` and
    ``entry_id`` (the reader's entry): as the page has already read them."""
    notes = list(await clarifications.pinned(ctx.db, contest.id))
    count = 0
    if ctx.user is not None:
        count = await clarifications.unread(ctx.db, ctx.user, contest, jury, entry_id)
    return {"pinned_notes": notes, "clar_count": count}
