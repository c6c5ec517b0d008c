"""The admin's editor of the tracks' entry criteria: each track, its tiers, and a form per tier
from Professional up. Saving marks the criteria as an admin's edit, which re-imports keep;
"revert" goes back to what the track file says."""

from __future__ import annotations

import math
from typing import Any, Literal

from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.catalog.criteria import ContestCriterion, EntryCriteria
from ictarena.catalog.criteria_edits import (
    TierView,
    revert_criteria,
    save_criteria,
    tracks_for_editing,
)
from ictarena.catalog.models import Competency
from ictarena.errors import InvalidInput, NotFound
from ictarena.http.context import Ctx, page
from ictarena.i18n import N_

# form field -> (least, greatest) accepted
NUMBERS: dict[str, tuple[float, float]] = {
    "points": (0, 1_000_000),
    "contest_percentile": (0, 100),
    "contest_score": (0, 1_000_000),
    "rating": (0, 100_000),
    **{f"competency_{c.value}": (0, 100) for c in Competency},
}
NOT_A_NUMBER = N_("Enter a number, such as 150, or leave the field empty.")
OUT_OF_RANGE = N_("Enter a number from %(low)s to %(high)s.")
NO_MODULE = N_("Choose at least one module, or “every module of the tier below”.")
UNKNOWN_MODULE = N_("%(module)s is not a module of the tier below.")
ENTRY_TIER = N_("Every student starts in this tier: it has no entry criteria.")


def _number(raw: str, name: str, errors: dict[str, tuple[str, dict[str, Any]]]) -> float | None:
    """The number in a form field (None when empty); a located error when it is not one."""
    text = raw.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        errors[name] = (NOT_A_NUMBER, {})
        return None
    low, high = NUMBERS[name]
    if not math.isfinite(value) or not low <= value <= high:
        errors[name] = (OUT_OF_RANGE, {"low": f"{low:.0f}", "high": f"{high:.0f}"})
        return None
    return value


def parse_criteria(
    form: Any, below: list[str]
) -> tuple[EntryCriteria | None, dict[str, tuple[str, dict[str, Any]]]]:
    """Entry criteria from one tier's form, or the errors by field name (message, params).
    ``below`` lists the modules of the tier below, which ``modules`` may name."""
    errors: dict[str, tuple[str, dict[str, Any]]] = {}
    numbers = {name: _number(str(form.get(name) or ""), name, errors) for name in NUMBERS}
    mode = str(form.get("modules_mode") or "none")
    chosen = [str(m) for m in form.getlist("modules")]
    modules_done: Literal["all"] | list[str] | None = None
    if mode == "all":
        modules_done = "all"
    elif mode == "some":
        unknown = [m for m in chosen if m not in below]
        if unknown:
            errors["modules"] = (UNKNOWN_MODULE, {"module": unknown[0][:64]})
        elif not chosen:
            errors["modules"] = (NO_MODULE, {})
        modules_done = list(dict.fromkeys(chosen))
    elif mode != "none":
        errors["modules"] = (NO_MODULE, {})
    if errors:
        return None, errors
    contest = None
    if numbers["contest_percentile"] is not None or numbers["contest_score"] is not None:
        contest = ContestCriterion(
            percentile=numbers["contest_percentile"], score=numbers["contest_score"]
        )
    competencies = {
        c: value for c in Competency if (value := numbers[f"competency_{c.value}"]) is not None
    }
    criteria = EntryCriteria(
        modules_done=modules_done,
        points=numbers["points"],
        competencies=competencies,
        contest=contest,
        rating=numbers["rating"],
    )
    return criteria, {}


def form_values(view: TierView) -> dict[str, Any]:
    """The form's fields filled from a tier's criteria."""
    criteria = view.criteria
    contest = criteria.contest or ContestCriterion()
    done = criteria.modules_done
    values: dict[str, Any] = {
        "modules_mode": "all" if done == "all" else "some" if done else "none",
        "modules": list(done) if isinstance(done, list) else [],
        "points": criteria.points,
        "contest_percentile": contest.percentile,
        "contest_score": contest.score,
        "rating": criteria.rating,
    }
    for c in Competency:
        values[f"competency_{c.value}"] = criteria.competencies.get(c)
    return {k: (f"{v:g}" if isinstance(v, float) else v) for k, v in values.items()}


def _submitted(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(form.get(name) or "")[:40] for name in NUMBERS}
    values["modules_mode"] = str(form.get("modules_mode") or "none")
    values["modules"] = [str(m) for m in form.getlist("modules")]
    return values


@page(Role.ADMIN)
async def tracks_page(ctx: Ctx) -> Response:
    """GET: every track and its tiers. POST (``tier_id``, ``action`` save or revert): one
    tier's criteria; on an error nothing is written and the form shows it by field."""
    assert ctx.user is not None
    errors: dict[str, str] = {}
    failed_tier: int | None = None
    submitted: dict[str, Any] = {}
    if ctx.request.method == "POST":
        form = await ctx.request.form()
        try:
            tier_id = int(str(form.get("tier_id") or ""))
        except ValueError:
            raise NotFound("not_found") from None
        action = str(form.get("action") or "")
        views = {v.tier.id: v for t in await tracks_for_editing(ctx.db) for v in t.tiers}
        view = views.get(tier_id)
        if view is None:
            raise NotFound("not_found")
        if view.tier.level < 2:
            raise InvalidInput("criteria_entry_tier", field="tier")
        if action == "revert":
            await revert_criteria(ctx.db, ctx.user.id, tier_id, ctx.client_ip)
            await ctx.db.commit()
            ctx.flash("criteria_reverted")
            return ctx.redirect(f"/admin/tracks#tier-{tier_id}")
        if action != "save":
            raise InvalidInput("invalid_request", field="action")
        criteria, found = parse_criteria(form, [m.slug for m in view.below])
        if criteria is not None:
            try:
                await save_criteria(ctx.db, ctx.user.id, tier_id, criteria, ctx.client_ip)
            except InvalidInput as exc:
                found = {"modules": (UNKNOWN_MODULE, {"module": str(exc.params.get("module"))})}
            else:
                await ctx.db.commit()
                ctx.flash("criteria_saved")
                return ctx.redirect(f"/admin/tracks#tier-{tier_id}")
        await ctx.rollback()
        errors = {name: ctx.t(text, **params) for name, (text, params) in found.items()}
        failed_tier = tier_id
        submitted = _submitted(form)
    tracks = await tracks_for_editing(ctx.db)
    values = {
        v.tier.id: submitted if v.tier.id == failed_tier else form_values(v)
        for t in tracks
        for v in t.tiers
    }
    return ctx.render(
        "admin_tracks.html",
        status_code=400 if errors else 200,
        title=ctx.t("Tracks and entry criteria"),
        tracks=tracks,
        values=values,
        errors=errors,
        failed_tier=failed_tier,
        competencies=[c.value for c in Competency],
        entry_tier=ENTRY_TIER,
    )


routes = [Route("/admin/tracks", tracks_page, methods=["GET", "POST"])]
