"""The request context and the ``page`` decorator every route goes through.

``page(...)`` opens the request's database session, resolves the login session from its cookie,
chooses the locale, enforces the allowed roles server-side, and checks the CSRF token on every
state-changing method. A route therefore cannot forget any of these.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ictarena import i18n
from ictarena.accounts.models import LoginSession, Role, User
from ictarena.accounts.services import session_for_token
from ictarena.db import DbSession
from ictarena.errors import Forbidden
from ictarena.events.notifications import unread_count
from ictarena.http.state import AppState
from ictarena.http.stitched import SLOT, Part, around, stitched_response

SESSION_COOKIE = "arena_session"
CSRF_COOKIE = "arena_csrf"
LANG_COOKIE = "arena_lang"
FLASH_COOKIE = "arena_flash"
# Pages a user whose password is a one-time one may still reach.
PASSWORD_CHANGE_PATH = "/account/password"
_OPEN_WHILE_CHANGING = frozenset({PASSWORD_CHANGE_PATH, "/logout", "/lang"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
R = TypeVar("R", bound=Response)


class CsrfFailure(Forbidden):
    pass


class LoginRequired(Exception):
    """Raised for anonymous requests to pages that need a login (redirects to /login)."""


def _sign(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.encode(), "sha256").hexdigest()


@dataclass
class Ctx:
    request: Request
    db: DbSession
    state: AppState
    user: User | None
    login: LoginSession | None
    locale: str
    anon_nonce: str | None = None
    cookies: list[tuple[str, str, int | None]] = field(default_factory=list)
    # The header's badge: read once per page a logged-in user reads (see ``page``).
    unread_notifications: int | None = None

    @property
    def csrf_token(self) -> str:
        if self.login is not None:
            return self.login.csrf_token
        if self.anon_nonce is None:
            existing = self.request.cookies.get(CSRF_COOKIE, "")
            if 20 <= len(existing) <= 64 and existing.replace("-", "").replace("_", "").isalnum():
                self.anon_nonce = existing
            else:
                self.anon_nonce = secrets.token_urlsafe(24)
                self.cookies.append((CSRF_COOKIE, self.anon_nonce, None))
        return f"{self.anon_nonce}.{_sign(self.state.signing_key, self.anon_nonce)}"

    @property
    def client_ip(self) -> str:
        return self.request.client.host if self.request.client else "unknown"

    async def rollback(self) -> None:
        """Roll back the request's transaction, keeping the user and login loaded for the page."""
        await self.db.rollback()
        if self.login is not None:
            await self.db.refresh(self.login)
        if self.user is not None:
            await self.db.refresh(self.user)

    def t(self, message: str, **params: object) -> str:
        return i18n.gettext(message, **params)

    def flash(self, key: str) -> None:
        """Confirm an action on the next page shown (after the redirect), once. ``key`` names
        a text of :data:`ictarena.http.messages.FLASHES`; the cookie is signed."""
        self.cookies.append((FLASH_COOKIE, f"{key}.{_sign(self.state.signing_key, key)}", None))

    def _take_flash(self) -> str | None:
        from ictarena.http.messages import FLASHES

        if any(name == FLASH_COOKIE for name, _value, _age in self.cookies):
            return None  # set by this very request: it is for the next page
        value = self.request.cookies.get(FLASH_COOKIE)
        if not value:
            return None
        self.cookies.append((FLASH_COOKIE, "", None))
        key, _, signature = value.rpartition(".")
        if key not in FLASHES or not hmac.compare_digest(
            signature, _sign(self.state.signing_key, key)
        ):
            return None
        return i18n.gettext(FLASHES[key])

    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return self.finish(HTMLResponse(self.page_text(template, **context), status_code))

    def render_stitched(self, template: str, kept: Sequence[Part], **context: Any) -> Response:
        """``template`` rendered around ``kept`` (already compressed parts: see
        :mod:`ictarena.http.stitched`), which go where the template prints ``stitched``."""
        page_text = self.page_text(template, stitched=SLOT, **context)
        return self.finish(stitched_response(self.request, around(page_text, kept)))

    def page_text(self, template: str, **context: Any) -> str:
        context.setdefault("title", "")
        context.setdefault("flash", self._take_flash())
        return self.state.templates.get_template(template).render(
            ctx=self,
            user=self.user,
            csrf_token=self.csrf_token,
            locale=self.locale,
            html_lang=i18n.HTML_LANG[self.locale],
            request=self.request,
            Role=Role,
            **context,
        )

    def redirect(self, url: str) -> RedirectResponse:
        return self.finish(RedirectResponse(url, status_code=303))

    def finish(self, response: R) -> R:
        secure = self.state.settings.cookies_secure
        for name, value, max_age in self.cookies:
            if value:
                response.set_cookie(
                    name, value, max_age=max_age, httponly=True, samesite="lax", secure=secure
                )
            else:
                response.delete_cookie(name, httponly=True, samesite="lax", secure=secure)
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def _check_csrf(ctx: Ctx, submitted: str | None) -> None:
    request = ctx.request
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(origin).netloc != host:
            raise CsrfFailure("csrf_failed")
    if not submitted:
        raise CsrfFailure("csrf_failed")
    if ctx.login is not None:
        if not hmac.compare_digest(submitted, ctx.login.csrf_token):
            raise CsrfFailure("csrf_failed")
        return
    nonce, _, signature = submitted.partition(".")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    expected = _sign(ctx.state.signing_key, nonce)
    if not (
        nonce and hmac.compare_digest(nonce, cookie) and hmac.compare_digest(signature, expected)
    ):
        raise CsrfFailure("csrf_failed")


async def _submitted_csrf(request: Request) -> str | None:
    """The CSRF token of a request: the ``X-CSRF-Token`` header, else the form's field. A
    multipart form (file uploads) carries it in its action URL (``?csrf_token=``), so that it
    is checked before any of the body is read."""
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        return request.query_params.get("csrf_token")
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else None
    return None


def _choose_locale(request: Request, user: User | None, default: str) -> str:
    if user is not None and user.locale in i18n.LOCALES:
        return user.locale
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in i18n.LOCALES:
        return cookie
    return i18n.negotiate(request.headers.get("accept-language"), default)


Handler = Callable[[Ctx], Awaitable[Response]]


def page(
    *roles: Role, login: bool | None = None, badge: bool = True
) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Wrap a route.

    ``roles`` lists the roles allowed (empty with ``login=False``: anyone, including anonymous
    visitors; empty with the default: any logged-in user). ``badge=False`` for a route that
    answers JSON only: it shows no header, so the unread notifications are not counted.
    """
    needs_login = bool(roles) if login is None else login

    def decorate(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        @wraps(handler)
        async def endpoint(request: Request) -> Response:
            state: AppState = request.app.state.arena
            async with state.db.sessionmaker() as db:
                token = request.cookies.get(SESSION_COOKIE)
                login_session = await session_for_token(db, token) if token else None
                if token and login_session is None:
                    await db.commit()  # drop the expired session row
                user = login_session.user if login_session else None
                locale = _choose_locale(request, user, state.settings.default_locale)
                reset = i18n.current_locale.set(locale)
                try:
                    ctx = Ctx(request, db, state, user, login_session, locale)
                    if token and login_session is None:
                        ctx.cookies.append((SESSION_COOKIE, "", None))
                    # The login and the role first: they need no body, so a refused
                    # request is answered before its body is read or parsed.
                    if needs_login and user is None:
                        raise LoginRequired()
                    if roles and user is not None and user.role not in roles:
                        raise Forbidden("forbidden_role")
                    if (
                        user is not None
                        and user.must_change_password
                        and request.url.path not in _OPEN_WHILE_CHANGING
                    ):
                        return ctx.redirect(PASSWORD_CHANGE_PATH)
                    if request.method not in SAFE_METHODS:
                        _check_csrf(ctx, await _submitted_csrf(request))
                    if user is not None and badge:
                        ctx.unread_notifications = await unread_count(db, user.id)
                    return await handler(ctx)
                finally:
                    i18n.current_locale.reset(reset)

        endpoint.__dict__["arena_roles"] = roles
        endpoint.__dict__["arena_login"] = needs_login
        return endpoint

    return decorate


def login_url(request: Request) -> str:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return "/login?next=" + quote(target, safe="")
