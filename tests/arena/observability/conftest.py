"""Fixtures for observability: JSON logs captured as the production handler writes them, and
the embedded app reached from a chosen client address."""

from __future__ import annotations

import io
import json
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette

from ictarena.accounts.models import User
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.observability import logs
from ictarena.settings import LogFormat, Settings
from ictarena.submissions.queue import JobQueue
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import csrf_of, log_in
from tests.arena.pages import LANGUAGES
from tests.arena.pipeline.conftest import (  # noqa: F401 - fixtures shared with the pipeline
    TaskFixture,
    code_task,
    judge_queue,
    prod_settings,
    redis,
    students,
    workers,
)
from tests.arena.pipeline.fakes import ScriptedGrader

LOOPBACK = ("127.0.0.1", 50000)
ELSEWHERE = ("203.0.113.9", 50000)  # a documentation address: anyone on the network


class JsonLines:
    """What the JSON log handler wrote, one parsed object a line."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def all(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines() if line]

    def where(self, **values: Any) -> list[dict[str, Any]]:
        return [line for line in self.all() if all(line.get(k) == v for k, v in values.items())]


@pytest.fixture
def json_logs() -> Iterator[JsonLines]:
    """Logs configured as in production (JSON on one stream); the test run's own logging
    is put back afterwards."""
    root = logging.getLogger()
    kept = root.handlers[:], root.level
    named = {
        name: (logging.getLogger(name).handlers[:], logging.getLogger(name).propagate)
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "arq")
    }
    stream = io.StringIO()
    logs.configure("info", LogFormat.JSON, stream)
    try:
        yield JsonLines(stream)
    finally:
        root.handlers, level = kept
        root.setLevel(level)
        for name, (handlers, propagate) in named.items():
            logging.getLogger(name).handlers = handlers
            logging.getLogger(name).propagate = propagate


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_app(settings: Settings, db: Database, queue: JobQueue | None = None) -> Starlette:
    """The app on ``db`` with a scripted grader; embedded unless ``queue`` is arq's."""
    return create_app(
        settings,
        database=db,
        queue=queue or InProcessQueue(),
        connect_docker_engine=False,
        grader=ScriptedGrader(),
        languages=LANGUAGES,
        sweep_every_s=None,
    )


@asynccontextmanager
async def site(
    settings: Settings,
    db: Database,
    client: tuple[str, int] = LOOPBACK,
    queue: JobQueue | None = None,
) -> AsyncIterator[httpx.AsyncClient]:
    """The app seen from ``client``."""
    app = make_app(settings, db, queue)
    transport = httpx.ASGITransport(app=app, client=client)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="https://testserver") as http,
    ):
        yield http


async def submit(
    http: httpx.AsyncClient, student: User, task: TaskFixture, source: str, request_id: str
) -> httpx.Response:
    """Log ``student`` in and submit ``source`` to ``task`` through the form."""
    await log_in(http, student.username)
    token = await csrf_of(http, "/student")
    response = await http.post(
        f"/tasks/{task.task.id}/submit",
        data={"language": "cpp", "source": source, "filename": "a.cpp", "csrf_token": token},
        headers={"X-Request-ID": request_id},
    )
    assert response.status_code == 303
    return response


def samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    """Every sample of a Prometheus text exposition: (name, labels, value)."""
    return [
        (sample.name, sample.labels, sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    ]
