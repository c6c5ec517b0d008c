"""The two containers of a Linux lab judging: the student's system, then the check system.

1. **The lab container** runs the task's hidden setup and then the student's script, as root,
   with no network, the task's capabilities only (a small default set), no new privileges,
   memory, pids and wall-clock limits and an output cap. Its root filesystem is the image,
   read-only; everything a script can change (/etc, /home, /root, /srv, /opt, /var, /mnt, and
   the volatile /tmp and /run) is a size-limited tmpfs that the driver fills from the image's
   pristine copy. So a script cannot fill the host's disk, and nothing it writes outlives the
   container. When the script ends, the driver kills every process it left (a background
   loop that would rewrite files included) and streams a tar archive of the state.
2. **The check container** starts from the same image, again read-only, and receives that
   archive on stdin; it extracts it into tmpfs directories mounted ``noexec,nosuid,nodev``.
   Every program the checks use therefore comes from the read-only image (a script cannot have
   replaced ``id`` or ``stat``, put a library in /etc/ld.so.preload, or edited PATH in
   /etc/profile, which no check reads: checks run ``bash --noprofile --norc`` with a fixed
   PATH), and no process of the student's is running there. Symbolic links the student left
   resolve inside this container, never on the host; the host only ever reads JSON from it.

Both containers are created and started together, so the check container's start is hidden
behind the student's script. The host never execs into either, streams the archive from one to
the other without touching the disk, and removes both in ``finally``. A docker commit of the lab
container (the textbook way) costs an image write, a new container from it and an image
removal (measured here: about 355 ms, against 45 ms for killing, archiving and streaming the
state: ``benchmarks/linux_bench.py``), and leaves the root filesystem writable on the host disk
while the script runs. The tmpfs archive is both faster and tighter.

When the lab runs out of memory the kernel kills the student's processes, not the driver: they
run under ``choom -n 1000``, and the tmpfs directories together (296 MiB) hold less than the
smallest memory limit a task may set (384 MiB). A script that lowers its OOM score again and
exhausts memory with many small processes can at worst make the judging fail (JE), never
pass.

Synchronous (docker-py is): call it through ``asyncio.to_thread``.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ictjudge.containers import Attachment, create, remove
from ictjudge.errors import RunnerFailure
from ictjudge.hardening import locked_down
from ictjudge.labs.container import Timeout
from ictjudge.labs.linux.spec import LinuxLab

STATE_MB = {"etc": 16, "home": 32, "root": 32, "srv": 64, "opt": 32, "var": 64, "mnt": 16}
VOLATILE_MB = {"tmp": 32, "run": 8}
INODES_PER_MB = 256
MAX_STATE = (sum(STATE_MB.values()) + 64) << 20  # archive headers; sparse files stay small
MAX_REPORT = 16 << 20
SETUP_S = 30.0
PIDS = 64
BOOT_S = 10.0


class StateTooLarge(Exception):  # a verdict (OLE) for the student, not a judge error
    """The files the script left make an archive larger than the lab's directories can hold."""


@dataclass
class Run:
    """What the two containers reported."""

    lab: dict[str, Any]  # the lab driver's report (untrusted: the student's system wrote it)
    checks: dict[str, Any] | None  # the check driver's facts; None when the setup failed
    timing: dict[str, float] = field(default_factory=dict)
    state_bytes: int = 0


def _tmpfs(executable: bool) -> dict[str, str]:
    """Size- and inode-limited (a million empty files would make a huge archive)."""
    flags = "exec" if executable else "noexec"
    sizes = {**STATE_MB, **VOLATILE_MB}
    return {
        f"/{name}": f"rw,{flags},nosuid,nodev,size={size}m,nr_inodes={size * INODES_PER_MB},"
        f"mode={'1777' if name == 'tmp' else '0755'}"
        for name, size in sizes.items()
    }


def options(lab: LinuxLab, executable: bool) -> dict[str, Any]:
    """docker-py create options shared by both containers (``executable``: the lab one)."""
    return {
        **locked_down(
            memory_mb=lab.memory_mb,
            pids=PIDS,
            tmpfs=_tmpfs(executable),
            cap_add=lab.added_capabilities,
        ),
        "hostname": "euler",
        "user": "0:0",
        "working_dir": "/root",
    }


class _Attached:
    """A container's stdin and multiplexed stdout/stderr, attached before it starts."""

    def __init__(self, container: Any) -> None:
        self.attachment = Attachment(container)
        self.sock: socket.socket = self.attachment.sock
        self.stderr = bytearray()

    def send(self, data: bytes, deadline: float) -> None:
        self.sock.settimeout(max(deadline - time.monotonic(), 0.001))
        try:
            self.sock.sendall(data)
        except TimeoutError:
            raise Timeout("the check container stopped reading the lab's state") from None

    def close_input(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_WR)

    def _exact(self, size: int) -> bytes | None:
        data = bytearray()
        while len(data) < size:
            chunk = self.sock.recv(min(size - len(data), 1 << 20))
            if not chunk:
                return None
            data += chunk
        return bytes(data)

    def stdout(self, deadline: float, what: str) -> Iterator[bytes]:
        """Payloads of stdout frames until the container closes the stream; stderr is kept
        (a little of it) for error messages."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout(f"the {what} did not finish in time")
            self.sock.settimeout(left)
            try:
                header = self._exact(8)
                if header is None:
                    return
                payload = self._exact(struct.unpack(">I", header[4:])[0]) or b""
            except TimeoutError:
                raise Timeout(f"the {what} did not finish in time") from None
            if header[0] == 2:
                if len(self.stderr) < 8192:
                    self.stderr += payload[: 8192 - len(self.stderr)]
            elif payload:
                yield payload

    def close(self) -> None:
        self.attachment.close()


def _start(containers: list[Any]) -> None:
    """Start the containers at the same time (each start is a blocking engine round trip)."""
    failures: list[BaseException] = []

    def go(container: Any) -> None:
        try:
            container.start()
        except Exception as exc:  # reported below, in this thread
            failures.append(exc)

    threads = [threading.Thread(target=go, args=(c,)) for c in containers[1:]]
    for thread in threads:
        thread.start()
    go(containers[0])
    for thread in threads:
        thread.join()
    if failures:
        raise RunnerFailure(f"could not start the lab: {failures[0]}") from failures[0]


def _remove_all(containers: list[Any]) -> None:
    threads = [threading.Thread(target=remove, args=(c,)) for c in containers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _json_line(data: bytes, what: str, stderr: bytes) -> dict[str, Any]:
    text = data.decode("utf-8", "replace").strip()
    try:
        value = json.loads(text.splitlines()[-1]) if text else None
    except ValueError:
        value = None
    if not isinstance(value, dict):
        detail = stderr.decode("utf-8", "replace").strip()[-1500:] or text[-300:] or "nothing"
        raise RunnerFailure(f"the {what} broke its protocol: {detail}")
    return value


def run(
    client: Any,
    image: str,
    lab: LinuxLab,
    lab_job: dict[str, Any],
    check_job: dict[str, Any],
) -> Run:
    """Run the student's script in a lab container and the probes in a check container."""
    began = time.monotonic()
    timing: dict[str, float] = {}
    made: list[Any] = []
    attached: list[_Attached] = []
    try:
        made.append(create(client, image, "linux", command=["lab"], **options(lab, True)))
        made.append(
            create(
                client,
                image,
                "linux-check",
                command=["check"],
                **options(lab, False),
            )
        )
        attached = [_Attached(c) for c in made]
        lab_io, check_io = attached
        _start(made)
        timing["start_ms"] = (time.monotonic() - began) * 1000
        lab_deadline = time.monotonic() + SETUP_S + lab.time_s + 20
        lab_io.send(json.dumps(lab_job).encode(), lab_deadline)
        lab_io.close_input()
        header = json.dumps(check_job).encode()
        check_io.send(b"%010d" % len(header) + header, lab_deadline)

        head = bytearray()
        report: dict[str, Any] | None = None
        state_bytes = 0
        reported = time.monotonic()
        for payload in lab_io.stdout(lab_deadline, "lab container"):
            chunk = payload
            if report is None:
                head += chunk
                newline = head.find(b"\n")
                if newline < 0:
                    if len(head) > MAX_REPORT:
                        raise RunnerFailure("the lab driver's report is too large")
                    continue
                report = _json_line(bytes(head[:newline]), "lab driver", bytes(lab_io.stderr))
                reported = time.monotonic()
                chunk = bytes(head[newline + 1 :])
                if "setup" in report:
                    break
            if chunk:
                state_bytes += len(chunk)
                if state_bytes > MAX_STATE:
                    raise StateTooLarge(f"more than {MAX_STATE >> 20} MiB")
                check_io.send(chunk, lab_deadline)
        if report is None:
            _json_line(bytes(head), "lab driver", bytes(lab_io.stderr))
            raise RunnerFailure("the lab driver printed no report")  # pragma: no cover
        raw_timing = report.get("timings")
        lab_timing: dict[str, Any] = raw_timing if isinstance(raw_timing, dict) else {}
        for key in ("prepare_ms", "setup_ms", "script_ms", "stop_ms"):
            value = lab_timing.get(key)
            if isinstance(value, int | float):
                timing[key] = float(value)
        if "setup" in report:
            timing["total_ms"] = (time.monotonic() - began) * 1000
            return Run(report, None, timing)
        check_io.close_input()
        timing["capture_ms"] = timing.get("stop_ms", 0.0) + (time.monotonic() - reported) * 1000
        t = time.monotonic()
        probes_s = sum(float(p.get("timeout_s", 5)) * 2 + 1 for p in check_job["probes"])
        check_deadline = t + BOOT_S + probes_s + 20
        out = bytearray()
        for chunk in check_io.stdout(check_deadline, "check container"):
            if len(out) < MAX_REPORT:
                out += chunk
        checks = _json_line(bytes(out), "check driver", bytes(check_io.stderr))
        timing["checks_ms"] = (time.monotonic() - t) * 1000
        for key, value in (checks.get("timings") or {}).items():
            timing[f"check_{key}"] = float(value)
        timing["total_ms"] = (time.monotonic() - began) * 1000
        return Run(report, checks, timing, state_bytes)
    except OSError as exc:
        raise RunnerFailure(f"lost the lab containers: {exc}") from exc
    finally:
        for io in attached:
            io.close()
        _remove_all(made)
