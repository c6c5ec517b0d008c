"""Browsing and solving: the task list, a task's page, and the student's own submissions."""

from __future__ import annotations

from sqlalchemy import select
from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.catalog import listing
from ictarena.catalog.models import Competency, TaskType
from ictarena.catalog.quiz import presentation
from ictarena.errors import NotFound
from ictarena.http.context import Ctx, page
from ictarena.http.markdown import render
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.services import visible_task

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)
PAGE_SIZE = 50


@page(*ANY_USER)
async def task_list(ctx: Ctx) -> Response:
    assert ctx.user is not None
    params = ctx.request.query_params
    wanted = listing.TaskFilter(
        **{
            key: params.get(key) or None
            for key in ("track", "tier", "module", "type", "competency", "status")
        }
    )
    rows = await listing.task_rows(ctx.db, ctx.user.id, ctx.user.role is Role.STUDENT, wanted)
    tracks, modules = await listing.filter_choices(ctx.db)
    return ctx.render(
        "tasks.html",
        title=ctx.t("Tasks"),
        rows=rows,
        wanted=wanted,
        tracks=tracks,
        modules=modules,
        types=[t.value for t in TaskType],
        competencies=[c.value for c in Competency],
    )


@page(*ANY_USER)
async def task_page(ctx: Ctx) -> Response:
    assert ctx.user is not None
    found = await listing.task_with_dataset(ctx.db, ctx.request.path_params["slug"])
    if found is None:
        raise NotFound("task_not_found")
    task, dataset = found
    await visible_task(ctx.db, ctx.user, task.id)  # locked or hidden tasks do not exist for you
    statement = ""
    if dataset is not None:
        primary, other = (
            (dataset.statement_zh, dataset.statement_en)
            if ctx.locale == "zh_Hans"
            else (dataset.statement_en, dataset.statement_zh)
        )
        statement = render(primary or other)
    manifest = dataset.manifest if dataset is not None else {}
    questions = []
    if task.type is TaskType.QUIZ and "quiz" in manifest:
        locale = "zh" if ctx.locale == "zh_Hans" else "en"
        questions = presentation(manifest["quiz"], f"{ctx.user.id}:{task.slug}", locale)
    recent = (
        await ctx.db.execute(
            select(Submission, Judging)
            .outerjoin(Judging, (Judging.submission_id == Submission.id) & Judging.valid.is_(True))
            .where(Submission.user_id == ctx.user.id, Submission.task_id == task.id)
            .order_by(Submission.id.desc())
            .limit(10)
        )
    ).all()
    return ctx.render(
        "task.html",
        title=task.title_zh if ctx.locale == "zh_Hans" else task.title_en,
        task=task,
        dataset=dataset,
        statement=statement,
        limits=manifest.get("limits", {}),
        languages=[
            (lid, name)
            for lid, name in ctx.state.languages.items()
            if not manifest.get("languages") or lid in manifest["languages"]
        ],
        questions=questions,
        recent=recent,
    )


@page(*ANY_USER)
async def my_submissions(ctx: Ctx) -> Response:
    assert ctx.user is not None
    from ictarena.catalog.models import Task

    params = ctx.request.query_params
    query = (
        select(Submission, Task, Judging)
        .join(Task, Task.id == Submission.task_id)
        .outerjoin(Judging, (Judging.submission_id == Submission.id) & Judging.valid.is_(True))
        .where(Submission.user_id == ctx.user.id)
        .order_by(Submission.id.desc())
    )
    if params.get("task"):
        query = query.where(Task.slug == params["task"])
    if params.get("verdict"):
        query = query.where(Judging.verdict == params["verdict"])
    if params.get("language"):
        query = query.where(Submission.language == params["language"])
    try:
        page_number = max(1, int(params.get("page", "1")))
    except ValueError:
        page_number = 1
    rows = (
        await ctx.db.execute(query.offset((page_number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1))
    ).all()
    return ctx.render(
        "my_submissions.html",
        title=ctx.t("My submissions"),
        rows=rows[:PAGE_SIZE],
        more=len(rows) > PAGE_SIZE,
        page_number=page_number,
        params=params,
    )


routes = [
    Route("/tasks", task_list),
    Route("/tasks/{slug:str}", task_page),
    Route("/submissions", my_submissions),
]
