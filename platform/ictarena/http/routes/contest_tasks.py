"""A contest task's page (the statement of the round's PINNED dataset with the task type's
answer form), its statement images, and the submit form.

Submitting goes through :func:`ictarena.intake.contest.accept_contest`, whose entitlement check
at the server's now is the only authority: a page left open past the end, a round not started,
a reader who does not take part, all get the located reason on a refusal page. The task is
named by the round's position and its label, so a form can only ever reach that round's task.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.catalog.browse import find_dataset
from ictarena.catalog.models import Task
from ictarena.catalog.tasktypes import registry as task_types
from ictarena.contests.listing import Overview, RoundView, Standing, State, overview
from ictarena.contests.models import Contest, RoundTask
from ictarena.contests.windows import Phase
from ictarena.db import utcnow
from ictarena.errors import ArenaError, Forbidden, InvalidInput, NotFound, Throttled
from ictarena.http.contestpages import epoch_ms, local, visible_contest
from ictarena.http.context import Ctx, page
from ictarena.http.editors import workbench
from ictarena.http.markdown import render
from ictarena.http.messages import message
from ictarena.http.runpages import run_page, run_rules
from ictarena.http.statements import (
    allowed_languages,
    chosen_language,
    dataset_dir,
    quiz_questions,
    statement_asset,
)
from ictarena.http.submit_forms import form_files, intake_outlets, intake_rules
from ictarena.http.virtualpages import off_record
from ictarena.intake.contest import accept_contest
from ictarena.intake.runs import contest_run
from ictarena.progression.editorials import contest_editorial
from ictarena.submissions.contest_attempts import round_attempts
from ictjudge.custom import RunJob

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)
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
            bench = workbench(task.type, manifest, dataset_dir(ctx, dataset))
        if task_kind.answers == "quiz" and "quiz" in manifest:
            questions = quiz_questions(manifest, f"{ctx.user.id}:{task.slug}", ctx.locale)
    attempts: list[Any] = []
    if shown.participation is not None and shown.entry is not None:
        member = None if view.round.shared else shown.participation.id
        attempts = [
            (s, j)
            for s, j in await round_attempts(ctx.db, view.round.id, shown.entry.id, member)
            if s.task_id == task.id
        ]
    may_submit = shown.participation is not None and view.phase in (Phase.RUNNING, Phase.FROZEN)
    ended = shown.state is State.ENDED
    editorial = contest_editorial(dataset, ended, seen is Standing.JURY, ctx.locale)
    end = view.window.end if view.window and view.window.end else view.round.ends_at
    submit_action, aside = f"{base}/submit", None
    if not may_submit and dataset is not None:  # a virtual run's round, or upsolving
        aside = await off_record(ctx, contest, shown, view, base, task)
        if aside is not None:
            may_submit, submit_action, attempts = True, aside.action, aside.attempts
            end = aside.end or end
    offered = allowed_languages(ctx, manifest)
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
        languages=offered,
        chosen_language=chosen_language(manifest, offered),
        questions=questions,
        quiz_state=None,
        bench=bench,
        attempts=attempts,
        may_submit=may_submit,
        off_record=aside.kind if aside is not None else None,
        submit_action=submit_action,
        run_action=f"{base}/run"
        if may_submit and aside is None and task_kind.answers == "source"
        else None,
        draft_key=f"contest:{contest.slug}:{round_task.label}",
        since=shown.since,
        now_ms=epoch_ms(utcnow()),
        end_ms=epoch_ms(end) if may_submit and (aside is None or aside.end) else None,
        end_text=local(end, ctx.state.settings.zone),
        zone=ctx.state.settings.zone.key,
        editorial=editorial,
        editorial_html=render(editorial.text, asset_base=f"{base}/") if editorial.text else "",
        editorial_note=""
        if ended
        else ctx.t("The jury reads it now; participants read it when the contest ends."),
        releases=[],
    )


@page(*ANY_USER)
async def contest_task_asset(ctx: Ctx) -> Response:
    """An image of a contest task's statement, from the round's pinned dataset."""
    _contest, seen, shown, view, round_task, _task = await _located(ctx)
    dataset = await find_dataset(ctx.db, round_task.dataset_id)
    if not _readable(seen, shown, view) or dataset is None:
        raise NotFound("asset_not_found")
    return statement_asset(ctx, dataset)


@page(*ANY_USER)
async def contest_submit(ctx: Ctx) -> Response:
    """Hand the form to contest intake; a refusal (over, not started, not a participant, too
    fast) is shown with its reason and a way back, whatever page the form came from."""
    assert ctx.user is not None
    contest, _seen, _shown, view, round_task, task = await _located(ctx)
    language, files = await form_files(ctx)
    try:
        submission = await accept_contest(
            ctx.db,
            ctx.user,
            contest.id,
            view.round.id,
            task.id,
            language,
            files,
            intake_rules(ctx),
            intake_outlets(ctx),
            ctx.client_ip,
        )
    except (InvalidInput, Forbidden, Throttled, NotFound) as exc:
        await ctx.rollback()  # the rows read before are expired: read them again
        contest, _seen, _shown, view, round_task, task = await _located(ctx)
        return _refused(ctx, contest, view, round_task, task, exc)
    ctx.flash("submission_received")
    return ctx.redirect(f"/submissions/{submission.id}")


@page(*ANY_USER)
async def contest_run_form(ctx: Ctx) -> Response:
    """Run the program of a contest task's form on the input typed under it, while the
    participant's time in the round runs (the entitlement check at the server's clock)."""
    assert ctx.user is not None
    user = ctx.user
    contest, _seen, _shown, view, round_task, task = await _located(ctx)
    back = f"/contests/{contest.slug}/rounds/{view.round.position}/tasks/{round_task.label}"
    contest_id, round_id, task_id = contest.id, view.round.id, task.id

    async def order(language: str | None, files: dict[str, str | bytes], stdin: str) -> RunJob:
        rules = run_rules(ctx)
        return await contest_run(
            ctx.db, user, contest_id, round_id, task_id, language, files, stdin, rules
        )

    return await run_page(ctx, order, back)


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
    Route(PREFIX + "/run", contest_run_form, methods=["POST"]),
]
