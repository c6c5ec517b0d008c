"""A request body limit enforced in the ASGI layer, before anything parses the body.

A request whose ``Content-Length`` exceeds the limit of its address is answered 413 at once,
without reading a byte of the body; a body without a length (chunked) is counted as the app
reads it and cut off as soon as it passes the limit. The limits come from the settings: small
for the login and registration forms, which anyone may post to, large for the admins' package
upload, and one default for every other form and API request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request


class BodyTooLarge(Exception):
    """Raised from ``receive`` when a streamed body passes its limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body over {limit} bytes")
        self.limit = limit


def size_label(size: int) -> str:
    """``65536`` → ``64 KiB``, ``1048576`` → ``1 MiB``."""
    for unit, shift in (("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift} {unit}"
    return f"{size} B"


class BodyLimit:
    """``limits`` maps exact paths to their limit in bytes; others get ``default``."""

    def __init__(self, app: Any, default: int, limits: Mapping[str, int]) -> None:
        self.app = app
        self.default = default
        self.limits = dict(limits)

    def limit_for(self, path: str) -> int:
        return self.limits.get(path, self.default)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await self._refuse(scope, receive, send, 400, limit)
                return
            if int(declared) > limit:
                await self._refuse(scope, receive, send, 413, limit)
                return
        received = 0
        started = False

        async def counted_receive() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, 413, limit)

    @staticmethod
    async def _refuse(scope: Any, receive: Any, send: Any, status: int, limit: int) -> None:
        from ictarena.http.errors import error_page

        response = error_page(Request(scope), status, params={"limit": size_label(limit)})
        response.headers["connection"] = "close"  # the unread body is not worth reading
        await response(scope, receive, send)
