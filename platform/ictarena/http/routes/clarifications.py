"""A contest's clarifications page (``/contests/{slug}/clarifications``): a participant asks
the jury about a task or in general and reads the answers; the jury answers (in its words or
"answered in the statement", to the entry or to everyone), announces and pins. Opening the
page marks what the reader may read as read. See :mod:`ictarena.contests.clarifications`."""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ictarena.accounts.models import Role
from ictarena.contests import clarifications
from ictarena.contests.clarifications import MAX_TEXT
from ictarena.contests.listing import newest_event
from ictarena.contests.models import Audience, Contest, Reply
from ictarena.db import utcnow
from ictarena.errors import Forbidden, InvalidInput, NotFound, Throttled
from ictarena.http.contestpages import local, visible_contest
from ictarena.http.context import Ctx, page
from ictarena.http.messages import message

ANY_USER = (Role.STUDENT, Role.COACH, Role.ADMIN)
PAGE = "/contests/{slug:str}/clarifications"
REFUSED = (InvalidInput, Forbidden, Throttled, NotFound)


async def _render(
    ctx: Ctx,
    contest: Contest,
    status: int = 200,
    error: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    assert ctx.user is not None
    since = await newest_event(ctx.db)  # first: a change after it reaches the live page
    now = utcnow()
    jury, entry_id, items = await clarifications.visible(ctx.db, ctx.user, contest)
    tasks = await clarifications.open_tasks(ctx.db, contest.id, now)
    every = await clarifications.open_tasks(ctx.db, contest.id, None) if jury else tasks
    labels = {(r.id, t.task_id): f"{r.name} · {t.label}" for r, t in every}
    entries = await clarifications.entry_names(ctx.db, items) if jury else {}
    seen_before = await clarifications.unread(ctx.db, ctx.user, contest, jury, entry_id)
    if not jury:
        await clarifications.mark_read(ctx.db, ctx.user, contest, now)
        await ctx.db.commit()
    zone = ctx.state.settings.zone
    return ctx.render(
        "clarifications.html",
        since=since,
        status_code=status,
        title=ctx.t("Clarifications: %(contest)s", contest=contest.title),
        contest=contest,
        jury=jury,
        participant=entry_id is not None,
        clars=items,
        tasks=tasks,
        task_names=labels,
        entries=entries,
        fresh=seen_before,
        when={i.id: local(i.created_at, zone) for i in items},
        answered={i.id: local(i.answered_at, zone) for i in items},
        error=error,
        values=values or {},
        max_text=MAX_TEXT,
        zone=zone,
    )


@page(*ANY_USER)
async def clarifications_page(ctx: Ctx) -> Response:
    contest, _seen = await visible_contest(ctx)
    return await _render(ctx, contest)


def _subject(raw: str) -> tuple[int, int] | None:
    """``round:task`` from the form's subject field (empty: a general question)."""
    if not raw:
        return None
    first, _, second = raw.partition(":")
    if not (first.isdigit() and second.isdigit() and len(raw) <= 40):
        raise InvalidInput("clarification_bad_task", field="subject")
    return int(first), int(second)


def _printable(text: str) -> str:
    """``text`` as it may be shown again in the form: without control characters."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


async def _refused(ctx: Ctx, exc: Exception, values: dict[str, str]) -> Response:
    values = {key: _printable(value) for key, value in values.items()}
    await ctx.rollback()
    contest, _seen = await visible_contest(ctx)
    assert isinstance(exc, InvalidInput | Forbidden | Throttled | NotFound)
    status = 429 if isinstance(exc, Throttled) else 403 if isinstance(exc, Forbidden) else 400
    if isinstance(exc, NotFound):
        status = 404
    return await _render(ctx, contest, status, message(exc.message, **exc.params), values)


Action = Callable[[Contest, Mapping[str, Any]], Awaitable[object]]


async def _act(
    ctx: Ctx, action: Action, values: Callable[[Mapping[str, Any]], dict[str, str]], flash: str
) -> Response:
    """Run ``action`` on the contest with the form, commit, and confirm with ``flash``; a
    refusal shows the page with its reason and the form's ``values`` kept."""
    contest, _seen = await visible_contest(ctx)
    back = f"/contests/{contest.slug}/clarifications"
    form = await ctx.request.form()
    kept = values(form)
    try:
        done = await action(contest, form)
        await ctx.db.commit()
    except REFUSED as exc:
        return await _refused(ctx, exc, kept)
    ctx.flash(flash)
    anchor = f"#clar-{done}" if isinstance(done, int) else ""
    return ctx.redirect(back + anchor)


def _text(form: Mapping[str, Any], name: str = "text") -> str:
    return str(form.get(name) or "")[: MAX_TEXT * 2]


@page(Role.STUDENT)
async def ask(ctx: Ctx) -> Response:
    assert ctx.user is not None
    user = ctx.user

    async def asked(contest: Contest, form: Mapping[str, Any]) -> None:
        subject = _subject(str(form.get("subject") or ""))
        await clarifications.ask(ctx.db, user, contest, _text(form), subject, utcnow())

    def kept(form: Mapping[str, Any]) -> dict[str, str]:
        return {"text": _text(form), "subject": str(form.get("subject") or "")}

    return await _act(ctx, asked, kept, "clarification_sent")


@page(Role.COACH, Role.ADMIN)
async def answer(ctx: Ctx) -> Response:
    assert ctx.user is not None
    user, number = ctx.user, int(ctx.request.path_params["id"])

    async def answered(contest: Contest, form: Mapping[str, Any]) -> int:
        reply = _choice(Reply, form.get("reply"), "reply")
        audience = _choice(Audience, form.get("audience"), "audience")
        text = _text(form, "answer")
        await clarifications.answer(ctx.db, user, contest, number, reply, text, audience, utcnow())
        return number

    def kept(form: Mapping[str, Any]) -> dict[str, str]:
        return {f"answer-{number}": _text(form, "answer")}

    return await _act(ctx, answered, kept, "clarification_answered")


@page(Role.COACH, Role.ADMIN)
async def announce(ctx: Ctx) -> Response:
    assert ctx.user is not None
    user = ctx.user

    async def announced(contest: Contest, form: Mapping[str, Any]) -> None:
        pinned = form.get("pinned") == "on"
        await clarifications.announce(ctx.db, user, contest, _text(form), pinned, utcnow())

    return await _act(
        ctx, announced, lambda form: {"announcement": _text(form)}, "announcement_sent"
    )


@page(Role.COACH, Role.ADMIN)
async def unpin(ctx: Ctx) -> Response:
    assert ctx.user is not None
    user, number = ctx.user, int(ctx.request.path_params["id"])

    async def unpinned(contest: Contest, _form: Mapping[str, Any]) -> None:
        await clarifications.unpin(ctx.db, user, contest, number)

    return await _act(ctx, unpinned, lambda _form: {}, "announcement_unpinned")


def _choice(kind: Any, raw: object, field: str) -> Any:
    try:
        return kind(str(raw or ""))
    except ValueError:
        raise InvalidInput("clarification_bad_choice", field=field) from None


routes: list[BaseRoute] = [
    Route(PAGE, clarifications_page),
    Route(PAGE, ask, methods=["POST"]),
    Route(PAGE + "/announce", announce, methods=["POST"]),
    Route(PAGE + "/{id:int}/answer", answer, methods=["POST"]),
    Route(PAGE + "/{id:int}/unpin", unpin, methods=["POST"]),
]
