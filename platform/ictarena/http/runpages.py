"""The "Run" button of a code task's page (practice, or a contest task while the
participant's time runs): read the form, hand it to :mod:`ictarena.intake.runs`, wait for the
judge, show what the program did.

With JavaScript the page posts the form in place and asks for the result alone (the header
``X-Arena-Partial``; the answer is JSON, ``{"html": …}``), which it puts under the button;
without, the form posts and the answer is a page of its own with the result and a way back.
A refusal is shown the same way, with its status (400, 403, 404, 429 with ``Retry-After``,
503 when no judge could run the program).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.responses import JSONResponse, Response

from ictarena.errors import ArenaError, Forbidden, InvalidInput, NotFound, Throttled
from ictarena.http.context import Ctx
from ictarena.http.messages import message
from ictarena.http.submit_forms import form_files
from ictarena.intake.runs import RunRules
from ictarena.workers.runs import RunUnavailable
from ictjudge.custom import SHOWN_ERRORS, SHOWN_OUTPUT, CustomRun, RunJob

PARTIAL_HEADER = "x-arena-partial"

Order = Callable[[str | None, dict[str, str | bytes], str], Awaitable[RunJob]]


def run_rules(ctx: Ctx) -> RunRules:
    settings = ctx.state.settings
    return RunRules(
        max_input_bytes=settings.run_input_max_kb * 1024,
        max_source_bytes=settings.submission_max_kb * 1024,
        per_minute=settings.runs_per_minute,
        languages=tuple(ctx.state.languages),
    )


def _status(exc: ArenaError) -> int:
    if isinstance(exc, Throttled):
        return 429
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Forbidden):
        return 403
    return 400


async def run_page(ctx: Ctx, order: Order, back: str) -> Response:
    """Read the form, order the run (``order`` checks who may, and ticks the rate limit), run
    it, and answer with the result or the refusal; ``back`` is the task page's address."""
    language, files = await form_files(ctx)
    form = await ctx.request.form()
    stdin = form.get("stdin", "")
    run: CustomRun | None = None
    error, status, headers = "", 200, {}
    try:
        if not isinstance(stdin, str):
            raise InvalidInput("run_input_not_text", field="input")
        job = await order(language, files, stdin)
    except ArenaError as exc:
        await ctx.rollback()
        error, status = message(exc.message, **exc.params), _status(exc)
        if isinstance(exc, Throttled):
            headers["Retry-After"] = str(exc.retry_after)
    else:
        runs = ctx.state.runs
        try:
            if runs is None:
                raise RunUnavailable("no judge in this process")
            run = await runs.run(job)
        except RunUnavailable:
            error, status = message("run_unavailable"), 503
    context = {
        "run": run,
        "run_error": error,
        "shown_output_kb": SHOWN_OUTPUT // 1024,
        "shown_errors_kb": SHOWN_ERRORS // 1024,
        "back": back,
    }
    response: Response
    if ctx.request.headers.get(PARTIAL_HEADER) == "1":
        html = ctx.page_text("_run_result.html", **context)
        response = ctx.finish(JSONResponse({"html": html}, status))
    else:
        stdin_text = stdin if isinstance(stdin, str) else ""
        title = ctx.t("Run on my input")
        response = ctx.render(
            "run_result.html", status, title=title, stdin_text=stdin_text, **context
        )
    response.headers.update(headers)
    return response
