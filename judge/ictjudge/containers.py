"""Labelled judge containers: how every container the judge runs (the code sandbox, the lab
containers) is created and removed.

Each is created with stdin open (the host attaches before starting it and never execs into
it), named after its kind and labelled with :data:`LABEL` and the process that owns it, so that
:func:`ictjudge.sandbox.sweep` reaps those of a crashed worker, and of a worker whose container
was restarted since. Creation errors become judge errors: an image that is not built is
:class:`ImageMissing`, an engine that refuses is :class:`SandboxUnavailable`. Removal never
raises (the start-up sweep removes what it leaves). The host talks to a container through
:class:`Attachment`, which keeps the engine's answer to the attach request for as long as its
socket is in use. The locked-down options themselves come from
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


class Attachment:
    """A container's stdin and its multiplexed stdout (and stderr), attached before it starts.

    docker-py hands back the socket of the attach request's HTTP connection, and the response
    that connection belongs to stays reachable only from what it hands back. We keep that
    object, not just its socket: once it is dropped, the response is freed at the garbage
    collector's next pass, and closing it closes the connection and the socket still in use.
    Whether its finaliser gets to that depends on the order in which the collector finalises
    the objects of its cycle; when it did, the judge read from a closed file descriptor in the
    middle of a judging. :meth:`close` closes the socket and the response, in that order.
    """

    def __init__(self, container: Any, stderr: bool = True) -> None:
        params = {"stdin": 1, "stdout": 1, "stream": 1} | ({"stderr": 1} if stderr else {})
        self._raw = container.attach_socket(params=params)  # holds the response, see above
        self.sock: socket.socket = getattr(self._raw, "_sock", self._raw)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()
        response = getattr(self._raw, "_response", None)
        if response is not None:
            with contextlib.suppress(Exception):  # closing a dead connection, whatever it says
                response.close()
