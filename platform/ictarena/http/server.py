"""The web server: uvicorn, which ends the live streams when it is asked to stop.

On SIGTERM or SIGINT uvicorn stops accepting connections and waits for open ones to finish
before the app's shutdown runs; a live (SSE) stream never finishes by itself, so without this a
stopping web process would wait on its streams for ever. :class:`ArenaServer` first tells every
stream to end (the browser reconnects, through the proxy, to another process), then shuts
down as usual.
"""

from __future__ import annotations

import socket
from typing import Any

import uvicorn
from starlette.applications import Starlette

from ictarena.http.state import AppState
from ictarena.settings import Settings

KEEP_ALIVE_S = 75
"""How long an idle keep-alive connection is held open (uvicorn's default is 5 s)."""


class ArenaServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, app: Starlette) -> None:
        super().__init__(config)
        self.arena_app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        state: AppState | None = getattr(self.arena_app.state, "arena", None)
        if state is not None and state.fanout is not None:
            state.fanout.drain()
        await super().shutdown(sockets=sockets)


def server(app: Starlette, settings: Settings, **options: Any) -> ArenaServer:
    """A server for ``app`` on ``settings``' address. Our request log replaces uvicorn's
    access log, and logging is configured by the caller (``log_config=None``)."""
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,
        access_log=False,
        # The app believes X-Forwarded-For from ARENA_TRUSTED_PROXIES only (http/proxies.py);
        # uvicorn's own handling would believe any loopback peer.
        proxy_headers=False,
        # Longer than the proxy's upstream keep-alive (infra/nginx/nginx.conf, 60 s): the proxy
        # closes an idle connection first. The other way round, the proxy could send a request
        # on a connection this server is closing, and the student would get a 502.
        timeout_keep_alive=KEEP_ALIVE_S,
        **options,
    )
    return ArenaServer(config, app)
