"""Choosing the grader a judge worker uses, and connecting it to the Docker engine.

``docker`` (the default) is the sandboxed judge library; any other value names a factory
``module:callable`` taking the settings and returning a :class:`~ictarena.workers.judging.Grader`
(used to plug in other graders, and by the pipeline's tests to simulate slow or failing judges).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from ictarena.settings import Settings, SettingsError
from ictarena.workers.judging import Grader

log = logging.getLogger(__name__)


def connect_docker(settings: Settings) -> Any | None:
    """A Docker client when an engine answers, else None (readiness reports it)."""
    try:
        import docker

        client = (
            docker.DockerClient(base_url=settings.docker_url)
            if settings.docker_url
            else docker.from_env()
        )
        client.ping()
        return client
    except Exception as exc:
        log.warning("Docker engine not reachable: %s", exc)
        return None


def load_grader(settings: Settings, docker_client: Any | None = None) -> Grader:
    if settings.grader == "docker":
        from ictarena.workers import sandbox_grader

        return sandbox_grader.SandboxGrader(settings, docker_client)
    module_name, _, attribute = settings.grader.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise SettingsError(f"ARENA_GRADER: cannot load {settings.grader!r}: {exc}") from None
    grader: Grader = factory(settings)
    return grader


async def close_grader(grader: Grader) -> None:
    """Release what a grader holds (the sandbox grader's warm pool); graders without a
    ``close`` hold nothing."""
    closer = getattr(grader, "close", None)
    if closer is not None:
        await closer()


def supported_languages(settings: Settings) -> dict[str, str]:
    """The languages intake accepts: the judge's table, without needing Docker to ask."""
    if settings.grader == "docker":
        from ictarena.workers import sandbox_grader

        return sandbox_grader.languages()
    return load_grader(settings).languages()
