"""Fixtures for observability: JSON logs captured as the production handler writes them, and
the embedded app reached from a chosen client address."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.observability import logs
from ictarena.settings import LogFormat, Settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.pages import LANGUAGES
from tests.arena.pipeline.conftest import (  # noqa: F401 - fixtures shared with the pipeline
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


@asynccontextmanager
async def site(
    settings: Settings, db: Database, client: tuple[str, int] = LOOPBACK, **options: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """The app (embedded unless ``options`` say otherwise) seen from ``client``."""
    app = create_app(
        settings,
        database=db,
        queue=options.pop("queue", None) or InProcessQueue(),
        connect_docker_engine=False,
        grader=ScriptedGrader(),
        languages=LANGUAGES,
        sweep_every_s=None,
        **options,
    )
    transport = httpx.ASGITransport(app=app, client=client)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="https://testserver") as http,
    ):
        yield http


def samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    """Every sample of a Prometheus text exposition: (name, labels, value)."""
    return [
        (sample.name, sample.labels, sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    ]
