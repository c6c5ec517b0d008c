"""Every request observed: a request id, one log line and the latency histogram.

The request id is the client's (or the proxy's) ``X-Request-ID`` when it is short and plain,
else a new one; it is bound to every log line the request writes and echoed in the response.
Latency is measured to the response's start (a live stream's duration is not its latency), and
labelled by the route's template (``/submissions/{id:int}``), never the raw path, so that the
number of series stays that of the routes.
"""

from __future__ import annotations

import time
from typing import Any

from ictarena.observability import logs, metrics

UNMATCHED = "unmatched"  # the label of requests no route took (404s)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

log = logs.get_logger(__name__)


def route_template(scope: Any) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class RequestObserver:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next((v for k, v in scope["headers"] if k == b"x-request-id"), b"").decode(
            "latin-1"
        )
        request_id = logs.request_id(incoming)
        started = time.perf_counter()
        answered: list[int] = []

        def observe(status: int) -> None:
            seconds = time.perf_counter() - started
            method = scope["method"] if scope["method"] in METHODS else "other"
            route = route_template(scope)
            metrics.HTTP_LATENCY.labels(method, route, str(status)).observe(seconds)
            log.info(
                "request",
                method=scope["method"][:16],
                path=scope["path"][:200],
                route=route,
                status=status,
                duration_ms=round(seconds * 1000, 2),
                client=(scope.get("client") or ("",))[0],
            )

        async def send_observed(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
                answered.append(message["status"])
                observe(message["status"])
            await send(message)

        with logs.bound(request_id=request_id):
            try:
                await self.app(scope, receive, send_observed)
            finally:
                if not answered:  # an exception escaped: the server answers 500
                    observe(500)
