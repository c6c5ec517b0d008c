"""The student's progress page, and the coach's progress table with CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import func, select
from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.catalog.models import Competency
from ictarena.errors import NotFound
from ictarena.http.charts import radar
from ictarena.http.context import Ctx, page
from ictarena.i18n import N_
from ictarena.progression import path
from ictarena.submissions.models import Submission

COMPETENCY_NAMES = {
    "enterprise_application_analysis": N_("Enterprise application analysis"),
    "product_proficiency": N_("Product proficiency"),
    "protocol_comprehension": N_("Protocol comprehension"),
    "logical_reasoning": N_("Logical reasoning"),
    "network_fault_diagnosis": N_("Network fault diagnosis"),
    "network_architecture_design": N_("Network architecture design"),
    "project_management": N_("Project management"),
}
STATUS_NAMES = {
    "done": N_("Done"),
    "in_progress": N_("In progress"),
    "open": N_("Open"),
    "locked": N_("Locked"),
}


@page(Role.STUDENT, Role.COACH, Role.ADMIN)
async def my_progress(ctx: Ctx) -> Response:
    assert ctx.user is not None
    catalogue = await path.load_catalogue(ctx.db)
    standing = (await path.standings(ctx.db, [ctx.user.id]))[ctx.user.id]
    scores = path.competency_scores(catalogue, standing)
    solved: dict[int, tuple[int, int]] = {}
    for module in catalogue.modules:
        tasks = catalogue.tasks_by_module.get(module.id, [])
        done, total = solved.get(module.tier_id, (0, 0))
        done += sum(1 for t in tasks if standing.results.get(t, (0.0, False))[1])
        solved[module.tier_id] = (done, total + len(tasks))
    activity = await path.activity(ctx.db, ctx.user.id, datetime.now(UTC).date())
    chart = radar([(ctx.t(COMPETENCY_NAMES[c.value]), scores[c.value]) for c in Competency])
    return ctx.render(
        "progress.html",
        title=ctx.t("My progress"),
        catalogue=catalogue,
        solved=solved,
        chart=chart,
        activity=activity,
    )


async def _coach_cohorts(ctx: Ctx) -> list[Cohort]:
    assert ctx.user is not None
    query = select(Cohort).where(Cohort.archived.is_(False)).order_by(Cohort.name)
    if ctx.user.role is not Role.ADMIN:
        query = query.where(Cohort.coach_id == ctx.user.id)
    return list((await ctx.db.scalars(query)).all())


async def _table(ctx: Ctx) -> tuple[Cohort, list[dict[str, object]], path.Catalogue, str | None]:
    cohorts = await _coach_cohorts(ctx)
    if not cohorts:
        raise NotFound("cohort_not_found")
    wanted = ctx.request.query_params.get("cohort")
    cohort = next((c for c in cohorts if str(c.id) == wanted), cohorts[0])
    track = ctx.request.query_params.get("track") or None
    students = (
        await ctx.db.scalars(
            select(User)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort.id)
            .order_by(User.username)
        )
    ).all()
    catalogue = await path.load_catalogue(ctx.db)
    standings = await path.standings(ctx.db, [s.id for s in students])
    last = dict(
        (
            await ctx.db.execute(
                select(Submission.user_id, func.max(Submission.created_at))
                .where(Submission.user_id.in_([s.id for s in students]))
                .group_by(Submission.user_id)
            )
        ).all()
    )
    rows: list[dict[str, object]] = []
    for student in students:
        standing = standings[student.id]
        statuses = path.module_statuses(catalogue, standing)
        rows.append(
            {
                "student": student,
                "statuses": statuses,
                "solved": sum(1 for _f, ok in standing.results.values() if ok),
                "last": last.get(student.id),
                "competencies": path.competency_scores(catalogue, standing),
            }
        )
    return cohort, rows, catalogue, track


def _modules(catalogue: path.Catalogue, track: str | None) -> list[object]:
    track_ids = {t.id for t in catalogue.tracks if track is None or t.slug == track}
    return [m for m in catalogue.modules if catalogue.tiers[m.tier_id].track_id in track_ids]


@page(Role.COACH, Role.ADMIN)
async def coach_progress(ctx: Ctx) -> Response:
    cohort, rows, catalogue, track = await _table(ctx)
    return ctx.render(
        "coach_progress.html",
        title=ctx.t("Progress of %(cohort)s", cohort=cohort.name),
        cohort=cohort,
        cohorts=await _coach_cohorts(ctx),
        rows=rows,
        modules=_modules(catalogue, track),
        tracks=catalogue.tracks,
        track=track,
        competencies=[c.value for c in Competency],
        competency_names=COMPETENCY_NAMES,
        status_names=STATUS_NAMES,
    )


@page(Role.COACH, Role.ADMIN)
async def coach_progress_csv(ctx: Ctx) -> Response:
    cohort, rows, catalogue, track = await _table(ctx)
    modules = _modules(catalogue, track)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    competencies = [c.value for c in Competency]
    writer.writerow(
        ["username", "name", "solved", "last_activity"]
        + [m.slug for m in modules]  # type: ignore[attr-defined]
        + competencies
    )
    for row in rows:
        student = row["student"]
        assert isinstance(student, User)
        statuses = row["statuses"]
        scores = row["competencies"]
        assert isinstance(statuses, dict) and isinstance(scores, dict)
        last = row["last"]
        writer.writerow(
            [student.username, student.display_name, row["solved"],
             last.isoformat() if isinstance(last, datetime) else ""]
            + [statuses.get(m.id, "") for m in modules]  # type: ignore[attr-defined]
            + [scores[c] for c in competencies]
        )  # fmt: skip
    filename = f"progress-{cohort.id}.csv"
    return ctx.finish(
        Response(
            "\ufeff" + buffer.getvalue(),  # a BOM, so spreadsheet programs read UTF-8 names
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    )


@page(Role.COACH, Role.ADMIN)
async def student_submissions(ctx: Ctx) -> Response:
    """A coach's view of one student's submissions (own cohorts only)."""
    assert ctx.user is not None
    from ictarena.catalog.models import Task
    from ictarena.submissions.access import coaches
    from ictarena.submissions.models import Judging

    student = await ctx.db.get(User, int(ctx.request.path_params["user_id"]))
    if student is None or (
        ctx.user.role is not Role.ADMIN and not await coaches(ctx.db, ctx.user, student.id)
    ):
        raise NotFound("user_not_found")
    rows = (
        await ctx.db.execute(
            select(Submission, Task, Judging)
            .join(Task, Task.id == Submission.task_id)
            .outerjoin(Judging, (Judging.submission_id == Submission.id) & Judging.valid.is_(True))
            .where(Submission.user_id == student.id)
            .order_by(Submission.id.desc())
            .limit(200)
        )
    ).all()
    return ctx.render(
        "my_submissions.html",
        title=ctx.t("Submissions of %(name)s", name=student.display_name),
        rows=rows,
        more=False,
        page_number=1,
        params={},
    )


routes = [
    Route("/progress", my_progress),
    Route("/coach/progress", coach_progress),
    Route("/coach/progress.csv", coach_progress_csv),
    Route("/coach/students/{user_id:int}/submissions", student_submissions),
]
