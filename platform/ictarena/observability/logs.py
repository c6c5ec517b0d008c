"""Structured logs: one JSON object a line in production, readable lines in embedded mode.

Every line carries what is bound to the current task: ``request_id`` while a web request is
served, ``judging_id`` while a judging is graded or recorded. The platform's own modules, arq
and uvicorn log through the standard library; their lines are rendered the same way.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import structlog

from ictarena.settings import LogFormat

REQUEST_ID_HEADER = "x-request-id"
# An incoming request id is kept when it is short and plain (a proxy's or a load tester's);
# anything else is replaced, so a log line never carries a client's arbitrary text.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")

Logger = structlog.stdlib.BoundLogger


def get_logger(name: str) -> Logger:
    logger: Logger = structlog.stdlib.get_logger(name)
    return logger


def request_id(incoming: str | None) -> str:
    """The request id to use: ``incoming`` if sane, else a new random one."""
    if incoming and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


@contextmanager
def bound(**values: Any) -> Iterator[None]:
    """Add ``values`` to every log line written by this task until the block ends."""
    with structlog.contextvars.bound_contextvars(**values):
        yield


# Our loggers hand their key-value pairs to the standard library as ``extra``: one path for
# every line, so tests' log capture and the handlers :func:`configure` installs see them alike.
structlog.configure(
    processors=[
        structlog.stdlib.filter_by_level,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.stdlib.render_to_log_kwargs,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)


def _drop_uvicorn_colours(_logger: Any, _name: str, event: dict[str, Any]) -> dict[str, Any]:
    """uvicorn hands each line a second copy with terminal colours: not for a log file."""
    event.pop("color_message", None)
    return event


def configure(level: str, fmt: LogFormat, stream: IO[str] | None = None) -> None:
    """Send every log line (ours, uvicorn's, arq's) to ``stream`` (stderr) in ``fmt``."""
    chain: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
        _drop_uvicorn_colours,
    ]
    tail: list[Any]
    if fmt is LogFormat.JSON:
        tail = [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    else:
        tail = [structlog.dev.ConsoleRenderer(colors=False)]
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=chain,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *tail],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "arq"):
        logger = logging.getLogger(name)
        logger.handlers = []
        logger.propagate = True
