"""A stopping web process ends its live streams, so that uvicorn does not wait on them."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ictarena.db import Database
from ictarena.http.server import server
from ictarena.settings import Settings
from tests.arena.helpers import UserFactory, log_in
from tests.arena.observability.conftest import free_port, make_app, samples

pytestmark = pytest.mark.postgres
WAIT_S = 20.0  # a bound on waits, never an assertion about speed


async def test_stopping_the_server_ends_open_streams_and_the_server_exits(
    settings: Settings, committed_db: Database, students: UserFactory
) -> None:
    student = await students()
    app = make_app(settings, committed_db)
    port = free_port()
    web = server(app, settings.model_copy(update={"port": port}), lifespan="on")
    serving = asyncio.create_task(web.serve())
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            if web.started:
                break
            await asyncio.sleep(0.05)
        assert web.started, "the server did not start"
        async with httpx.AsyncClient(base_url=base, timeout=httpx.Timeout(WAIT_S)) as browser:
            assert (await log_in(browser, student.username)).status_code == 303
            async with browser.stream("GET", "/events/stream?channels=user") as stream:
                assert stream.status_code == 200
                lines = stream.aiter_lines()
                assert await anext(lines) == "retry: 2000"
                async with httpx.AsyncClient(base_url=base) as scraper:
                    text = (await scraper.get("/metrics")).text
                assert ("arena_sse_streams_open", {}, 1.0) in samples(text)
                web.should_exit = True  # what SIGTERM does
                rest = await asyncio.wait_for(_drain(lines), WAIT_S)
            assert rest == [""]  # the stream ended after its last event, cleanly
        await asyncio.wait_for(serving, WAIT_S)  # and the server did not wait on it
    finally:
        if not serving.done():
            web.force_exit = web.should_exit = True
            await asyncio.wait_for(serving, WAIT_S)


async def _drain(lines: object) -> list[str]:
    return [line async for line in lines]  # type: ignore[attr-defined]
