"""Browsing and solving: the task list, a task's page and its statement images, and the
student's own submissions."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.catalog import browse, listing
from ictarena.catalog.models import Competency, Task
from ictarena.catalog.tasktypes import registry as task_types
from ictarena.db import utcnow
from ictarena.errors import Locked, NotFound
from ictarena.http import query
from ictarena.http.context import Ctx, page
from ictarena.http.criteria import localised
from ictarena.http.editors import Workbench, workbench
from ictarena.http.history import history
from ictarena.http.markdown import render
from ictarena.http.statements import (
    allowed_languages,
    chosen_language,
    dataset_dir,
    quiz_questions,
    statement_asset,
)
from ictarena.http.topology import draw, vlan_text
from ictarena.intake.eligibility import visible_task
from ictarena.leaderboards import popularity
from ictarena.progression import editorials, path, practice
from ictarena.progression.locks import Lock
from ictarena.submissions import attempts
from ictarena.submissions.history import recent_attempts
from ictjudge.wire import Verdict

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)
FILTERS = ("track", "tier", "module", "type", "competency", "status", "search")
SEARCH_LENGTH = 100  # longer than any title
COMPETENCIES = [c.value for c in Competency]


@page(*ANY_USER)
async def task_list(ctx: Ctx) -> Response:
    assert ctx.user is not None
    params = ctx.request.query_params
    wanted = practice.TaskFilter(  # an unknown choice is no filter, as the form's "any"
        track=query.text(params, "track"),
        tier=query.text(params, "tier"),
        module=query.text(params, "module"),
        type=query.choice(params, "type", task_types.names()),
        competency=query.choice(params, "competency", COMPETENCIES),
        status=query.choice(params, "status", practice.STATUSES),
        search=(query.text(params, "search", SEARCH_LENGTH) or "").strip() or None,
    )
    rows = await practice.task_rows(ctx.db, ctx.user.id, ctx.user.role is Role.STUDENT, wanted)
    stats = await popularity.popularity(ctx.db, [row.task.id for row in rows])
    tracks, modules = await listing.filter_choices(ctx.db)
    return ctx.render(
        "tasks.html",
        title=ctx.t("Tasks"),
        rows=rows,
        stats=stats,
        wanted=wanted,
        filtered=any(getattr(wanted, key) for key in FILTERS),
        tracks=tracks,
        modules=modules,
        types=task_types.names(),
        competencies=COMPETENCIES,
    )


def _topology_picture(ctx: Ctx, bench: Workbench, title: str) -> Any:
    if bench.topology is None:
        return None
    nodes = bench.topology.nodes
    description = ctx.t(
        "%(nodes)s devices and %(links)s links; the table below lists every link.",
        nodes=len(nodes),
        links=len(bench.topology.links),
    )
    title = ctx.t("Topology of %(task)s", task=title)
    return draw(bench.topology, title, description, partial(vlan_text, t=ctx.t))


@page(*ANY_USER)
async def task_page(ctx: Ctx) -> Response:
    assert ctx.user is not None
    found = await listing.task_with_dataset(ctx.db, ctx.request.path_params["slug"])
    if found is None:
        raise NotFound("task_not_found")
    task, dataset = found
    try:
        await visible_task(ctx.db, ctx.user, task.id)  # hidden tasks do not exist for you
    except Locked as locked:
        return await _locked_page(ctx, task, locked.lock)
    module, tier, track = await browse.placement(ctx.db, task.module_id)
    competencies = await browse.task_competencies(ctx.db, task.id)
    title = task.title_zh if ctx.locale == "zh_Hans" else task.title_en
    task_kind = task_types.kind(task.type)
    statement = ""
    manifest: dict[str, Any] = {}
    bench: Workbench | None = None
    if dataset is not None:
        primary, other = (
            (dataset.statement_zh, dataset.statement_en)
            if ctx.locale == "zh_Hans"
            else (dataset.statement_en, dataset.statement_zh)
        )
        statement = render(primary or other, asset_base=f"/tasks/{task.slug}/")
        manifest = dataset.manifest
        if task_kind.answers == "lab":
            bench = workbench(task.type, manifest, dataset_dir(ctx, dataset))
    questions = []
    quiz_state = None
    if task_kind.answers == "quiz" and "quiz" in manifest:
        questions = quiz_questions(manifest, f"{ctx.user.id}:{task.slug}", ctx.locale)
        if ctx.user.role is Role.STUDENT:
            limit = attempts.quiz_limit(manifest, ctx.state.settings.quiz_attempts_per_day)
            quiz_state = await attempts.attempt_state(ctx.db, ctx.user.id, task.id, limit, utcnow())
    recent = await recent_attempts(ctx.db, ctx.user.id, task.id)
    editorial = await editorials.practice_editorial(ctx.db, ctx.user, task, dataset, ctx.locale)
    releases = []
    if editorial.access is not editorials.Access.NONE:
        releases = await editorials.releases(ctx.db, ctx.user, task.id)
    offered = allowed_languages(ctx, manifest)
    return ctx.render(
        "task.html",
        title=title,
        task=task,
        task_kind=task_kind,
        module=module,
        tier=tier,
        track=track,
        competencies=[str(c) for c in competencies],
        dataset=dataset,
        statement=statement,
        limits=manifest.get("limits", {}) if task_kind.answers == "source" else {},
        languages=offered,
        chosen_language=chosen_language(manifest, offered),
        questions=questions,
        quiz_state=quiz_state,
        bench=bench,
        topology=_topology_picture(ctx, bench, title) if bench else None,
        port_text=partial(vlan_text, t=ctx.t),
        recent=recent,
        editorial=editorial,
        editorial_html=render(editorial.text, asset_base=f"/tasks/{task.slug}/")
        if editorial.text
        else "",
        editorial_note="",
        releases=releases,
        run_action=f"/tasks/{task.id}/run" if task_kind.answers == "source" else None,
    )


async def _locked_page(ctx: Ctx, task: Task, lock: object) -> Response:
    """What a student sees of a task they have not unlocked (403): its title, its tier and
    what opens it, never the statement."""
    assert isinstance(lock, Lock)
    # The track's tiers by level, for the names of the tier held and the next one.
    catalogue = await path.load_catalogue(ctx.db)
    tiers = {t.level: t for t in catalogue.tiers.values() if t.track_id == lock.track.id}
    held, following = tiers.get(lock.held_level), tiers.get(lock.held_level + 1)
    return ctx.render(
        "task_locked.html",
        status_code=403,
        title=localised(task, "title"),
        task=task,
        lock=lock,
        held_name=localised(held, "name") if held else "",
        next_name=localised(following, "name") if following else "",
    )


@page(*ANY_USER)
async def task_asset(ctx: Ctx) -> Response:
    """An image of a task's statement (``statement/assets/…`` in its live dataset)."""
    assert ctx.user is not None
    found = await listing.task_with_dataset(ctx.db, ctx.request.path_params["slug"])
    if found is None or found[1] is None:
        raise NotFound("task_not_found")
    task, dataset = found[0], found[1]
    await visible_task(ctx.db, ctx.user, task.id)
    return statement_asset(ctx, dataset)


@page(*ANY_USER)
async def my_submissions(ctx: Ctx) -> Response:
    assert ctx.user is not None
    return ctx.render(
        "my_submissions.html",
        title=ctx.t("My submissions"),
        history=await history(ctx.db, ctx.user.id, ctx.request.query_params),
        verdicts=[v.value for v in Verdict],
        languages=ctx.state.languages,
        action="/submissions",
        student=None,
    )


routes = [
    Route("/tasks", task_list),
    Route("/tasks/{slug:str}", task_page),
    Route("/tasks/{slug:str}/assets/{path:path}", task_asset),
    Route("/submissions", my_submissions),
]
