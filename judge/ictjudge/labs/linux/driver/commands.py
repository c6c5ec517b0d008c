"""Programs the checks run in the check container: a command as a user, a service started in
the background, an HTTP request and a TCP conversation with it.

Every program comes from the read-only image and runs ``bash --noprofile --norc`` with a fixed
PATH, as the user the student's /etc/passwd and /etc/group describe, in a session of its own.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import threading
import time
from typing import IO, Any

from .system import KEEP, LIB

PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
Accounts = dict[str, Any]
"""The account facts: the texts of /etc/passwd and /etc/group, the password states."""


class Pump:
    """Reads a pipe in a thread, keeping at most KEEP bytes; ``full`` once more arrived."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.data = bytearray()
        self.full = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                chunk = self.stream.read1(65536)  # type: ignore[attr-defined]
            except (OSError, ValueError):
                return
            if not chunk:
                return
            room = KEEP - len(self.data)
            self.data += chunk[: max(room, 0)]
            if len(chunk) > room:
                self.full = True

    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


def identity(user: str, accounts: Accounts) -> tuple[int, int, list[int]] | None:
    """(uid, gid, groups) of ``user`` from the student's /etc/passwd and /etc/group, skipping
    lines that are not well formed (as the C library does)."""
    for line in accounts["passwd"].splitlines():
        fields = line.split(":")
        if len(fields) == 7 and fields[0] == user and fields[2].isdigit() and fields[3].isdigit():
            uid, gid = int(fields[2]), int(fields[3])
            groups = {gid}
            for row in accounts["group"].splitlines():
                parts = row.split(":")
                if len(parts) == 4 and parts[2].isdigit() and user in parts[3].split(","):
                    groups.add(int(parts[2]))
            return uid, gid, sorted(groups)
    return None


def environment(user: str) -> dict[str, str]:
    return {
        "PATH": PATH,
        "HOME": f"{LIB}/home",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "dumb",
        "USER": user,
        "LOGNAME": user,
    }


def spawn(
    command: str, user: str | None, accounts: Accounts, stdout: int, stderr: int
) -> subprocess.Popen[bytes]:
    """``bash -c command`` as ``user`` (root when None), in a session of its own."""
    ident = None
    if user:
        ident = identity(user, accounts)
        if ident is None:
            raise LookupError(f"there is no user {user!r}")

    return subprocess.Popen(
        ["/bin/bash", "--noprofile", "--norc", "-c", command],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        cwd="/",
        env=environment(user or "root"),
        start_new_session=True,
        user=ident[0] if ident else None,
        group=ident[1] if ident else None,
        extra_groups=ident[2] if ident else None,
        close_fds=True,
    )


def run_command(
    command: str, user: str | None, accounts: Accounts, timeout_s: float
) -> dict[str, Any]:
    started = time.monotonic()
    process = spawn(command, user, accounts, subprocess.PIPE, subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    out, err = Pump(process.stdout), Pump(process.stderr)
    timed_out = False
    deadline = started + timeout_s
    while process.poll() is None:
        if time.monotonic() > deadline:
            timed_out = True
            break
        if out.full or err.full:
            break
        time.sleep(0.002)
    if process.returncode is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    out.thread.join(0.2)
    err.thread.join(0.2)
    code = process.returncode
    return {
        "exit": code if code >= 0 and not timed_out else None,
        "signal": -code if code < 0 and not timed_out else None,
        "timed_out": timed_out,
        "stdout": out.text(),
        "stderr": err.text(),
        "truncated": out.full or err.full,
        "wall_ms": (time.monotonic() - started) * 1000,
    }


def wait_port(port: int, timeout_s: float, service: subprocess.Popen[bytes] | None) -> bool:
    """Until 127.0.0.1:port accepts a connection, the service exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            pass
        if service is not None and service.poll() is not None:
            return False
        time.sleep(0.02)
    return False


Service = tuple[subprocess.Popen[bytes] | None, Pump | None, dict[str, Any] | None]


def start_service(probe: dict[str, Any], accounts: Accounts) -> Service:
    """Start the probe's ``start`` command in the background; returns (process, pump, facts)."""
    if not probe.get("start"):
        return None, None, None
    process = spawn(
        probe["start"], probe.get("start_as"), accounts, subprocess.PIPE, subprocess.STDOUT
    )
    assert process.stdout is not None
    pump = Pump(process.stdout)
    facts = {}
    port = probe.get("wait_port")
    if port:
        facts["port_ready"] = wait_port(port, probe.get("timeout_s", 5), process)
    return process, pump, facts


def service_report(service: Service) -> dict[str, Any] | None:
    process, pump, facts = service
    if process is None or pump is None or facts is None:
        return None
    facts["exited"] = process.poll()
    pump.thread.join(0.05)
    facts["output"] = pump.text()[-4000:]
    return facts


def http_get(probe: dict[str, Any]) -> dict[str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", probe["port"], timeout=probe["timeout_s"])
    try:
        connection.request("GET", probe.get("path", "/"), headers={"Host": probe.get("host", "")})
        response = connection.getresponse()
        body = response.read(KEEP)
        return {
            "status": response.status,
            "headers": {k.lower(): v for k, v in response.getheaders()},
            "body": body.decode("utf-8", "replace"),
        }
    except (OSError, http.client.HTTPException) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    finally:
        connection.close()


def tcp_talk(probe: dict[str, Any]) -> dict[str, Any]:
    try:
        with socket.create_connection(("127.0.0.1", probe["port"]), timeout=1) as sock:
            if probe.get("send"):
                sock.sendall(probe["send"].encode())
            sock.settimeout(min(1.0, probe["timeout_s"]))
            data = bytearray()
            try:
                while len(data) < 4096:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                    if b"\n" in chunk and not probe.get("send"):
                        break
            except TimeoutError:
                pass
            return {"connected": True, "data": data.decode("utf-8", "replace")}
    except OSError as exc:
        return {"connected": False, "error": exc.strerror or str(exc)}
