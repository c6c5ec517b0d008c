"""FRR on every router: one set of daemons per namespace (zebra first, then staticd, ospfd,
ripd and bgpd as the router needs; ``-N <device>`` pathspace, no TCP vty), and ``show … json``
queries through ``vtysh``."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from typing import Any

from .process import run

FRR = "/usr/lib/frr"
STATE = "/run/frr"
FD_LIMIT = 256  # per daemon: a configuration that needs more makes the daemon abort


class Daemons:
    """The routers' FRR daemons, by (device, daemon)."""

    def __init__(self) -> None:
        self.processes: dict[tuple[str, str], subprocess.Popen[bytes]] = {}

    def start(self, routers: list[dict[str, Any]]) -> None:
        for router in routers:
            for directory in (f"{STATE}/{router['name']}", f"/etc/frr/{router['name']}"):
                os.makedirs(directory, exist_ok=True)
                os.chown(directory, _uid("frr"), _gid("frr"))
            with open(f"/etc/frr/{router['name']}/vtysh.conf", "w") as handle:
                handle.write("")
        for router in routers:
            self._spawn(router["name"], "zebra")
        self._await_sockets([(r["name"], "zebra") for r in routers], "zserv.api")
        rest = [(r["name"], d) for r in routers for d in r["daemons"] if d != "zebra"]
        for name, daemon in rest:
            self._spawn(name, daemon)
        self._await_sockets([(r["name"], "zebra") for r in routers] + rest, None)

    def _spawn(self, name: str, daemon: str) -> None:
        args = ["ip", "netns", "exec", name, f"{FRR}/{daemon}", "-N", name, "-F", "traditional"]
        args += ["-P", "0", "-f", "/dev/null", "-i", f"{STATE}/{name}/{daemon}.pid"]
        args += ["--limit-fds", str(FD_LIMIT)]
        self.processes[(name, daemon)] = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def _await_sockets(self, daemons: list[tuple[str, str]], socket_name: str | None) -> None:
        deadline = time.monotonic() + 15
        waiting = list(daemons)
        while waiting and time.monotonic() < deadline:
            still = []
            for name, daemon in waiting:
                path = f"{STATE}/{name}/{socket_name or daemon + '.vty'}"
                if not os.path.exists(path) and self.processes[(name, daemon)].poll() is None:
                    still.append((name, daemon))
            waiting = still
            if waiting:
                time.sleep(0.01)

    def running(self, node: str, daemon: str) -> bool:
        process = self.processes.get((node, daemon))
        return process is not None and process.poll() is None

    def crashes(self) -> list[dict[str, Any]]:
        """The daemons that are no longer running, with their exit status (negative: signal)."""
        return [
            {"device": name, "daemon": daemon, "code": process.poll()}
            for (name, daemon), process in self.processes.items()
            if process.poll() is not None
        ]

    def kill(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(OSError):
                process.kill()


def show(node: str, command: str, daemon: str | None = None) -> Any:
    """A ``show … json`` command's decoded output, or None."""
    args = ["vtysh", "-N", node]
    if daemon:
        args += ["-d", daemon]
    _code, out = run([*args, "-c", command], timeout=10, errors=False)
    try:
        return json.loads(out) if out.strip() else None
    except ValueError:
        return None


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid


def _gid(name: str) -> int:
    import grp

    return grp.getgrnam(name).gr_gid
