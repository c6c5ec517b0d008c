"""A coach releases a task's editorial to a cohort they coach, or withdraws it (the task's page
shows the form under the editorial)."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts.models import Role
from ictarena.catalog import listing
from ictarena.errors import InvalidInput, NotFound
from ictarena.http.context import Ctx, page
from ictarena.progression import editorials


def _number(value: object, field: str) -> int:
    raw = str(value or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise InvalidInput("editorial_form_invalid", field=field)
    return int(raw)


@page(Role.COACH, Role.ADMIN)
async def release(ctx: Ctx) -> Response:
    """POST ``cohort`` and ``released`` (1: release, 0: withdraw)."""
    assert ctx.user is not None
    found = await listing.task_with_dataset(ctx.db, ctx.request.path_params["slug"])
    if found is None or not editorials.has_editorial(found[1]):
        raise NotFound("task_not_found")
    form = await ctx.request.form()
    cohort_id = _number(form.get("cohort"), "cohort")
    wanted = str(form.get("released", "")).strip()
    if wanted not in ("0", "1"):
        raise InvalidInput("editorial_form_invalid", field="released")
    changed = await editorials.set_release(ctx.db, ctx.user, found[0], cohort_id, wanted == "1")
    await ctx.db.commit()
    if not changed:
        ctx.flash("editorial_unchanged")
    else:
        ctx.flash("editorial_released" if wanted == "1" else "editorial_withdrawn")
    return ctx.redirect(f"/tasks/{found[0].slug}#editorial")


routes: list[BaseRoute] = [Route("/tasks/{slug}/editorial", release, methods=["POST"])]
