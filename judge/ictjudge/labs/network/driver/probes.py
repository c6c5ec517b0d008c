"""Probes sent from a device: echo requests (``ping``) and TCP or UDP connection attempts."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from typing import Any

from .process import in_netns, run
from .services import MARK

NO_ROUTE = {"Network is unreachable", "No route to host"}


def ping(node: str, target: str, source: str | None, count: int, wait_s: float) -> int:
    """How many of ``count`` echo requests were answered."""
    args = ["ip", "netns", "exec", node, "ping", "-n", "-q", "-c", str(count), "-i", "0.05"]
    args += ["-W", f"{wait_s:g}"]
    if source:
        args += ["-I", source]
    _code, out = run([*args, target], timeout=count * 0.05 + wait_s + 3)
    match = re.search(r"(\d+) received", out)
    return int(match.group(1)) if match else 0


def connect(
    node: str, proto: str, target: str, port: int, source: str | None, wait: float
) -> dict[str, Any]:
    """One connection attempt from ``node``: ``open`` (with what the service saw, if it is one of
    the lab's listeners), ``refused``, ``unreachable`` or ``timeout``."""

    def attempt() -> dict[str, Any]:
        kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
        with socket.socket(socket.AF_INET, kind) as sock:
            sock.settimeout(wait)
            if source:
                sock.bind((source, 0))
            try:
                sock.connect((target, port))
                if proto == "udp":
                    sock.send(b"probe\n")
                data = b""
                with contextlib.suppress(TimeoutError, OSError):
                    while b"\n" not in data and len(data) < 512:
                        chunk = sock.recv(512)
                        if not chunk:
                            break
                        data += chunk
                if proto == "udp" and not data:
                    return {"state": "timeout"}
            except ConnectionRefusedError:
                return {"state": "refused"}
            except TimeoutError:
                return {"state": "timeout"}
            except OSError as exc:
                reason = exc.strerror or str(exc)
                if reason in NO_ROUTE:
                    return {"state": "unreachable", "reason": reason}
                if proto == "udp" and isinstance(exc, ConnectionRefusedError):
                    return {"state": "refused"}
                return {"state": "unreachable", "reason": reason}
        words = data.decode("ascii", "replace").split()
        if len(words) >= 3 and words[0] == MARK:
            return {"state": "open", "seen": words[1]}
        return {"state": "open"}

    try:
        result: dict[str, Any] = in_netns(node, attempt)
    except OSError as exc:
        return {"state": "unreachable", "reason": exc.strerror or str(exc)}
    return result


def attempts(
    check: dict[str, Any], source: str | None, count: int, final: bool
) -> list[dict[str, Any]]:
    """``count`` independent connection attempts, started 150 ms apart, each with its own
    socket and timeout (a dropped packet costs one timeout, not one per attempt)."""
    port = int(check["port"])
    wait = 0.7 if final else 0.25
    results: list[dict[str, Any]] = [{} for _ in range(count)]

    def attempt(index: int) -> None:
        time.sleep(0.15 * index)
        results[index] = connect(check["from"], check["proto"], check["to"], port, source, wait)

    threads = [threading.Thread(target=attempt, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
