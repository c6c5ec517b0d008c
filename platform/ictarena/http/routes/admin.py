"""The admin desk: users and roles."""

from __future__ import annotations

from datetime import timedelta

from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts import services as accounts
from ictarena.accounts.directory import all_users
from ictarena.accounts.models import Role
from ictarena.accounts.passwords import PasswordPolicy
from ictarena.errors import InvalidInput
from ictarena.http.context import Ctx, page
from ictarena.http.messages import message
from ictarena.submissions.totals import site_totals


@page(Role.ADMIN)
async def admin_home(ctx: Ctx) -> Response:
    counts = await site_totals(ctx.db)
    return ctx.render("admin_home.html", title=ctx.t("Administration"), counts=counts)


@page(Role.ADMIN)
async def users_page(ctx: Ctx) -> Response:
    assert ctx.user is not None
    error = None
    one_time: tuple[str, str] | None = None
    flash = "user_updated"
    if ctx.request.method == "POST":
        form = await ctx.request.form()
        try:
            action = str(form.get("action", ""))
            if action == "create":
                role = str(form.get("role"))
                if role not in Role.__members__.values():
                    raise InvalidInput("role_invalid", field="role")
                await accounts.admin_create_user(
                    ctx.db,
                    ctx.user,
                    str(form.get("username", "")),
                    str(form.get("password", "")),
                    Role(role),
                    str(form.get("display_name", "")),
                    PasswordPolicy.from_settings(ctx.state.settings),
                )
                flash = "user_created"
            user_id = int(str(form.get("user_id", "0")))
            if action == "reset":
                hours = ctx.state.settings.one_time_password_hours
                target, password = await accounts.reset_password(
                    ctx.db, ctx.user, user_id, timedelta(hours=hours)
                )
                one_time = (target.username, password)
            if "role" in form and action != "create":
                role = str(form.get("role"))
                if role not in Role.__members__.values():
                    raise InvalidInput("role_invalid", field="role")
                await accounts.set_role(ctx.db, ctx.user, user_id, Role(role))
            if "active" in form:
                active = form.get("active") == "1"
                await accounts.set_active(ctx.db, ctx.user, user_id, active)
                flash = "user_reactivated" if active else "user_deactivated"
        except (InvalidInput, ValueError) as exc:
            await ctx.rollback()
            error = (
                message(exc.message, **exc.params)
                if isinstance(exc, InvalidInput)
                else message("user_not_found")
            )
        else:
            await ctx.db.commit()
            if one_time is None:  # a one-time password is shown on this page, once
                ctx.flash(flash)
                return ctx.redirect("/admin/users")
    users = await all_users(ctx.db)
    return ctx.render(
        "admin_users.html",
        status_code=400 if error else 200,
        title=ctx.t("Users"),
        users=users,
        roles=list(Role),
        error=error,
        one_time=one_time,
    )


routes = [
    Route("/admin", admin_home),
    Route("/admin/users", users_page, methods=["GET", "POST"]),
]
