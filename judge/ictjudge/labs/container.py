"""One-shot lab containers: a job in as JSON on stdin, a JSON result out on the last stdout line.

Configuration graders (SQL, network, Linux) run a driver program inside a locked-down container.
The host attaches to the container's stdin and stdout *before* starting it, writes the job,
closes stdin and reads until the driver exits or the wall-clock limit passes; it never execs into
the container. Graders create and remove the container through :mod:`ictjudge.containers`
(labelled like the code sandbox, so :func:`ictjudge.sandbox.sweep` reaps those of a crashed
worker) and always remove it, also on errors and timeouts.

Synchronous (docker-py is): call it through ``asyncio.to_thread``.
"""

from __future__ import annotations

import json
import socket
import struct
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ictjudge.containers import Attachment
from ictjudge.errors import RunnerFailure

if TYPE_CHECKING:
    from ictjudge.labs.report import ItemResult, LabReport
    from ictjudge.texts import Note

MAX_OUTPUT = 16 << 20


class Timeout(RunnerFailure):
    """The driver did not finish within the wall-clock limit (the container is removed)."""


def converse(container: Any, job: dict[str, Any], wall_s: float) -> dict[str, Any]:
    """Start ``container``, send ``job``, return the JSON object the driver printed last.

    Raises :class:`Timeout` when the driver runs past ``wall_s`` and RunnerFailure when it prints
    no JSON. Does not remove the container (the caller may commit it first).
    """
    attachment: Attachment | None = None
    try:
        attachment = Attachment(container, stderr=False)
        sock = attachment.sock
        container.start()
        sock.sendall(json.dumps(job).encode())
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + wall_s
        out = bytearray()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout(f"the lab did not finish within {wall_s:g} s")
            sock.settimeout(left)
            try:
                header = _exact(sock, 8)
            except TimeoutError:
                raise Timeout(f"the lab did not finish within {wall_s:g} s") from None
            if header is None:
                break
            size = struct.unpack(">I", header[4:])[0]
            payload = _exact(sock, size) or b""
            if header[0] == 1 and len(out) < MAX_OUTPUT:
                out += payload
    except OSError as exc:
        raise RunnerFailure(f"lost the lab container: {exc}") from exc
    finally:
        if attachment is not None:
            attachment.close()
    lines = out.decode("utf-8", "replace").strip().splitlines()
    if not lines:
        raise RunnerFailure("the lab driver printed nothing")
    try:
        result = json.loads(lines[-1])
    except ValueError as exc:
        raise RunnerFailure(f"the lab driver printed no JSON: {lines[-1][:200]!r}") from exc
    if not isinstance(result, dict):
        raise RunnerFailure("the lab driver's result is not an object")
    return result


def run(
    client: Any, image: str, kind: str, options: dict[str, Any], job: dict[str, Any], wall_s: float
) -> dict[str, Any]:
    """Create a lab container (``options``: :func:`ictjudge.hardening.locked_down`'s), run
    ``job`` in it, and remove it whatever happens. A driver that died with the container out of
    memory gives ``{"out_of_memory": True}``; :class:`Timeout` and RunnerFailure otherwise."""
    from ictjudge import containers

    container = containers.create(client, image, kind, **options)
    try:
        try:
            return converse(container, job, wall_s)
        except RunnerFailure:
            if out_of_memory(container):
                return {"out_of_memory": True}
            raise
    finally:
        containers.remove(container)


def out_of_memory(container: Any) -> bool:
    """Whether the engine killed the container for its memory limit."""
    import docker.errors

    try:
        container.reload()
    except docker.errors.DockerException:
        return False
    return bool(container.attrs.get("State", {}).get("OOMKilled"))


def _exact(sock: socket.socket, n: int) -> bytes | None:
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None if not data else bytes(data)
        data += chunk
    return bytes(data)


def within_limits(
    run: Callable[[], dict[str, Any]],
    not_run: Callable[[Note], list[ItemResult]],
    wall_s: float,
    memory_mb: int,
    started: float,
) -> dict[str, Any] | LabReport:
    """The driver's result, or the report of a lab stopped at its wall-clock limit (TLE) or its
    memory limit (MLE: ``run`` returns ``{"out_of_memory": True}``), its items not run."""
    from ictjudge.labs.report import LabReport
    from ictjudge.texts import N_, note
    from ictjudge.wire import Verdict

    try:
        out = run()
    except Timeout:
        elapsed = (time.perf_counter() - started) * 1000
        items = not_run(note(N_("Not checked: the lab ran out of time.")))
        message = f"The lab did not finish within {wall_s:g} s and was stopped."
        return LabReport.from_items(items, message, {"total_ms": elapsed}, Verdict.TLE)
    if out.get("out_of_memory"):
        elapsed = (time.perf_counter() - started) * 1000
        items = not_run(note(N_("Not checked: the lab ran out of memory.")))
        message = f"The lab used more than {memory_mb} MiB of memory and was stopped."
        return LabReport.from_items(items, message, {"total_ms": elapsed}, Verdict.MLE)
    return out
