"""Submitting, the submission page, its live event stream, and the JSON API."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ictarena.accounts.directory import find_user
from ictarena.accounts.models import Role
from ictarena.catalog.browse import find_dataset, find_task
from ictarena.catalog.tasktypes.registry import kind
from ictarena.errors import InvalidInput, Throttled
from ictarena.events.fanout import Channel, Delivery
from ictarena.http.context import Ctx, page
from ictarena.http.judgetexts import judge_message, localise_runs, text
from ictarena.http.labels import VERDICTS
from ictarena.http.messages import message
from ictarena.http.review import quiz_review
from ictarena.http.routes.live import open_stream
from ictarena.http.runpages import run_page, run_rules
from ictarena.http.submit_forms import form_files, intake_outlets, intake_rules
from ictarena.http.urls import MAX_ID
from ictarena.intake.runs import practice_run
from ictarena.intake.service import accept
from ictarena.submissions import attempts
from ictarena.submissions.access import viewable_submission
from ictarena.submissions.models import Submission
from ictarena.submissions.status import SubmissionStatus, submission_status
from ictjudge.custom import RunJob
from ictjudge.labs.network.remedies import remedies
from ictjudge.labs.network.screens import Console, consoles

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)


async def _accept(
    ctx: Ctx, task_id: int, language: str | None, files: Mapping[str, str | bytes]
) -> Submission:
    """Hand a parsed submission to the intake service with this site's rules and outlets."""
    assert ctx.user is not None
    rules, outlets = intake_rules(ctx), intake_outlets(ctx)
    return await accept(ctx.db, ctx.user, task_id, language, files, rules, outlets, ctx.client_ip)


@page(*ANY_USER)
async def submit_form(ctx: Ctx) -> Response:
    assert ctx.user is not None
    task_id = int(ctx.request.path_params["task_id"])
    language, files = await form_files(ctx)
    try:
        submission = await _accept(ctx, task_id, language, files)
    except (InvalidInput, Throttled) as exc:
        await ctx.rollback()
        task = await find_task(ctx.db, task_id)
        return ctx.render(
            "submit_error.html",
            status_code=429 if isinstance(exc, Throttled) else 400,
            title=ctx.t("Submission refused"),
            error=message(exc.message, **exc.params),
            task=task,
        )
    ctx.flash("submission_received")
    return ctx.redirect(f"/submissions/{submission.id}")


@page(*ANY_USER)
async def run_form(ctx: Ctx) -> Response:
    """Run the program of a practice task's form on the input typed under it (nothing is
    stored: :mod:`ictarena.intake.runs`)."""
    assert ctx.user is not None
    user, task_id = ctx.user, int(ctx.request.path_params["task_id"])
    task = await find_task(ctx.db, task_id)
    back = f"/tasks/{task.slug}" if task is not None else "/tasks"

    async def order(language: str | None, files: dict[str, str | bytes], stdin: str) -> RunJob:
        return await practice_run(ctx.db, user, task_id, language, files, stdin, run_rules(ctx))

    return await run_page(ctx, order, back)


def _report_details(status: SubmissionStatus) -> dict[str, Any]:
    """What the judge's report says beyond the runs: the compiler's message, a message about
    the submission as a whole (configuration tasks), subtask results, and what each script of
    a service lab returned and printed last."""
    judging = status.judging
    raw = (judging.report or {}) if judging is not None else {}  # the judge's own report
    compile_result = raw.get("compile")
    if not isinstance(compile_result, dict):
        compile_result = {}
    groups = [
        g
        for g in raw.get("groups", [])
        if isinstance(g, dict) and g.get("counts", True) and g.get("max_score") is not None
    ]
    return {
        "compile_message": str(compile_result.get("message") or "").strip(),
        "compile_failed": compile_result.get("ok") is False,
        "judge_message": judge_message(raw) if kind(status.task.type).answers != "source" else "",
        "groups": groups,
        "skipped": _skipped(raw),
        "questions": raw.get("questions") if isinstance(raw.get("questions"), list) else None,
        "outputs": [o for o in raw.get("outputs") or [] if isinstance(o, dict)],
    }


def _skipped(raw: dict[str, Any]) -> int:
    """How many tests the judge did not run, having stopped at a failure. Every group counts
    the skipped tests below it, so the top group's count (the largest) is the total."""
    counts = [g.get("skipped") for g in raw.get("groups", []) if isinstance(g, dict)]
    return max((c for c in counts if isinstance(c, int) and c > 0), default=0)


async def _lab(ctx: Ctx, status: SubmissionStatus) -> dict[str, Any] | None:
    """The ``lab`` section a network task's submission was judged with."""
    judging = status.judging
    if judging is None or status.task.type != "network":
        return None
    dataset = await find_dataset(ctx.db, judging.dataset_id)
    lab = dataset.manifest.get("lab") if dataset is not None else None
    return lab if isinstance(lab, dict) else None


async def _lab_views(ctx: Ctx, status: SubmissionStatus) -> tuple[list[Console], list[Any]]:
    """A judged VRP lab's display outputs per router and switch and, for coaches and admins
    only, each intent with the commands that would meet it (none for other tasks)."""
    assert ctx.user is not None
    lab = await _lab(ctx, status)
    if lab is None or status.judging is None:
        return [], []
    live = (status.judging.report or {}).get("live")
    files = status.submission.files
    shown = consoles(lab, files, live) if isinstance(live, dict) else []
    if ctx.user.role not in (Role.COACH, Role.ADMIN):  # the commands give the answer away
        return shown, []
    return shown, [{**asdict(r), "title": text(r.title.model_dump())} for r in remedies(lab, files)]


@page(*ANY_USER)
async def submission_page(ctx: Ctx) -> Response:
    assert ctx.user is not None
    submission = await viewable_submission(ctx.db, ctx.user, int(ctx.request.path_params["id"]))
    status = await submission_status(ctx.db, submission)
    details = _report_details(status)
    review = []
    if details["questions"] is not None and status.judging is not None:
        dataset = await find_dataset(ctx.db, status.judging.dataset_id)
        if dataset is not None and "quiz" in dataset.manifest:
            questions = details["questions"]
            if submission.user_id == ctx.user.id and ctx.user.role is Role.STUDENT:
                state = await attempts.attempt_state(
                    ctx.db,
                    submission.user_id,
                    submission.task_id,
                    attempts.quiz_limit(dataset.manifest, ctx.state.settings.quiz_attempts_per_day),
                    submission.created_at,
                )
                if not (state.reveal or status.judging.verdict == "AC"):
                    # answers stay hidden while the day's attempts remain, until a pass
                    questions = [{**q, "expected": None, "explanation": None} for q in questions]
                    details = {**details, "answers_hidden": True}
            review = quiz_review(
                dataset.manifest["quiz"],
                questions,
                ctx.locale,
                (ctx.t("True"), ctx.t("False")),
            )
    screens, fixes = await _lab_views(ctx, status)
    own = submission.user_id == ctx.user.id
    author = ctx.user if own else await find_user(ctx.db, submission.user_id)
    data = status.to_json()
    if status.judging is not None and status.judging.report:
        visible = [run.visible for run in status.runs]
        data["runs"] = localise_runs(data["runs"], visible, status.judging.report)
    return ctx.render(
        "submission.html",
        title=ctx.t("Submission %(id)s", id=submission.id),
        status=status,
        task_kind=kind(status.task.type),
        data=data,
        details=details,
        review=review,
        consoles=screens,
        remedies=fixes,
        own=own,
        author=author,
        language_name=ctx.state.languages.get(submission.language or "", submission.language),
        verdict_names_json=json.dumps({code: ctx.t(name) for code, name in VERDICTS.items()}),
    )


def _legacy(delivery: Delivery) -> str:
    data = json.dumps(delivery.data, default=str)
    return f"id: {delivery.id}\nevent: {delivery.kind}\ndata: {data}\n\n"


def _final(delivery: Delivery) -> bool:
    return delivery.kind == "judging.done" and delivery.data.get("status") in ("done", "error")


@page(*ANY_USER)
async def submission_events(ctx: Ctx) -> Response:
    """One submission's events, ending with its verdict: the single-channel form of
    ``/events/stream`` (same slots, same fan-out), kept for API clients."""
    assert ctx.user is not None
    submission = await viewable_submission(ctx.db, ctx.user, int(ctx.request.path_params["id"]))
    subject = f"submission:{submission.id}"
    raw = ctx.request.headers.get("last-event-id") or ctx.request.query_params.get("since") or "0"
    try:
        after = min(MAX_ID, max(0, int(raw)))
    except ValueError:
        after = 0
    return open_stream(ctx, [Channel(subject, subject)], after, _legacy, _final)


# JSON API -------------------------------------------------------------------------------------


@page(*ANY_USER, badge=False)
async def api_submit(ctx: Ctx) -> Response:
    try:
        body = await ctx.request.json()
        task_id = int(body["task_id"])
        files = body["files"]
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise ValueError("files must map names to text")
    except (ValueError, KeyError, TypeError) as exc:
        return JSONResponse({"error": "bad request", "detail": str(exc)}, status_code=400)
    try:
        submission = await _accept(ctx, task_id, body.get("language"), files)
    except (InvalidInput, Throttled) as exc:
        await ctx.rollback()
        field = getattr(exc, "field", None)
        status = 429 if isinstance(exc, Throttled) else 400
        return JSONResponse(
            {"error": exc.message, "field": field, "detail": message(exc.message, **exc.params)},
            status_code=status,
        )
    return JSONResponse(
        {"id": submission.id, "url": f"/submissions/{submission.id}"}, status_code=201
    )


@page(*ANY_USER)
async def api_submission(ctx: Ctx) -> Response:
    assert ctx.user is not None
    submission = await viewable_submission(ctx.db, ctx.user, int(ctx.request.path_params["id"]))
    status = await submission_status(ctx.db, submission)
    return JSONResponse(status.to_json(include_source=True))


routes = [
    Route("/tasks/{task_id:int}/submit", submit_form, methods=["POST"]),
    Route("/tasks/{task_id:int}/run", run_form, methods=["POST"]),
    Route("/submissions/{id:int}", submission_page),
    Route("/submissions/{id:int}/events", submission_events),
    Route("/api/submissions", api_submit, methods=["POST"]),
    Route("/api/submissions/{id:int}", api_submission),
]
