"""Admin: the judge fleet and queue, judge errors with retry, and rejudgings."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.catalog.browse import task_id_for_slug
from ictarena.errors import InvalidInput
from ictarena.http.context import Ctx, page
from ictarena.http.messages import message
from ictarena.intake.eligibility import still_allowed
from ictarena.submissions import rejudging as rejudgings
from ictarena.submissions.dispatch import dispatch_ready
from ictarena.submissions.queue_state import backlog, judge_failures


@page(Role.ADMIN)
async def fleet_page(ctx: Ctx) -> Response:
    workers = await ctx.state.fleet.workers()
    try:
        depth: int | None = await ctx.state.queue.depth()
    except Exception:
        depth = None
    queued = await backlog(ctx.db)
    failures = await judge_failures(ctx.db)
    return ctx.render(
        "admin_fleet.html",
        title=ctx.t("Judge fleet"),
        workers=workers,
        depth=depth,
        waiting=queued.waiting,
        oldest=queued.oldest,
        failures=failures,
    )


@page(Role.ADMIN)
async def retry_judging(ctx: Ctx) -> Response:
    assert ctx.user is not None
    user_id = await rejudgings.retry_failed(ctx.db, ctx.user, int(ctx.request.path_params["id"]))
    await ctx.db.commit()
    await dispatch_ready(ctx.db, ctx.state.queue, [user_id], ctx.state.settings.judge_cap_per_user)
    ctx.flash("judging_retried")
    return ctx.redirect("/admin/fleet")


@page(Role.ADMIN)
async def rejudging_list(ctx: Ctx) -> Response:
    assert ctx.user is not None
    error = None
    if ctx.request.method == "POST":
        form = await ctx.request.form()
        try:
            ids = [int(x) for x in str(form.get("submissions", "")).replace(",", " ").split() if x]
            task_slug = str(form.get("task", "")).strip()
            dataset_raw = str(form.get("dataset", "")).strip()
            dataset_id = int(dataset_raw) if dataset_raw and not ids and not task_slug else None
            task_id = None
            if task_slug and not ids:
                task_id = await task_id_for_slug(ctx.db, task_slug)
                if task_id is None:
                    raise InvalidInput("task_not_found", field="task")
            created, users = await rejudgings.create_rejudging(
                ctx.db,
                ctx.user,
                submission_ids=ids,
                task_id=task_id,
                dataset_id=dataset_id,
                reason=str(form.get("reason", "")),
                allowed=still_allowed,
            )
        except ValueError:
            await ctx.rollback()
            error = message("rejudge_scope_missing")
        except InvalidInput as exc:
            await ctx.rollback()
            error = message(exc.message, **exc.params)
        else:
            await ctx.db.commit()
            await dispatch_ready(
                ctx.db, ctx.state.queue, users, ctx.state.settings.judge_cap_per_user
            )
            ctx.flash("rejudging_created")
            return ctx.redirect(f"/admin/rejudgings/{created.id}")
    items = await rejudgings.recent_rejudgings(ctx.db)
    return ctx.render(
        "admin_rejudgings.html",
        status_code=400 if error else 200,
        title=ctx.t("Rejudgings"),
        rejudgings=items,
        error=error,
    )


@page(Role.ADMIN)
async def rejudging_page(ctx: Ctx) -> Response:
    assert ctx.user is not None
    rejudging_id = int(ctx.request.path_params["id"])
    error = None
    if ctx.request.method == "POST":
        form = await ctx.request.form()
        try:
            if form.get("action") == "apply":
                await rejudgings.apply_rejudging(
                    ctx.db, ctx.user, rejudging_id, ctx.state.settings.zone
                )
                ctx.flash("rejudging_applied")
            elif form.get("action") == "cancel":
                await rejudgings.cancel_rejudging(ctx.db, ctx.user, rejudging_id)
                ctx.flash("rejudging_cancelled")
        except InvalidInput as exc:
            await ctx.rollback()
            error = message(exc.message, **exc.params)
        else:
            await ctx.db.commit()
            return ctx.redirect(f"/admin/rejudgings/{rejudging_id}")
    item = await rejudgings.get_rejudging(ctx.db, rejudging_id)
    rows = await rejudgings.preview(ctx.db, rejudging_id)
    pending = sum(1 for row in rows if row.new.status in rejudgings.OPEN)
    return ctx.render(
        "admin_rejudging.html",
        status_code=400 if error else 200,
        title=ctx.t("Rejudging %(id)s", id=rejudging_id),
        rejudging=item,
        rows=rows,
        pending=pending,
        changed=sum(1 for row in rows if row.changed),
        error=error,
    )


routes = [
    Route("/admin/fleet", fleet_page),
    Route("/admin/judgings/{id:int}/retry", retry_judging, methods=["POST"]),
    Route("/admin/rejudgings", rejudging_list, methods=["GET", "POST"]),
    Route("/admin/rejudgings/{id:int}", rejudging_page, methods=["GET", "POST"]),
]
