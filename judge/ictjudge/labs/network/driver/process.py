"""Programs and network namespaces: running a program (never through a shell) and calling a
function from inside a device's namespace, the driver's two ways of touching the lab."""

from __future__ import annotations

import ctypes
import os
import subprocess
import threading
from collections.abc import Callable
from typing import Any

CLONE_NEWNET = 0x40000000
MAX_CAPTURE = 4 << 20

_libc = ctypes.CDLL(None, use_errno=True)


def run(
    args: list[str], timeout: float = 10.0, stdin: str | None = None, errors: bool = True
) -> tuple[int, str]:
    """Run a program (never a shell): its exit status and its output (with stderr, or without)."""
    try:
        done = subprocess.run(
            args,
            input=stdin.encode() if stdin is not None else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if errors else subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {timeout:g} s"
    return done.returncode, done.stdout[:MAX_CAPTURE].decode("utf-8", "replace")


def in_netns(namespace: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call ``fn`` in a thread that has joined ``namespace``: sockets it opens live there."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            fd = os.open(f"/run/netns/{namespace}", os.O_RDONLY)
            try:
                if _libc.setns(fd, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), f"setns {namespace}")
            finally:
                os.close(fd)
            box["value"] = fn(*args)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def write_sysctls(namespace: str, values: dict[str, str]) -> None:
    def write() -> None:
        for key, value in values.items():
            with open("/proc/sys/" + key.replace(".", "/"), "w") as handle:
                handle.write(value)

    in_netns(namespace, write)
