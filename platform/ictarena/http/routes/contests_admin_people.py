"""The jury's page of the people taking part in a contest: the explicit list (students entered
by username), teams (created with their members; their invite codes shown), extra minutes per
participant or per team, and excusing a member from a theory round. Extra time and excuses may
change after the start: the domain writes an audit entry for each.

Each form posts to its own address and comes back to this page; a refusal is shown next to the
form it came from (``failure`` names it), with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts.models import Role
from ictarena.contests import access, entries, roster
from ictarena.contests.models import Contest, RoundKind
from ictarena.errors import InvalidInput, NotFound
from ictarena.http.contest_forms import FormReader
from ictarena.http.contest_jury import jury_contest, undo
from ictarena.http.context import Ctx, page
from ictarena.i18n import N_
from ictarena.submissions import contest_cells

MAX_NAMES = 200
UNKNOWN_USERS = N_("No such student: %(names)s.")
NO_NAMES = N_("Enter at least one username.")
TOO_MANY = N_("At most %(max)s usernames at a time.")
NOT_STUDENT = N_("%(names)s: only students take part.")


@dataclass
class Failure:
    """A refused form of the page: which one (``form``), its errors by field, and what was typed."""

    form: str
    errors: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)


async def _render(ctx: Ctx, contest: Contest, failure: Failure | None = None) -> Response:
    people = await roster.roster(ctx.db, contest.id)
    rounds = await access.rounds(ctx.db, contest.id)
    return ctx.render(
        "contest_admin_people.html",
        status_code=400 if failure else 200,
        title=ctx.t("People of %(contest)s", contest=contest.title),
        contest=contest,
        roster=people,
        theory=[r for r in rounds if r.kind is RoundKind.THEORY],
        failure=failure or Failure("", {}),
    )


def _usernames(reader: FormReader, name: str, *, required: bool) -> list[str]:
    raw = reader.raw(name).replace(",", " ").replace(";", " ").split()
    names = list(dict.fromkeys(n.lower() for n in raw))
    if required and not names:
        reader.fail(name, NO_NAMES)
    elif len(names) > MAX_NAMES:
        reader.fail(name, TOO_MANY, max=MAX_NAMES)
    return names[:MAX_NAMES]


async def _students(ctx: Ctx, reader: FormReader, name: str, names: list[str]) -> list[int]:
    """The ids of the students named; an error on ``name`` for unknown or non-student ones."""
    found = await roster.users_by_username(ctx.db, names)
    unknown = [n for n in names if n not in found]
    if unknown:
        reader.fail(name, UNKNOWN_USERS, names=", ".join(unknown[:10])[:300])
        return []
    others = [n for n in names if found[n].role is not Role.STUDENT]
    if others:
        reader.fail(name, NOT_STUDENT, names=", ".join(others[:10])[:300])
        return []
    return [found[n].id for n in names]


def _back(contest: Contest, anchor: str, page: str = "people") -> str:
    return f"/contests/{contest.slug}/admin/{page}#{anchor}"


@page(Role.COACH, Role.ADMIN)
async def people_page(ctx: Ctx) -> Response:
    contest = await jury_contest(ctx)
    return await _render(ctx, contest)


@page(Role.COACH, Role.ADMIN)
async def enter_students(ctx: Ctx) -> Response:
    """POST ``usernames``: put students on the explicit list (each on a line of their own
    until they join a team)."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
    names = _usernames(reader, "usernames", required=True)
    ids = await _students(ctx, reader, "usernames", names) if not reader.errors else []
    if not reader.errors:
        try:
            await entries.enter_students(ctx.db, ctx.user, contest, ids)
        except InvalidInput as exc:
            reader.refused(exc, "usernames", ("usernames",))
        else:
            await ctx.db.commit()
            ctx.flash("contest_students_entered")
            return ctx.redirect(_back(contest, "participants"))
    contest = await undo(ctx, contest)
    return await _render(
        ctx, contest, Failure("enter", reader.errors, reader.shown(("usernames",)))
    )


@page(Role.COACH, Role.ADMIN)
async def create_team(ctx: Ctx) -> Response:
    """POST ``name`` and ``members`` (usernames): a team; its invite code lets the others
    join."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
    name = reader.text("name", max_len=120)
    names = _usernames(reader, "members", required=False)
    ids = await _students(ctx, reader, "members", names) if names else []
    if not reader.errors:
        try:
            await entries.create_team(ctx.db, ctx.user, contest, name, ids)
        except InvalidInput as exc:
            reader.refused(exc, "name", ("name", "members"))
        else:
            await ctx.db.commit()
            ctx.flash("contest_team_created")
            return ctx.redirect(_back(contest, "teams"))
    contest = await undo(ctx, contest)
    return await _render(
        ctx, contest, Failure("team", reader.errors, reader.shown(("name", "members")))
    )


@page(Role.COACH, Role.ADMIN)
async def extra_time(ctx: Ctx) -> Response:
    """POST ``minutes`` with ``entry`` (the whole team) or ``participation`` (one student):
    their extra minutes, editable after the start (audited). ``back=live``: saved, the jury
    returns to the live view."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    people = await roster.roster(ctx.db, contest.id)
    reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
    entry_id = reader.one_id("entry", [line.entry.id for line in people.entries])
    participation_id = reader.one_id(
        "participation", [m.participation.id for m in people.participants]
    )
    if (entry_id is None) == (participation_id is None):
        raise NotFound("contest_entry_not_found")
    form_key = f"extra-e{entry_id}" if entry_id is not None else f"extra-p{participation_id}"
    minutes = reader.whole("minutes", 0, entries.MAX_EXTRA_MINUTES)
    if not reader.errors and minutes is not None:
        try:
            await entries.give_extra_time(
                ctx.db,
                ctx.user,
                contest,
                entry_id=entry_id,
                participation_id=participation_id,
                minutes=minutes,
            )
        except InvalidInput as exc:
            reader.refused(exc, "minutes", ("minutes",))
        else:
            await contest_cells.rebuild_contest(ctx.db, contest.id)  # later ends and freezes
            await ctx.db.commit()
            await ctx.state.notifier.notify()
            ctx.flash("contest_extra_time_given")
            page = "live" if reader.raw("back") == "live" else "people"
            return ctx.redirect(_back(contest, form_key, page))
    contest = await undo(ctx, contest)
    return await _render(ctx, contest, Failure(form_key, reader.errors, reader.shown(("minutes",))))


@page(Role.COACH, Role.ADMIN)
async def excuse(ctx: Ctx) -> Response:
    """POST ``round``, ``participation`` and ``excused`` (1 or 0): excuse a team member from
    a theory round, or take the excuse back (audited). The team's theory average is then over
    those who sat."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    people = await roster.roster(ctx.db, contest.id)
    rounds = {r.id: r for r in await access.rounds(ctx.db, contest.id)}
    reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
    round_id = reader.one_id("round", rounds, required=True)
    participation_id = reader.one_id(
        "participation", [m.participation.id for m in people.participants], required=True
    )
    if round_id is None or participation_id is None:
        raise NotFound("contest_entry_not_found")
    form_key = f"excuse-{round_id}-{participation_id}"
    try:
        await entries.excuse(
            ctx.db, ctx.user, rounds[round_id], participation_id, reader.flag("excused")
        )
    except InvalidInput as exc:
        contest = await undo(ctx, contest)
        reader.refused(exc, "excused", ("excused",))
        return await _render(ctx, contest, Failure(form_key, reader.errors))
    await ctx.db.commit()
    await ctx.state.notifier.notify()
    ctx.flash("contest_excuse_saved")
    return ctx.redirect(_back(contest, "participants"))


_PEOPLE = "/contests/{slug}/admin/people"
routes: list[BaseRoute] = [
    Route(_PEOPLE, people_page),
    Route(_PEOPLE + "/enter", enter_students, methods=["POST"]),
    Route(_PEOPLE + "/teams", create_team, methods=["POST"]),
    Route(_PEOPLE + "/extra", extra_time, methods=["POST"]),
    Route(_PEOPLE + "/excuse", excuse, methods=["POST"]),
]
