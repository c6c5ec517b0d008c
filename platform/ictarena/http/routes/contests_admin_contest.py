"""The jury's pages of a contest itself: create one (or clone one, or start an HCIA/HCIP mock
exam from the template), edit its settings, and its controls (reveal the frozen board, publish
its tasks to practice after the end).

Every page checks server-side that the reader is on the jury of *that* contest (an admin, its
creator, or a coach named on it): a student is refused by role, another coach by
:func:`ictarena.contests.access.require_jury`. A form is read whole, and a refusal (of the form
or of the domain) is shown on the field it concerns with nothing written.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts import directory
from ictarena.accounts.models import Cohort, Role, User
from ictarena.contests import access, rating_history, reveal, roster, setup, templates, windows
from ictarena.contests.models import Contest, Round
from ictarena.db import utcnow
from ictarena.errors import InvalidInput
from ictarena.http.contest_forms import FormReader, local_input, local_text
from ictarena.http.contest_jury import jury_contest, undo
from ictarena.http.context import Ctx, page

CONTEST_FIELDS = ("title", "slug", "description", "track", "team_size", "unfreeze_at")
FORM_FIELDS = (*CONTEST_FIELDS, "cohorts", "jury")
# The domain's names of the contest's fields, as the form names them.
CONTEST_PLACES = {"track_id": "track", "cohort_ids": "cohorts", "jury_ids": "jury"}


async def _cohort_choices(ctx: Ctx, chosen: list[int]) -> list[Cohort]:
    """The cohorts a coach may make eligible (their own; every one for an admin), with those
    already chosen."""
    assert ctx.user is not None
    every = await directory.open_cohorts(ctx.db, None)
    if ctx.user.role is Role.ADMIN:
        return every
    return [c for c in every if c.coach_id == ctx.user.id or c.id in chosen]


async def _jury_choices(ctx: Ctx) -> list[User]:
    return [u for u in await roster.coaches(ctx.db) if u.role is Role.COACH]


def _values(contest: Contest, cohorts: list[int], jury: list[int], ctx: Ctx) -> dict[str, Any]:
    return {
        "title": contest.title,
        "slug": contest.slug,
        "description": contest.description,
        "track": str(contest.track_id or ""),
        "team_size": str(contest.team_size),
        "unfreeze_at": local_input(contest.unfreeze_at, ctx.state.settings.zone),
        "open_registration": contest.open_registration,
        "hidden_tasks": contest.hidden_tasks,
        "rated": contest.rated,
        "cohorts": cohorts,
        "jury": jury,
    }


async def _read_contest(
    ctx: Ctx, reader: FormReader, chosen_cohorts: list[int]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The contest form's fields as keyword arguments for the domain, and as shown back."""
    tracks = await roster.tracks(ctx.db)
    cohort_ids = [c.id for c in await _cohort_choices(ctx, chosen_cohorts)]
    jury_ids = [u.id for u in await _jury_choices(ctx)]
    fields: dict[str, Any] = {
        "title": reader.text("title", max_len=200),
        "slug": reader.text("slug", max_len=64).lower(),
        "description": reader.text("description", max_len=20_000, required=False),
        "track_id": reader.one_id("track", [t.id for t in tracks]),
        "open_registration": reader.flag("open_registration"),
        "team_size": reader.whole("team_size", 1, 12, default=3),
        "hidden_tasks": reader.flag("hidden_tasks"),
        "rated": reader.flag("rated"),
        "unfreeze_at": reader.when("unfreeze_at", required=False),
        "cohort_ids": reader.ids("cohorts", cohort_ids),
        "jury_ids": reader.ids("jury", jury_ids),
    }
    shown = reader.shown(CONTEST_FIELDS)
    shown.update(
        open_registration=fields["open_registration"],
        hidden_tasks=fields["hidden_tasks"],
        rated=fields["rated"],
        cohorts=fields["cohort_ids"],
        jury=fields["jury_ids"],
    )
    return fields, shown


async def _form_page(
    ctx: Ctx,
    template: str,
    values: dict[str, Any],
    errors: dict[str, str],
    **context: Any,
) -> Response:
    return ctx.render(
        template,
        status_code=400 if errors or context.get("exam_errors") else 200,
        values=values,
        errors=errors,
        banks=await roster.exam_banks(ctx.db),
        tracks=await roster.tracks(ctx.db),
        cohorts=await _cohort_choices(ctx, list(values.get("cohorts", []))),
        coaches=await _jury_choices(ctx),
        zone=ctx.state.settings.timezone,
        **context,
    )


@page(Role.COACH, Role.ADMIN)
async def new_contest(ctx: Ctx) -> Response:
    """GET: the empty form. POST: create the contest (the creator is on its jury) and go to
    its page, where rounds are added."""
    assert ctx.user is not None
    values: dict[str, Any] = {"team_size": "3", "hidden_tasks": True, "cohorts": [], "jury": []}
    errors: dict[str, str] = {}
    if ctx.request.method == "POST":
        reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
        fields, values = await _read_contest(ctx, reader, [])
        if not reader.errors:
            try:
                contest = await setup.create_contest(ctx.db, ctx.user, **fields)
            except InvalidInput as exc:
                reader.refused(exc, "slug", FORM_FIELDS, CONTEST_PLACES)
            else:
                await ctx.db.commit()
                ctx.flash("contest_created")
                return ctx.redirect(f"/contests/{contest.slug}/admin")
        await ctx.rollback()
        errors = reader.errors
    return await _form_page(
        ctx,
        "contest_admin_new.html",
        values,
        errors,
        title=ctx.t("New contest"),
        exam_values={},
        exam_errors={},
    )


# The exam form's fields, and where the domain's field names land on it.
EXAM_FIELDS = ("exam_title", "exam_slug", "exam_task", "exam_opens_at", "exam_closes_at")
EXAM_PLACES = {
    "title": "exam_title",
    "slug": "exam_slug",
    "task_id": "exam_task",
    "blueprint": "exam_task",
    "starts_at": "exam_opens_at",
    "ends_at": "exam_closes_at",
    "duration_min": "exam_closes_at",
}


@page(Role.COACH, Role.ADMIN)
async def new_mock_exam(ctx: Ctx) -> Response:
    """POST: an HCIA/HCIP mock exam from the template (one 90-minute personal-timer theory
    round on a question bank, scored out of 1000, pass at 600) whose timers may be started
    between the two times given."""
    assert ctx.user is not None
    reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
    title = reader.text("exam_title", max_len=200)
    slug = reader.text("exam_slug", max_len=64).lower()
    banks = [t.id for t in await roster.exam_banks(ctx.db)]
    task_id = reader.one_id("exam_task", banks, required=True)
    opens_at = reader.when("exam_opens_at")
    closes_at = reader.when("exam_closes_at")
    if not reader.errors and task_id is not None and opens_at and closes_at:
        try:
            contest = await templates.create_mock_exam(
                ctx.db,
                ctx.user,
                slug=slug,
                title=title,
                task_id=task_id,
                opens_at=opens_at,
                closes_at=closes_at,
            )
        except InvalidInput as exc:
            reader.refused(exc, "exam_slug", EXAM_FIELDS, EXAM_PLACES)
        else:
            await ctx.db.commit()
            ctx.flash("contest_created")
            return ctx.redirect(f"/contests/{contest.slug}/admin")
    await ctx.rollback()
    return await _form_page(
        ctx,
        "contest_admin_new.html",
        {"team_size": "3", "hidden_tasks": True, "cohorts": [], "jury": []},
        {},
        title=ctx.t("New contest"),
        exam_values=reader.shown(EXAM_FIELDS),
        exam_errors=reader.errors,
    )


async def _ended(ctx: Ctx, contest: Contest, rounds: list[Round]) -> bool:
    """Has every round's time run out, extra minutes included (and is there a round)?"""
    extra = await access.max_extra_minutes(ctx.db, contest.id)
    return bool(rounds) and windows.contest_ended(rounds, extra, utcnow())


@page(Role.COACH, Role.ADMIN)
async def contest_admin(ctx: Ctx) -> Response:
    """GET: the contest's jury page (settings, rounds, controls). POST: save the settings."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    cohorts = await roster.cohort_ids(ctx.db, contest.id)
    jury = await roster.jury_ids(ctx.db, contest.id)
    values = _values(contest, cohorts, jury, ctx)
    errors: dict[str, str] = {}
    if ctx.request.method == "POST":
        reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
        fields, values = await _read_contest(ctx, reader, cohorts)
        if not reader.errors:
            try:
                await setup.update_contest(ctx.db, ctx.user, contest, **fields)
            except InvalidInput as exc:
                reader.refused(exc, "title", FORM_FIELDS, CONTEST_PLACES)
            else:
                await ctx.db.commit()
                ctx.flash("contest_saved")
                return ctx.redirect(f"/contests/{fields['slug']}/admin")
        contest = await undo(ctx, contest)
        errors = reader.errors
    rounds = await access.rounds(ctx.db, contest.id)
    people = await roster.roster(ctx.db, contest.id)
    zone = ctx.state.settings.zone
    tasks = {r.id: await access.round_tasks(ctx.db, r.id) for r in rounds}
    return await _form_page(
        ctx,
        "contest_admin.html",
        values,
        errors,
        title=ctx.t("%(contest)s · jury", contest=contest.title),
        contest=contest,
        rounds=rounds,
        round_tasks=tasks,
        times={r.id: (local_text(r.starts_at, zone), local_text(r.ends_at, zone)) for r in rounds},
        participants=len(people.participants),
        ended=await _ended(ctx, contest, rounds),
        unfrozen=windows.board_unfrozen(contest, rounds, utcnow()),
        published=local_text(contest.published_at, zone),
        ratings_at=local_text(contest.ratings_at, zone),
        revealed=local_text(contest.revealed_at, zone),
    )


@page(Role.COACH, Role.ADMIN)
async def clone_contest(ctx: Ctx) -> Response:
    """GET: the clone form. POST: a copy of the contest (rounds, tasks, settings; nobody taking
    part) with every time shifted, under a new slug."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    values: dict[str, Any] = {
        "title": contest.title,
        "slug": f"{contest.slug}-2"[:64],
        "days": "7",
        "hours": "0",
    }
    errors: dict[str, str] = {}
    if ctx.request.method == "POST":
        reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
        title = reader.text("title", max_len=200)
        slug = reader.text("slug", max_len=64).lower()
        days = reader.whole("days", -3650, 3650, default=0) or 0
        hours = reader.whole("hours", -23, 23, default=0) or 0
        values = reader.shown(("title", "slug", "days", "hours"))
        if not reader.errors:
            try:
                copy = await setup.clone_contest(
                    ctx.db,
                    ctx.user,
                    contest,
                    slug=slug,
                    title=title,
                    shift=timedelta(days=days, hours=hours),
                )
            except InvalidInput as exc:
                reader.refused(exc, "slug", ("title", "slug"))
            else:
                await ctx.db.commit()
                ctx.flash("contest_cloned")
                return ctx.redirect(f"/contests/{copy.slug}/admin")
        contest = await undo(ctx, contest)
        errors = reader.errors
    return ctx.render(
        "contest_admin_clone.html",
        status_code=400 if errors else 200,
        title=ctx.t("Clone %(contest)s", contest=contest.title),
        contest=contest,
        values=values,
        errors=errors,
    )


@page(Role.COACH, Role.ADMIN)
async def reveal_board(ctx: Ctx) -> Response:
    """POST ``step`` next or all, once the contest has ended: reveal the frozen board one
    pending cell at a time (from the bottom line up, as the ICPC resolver does) or all at
    once."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    if not await _ended(ctx, contest, await access.rounds(ctx.db, contest.id)):
        raise InvalidInput("contest_reveal_not_ended", field="step")
    form = await ctx.request.form()
    step = str(form.get("step", ""))
    if step == "next":
        cell = await reveal.reveal_next(ctx.db, ctx.user, contest)
        flash = "board_cell_revealed" if cell is not None else "board_revealed"
    elif step == "all":
        await reveal.reveal_all(ctx.db, ctx.user, contest)
        flash = "board_revealed"
    else:
        raise InvalidInput("action_unknown", field="step")
    await ctx.db.commit()
    await ctx.state.notifier.notify()
    ctx.flash(flash)
    return ctx.redirect(f"/contests/{contest.slug}/admin#controls")


@page(Role.COACH, Role.ADMIN)
async def publish_tasks(ctx: Ctx) -> Response:
    """POST: after the end, the contest's tasks join practice."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    await setup.publish_tasks(ctx.db, ctx.user, contest)
    await ctx.db.commit()
    ctx.flash("contest_tasks_published")
    return ctx.redirect(f"/contests/{contest.slug}/admin#controls")


@page(Role.COACH, Role.ADMIN)
async def publish_ratings(ctx: Ctx) -> Response:
    """POST: after the end, the rated contest's final standings change its ratings (all
    ratings are replayed: publishing again after a rejudge corrects them)."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    await rating_history.publish(ctx.db, ctx.user, contest, utcnow())
    await ctx.db.commit()
    ctx.flash("ratings_published")
    return ctx.redirect(f"/contests/{contest.slug}/admin#controls")


routes: list[BaseRoute] = [
    Route("/contests/new", new_contest, methods=["GET", "POST"]),
    Route("/contests/new/exam", new_mock_exam, methods=["POST"]),
    Route("/contests/{slug}/admin", contest_admin, methods=["GET", "POST"]),
    Route("/contests/{slug}/admin/clone", clone_contest, methods=["GET", "POST"]),
    Route("/contests/{slug}/admin/reveal", reveal_board, methods=["POST"]),
    Route("/contests/{slug}/admin/ratings", publish_ratings, methods=["POST"]),
    Route("/contests/{slug}/admin/publish", publish_tasks, methods=["POST"]),
]
