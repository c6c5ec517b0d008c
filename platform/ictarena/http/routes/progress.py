"""The student's progress page, and the coach's progress table with CSV export and the
submissions of one student."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.responses import Response
from starlette.routing import Route

from ictarena import i18n
from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Competency
from ictarena.contests import rating_history
from ictarena.contests.ratings import BASE
from ictarena.db import utcnow
from ictarena.errors import InvalidInput, NotFound
from ictarena.http.charts import radar, rating_line
from ictarena.http.context import Ctx, page
from ictarena.http.history import history
from ictarena.http.labels import COMPETENCIES, MODULE_STATUSES
from ictarena.http.panel import panels
from ictarena.http.spreadsheet import csv_response
from ictarena.progression import facts, path, readiness
from ictarena.progression.cohort_progress import ProgressTable, progress_table
from ictarena.submissions import attempts
from ictarena.submissions.access import coached_student
from ictjudge.wire import Verdict

STATUS_RANK = {"done": 3, "in_progress": 2, "open": 1, "locked": 0}


@page(Role.STUDENT, Role.COACH, Role.ADMIN)
async def my_progress(ctx: Ctx) -> Response:
    """The student's progress: per track the tier held and what is left before the next one
    (with the coach's last decision), solved tasks per tier, the competency radar over the
    tiers held and over the whole path, and the activity of the last weeks."""
    assert ctx.user is not None
    uid = ctx.user.id
    loaded = await facts.cohort_facts(ctx.db, [uid])
    decisions = await readiness.last_decisions(ctx.db, [uid])
    catalogue, standing = loaded.catalogue, loaded.standings[uid]
    solved: dict[int, tuple[int, int]] = {}
    for module in catalogue.modules:
        tasks = catalogue.tasks_by_module.get(module.id, [])
        done, total = solved.get(module.tier_id, (0, 0))
        done += sum(1 for t in tasks if standing.results.get(t, (0.0, False))[1])
        solved[module.tier_id] = (done, total + len(tasks))
    held = path.competency_scores(catalogue, standing, "held")
    whole = path.competency_scores(catalogue, standing, "all")
    activity = await path.activity(ctx.db, uid, datetime.now(UTC).date())
    competencies = [
        (c.value, ctx.t(COMPETENCIES[c.value]), held[c.value], whole[c.value]) for c in Competency
    ]
    scopes = (ctx.t("Tiers you hold"), ctx.t("Whole path"))
    rated = await rating_history.history(ctx.db, uid)
    return ctx.render(
        "progress.html",
        rated=rated,
        rating_chart=rating_line(
            [step.after for step in rated],
            rated[0].before if rated else BASE,
            ctx.t("Your rating after each rated contest"),
        )
        if rated
        else None,
        title=ctx.t("My progress"),
        catalogue=catalogue,
        panel=panels(readiness.readiness_from(loaded, decisions)[uid], catalogue, solved),
        solved=solved,
        solved_total=sum(1 for _f, ok in standing.results.values() if ok),
        chart=radar(
            [(name, value) for _key, name, value, _all in competencies],
            [value for *_rest, value in competencies],
            scopes,
        ),
        scopes=scopes,
        competencies=competencies,
        activity=activity,
        active_days=sum(1 for _d, n in activity.days if n),
        submissions=sum(n for _d, n in activity.days),
        pad=activity.days[0][0].weekday() if activity.days else 0,
    )


async def _table(ctx: Ctx) -> ProgressTable:
    assert ctx.user is not None
    params = ctx.request.query_params
    return await progress_table(ctx.db, ctx.user, params.get("cohort"), params.get("track") or None)


@page(Role.COACH, Role.ADMIN)
async def coach_progress(ctx: Ctx) -> Response:
    table = await _table(ctx)
    return ctx.render(
        "coach_progress.html",
        title=ctx.t("Progress of %(cohort)s", cohort=table.cohort.name)
        if table.cohort
        else ctx.t("Progress table"),
        table=table,
        tracks=table.catalogue.tracks if table.catalogue else [],
        competencies=[c.value for c in Competency],
        ranks=STATUS_RANK,
        wide=True,
    )


@page(Role.COACH, Role.ADMIN)
async def coach_progress_csv(ctx: Ctx) -> Response:
    """The progress table as the coach reads it: labels and module titles in the coach's
    language, statuses as words, times to the second (see :mod:`ictarena.http.spreadsheet`)."""
    table = await _table(ctx)
    if table.cohort is None:
        raise NotFound("cohort_not_found")
    competencies = [c.value for c in Competency]
    zh = ctx.locale == "zh_Hans"
    header = [
        ctx.t("Username"),
        i18n.pgettext("person", "Name"),
        ctx.t("Solved"),
        ctx.t("Last activity (UTC)"),
        *[(m.title_zh if zh and m.title_zh else m.title_en) for m in table.modules],
        *[ctx.t("%(competency)s (%%)", competency=ctx.t(COMPETENCIES[c])) for c in competencies],
    ]
    rows = [
        [row.student.username, row.student.display_name, row.solved,
         row.last.replace(microsecond=0) if row.last else None,
         *[_status(ctx, row.statuses.get(m.id)) for m in table.modules],
         *[round(row.competencies[c]) for c in competencies]]
        for row in table.rows
    ]  # fmt: skip
    return ctx.finish(csv_response(f"progress-{table.cohort.id}.csv", header, rows))


def _status(ctx: Ctx, status: str | None) -> str:
    return ctx.t(MODULE_STATUSES[status]) if status in MODULE_STATUSES else ""


async def _coached_student(ctx: Ctx) -> User:
    assert ctx.user is not None
    return await coached_student(ctx.db, ctx.user, int(ctx.request.path_params["user_id"]))


@page(Role.COACH, Role.ADMIN)
async def student_submissions(ctx: Ctx) -> Response:
    """A coach's view of one student's submissions (own cohorts only), with today's quiz
    attempts and a form to grant more."""
    student = await _coached_student(ctx)
    quiz_days = await attempts.quiz_days(
        ctx.db, student.id, ctx.state.settings.quiz_attempts_per_day, utcnow()
    )
    return ctx.render(
        "my_submissions.html",
        title=ctx.t("Submissions of %(name)s", name=student.display_name),
        history=await history(ctx.db, student.id, ctx.request.query_params),
        verdicts=[v.value for v in Verdict],
        languages=ctx.state.languages,
        action=f"/coach/students/{student.id}/submissions",
        student=student,
        quiz_days=quiz_days,
        max_grant=attempts.MAX_GRANT,
    )


def _form_int(value: object, field: str) -> int:
    raw = str(value or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise InvalidInput("number_invalid", field=field)
    return int(raw)


@page(Role.COACH, Role.ADMIN)
async def grant_quiz_attempts(ctx: Ctx) -> Response:
    """Give one of the coach's students more attempts at a quiz today."""
    assert ctx.user is not None
    student = await _coached_student(ctx)
    form = await ctx.request.form()
    task_id = _form_int(form.get("task_id"), "task_id")
    count = _form_int(form.get("count"), "count")
    await attempts.grant_attempts(ctx.db, ctx.user, student.id, task_id, count, utcnow())
    await ctx.db.commit()
    ctx.flash("quiz_attempts_granted")
    return ctx.redirect(f"/coach/students/{student.id}/submissions")


routes = [
    Route("/progress", my_progress),
    Route("/coach/progress", coach_progress),
    Route("/coach/progress.csv", coach_progress_csv),
    Route("/coach/students/{user_id:int}/submissions", student_submissions),
    Route("/coach/students/{user_id:int}/quiz-grants", grant_quiz_attempts, methods=["POST"]),
]
