"""Every route of the app, visited with hostile path ids and query values as every role, answers
without a server error.

The routes are read from the app itself, so a new route is attacked as soon as it exists. Which
query keys a route reads is learnt by watching a normal visit (every read of the query string is
recorded), so its own filters are attacked too. Pass mark: no 5xx, ever.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.routing import Route

from ictarena.accounts.models import CohortMember, Role
from ictarena.db import Database, utcnow
from ictarena.http.app import create_app
from ictarena.settings import Settings
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.ccs import world as ccs_world
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import LANGUAGES, Site, judged, patch_labs
from tests.arena.pipeline.fakes import ScriptedGrader

HOSTILE = {
    "empty": "",
    "negative": "-1",
    "zero": "0",
    "2^31": str(2**31),
    "2^63": str(2**63),
    "2^64": str(2**64),
    "non-numeric": "zzz",
    "5000 digits": "9" * 5000,
    "10 kB": "x" * 10240,
    "unicode": "题目é\u202e😀\ufffe",
    "NUL": "a\x00b",
}
ROLES = ("anonymous", Role.STUDENT.value, Role.COACH.value, Role.ADMIN.value)
PARAM = re.compile(r"{([a-zA-Z_]+)(?::([a-z]+))?}")
# A readiness probe answers 503 while a dependency is down (no Docker engine here): by design.
PROBES = {"/readyz": 503}
STREAM_GRACE_S = 3.0  # a stream that has answered is closed after this long (not an assertion)


class StopAtStreams(httpx.AsyncBaseTransport):
    """An ASGI transport that does not wait for endless responses: once a response has
    started, its body is read for a short while and the app is then cancelled (the status is
    what these tests judge). An exception escaping the app counts as a 500."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = b"".join([chunk async for chunk in request.stream])  # type: ignore[union-attr]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "scheme": "http",
            "path": request.url.path,
            "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query,
            "server": ("testserver", 80),
            "client": ("127.0.0.1", 50000),
            "root_path": "",
        }
        sent = False
        started = asyncio.Event()
        done = asyncio.Event()
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        parts: list[bytes] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
                started.set()
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body", False):
                    done.set()

        async def run() -> None:
            try:
                await self.app(scope, receive, send)
            except Exception:
                nonlocal status
                status = 500
            finally:
                started.set()
                done.set()

        task = asyncio.create_task(run())
        await started.wait()
        try:
            await asyncio.wait_for(done.wait(), STREAM_GRACE_S)
        except TimeoutError:
            task.cancel()
        done.set()
        await asyncio.gather(task, return_exceptions=True)
        return httpx.Response(status, headers=headers, content=b"".join(parts))


@dataclass
class Arena:
    app: Starlette
    clients: dict[str, httpx.AsyncClient]
    valid: dict[str, str]
    tokens: dict[str, str] = field(default_factory=dict)


@contextmanager
def recording_query_keys() -> Iterator[set[str]]:
    """Record every query-string key the app reads inside the block."""
    keys: set[str] = set()
    real_getitem, real_contains, real_getlist = (
        QueryParams.__getitem__,
        QueryParams.__contains__,
        QueryParams.getlist,
    )

    def getitem(self: QueryParams, key: str) -> str:
        keys.add(key)
        return real_getitem(self, key)

    def contains(self: QueryParams, key: Any) -> bool:
        keys.add(str(key))
        return real_contains(self, key)

    def getlist(self: QueryParams, key: str) -> list[str]:
        keys.add(key)
        return real_getlist(self, key)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QueryParams, "__getitem__", getitem)
        patch.setattr(QueryParams, "__contains__", contains)
        patch.setattr(QueryParams, "getlist", getlist)
        yield keys


@pytest.fixture
async def arena(
    settings: Settings,
    committed_db: Database,
    site: Site,
    users: UserFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Arena]:
    """The app over a site with a cohort, a student in it and a judged submission; one logged-in
    client per role."""
    patch_labs(monkeypatch)
    student = await users(Role.STUDENT, "student1")
    coach = await users(Role.COACH, "coach1")
    admin = await users(Role.ADMIN, "admin1")
    cohort = await users.cohort(coach)
    users.session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
    await users.session.commit()
    submission_id = await judged(
        committed_db,
        student.id,
        site.code,
        {"main.cpp": "int main() {}"},
        NormalReport(verdict="AC", score=100.0, max_score=100.0),
        "cpp",
    )
    app = create_app(
        settings,
        database=committed_db,
        queue=InProcessQueue(),
        connect_docker_engine=False,
        grader=ScriptedGrader(),
        languages=LANGUAGES,
        sweep_every_s=None,
    )
    valid = {
        "slug": site.code.slug,
        "path": "topo.png",
        "content_hash": "0" * 64,
        "cohort_id": str(cohort.id),
        "user_id": str(student.id),
        "task_id": str(site.code.id),
        "id": str(submission_id),
        "position": "1",
        "label": "A",
        # The Contest API over a played contest (ended and unfrozen: its feed streams and ends).
        "cid": (
            await ccs_world.build(committed_db, utcnow() - timedelta(minutes=400))
        ).contest.slug,
        "endpoint": "submissions",
    }
    async with app.router.lifespan_context(app):
        clients = {
            role: httpx.AsyncClient(transport=StopAtStreams(app), base_url="http://testserver")
            for role in ROLES
        }
        for role, user in (("student", student), ("coach", coach), ("admin", admin)):
            response = await log_in(clients[role], user.username)
            assert response.status_code == 303, response.text
        arena = Arena(app, clients, valid)
        forms = {"anonymous": "/login", "student": "/tasks/aplusb", "coach": "/coach"}
        for role, client in clients.items():
            arena.tokens[role] = await csrf_of(client, forms.get(role, "/admin/users"))
        try:
            yield arena
        finally:
            for client in clients.values():
                await client.aclose()


def _routes(app: Starlette, method: str) -> list[Route]:
    return [
        route
        for route in app.routes
        if isinstance(route, Route) and route.methods is not None and method in route.methods
    ]


def _fill(path: str, values: dict[str, str]) -> str:
    return PARAM.sub(lambda m: quote(values[m.group(1)], safe=""), path)


def _valid_values(arena: Arena, route: Route) -> dict[str, str]:
    values = {}
    for name, kind in PARAM.findall(route.path):
        if kind == "int":
            values[name] = arena.valid.get(name, "1")
        else:
            assert name in arena.valid, f"{route.path}: give a valid value for {{{name}}} above"
            values[name] = arena.valid[name]
    return values


async def _status(client: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> int:
    """The status of a request; a probe's designed answer counts as a 200."""
    response = await client.request(method, url, **kwargs)
    if PROBES.get(response.url.path) == response.status_code:
        return 200
    return response.status_code


async def test_every_get_route_survives_hostile_ids_and_query_values(arena: Arena) -> None:
    failures: list[str] = []
    visited = 0
    every_key: set[str] = set()
    for route in _routes(arena.app, "GET"):
        valid = _valid_values(arena, route)
        for role, client in arena.clients.items():
            with recording_query_keys() as keys:
                status = await _status(client, "GET", _fill(route.path, valid))
            if status >= 500:
                failures.append(f"{role} GET {route.path} (valid values): {status}")
            every_key |= keys
            for label, value in HOSTILE.items():
                for name in valid:  # each path parameter in turn
                    url = _fill(route.path, {**valid, name: value})
                    status = await _status(client, "GET", url)
                    visited += 1
                    if status >= 500:
                        failures.append(f"{role} GET {route.path} with {name}={label}: {status}")
                for key in sorted(keys):  # each query key the route reads, in turn
                    url = _fill(route.path, valid) + "?" + urlencode({key: value})
                    status = await _status(client, "GET", url)
                    visited += 1
                    if status >= 500:
                        failures.append(f"{role} GET {route.path}?{key}={label}: {status}")
    assert every_key, "no route read its query string: the recording is broken"
    for route in _routes(arena.app, "GET"):  # every key any route reads, all at once
        url = _fill(route.path, _valid_values(arena, route))
        for label, value in HOSTILE.items():
            room = 30000 // len(every_key) // 9  # a URL stays under 64 kB, encoded
            query = urlencode({key: value[:room] for key in sorted(every_key)})
            for role, client in arena.clients.items():
                status = await _status(client, "GET", f"{url}?{query}")
                visited += 1
                if status >= 500:
                    failures.append(f"{role} GET {route.path}?<every key>={label}: {status}")
    assert visited > 500
    assert not failures, "\n".join(failures)


async def test_every_post_route_survives_hostile_ids(arena: Arena) -> None:
    """State-changing routes with ids in their path: a hostile id is a 4xx, for every role, with
    a valid CSRF token (so the request reaches the route)."""
    failures: list[str] = []
    for route in _routes(arena.app, "POST"):
        valid = _valid_values(arena, route)
        if not valid:
            continue
        for role, client in arena.clients.items():
            headers = {"X-CSRF-Token": arena.tokens[role]}
            for label, value in HOSTILE.items():
                for name in valid:
                    if label in ("zero",):  # a real-looking id: the route may act on it
                        continue
                    url = _fill(route.path, {**valid, name: value})
                    status = await _status(client, "POST", url, headers=headers)
                    if status >= 500:
                        failures.append(f"{role} POST {route.path} with {name}={label}: {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("type=zzz", True),
        ("competency=zzz", True),
        ("status=zzz", True),
        ("type=quiz", False),
        ("competency=product_proficiency", False),
    ],
    ids=["unknown-type", "unknown-competency", "unknown-status", "type", "competency"],
)
async def test_an_unknown_filter_value_on_the_task_list_is_ignored(
    arena: Arena, site: Site, query: str, listed: bool
) -> None:
    response = await arena.clients["student"].get(f"/tasks?{query}")
    assert response.status_code == 200
    assert (f"/tasks/{site.code.slug}" in response.text) is listed


@pytest.mark.parametrize(
    "path",
    [f"/submissions/{2**31}", f"/submissions/{2**64}", "/coach/cohorts/" + "9" * 5000],
    ids=["2^31", "2^64", "5000-digits"],
)
async def test_ids_beyond_the_database_range_are_not_found(arena: Arena, path: str) -> None:
    assert (await arena.clients["admin"].get(path)).status_code == 404


async def test_the_largest_id_the_database_holds_is_looked_up(arena: Arena) -> None:
    response = await arena.clients["admin"].get(f"/submissions/{2**31 - 1}")
    assert response.status_code == 404 and "Traceback" not in response.text


async def test_a_nul_in_the_address_is_a_400_with_a_page(arena: Arena) -> None:
    response = await arena.clients["student"].get("/tasks/a%00b")
    assert response.status_code == 400
    assert "control character" in response.text
    response = await arena.clients["student"].get("/submissions?task=a%00b")
    assert response.status_code == 400
