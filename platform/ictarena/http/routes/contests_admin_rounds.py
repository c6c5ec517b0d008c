"""The jury's round pages: add a round, edit its window and scoring (after the start too: the
domain audits it), pick its tasks from the catalogue with a label and points, remove one, and
move one to a newer dataset through the rejudging preview.

Times are typed in the platform's time zone and stored in UTC (:mod:`ictarena.http.contest_forms`).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts.models import Role
from ictarena.contests import access, roster, setup
from ictarena.contests.models import (
    Contest,
    Round,
    RoundKind,
    ScoreMode,
    Scoring,
    WindowType,
)
from ictarena.errors import InvalidInput, NotFound
from ictarena.http.contest_forms import MAX_ID, FormReader, local_input, local_text
from ictarena.http.contest_jury import contest_round, jury_contest, undo
from ictarena.http.context import Ctx, page
from ictarena.i18n import N_
from ictarena.intake.contest_datasets import move_dataset
from ictarena.submissions import contest_cells

ROUND_FIELDS = (
    "name", "kind", "scoring", "mode", "weight", "window", "starts_at", "ends_at",
    "duration_min", "freeze_min", "penalty_min",
)  # fmt: skip
TASK_FIELDS = ("task_id", "label", "points", "position")
# The variants each scoring rule offers (the first is the default).
MODES: dict[Scoring, tuple[ScoreMode, ...]] = {
    Scoring.ICPC: (ScoreMode.SUBTASK,),
    Scoring.IOI: (ScoreMode.SUBTASK, ScoreMode.SUBMISSION),
    Scoring.EXAM: (ScoreMode.BEST, ScoreMode.LAST),
}
WEEK_MIN = 7 * 24 * 60
NOT_MODE = N_("Choose a variant of this scoring rule.")
DURATION_NEEDED = N_("A personal timer needs its duration in minutes.")
PICK_TASK = N_("Choose a task from the search results.")


def _round_values(round: Round, ctx: Ctx) -> dict[str, Any]:
    zone = ctx.state.settings.zone
    return {
        "name": round.name,
        "kind": round.kind.value,
        "scoring": round.scoring.value,
        "mode": round.mode.value,
        "weight": f"{round.weight:g}",
        "window": round.window.value,
        "starts_at": local_input(round.starts_at, zone),
        "ends_at": local_input(round.ends_at, zone),
        "duration_min": "" if round.duration_min is None else str(round.duration_min),
        "freeze_min": "" if round.freeze_min is None else str(round.freeze_min),
        "penalty_min": str(round.penalty_min),
    }


def _read_round(reader: FormReader) -> dict[str, Any]:
    """The round form as keyword arguments of ``setup.add_round``/``update_round``."""
    scoring = reader.choice("scoring", Scoring, Scoring.IOI) or Scoring.IOI
    mode = reader.choice("mode", ScoreMode, MODES[scoring][0])
    if mode not in MODES[scoring]:
        if scoring is Scoring.ICPC:  # ICPC has no variant: whatever was sent means none
            mode = MODES[scoring][0]
        else:
            reader.fail("mode", NOT_MODE)
    window = reader.choice("window", WindowType, WindowType.FIXED)
    duration = reader.optional_whole("duration_min", 1, WEEK_MIN)
    if window is WindowType.PERSONAL and duration is None and "duration_min" not in reader.errors:
        reader.fail("duration_min", DURATION_NEEDED)
    return {
        "name": reader.text("name", max_len=120),
        "kind": reader.choice("kind", RoundKind, RoundKind.LAB),
        "scoring": scoring,
        "mode": mode,
        "weight": reader.number("weight", 0, 100),
        "window": window,
        "starts_at": reader.when("starts_at"),
        "ends_at": reader.when("ends_at"),
        "duration_min": duration if window is WindowType.PERSONAL else None,
        "freeze_min": reader.optional_whole("freeze_min", 0, WEEK_MIN),
        "penalty_min": reader.whole("penalty_min", 0, 1000, default=20),
    }


async def _render(
    ctx: Ctx,
    contest: Contest,
    round: Round | None,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    task_values: dict[str, Any] | None = None,
    task_errors: dict[str, str] | None = None,
    dataset_errors: dict[int, str] | None = None,
) -> Response:
    """The round page: its settings form, and for an existing round its tasks and the picker.
    ``errors`` belong to the settings form, ``task_errors`` to the task form that was sent
    (``task_values``), ``dataset_errors`` to a task's "move to a dataset" form."""
    tasks = [] if round is None else await access.round_tasks(ctx.db, round.id)
    catalogue = await roster.tasks_by_id(ctx.db, [t.task_id for t in tasks])
    text = ctx.request.query_params.get("q", "")[:64]
    track_raw = ctx.request.query_params.get("track", "")
    track_id = int(track_raw) if track_raw.isascii() and track_raw.isdigit() else None
    if track_id is not None and track_id > MAX_ID:
        track_id = None
    found = [] if round is None else await roster.find_tasks(ctx.db, text, track_id)
    taken = {t.task_id for t in tasks}
    found = [choice for choice in found if choice.task.id not in taken]
    task_errors = task_errors or {}
    task_values = task_values or {}
    sent = str(task_values.get("task_id", ""))
    shown_ids = {str(i) for i in taken} | {str(c.task.id) for c in found}
    zone = ctx.state.settings.zone
    return ctx.render(
        "contest_admin_round.html",
        status_code=400 if errors or task_errors or dataset_errors else 200,
        title=round.name if round else ctx.t("New round"),
        contest=contest,
        round=round,
        values=values,
        errors=errors,
        task_values=task_values,
        task_errors=task_errors,
        task_error_elsewhere=bool(task_errors) and sent not in shown_ids,
        dataset_errors=dataset_errors or {},
        default_label=chr(ord("A") + min(len(tasks), 25)),
        tasks=tasks,
        catalogue=catalogue,
        datasets={t.task_id: await roster.datasets(ctx.db, t.task_id) for t in tasks},
        found=found,
        query=text,
        track_id=track_id,
        tracks=await roster.tracks(ctx.db),
        zone=ctx.state.settings.timezone,
        kinds=[k.value for k in RoundKind],
        scorings=[s.value for s in Scoring],
        modes={s.value: [m.value for m in ms] for s, ms in MODES.items()},
        windows=[w.value for w in WindowType],
        times=(local_text(round.starts_at, zone), local_text(round.ends_at, zone))
        if round
        else None,
    )


@page(Role.COACH, Role.ADMIN)
async def new_round(ctx: Ctx) -> Response:
    """GET: the empty round form. POST: add the round after the contest's last one."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    values: dict[str, Any] = {"kind": "lab", "scoring": "ioi", "mode": "subtask",
                              "weight": "100", "window": "fixed", "penalty_min": "20"}  # fmt: skip
    errors: dict[str, str] = {}
    if ctx.request.method == "POST":
        reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
        fields = _read_round(reader)
        values = reader.shown(ROUND_FIELDS)
        if not reader.errors:
            try:
                created = await setup.add_round(ctx.db, ctx.user, contest, **fields)
            except InvalidInput as exc:
                reader.refused(exc, "name", ROUND_FIELDS)
            else:
                await ctx.db.commit()
                ctx.flash("contest_round_added")
                return ctx.redirect(f"/contests/{contest.slug}/admin/rounds/{created.id}")
        contest = await undo(ctx, contest)
        errors = reader.errors
    return await _render(ctx, contest, None, values, errors)


@page(Role.COACH, Role.ADMIN)
async def edit_round(ctx: Ctx) -> Response:
    """GET: the round, its tasks and the task picker (``?q=`` searches the catalogue by title
    or slug, ``&track=`` narrows to a track). POST: save the round's settings."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    round = await contest_round(ctx, contest)
    values = _round_values(round, ctx)
    errors: dict[str, str] = {}
    if ctx.request.method == "POST":
        reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
        fields = _read_round(reader)
        values = reader.shown(ROUND_FIELDS)
        if not reader.errors:
            try:
                await setup.update_round(ctx.db, ctx.user, round, **fields)
            except InvalidInput as exc:
                reader.refused(exc, "name", ROUND_FIELDS)
            else:
                await contest_cells.rebuild_contest(ctx.db, contest.id)  # new windows, freezes
                await ctx.db.commit()
                await ctx.state.notifier.notify()
                ctx.flash("contest_round_saved")
                return ctx.redirect(f"/contests/{contest.slug}/admin/rounds/{round.id}")
        contest = await undo(ctx, contest)
        errors = reader.errors
        round = await contest_round(ctx, contest)
    return await _render(ctx, contest, round, values, errors)


@page(Role.COACH, Role.ADMIN)
async def add_task(ctx: Ctx) -> Response:
    """POST: put a task of the catalogue into the round (or change its label and points); the
    round pins the task's live dataset."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    round = await contest_round(ctx, contest)
    reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
    task_id = reader.whole("task_id", 1, MAX_ID)
    label = reader.text("label", max_len=8).upper()
    points = reader.number("points", 0, 100_000)
    position = reader.optional_whole("position", 0, 999)
    if not reader.errors and task_id is not None and points is not None:
        try:
            await setup.set_round_task(
                ctx.db, ctx.user, round, task_id, label=label, points=points, position=position
            )
        except InvalidInput as exc:
            reader.refused(exc, "task_id", TASK_FIELDS)
        except NotFound:
            reader.fail("task_id", PICK_TASK)
        else:
            await contest_cells.rebuild_contest(ctx.db, contest.id)  # the points may have moved
            await ctx.db.commit()
            await ctx.state.notifier.notify()
            ctx.flash("contest_task_set")
            return ctx.redirect(f"/contests/{contest.slug}/admin/rounds/{round.id}#tasks")
    contest = await undo(ctx, contest)
    round = await contest_round(ctx, contest)
    return await _render(
        ctx,
        contest,
        round,
        _round_values(round, ctx),
        {},
        task_values=reader.shown(TASK_FIELDS),
        task_errors=reader.errors,
    )


def _task_id(ctx: Ctx) -> int:
    task_id = int(ctx.request.path_params["task_id"])
    if task_id > MAX_ID:
        raise NotFound("task_not_found")
    return task_id


@page(Role.COACH, Role.ADMIN)
async def remove_task(ctx: Ctx) -> Response:
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    round = await contest_round(ctx, contest)
    await setup.remove_round_task(ctx.db, ctx.user, round, _task_id(ctx))
    await contest_cells.rebuild_contest(ctx.db, contest.id)
    await ctx.db.commit()
    await ctx.state.notifier.notify()
    ctx.flash("contest_task_removed")
    return ctx.redirect(f"/contests/{contest.slug}/admin/rounds/{round.id}#tasks")


@page(Role.ADMIN)
async def move_task_dataset(ctx: Ctx) -> Response:
    """POST ``dataset``: judge the round's task with another dataset version. Nothing changes
    at once: a rejudging of the contest's submissions on that task is created, and applying
    it from its preview moves the round to the new dataset. An admin's action, as rejudgings
    are (their preview is an admin page)."""
    assert ctx.user is not None
    contest = await jury_contest(ctx)
    round = await contest_round(ctx, contest)
    task_id = _task_id(ctx)
    round_task = next(
        (t for t in await access.round_tasks(ctx.db, round.id) if t.task_id == task_id), None
    )
    if round_task is None:
        raise NotFound("contest_task_not_in_round", round=round.name)
    reader = FormReader(await ctx.request.form(), ctx.state.settings.zone)
    known = [d.id for d in await roster.datasets(ctx.db, task_id)]
    dataset_id = reader.one_id("dataset", known, required=True)
    if dataset_id is not None:
        try:
            rejudging = await move_dataset(
                ctx.db,
                ctx.user,
                contest,
                round_task,
                dataset_id,
                queue=ctx.state.queue,  # commits, then dispatches the new judgings
                judge_cap=ctx.state.settings.judge_cap_per_user,
            )
        except InvalidInput as exc:
            reader.refused(exc, "dataset", ("dataset",))
        else:
            ctx.flash("rejudging_created")
            return ctx.redirect(f"/admin/rejudgings/{rejudging.id}")
    contest = await undo(ctx, contest)
    round = await contest_round(ctx, contest)
    dataset_errors = {task_id: " ".join(reader.errors.values())}
    return await _render(
        ctx, contest, round, _round_values(round, ctx), {}, dataset_errors=dataset_errors
    )


_ROUND = "/contests/{slug}/admin/rounds/{id:int}"
routes: list[BaseRoute] = [
    Route("/contests/{slug}/admin/rounds/new", new_round, methods=["GET", "POST"]),
    Route(_ROUND, edit_round, methods=["GET", "POST"]),
    Route(_ROUND + "/tasks", add_task, methods=["POST"]),
    Route(_ROUND + "/tasks/{task_id:int}/remove", remove_task, methods=["POST"]),
    Route(_ROUND + "/tasks/{task_id:int}/dataset", move_task_dataset, methods=["POST"]),
]
