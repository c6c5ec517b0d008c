"""Security headers on every response: a strict Content-Security-Policy and friends,
``Cache-Control: no-store`` on everything but the static assets (pages and the JSON API show
a user's own data, sources and reports), and HSTS when the site is served over TLS (secure
cookies on)."""

from __future__ import annotations

from typing import Any

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'"
    ),
}
STATIC_PREFIX = "/static/"


class SecurityHeaders:
    """Add the headers a response has not set itself.

    ``hsts_max_age`` is None when the site is served over plain http (HSTS would be ignored
    there, and pinning a classroom's http address to https would lock everyone out).
    """

    def __init__(self, app: Any, hsts_max_age: int | None = None) -> None:
        self.app = app
        self.headers = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
        if hsts_max_age is not None:
            self.headers.append((b"strict-transport-security", f"max-age={hsts_max_age}".encode()))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(self.headers)
        if not scope["path"].startswith(STATIC_PREFIX):
            extra.append((b"cache-control", b"no-store"))

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in extra if name not in present)
            await send(message)

        await self.app(scope, receive, send_with_headers)
