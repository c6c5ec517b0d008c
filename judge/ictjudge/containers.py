"""Labelled judge containers: how every container the judge runs (the code sandbox, the lab
containers) is created and removed.

Each is created with stdin open (the host attaches before starting it and never execs into
it), named after its kind and labelled with :data:`LABEL` and the process that owns it, so that
:func:`ictjudge.sandbox.sweep` reaps those of a crashed worker, and of a worker whose container
was restarted since. Creation errors become judge errors: an image that is not built is
:class:`ImageMissing`, an engine that refuses is :class:`SandboxUnavailable`. Removal never
raises (the start-up sweep removes what it leaves). The locked-down options themselves come from
:mod:`ictjudge.hardening`.

A host where judging shares the CPU with the web processes (one machine running the whole
stack) lowers every judge container's CPU weight once at start-up (:func:`set_cpu_weight`,
Docker's ``--cpu-shares``; other containers weigh 1024): when the CPU is contended, pages stay
fast and judging waits. A quota (``--cpus``) still caps each container, and CPU-time limits
are unaffected; only the wall-clock time of a judging grows under contention.
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
DEFAULT_CPU_SHARES = 1024  # what Docker gives a container that names none

_weight: dict[str, int] = {}  # "cpu_shares", once set


def set_cpu_weight(shares: int | None) -> None:
    """Give every judge container created from now on this CPU weight (2 to 262144; None:
    Docker's default, as much as any other container)."""
    if shares is not None and not 2 <= shares <= 262_144:
        raise ValueError(f"a CPU weight is 2 to 262144 shares, not {shares}")
    _weight.clear()
    if shares is not None:
        _weight["cpu_shares"] = shares


def started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from ``/proc``), or None where that
    cannot be read (no such process, or no ``/proc``)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    fields = stat[stat.rindex(b")") + 2 :].split()  # the name, in parentheses, may hold spaces
    return fields[19].decode() if len(fields) > 19 else None


def owner() -> str:
    """This process, as written on the containers it starts: host, pid and start time. The
    start time tells a restarted judge container (the same host name, its judge again pid 1)
    from the one that made the containers."""
    pid = os.getpid()
    start = started(pid)
    return f"{socket.gethostname()}:{pid}" + (f":{start}" if start is not None else "")


def create(client: Any, image: str, kind: str, **options: Any) -> Any:
    """Create (not start) a labelled container with stdin open; ``options`` go to docker-py."""
    import docker.errors

    options.setdefault("name", f"arena-{kind}-{uuid.uuid4().hex[:12]}")
    labels = {LABEL: kind, OWNER_LABEL: owner(), **options.pop("labels", {})}
    for name, value in _weight.items():
        options.setdefault(name, value)
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
