"""The account page: the name shown on the global leaderboards, and a way to the password page.

A student's board name is what everyone outside their cohort sees on the boards; blank means
their display name. The rules are :func:`ictarena.leaderboards.names.clean_board_name`'s.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from ictarena.errors import InvalidInput
from ictarena.http.context import Ctx, page
from ictarena.http.messages import message
from ictarena.leaderboards.names import FIELD, MAX_LENGTH, printable, set_board_name

ACCOUNT_PATH = "/account"


@page(login=True)
async def account(ctx: Ctx) -> Response:
    """Show and change one's own board name (a POST with the CSRF token)."""
    assert ctx.user is not None
    errors: dict[str, str] = {}
    value = ctx.user.board_name or ""
    if ctx.request.method == "POST":
        form = await ctx.request.form()
        value = str(form.get(FIELD, ""))[: MAX_LENGTH * 4]
        try:
            set_board_name(ctx.user, value)
        except InvalidInput as exc:
            await ctx.rollback()
            errors[exc.field or FIELD] = message(exc.message, **exc.params)
            value = printable(value)
        else:
            await ctx.db.commit()
            ctx.flash("board_name_saved")
            return ctx.redirect(ACCOUNT_PATH)
    return ctx.render(
        "account.html",
        status_code=400 if errors else 200,
        title=ctx.t("Account"),
        errors=errors,
        value=value,
        max_length=MAX_LENGTH,
    )


routes = [Route(ACCOUNT_PATH, account, methods=["GET", "POST"])]
