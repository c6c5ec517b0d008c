"""Labelled judge containers: how every container the judge runs (the code sandbox, the lab
containers) is created and removed.

Each is created with stdin open (the host attaches before starting it and never execs into
it), named after its kind and labelled with :data:`LABEL` and the process that owns it, so that
:func:`ictjudge.sandbox.sweep` reaps those of a crashed worker. Creation errors become judge
errors: an image that is not built is :class:`ImageMissing`, an engine that refuses is
:class:`SandboxUnavailable`. Removal never raises (the start-up sweep removes what it leaves).
The locked-down options themselves come from :mod:`ictjudge.hardening`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from typing import Any

from ictjudge.errors import ImageMissing, SandboxUnavailable

LABEL = "org.ictarena.sandbox"
OWNER_LABEL = "org.ictarena.owner"


def owner() -> str:
    """This process, as written on the containers it starts."""
    return f"{socket.gethostname()}:{os.getpid()}"


def create(client: Any, image: str, kind: str, **options: Any) -> Any:
    """Create (not start) a labelled container with stdin open; ``options`` go to docker-py."""
    import docker.errors

    options.setdefault("name", f"arena-{kind}-{uuid.uuid4().hex[:12]}")
    labels = {LABEL: kind, OWNER_LABEL: owner(), **options.pop("labels", {})}
    try:
        return client.containers.create(image, labels=labels, stdin_open=True, **options)
    except docker.errors.ImageNotFound as exc:
        raise ImageMissing(f"{image} is not built: run `arena judge images`") from exc
    except (docker.errors.DockerException, OSError) as exc:
        raise SandboxUnavailable(f"could not create the {kind} container: {exc}") from exc


def remove(container: Any) -> None:
    """Remove ``container`` and its anonymous volumes, whatever state it is in."""
    import docker.errors

    with contextlib.suppress(docker.errors.DockerException):
        container.remove(force=True, v=True)
