"""Request body limits enforced before anything parses a body, the session checked before a
multipart upload is read, security headers, secure cookies by mode, and X-Forwarded-For believed
only from trusted proxies. Hostile requests are driven through the raw ASGI interface so that the
test can count how much of a body the server pulled."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.http.proxies import TrustedProxies, forwarded_client
from ictarena.settings import Mode, Settings, load_settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in

CHUNK = 64 * 1024


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    pulled: int  # body bytes the app asked for
    chunks: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


async def drive(
    app: Starlette,
    method: str,
    path: str,
    *,
    headers: dict[str, str],
    body_size: int,
    query: str = "",
    cookies: str = "",
    leave_after: int | None = None,
) -> Answer:
    """Send a request whose body is ``body_size`` bytes in 64 KiB chunks, produced only as the
    app pulls them; return the answer and how much was pulled. With ``leave_after``, the client
    disconnects once the app has pulled that many bytes."""
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    if cookies:
        raw.append((b"cookie", cookies.encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "headers": raw, "scheme": "http", "path": path, "raw_path": path.encode(),
        "query_string": query.encode(), "server": ("testserver", 80),
        "client": ("198.51.100.7", 50000), "root_path": "",
    }  # fmt: skip
    answer = Answer(0, {}, b"", 0)
    remaining = body_size

    ended = False

    async def receive() -> dict[str, Any]:
        nonlocal remaining, ended
        if leave_after is not None and answer.pulled >= leave_after:
            return {"type": "http.disconnect"}
        if remaining <= 0:
            if not ended:  # an empty body, then a client that waits for the answer
                ended = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()
        size = min(CHUNK, remaining)
        remaining -= size
        answer.pulled += size
        answer.chunks += 1
        return {"type": "http.request", "body": b"x" * size, "more_body": remaining > 0}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {k.decode(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    await app(scope, receive, send)
    return answer


@pytest.fixture
async def arena(settings: Settings, committed_db: Database) -> AsyncIterator[Starlette]:
    app = create_app(
        settings, database=committed_db, queue=InProcessQueue(), connect_docker_engine=False,
        languages={}, sweep_every_s=None,
    )  # fmt: skip
    async with app.router.lifespan_context(app):
        yield app


async def test_an_oversized_login_is_refused_before_its_body_is_read(arena: Starlette) -> None:
    answer = await drive(
        arena, "POST", "/login",
        headers={"content-type": "application/x-www-form-urlencoded",
                 "content-length": str(200 << 20)},
        body_size=200 << 20,
    )  # fmt: skip
    assert answer.status == 413
    assert answer.pulled == 0
    assert b"64 KiB" in answer.body and b"Traceback" not in answer.body


async def test_a_chunked_body_is_cut_off_as_it_passes_the_limit(arena: Starlette) -> None:
    answer = await drive(
        arena, "POST", "/login",
        headers={"content-type": "multipart/form-data; boundary=x",
                 "transfer-encoding": "chunked"},
        body_size=200 << 20,
    )  # fmt: skip
    assert answer.status in (403, 413)  # refused by the CSRF check or by the limit
    assert answer.pulled <= (64 << 10) + CHUNK


async def test_other_forms_take_one_mebibyte(arena: Starlette) -> None:
    answer = await drive(
        arena, "POST", "/coach",
        headers={"content-type": "application/x-www-form-urlencoded",
                 "content-length": str((1 << 20) + 1)},
        body_size=(1 << 20) + 1,
    )  # fmt: skip
    assert answer.status == 413 and answer.pulled == 0


async def _session_cookie(settings: Settings, db: Database, role: Role) -> tuple[str, str]:
    """Log a new user in through the app; return their cookie header and CSRF token."""
    users = UserFactory(db.sessionmaker())
    user = await users(role)
    app = create_app(
        settings, database=db, queue=InProcessQueue(), connect_docker_engine=False,
        languages={}, sweep_every_s=None,
    )  # fmt: skip
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        await log_in(http, user.username)
        token = await csrf_of(http, "/tasks")
        cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    return cookie, token


@pytest.mark.parametrize("role", [None, Role.STUDENT, Role.COACH])
async def test_an_upload_is_refused_before_its_body_is_read_unless_an_admin_sends_it(
    arena: Starlette, settings: Settings, committed_db: Database, role: Role | None
) -> None:
    cookie, token = ("", "forged") if role is None else await _session_cookie(
        settings, committed_db, role
    )  # fmt: skip
    answer = await drive(
        arena, "POST", "/admin/problems",
        headers={"content-type": "multipart/form-data; boundary=x",
                 "content-length": str(60 << 20)},
        body_size=60 << 20, query=f"csrf_token={token}", cookies=cookie,
    )  # fmt: skip
    assert answer.status in (303, 403)
    assert answer.pulled == 0


async def test_an_upload_over_its_own_limit_is_refused_at_once(arena: Starlette) -> None:
    answer = await drive(
        arena, "POST", "/admin/problems",
        headers={"content-type": "multipart/form-data; boundary=x",
                 "content-length": str((64 << 20) + 1)},
        body_size=(64 << 20) + 1,
    )  # fmt: skip
    assert answer.status == 413 and answer.pulled == 0


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/submissions", "application/json"),
        ("/tasks/1/submit", "application/x-www-form-urlencoded"),
    ],
)
async def test_a_client_that_leaves_while_sending_its_body_is_no_server_error(
    arena: Starlette,
    settings: Settings,
    committed_db: Database,
    caplog: pytest.LogCaptureFixture,
    path: str,
    content_type: str,
) -> None:
    cookie, token = await _session_cookie(settings, committed_db, Role.STUDENT)
    async with committed_db.session() as session:
        before = await session.scalar(text("SELECT count(*) FROM submissions"))
    with caplog.at_level(logging.INFO):
        answer = await drive(
            arena, "POST", path,
            headers={"content-type": content_type, "content-length": str(2 * CHUNK),
                     "x-csrf-token": token},
            body_size=2 * CHUNK, cookies=cookie, leave_after=CHUNK,
        )  # fmt: skip
    assert answer.pulled == CHUNK
    assert answer.status == 499  # nginx's "client closed request", not a 500
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(r.getMessage() == f"client left during POST {path}" for r in caplog.records)
    async with committed_db.session() as session:
        assert await session.scalar(text("SELECT count(*) FROM submissions")) == before


async def test_pages_are_not_cached_and_static_assets_are(arena: Starlette) -> None:
    page = await drive(arena, "GET", "/login", headers={}, body_size=0)
    asset = await drive(arena, "GET", "/static/arena.css", headers={}, body_size=0)
    assert page.headers["cache-control"] == "no-store"
    assert asset.status == 200 and asset.headers.get("cache-control") != "no-store"
    assert "strict-transport-security" not in page.headers  # plain http, embedded


def test_secure_cookies_follow_the_mode(tmp_path: Path) -> None:
    embedded = load_settings(data_dir=tmp_path)
    production = load_settings(
        mode=Mode.PRODUCTION, data_dir=tmp_path, secret_key="s" * 40,
        database_url="postgresql://u@127.0.0.1/db",
    )  # fmt: skip
    assert not embedded.cookies_secure and production.cookies_secure
    assert not load_settings(
        mode=Mode.PRODUCTION, data_dir=tmp_path, secret_key="s" * 40,
        database_url="postgresql://u@127.0.0.1/db", secure_cookies=False,
    ).cookies_secure  # fmt: skip


async def test_hsts_and_secure_cookies_when_served_over_tls(
    tmp_data_dir: Path, committed_db: Database
) -> None:
    settings = load_settings(data_dir=tmp_data_dir, secret_key="test", secure_cookies=True)
    app = create_app(
        settings, database=committed_db, queue=InProcessQueue(), connect_docker_engine=False,
        languages={}, sweep_every_s=None,
    )  # fmt: skip
    async with app.router.lifespan_context(app):
        answer = await drive(app, "GET", "/login", headers={}, body_size=0)
    assert answer.headers["strict-transport-security"].startswith("max-age=")
    assert "secure" in answer.headers.get("set-cookie", "").lower()


@pytest.mark.parametrize(
    ("peer", "header", "trusted", "client"),
    [
        ("127.0.0.1", "203.0.113.9", [], "127.0.0.1"),  # loopback is not trusted by default
        ("198.51.100.7", "203.0.113.9", ["10.0.0.0/8"], "198.51.100.7"),  # not our proxy
        ("10.0.0.2", "203.0.113.9", ["10.0.0.0/8"], "203.0.113.9"),
        ("10.0.0.2", "1.2.3.4, 203.0.113.9", ["10.0.0.0/8"], "203.0.113.9"),  # forged left hop
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", ["10.0.0.0/8"], "203.0.113.9"),  # proxy chain
        ("10.0.0.2", "not-an-address", ["10.0.0.0/8"], "10.0.0.2"),
    ],
)
def test_x_forwarded_for_is_believed_only_from_trusted_proxies(
    peer: str, header: str, trusted: list[str], client: str
) -> None:
    assert forwarded_client(peer, header, [ip_network(n) for n in trusted]) == client


async def test_the_middleware_rewrites_the_client_only_for_a_trusted_peer() -> None:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["client"][0])

    guard = TrustedProxies(app, [ip_network("10.0.0.0/8")])
    for peer in ("127.0.0.1", "10.0.0.2"):
        scope = {
            "type": "http",
            "client": (peer, 1),
            "headers": [(b"x-forwarded-for", b"203.0.113.9")],
        }
        await guard(scope, None, None)
    assert seen == ["127.0.0.1", "203.0.113.9"]


def test_the_server_leaves_forwarded_headers_to_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ictarena.cli import main
    from ictarena.http.server import ArenaServer

    captured: dict[str, Any] = {}

    def run(self: ArenaServer) -> None:  # the server `arena serve` would start, not started
        captured["proxy_headers"] = self.config.proxy_headers

    monkeypatch.setattr(ArenaServer, "run", run)
    main._serve(load_settings(data_dir=tmp_path))
    assert captured["proxy_headers"] is False
