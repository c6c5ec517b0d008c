"""Home pages: the root redirect, the student's path, the coach's cohorts, the admin's desk."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts import cohort_names, directory
from ictarena.accounts import services as accounts
from ictarena.accounts.models import Cohort, Role
from ictarena.db import utcnow
from ictarena.errors import InvalidInput, NotFound
from ictarena.http.context import Ctx, page
from ictarena.http.messages import message
from ictarena.http.pathmap import path_map
from ictarena.http.routes.auth import home_for
from ictarena.leaderboards import boards
from ictarena.progression import cohort_activity, path

COHORT_BOARD_ROWS = 10  # the top of the cohort's board on its page; the board page has the rest


@page(login=False)
async def root(ctx: Ctx) -> Response:
    return ctx.redirect(home_for(ctx.user.role) if ctx.user else "/login")


@page(Role.STUDENT, Role.COACH, Role.ADMIN)
async def student_home(ctx: Ctx) -> Response:
    """The path map: tracks × tiers, and the modules of each tier with their progress."""
    assert ctx.user is not None
    cohorts = await directory.member_cohorts(ctx.db, ctx.user.id)
    catalogue = await path.load_catalogue(ctx.db)
    standing = (await path.standings(ctx.db, [ctx.user.id]))[ctx.user.id]
    tracks = path_map(catalogue, standing)
    return ctx.render(
        "student_home.html",
        title=ctx.t("My path"),
        tracks=[t for t in tracks if t.total],
        empty_tracks=[t for t in tracks if not t.total],
        cohorts=cohorts,
    )


@page(Role.COACH, Role.ADMIN)
async def coach_home(ctx: Ctx) -> Response:
    assert ctx.user is not None
    error = None
    if ctx.request.method == "POST":
        form = await ctx.request.form()
        try:
            await accounts.create_cohort(ctx.db, ctx.user, str(form.get("name", "")))
        except InvalidInput as exc:
            await ctx.rollback()
            error = message(exc.message)
        else:
            await ctx.db.commit()
            ctx.flash("cohort_created")
            return ctx.redirect("/coach")
    own = None if ctx.user.role is Role.ADMIN else ctx.user.id
    rows = await directory.cohorts_with_sizes(ctx.db, own)
    return ctx.render(
        "coach_home.html",
        status_code=400 if error else 200,
        title=ctx.t("Cohorts"),
        cohorts=rows,
        error=error,
    )


async def _own_cohort(ctx: Ctx) -> Cohort:
    assert ctx.user is not None
    cohort_id = int(ctx.request.path_params["cohort_id"])
    return await directory.managed_cohort(ctx.db, ctx.user, cohort_id)


@page(Role.COACH, Role.ADMIN)
async def cohort_page(ctx: Ctx) -> Response:
    """The cohort: its invite code, members, the top of its board, weekly activity and quiet
    students; POST renames, archives or restores it, or removes a member (ownership is checked
    by ``_own_cohort`` and again by the service)."""
    assert ctx.user is not None
    cohort = await _own_cohort(ctx)
    error = None
    if ctx.request.method == "POST":
        form = await ctx.request.form()
        action = str(form.get("action", ""))
        try:
            if action == "rename":
                await accounts.rename_cohort(ctx.db, ctx.user, cohort, str(form.get("name", "")))
                flash = "cohort_renamed"
            elif action == "public_name":
                name = str(form.get("public_name", ""))
                await cohort_names.set_public_name(ctx.db, ctx.user, cohort, name)
                flash = "cohort_public_name_saved"
            elif action in ("archive", "restore"):
                archived = action == "archive"
                await accounts.set_cohort_archived(ctx.db, ctx.user, cohort, archived)
                flash = "cohort_archived" if archived else "cohort_restored"
            elif action == "remove":
                user_id = int(str(form.get("user_id", "")))
                await accounts.remove_member(ctx.db, ctx.user, cohort, user_id)
                flash = "member_removed"
            else:
                raise InvalidInput("action_unknown", field="action")
        except ValueError:
            raise NotFound("member_not_found") from None
        except InvalidInput as exc:
            await ctx.rollback()
            await ctx.db.refresh(cohort)
            error = message(exc.message, **exc.params)
        else:
            await ctx.db.commit()
            ctx.flash(flash)
            return ctx.redirect(f"/coach/cohorts/{cohort.id}")
    members = await directory.cohort_members(ctx.db, cohort.id)
    settings = ctx.state.settings
    activity = await cohort_activity.cohort_activity(
        ctx.db, [member for member, _joined in members], utcnow(), settings.zone
    )
    top = await boards.board(ctx.db, cohort_id=cohort.id, per_page=COHORT_BOARD_ROWS)
    invite_url = f"{ctx.state.settings.public_url}/register?code={cohort.invite_code}"
    return ctx.render(
        "cohort.html",
        status_code=400 if error else 200,
        title=cohort.name,
        cohort=cohort,
        members=members,
        activity=activity,
        board=top,
        zone=settings.timezone,
        invite_url=invite_url,
        error=error,
    )


@page(Role.COACH, Role.ADMIN)
async def rotate_invite(ctx: Ctx) -> Response:
    assert ctx.user is not None
    cohort = await _own_cohort(ctx)
    await accounts.rotate_invite_code(ctx.db, ctx.user, cohort)
    await ctx.db.commit()
    ctx.flash("invite_rotated")
    return ctx.redirect(f"/coach/cohorts/{cohort.id}")


routes = [
    Route("/", root),
    Route("/student", student_home),
    Route("/coach", coach_home, methods=["GET", "POST"]),
    Route("/coach/cohorts/{cohort_id:int}", cohort_page, methods=["GET", "POST"]),
    Route("/coach/cohorts/{cohort_id:int}/rotate", rotate_invite, methods=["POST"]),
]
