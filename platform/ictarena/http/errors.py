"""One place that turns exceptions into pages: 403, 404, 429, 500 — never a traceback — and a
client that left mid-request into a quiet 499."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ictarena import i18n
from ictarena.errors import ArenaError, Forbidden, InvalidInput, Locked, NotFound, Throttled
from ictarena.http.context import LANG_COOKIE, CsrfFailure, LoginRequired, login_url
from ictarena.http.messages import message

log = logging.getLogger(__name__)

TITLES = {
    400: i18n.N_("Bad request"),
    403: i18n.N_("Not allowed"),
    404: i18n.N_("Page not found"),
    405: i18n.N_("Method not allowed"),
    413: i18n.N_("Request too large"),
    429: i18n.N_("Too many requests"),
    500: i18n.N_("Something went wrong"),
}
EXPLANATIONS = {
    400: i18n.N_("The request could not be understood."),
    403: i18n.N_("Your account does not have access to this page."),
    404: i18n.N_("There is nothing at this address."),
    405: i18n.N_("This address does not accept that kind of request."),
    413: i18n.N_("This address accepts at most %(limit)s. Nothing was saved."),
    429: i18n.N_("Please wait a moment and try again."),
    500: i18n.N_("The server hit an error. It has been logged; please try again."),
}


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "") or request.url.path.startswith(
        "/api/"
    )


def error_page(
    request: Request, status: int, detail: str | None = None, params: dict[str, str] | None = None
) -> Response:
    """The error page (or JSON) in the visitor's language; ``detail`` replaces the standard
    explanation, ``params`` fill it in."""
    locale = request.cookies.get(LANG_COOKIE)
    if locale not in i18n.LOCALES:
        locale = i18n.negotiate(request.headers.get("accept-language"))
    token = i18n.current_locale.set(locale)
    try:
        title = i18n.gettext(TITLES.get(status, TITLES[500]))
        explanation = i18n.gettext(detail or EXPLANATIONS.get(status, EXPLANATIONS[500]))
        if params and "%(" in explanation:
            explanation = explanation % params
        if _wants_json(request):
            return JSONResponse({"error": title, "detail": explanation}, status_code=status)
        templates = request.app.state.arena.templates
        html = templates.get_template("error.html").render(
            status=status,
            title=title,
            explanation=explanation,
            html_lang=i18n.HTML_LANG[locale],
            locale=locale,
            user=None,
            ctx=None,
        )
        return HTMLResponse(html, status_code=status)
    finally:
        i18n.current_locale.reset(token)


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_page(request, exc.status_code)


async def arena_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, LoginRequired):
        if _wants_json(request):
            return JSONResponse({"error": "login required"}, status_code=401)
        return RedirectResponse(login_url(request), status_code=303)
    assert isinstance(exc, ArenaError)
    if isinstance(exc, CsrfFailure):
        return error_page(request, 403, message("csrf_failed"))
    if isinstance(exc, Locked):  # says what unlocks the task, not a bare refusal
        return error_page(request, 403, message(exc.message, **exc.params))
    if isinstance(exc, Forbidden):
        return error_page(request, 403)
    if isinstance(exc, NotFound):
        return error_page(request, 404)
    if isinstance(exc, Throttled):
        response = error_page(request, 429, message(exc.message, **exc.params))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, InvalidInput):
        return error_page(request, 400, message(exc.message, **exc.params))
    return error_page(request, 400)


CLIENT_GONE = 499
"""The status of a request whose client left before it was answered (nginx's code for it)."""


async def client_gone(request: Request, exc: Exception) -> Response:
    """The client left while its request's body was being read (a closed tab, a dropped
    connection): nothing was stored, since the request's transaction rolls back, and no one
    waits for the answer. Not an error of the server: logged at info, answered 499."""
    log.info("client left during %s %s", request.method, request.url.path)
    return Response(status_code=CLIENT_GONE)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_page(request, 500)
