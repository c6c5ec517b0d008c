"""A contest task's page (the statement of the round's PINNED dataset with the task type's
answer form), its statement images, and the submit form.

Submitting goes through :func:`ictarena.intake.contest.accept_contest`, whose entitlement check
at the server's now is the only authority: a page left open past the end, a round not started,
a reader who does not take part, all get the located reason on a refusal page. The task is
named by the round's position and its label, so a form can only ever reach that round's task.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from starlette.responses import FileResponse, Response
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.catalog.browse import find_dataset
from ictarena.catalog.models import Dataset, Task
from ictarena.catalog.quiz import presentation
from ictarena.catalog.tasktypes import registry as task_types
from ictarena.contests.listing import Overview, RoundView, Standing, State, overview
from ictarena.contests.models import Contest, RoundTask
from ictarena.contests.windows import Phase
from ictarena.db import utcnow
from ictarena.errors import ArenaError, Forbidden, InvalidInput, NotFound, Throttled
from ictarena.http.contestpages import epoch_ms, local, visible_contest
from ictarena.http.context import Ctx, page
from ictarena.http.editors import workbench
from ictarena.http.markdown import render, render_inline
from ictarena.http.messages import message
from ictarena.http.routes.submissions import _form_files
from ictarena.intake.contest import accept_contest
from ictarena.intake.service import Outlets
from ictarena.submissions.contest_attempts import round_attempts
from ictarena.submissions.services import IntakeRules

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
LABEL_LENGTH = 8


def _find(shown: Overview, position: int, label: str) -> tuple[RoundView, RoundTask, Task]:
    if len(label) <= LABEL_LENGTH:
        for view in shown.rounds:
            if view.round.position == position:
                for round_task, task in view.tasks:
                    if round_task.label == label:
                        return view, round_task, task
    raise NotFound("contest_task_not_found")


def _readable(seen: Standing, shown: Overview, view: RoundView) -> bool:
    """May the reader see this round's tasks: the jury always, a participant once their time
    in it has begun, anyone who may see the contest once it has ended."""
    if seen is Standing.JURY or shown.state is State.ENDED:
        return True
    return shown.participation is not None and view.phase in (
        Phase.RUNNING,
        Phase.FROZEN,
        Phase.OVER,
    )


async def _located(ctx: Ctx) -> tuple[Contest, Standing, Overview, RoundView, RoundTask, Task]:
    contest, seen = await visible_contest(ctx)
    shown = await overview(ctx.db, contest, ctx.user, utcnow())
    position = int(ctx.request.path_params["position"])
    view, round_task, task = _find(shown, position, str(ctx.request.path_params["label"]))
    return contest, seen, shown, view, round_task, task


def _dataset_dir(ctx: Ctx, dataset: Dataset) -> Path:
    return ctx.state.settings.tasks_dir / dataset.content_hash


def _questions(manifest: dict[str, Any], seed: str, locale: str) -> list[dict[str, Any]]:
    questions = presentation(manifest["quiz"], seed, "zh" if locale == "zh_Hans" else "en")
    for question in questions:
        question["html"] = render_inline(question["text"])
        for option in question.get("options", []):
            option["html"] = render_inline(option["text"])
    return questions


@page(*ANY_USER)
async def contest_task(ctx: Ctx) -> Response:
    assert ctx.user is not None
    contest, seen, shown, view, round_task, task = await _located(ctx)
    if not _readable(seen, shown, view):
        raise NotFound("contest_task_not_found")  # nothing of a task shows before its start
    dataset = await find_dataset(ctx.db, round_task.dataset_id)  # the pinned one
    task_kind = task_types.kind(task.type)
    base = f"/contests/{contest.slug}/rounds/{view.round.position}/tasks/{round_task.label}"
    statement, manifest, bench, questions = "", {}, None, []
    if dataset is not None:
        primary, other = (
            (dataset.statement_zh, dataset.statement_en)
            if ctx.locale == "zh_Hans"
            else (dataset.statement_en, dataset.statement_zh)
        )
        statement = render(primary or other, asset_base=f"{base}/")
        manifest = dataset.manifest
        if task_kind.answers == "lab":
            bench = workbench(task.type, manifest, _dataset_dir(ctx, dataset))
        if task_kind.answers == "quiz" and "quiz" in manifest:
            questions = _questions(manifest, f"{ctx.user.id}:{task.slug}", ctx.locale)
    attempts: list[Any] = []
    if shown.participation is not None and shown.entry is not None:
        member = None if view.round.shared else shown.participation.id
        attempts = [
            (s, j)
            for s, j in await round_attempts(ctx.db, view.round.id, shown.entry.id, member)
            if s.task_id == task.id
        ]
    may_submit = shown.participation is not None and view.phase in (Phase.RUNNING, Phase.FROZEN)
    end = view.window.end if view.window and view.window.end else view.round.ends_at
    return ctx.render(
        "contest_task.html",
        title=f"{round_task.label}. {task.title_zh if ctx.locale == 'zh_Hans' else task.title_en}",
        wide=True,
        contest=contest,
        view=view,
        round_task=round_task,
        task=task,
        task_kind=task_kind,
        dataset=dataset,
        statement=statement,
        limits=manifest.get("limits", {}) if task_kind.answers == "source" else {},
        languages=[
            (lid, name)
            for lid, name in ctx.state.languages.items()
            if not manifest.get("languages") or lid in manifest["languages"]
        ],
        questions=questions,
        quiz_state=None,
        bench=bench,
        attempts=attempts,
        may_submit=may_submit,
        submit_action=f"{base}/submit",
        draft_key=f"contest:{contest.slug}:{round_task.label}",
        since=shown.since,
        now_ms=epoch_ms(utcnow()),
        end_ms=epoch_ms(end) if may_submit else None,
        end_text=local(end, ctx.state.settings.zone),
        zone=ctx.state.settings.zone.key,
    )


@page(*ANY_USER)
async def contest_task_asset(ctx: Ctx) -> Response:
    """An image of a contest task's statement, from the round's pinned dataset."""
    _contest, seen, shown, view, round_task, _task = await _located(ctx)
    dataset = await find_dataset(ctx.db, round_task.dataset_id)
    if not _readable(seen, shown, view) or dataset is None:
        raise NotFound("asset_not_found")
    base = (_dataset_dir(ctx, dataset) / "statement" / "assets").resolve()
    path = (base / ctx.request.path_params["path"]).resolve()
    if (
        not path.is_relative_to(base)
        or path.suffix.lower() not in IMAGE_TYPES
        or not path.is_file()
    ):
        raise NotFound("asset_not_found")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(path, media_type=media_type)
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return ctx.finish(response)


@page(*ANY_USER)
async def contest_submit(ctx: Ctx) -> Response:
    """Hand the form to contest intake; a refusal (over, not started, not a participant, too
    fast) is shown with its reason and a way back, whatever page the form came from."""
    assert ctx.user is not None
    contest, _seen, _shown, view, round_task, task = await _located(ctx)
    language, files = await _form_files(ctx)
    settings = ctx.state.settings
    rules = IntakeRules(
        max_bytes=settings.submission_max_kb * 1024,
        per_minute=settings.submissions_per_minute,
        languages=tuple(ctx.state.languages),
        quiz_attempts_per_day=settings.quiz_attempts_per_day,
    )
    outlets = Outlets(
        ctx.state.queue, ctx.state.notifier, settings.judge_cap_per_user, settings.zone
    )
    try:
        submission = await accept_contest(
            ctx.db,
            ctx.user,
            contest.id,
            view.round.id,
            task.id,
            language,
            files,
            rules,
            outlets,
            ctx.client_ip,
        )
    except (InvalidInput, Forbidden, Throttled, NotFound) as exc:
        await ctx.rollback()  # the rows read before are expired: read them again
        contest, _seen, _shown, view, round_task, task = await _located(ctx)
        return _refused(ctx, contest, view, round_task, task, exc)
    ctx.flash("submission_received")
    return ctx.redirect(f"/submissions/{submission.id}")


def _refused(
    ctx: Ctx, contest: Contest, view: RoundView, round_task: RoundTask, task: Task, exc: ArenaError
) -> Response:
    status = 429 if isinstance(exc, Throttled) else 403 if isinstance(exc, Forbidden) else 400
    if isinstance(exc, NotFound):
        status = 404
    return ctx.render(
        "contest_refused.html",
        status_code=status,
        title=ctx.t("Submission refused"),
        error=message(exc.message, **exc.params),
        field=getattr(exc, "field", None),
        contest=contest,
        view=view,
        round_task=round_task,
        task=task,
        editor=task_types.kind(task.type).editor,
    )


PREFIX = "/contests/{slug:str}/rounds/{position:int}/tasks/{label:str}"
routes = [
    Route(PREFIX, contest_task),
    Route(PREFIX + "/assets/{path:path}", contest_task_asset),
    Route(PREFIX + "/submit", contest_submit, methods=["POST"]),
]
