"""The coach's promotion queue: per cohort, the students who meet every entry criterion of
their next tier, then those who are close, each with the criteria snapshot; and the decisions
on one row (promote, promote early with an override reason, hold, waive the prerequisites of a
tier, withdraw a tier) or on the ticked candidates at once.

Who may decide is the domain's to say (:mod:`ictarena.progression.promotions` and
:mod:`ictarena.progression.queue` raise ``Forbidden`` for a student or another coach's cohort);
this module parses the form, calls the service, and shows a refusal next to the form it came
from, with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.datastructures import FormData
from starlette.responses import Response
from starlette.routing import Route

from ictarena import i18n
from ictarena.accounts import directory
from ictarena.accounts.models import Cohort, Role, User
from ictarena.errors import InvalidInput, NotFound
from ictarena.http import criteria
from ictarena.http.context import Ctx, page
from ictarena.http.criteria import CriterionView
from ictarena.http.messages import message
from ictarena.progression import promotions, queue, readiness
from ictarena.progression.readiness import Readiness

ACTIONS = ("promote", "early", "hold", "waive", "revoke")
FLASHES = {
    "promote": "student_promoted",
    "early": "student_promoted_early",
    "hold": "student_held",
    "waive": "prerequisites_waived",
    "revoke": "tier_revoked",
}


@dataclass(frozen=True)
class Row:
    """One student in one track, as the queue shows it."""

    key: str  # "<student id>-<track id>": names the row's forms and errors
    student: User
    ready: Readiness
    criteria: list[CriterionView]
    percent: int
    last: str  # the last decision, in a few words ("" when none)


@dataclass
class Failure:
    """A refused decision: which row and form, which field, and the message."""

    key: str
    action: str
    where: str  # the field the message belongs to
    text: str
    values: dict[str, str] = field(default_factory=dict)


def _row(ready: Readiness, student: User) -> Row:
    last = ready.last
    summary = ""
    if last is not None:
        words = {
            "promote": i18n.gettext("Promoted"),
            "hold": i18n.gettext("Held"),
            "revoke": i18n.gettext("Tier withdrawn"),
        }
        summary = f"{words.get(last.decision, last.decision)} {last.created_at:%Y-%m-%d}"
        if last.reason:
            summary += f": {last.reason}"
    return Row(
        key=f"{student.id}-{ready.track.id}",
        student=student,
        ready=ready,
        criteria=criteria.views(ready.progress),
        percent=int(ready.closeness * 100),
        last=summary,
    )


def _cohort_id(ctx: Ctx) -> int | None:
    raw = ctx.request.query_params.get("cohort", "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise NotFound("cohort_not_found")
    return int(raw)


async def _render(ctx: Ctx, cohort_id: int | None, failure: Failure | None = None) -> Response:
    assert ctx.user is not None
    own = None if ctx.user.role is Role.ADMIN else ctx.user.id
    cohorts = await directory.open_cohorts(ctx.db, own)
    chosen: Cohort | None = None
    rows: dict[str, list[Row]] = {"ready": [], "close": [], "others": []}
    if cohort_id is None and cohorts:
        cohort_id = cohorts[0].id
    if cohort_id is not None:
        found = await queue.promotion_queue(ctx.db, ctx.user, cohort_id)
        chosen = found.cohort
        for group, shown in rows.items():
            shown.extend(_row(e.readiness, e.student) for e in getattr(found, group, []))
        if not hasattr(found, "others"):
            rows["others"] = await _others(ctx, found)
    status = 200 if failure is None else (409 if failure.where == "tier" else 400)
    return ctx.render(
        "promotions.html",
        status_code=status,
        title=ctx.t("Promotion queue"),
        cohorts=cohorts,
        cohort=chosen,
        ready=rows["ready"],
        close=rows["close"],
        others=rows["others"],
        failure=failure,
        # A refusal on a row the queue no longer shows (promoted meanwhile) goes on top.
        failure_shown=failure is not None
        and (
            (failure.key == "bulk" and bool(rows["ready"]))
            or any(r.key == failure.key for shown in rows.values() for r in shown)
        ),
        wide=True,
    )


async def _others(ctx: Ctx, found: queue.PromotionQueue) -> list[Row]:
    """The cohort's students in every track where they are neither ready nor close (a coach
    may still promote them early, waive prerequisites or withdraw a tier)."""
    listed = {(r.student.id, r.readiness.track.id) for r in [*found.ready, *found.close]}
    students = {
        member.id: member
        for member, _joined in await directory.cohort_members(ctx.db, found.cohort.id)
        if member.role is Role.STUDENT
    }
    every = await readiness.readiness_of(ctx.db, students)
    others = [
        _row(ready, students[user_id])
        for user_id, tracks in every.items()
        for ready in tracks
        if (user_id, ready.track.id) not in listed
    ]
    others.sort(key=lambda r: (r.ready.track.position, r.student.username))
    return others


@page(Role.COACH, Role.ADMIN)
async def promotion_queue(ctx: Ctx) -> Response:
    return await _render(ctx, _cohort_id(ctx))


def _number(form: FormData, name: str) -> int:
    raw = str(form.get(name, "")).strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise NotFound("user_not_found" if name == "student" else "tier_not_found")
    return int(raw)


async def _decide(ctx: Ctx, action: str, form: FormData) -> None:
    """Call the service for ``action`` on the row the form names."""
    assert ctx.user is not None
    student = _number(form, "student")
    reason = str(form.get("reason", ""))
    ip = ctx.client_ip
    if action in ("promote", "early"):
        tier = _number(form, "tier")
        await promotions.promote(
            ctx.db, ctx.user, student, tier, reason=reason, early=action == "early", ip=ip
        )
        if action == "early" and form.get("waive"):
            await promotions.waive_prerequisites(ctx.db, ctx.user, student, tier, reason, ip=ip)
    elif action == "hold":
        await promotions.hold(ctx.db, ctx.user, student, _number(form, "track"), reason, ip=ip)
    elif action == "waive":
        await promotions.waive_prerequisites(
            ctx.db, ctx.user, student, _number(form, "tier"), reason, ip=ip
        )
    else:
        await promotions.revoke(ctx.db, ctx.user, student, _number(form, "tier"), reason, ip=ip)


@page(Role.COACH, Role.ADMIN)
async def decide(ctx: Ctx) -> Response:
    """One decision on one row of the queue."""
    cohort_id = _cohort_id(ctx)
    if cohort_id is None:
        raise NotFound("cohort_not_found")
    form = await ctx.request.form()
    action = str(form.get("action", ""))
    if action not in ACTIONS:
        raise InvalidInput("action_unknown", field="action")
    key = f"{form.get('student', '')}-{form.get('track', '')}"
    try:
        await _decide(ctx, action, form)
    except InvalidInput as exc:
        await ctx.rollback()
        failure = Failure(
            key,
            action,
            exc.field or "reason",
            message(exc.message, **exc.params),
            {"reason": str(form.get("reason", ""))},
        )
        return await _render(ctx, cohort_id, failure)
    await ctx.db.commit()
    await ctx.state.notifier.notify()
    ctx.flash(FLASHES[action])
    return ctx.redirect(f"/coach/promotions?cohort={cohort_id}")


@page(Role.COACH, Role.ADMIN)
async def approve_ticked(ctx: Ctx) -> Response:
    """Promote the ticked candidates of the cohort (those still ready)."""
    assert ctx.user is not None
    cohort_id = _cohort_id(ctx)
    if cohort_id is None:
        raise NotFound("cohort_not_found")
    form = await ctx.request.form()
    picked: set[tuple[int, int]] = set()
    for value in form.getlist("pick"):
        student, _, track = str(value).partition(":")
        if student.isascii() and student.isdigit() and track.isascii() and track.isdigit():
            picked.add((int(student), int(track)))
    if not picked:
        failure = Failure("bulk", "bulk", "pick", message("nothing_selected"))
        return await _render(ctx, cohort_id, failure)
    outcome = await queue.bulk_approve(ctx.db, ctx.user, cohort_id, picked, ip=ctx.client_ip)
    await ctx.db.commit()
    await ctx.state.notifier.notify()
    ctx.flash("students_promoted" if outcome.promoted else "nobody_promoted")
    return ctx.redirect(f"/coach/promotions?cohort={cohort_id}")


routes = [
    Route("/coach/promotions", promotion_queue),
    Route("/coach/promotions/decide", decide, methods=["POST"]),
    Route("/coach/promotions/approve", approve_ticked, methods=["POST"]),
]
