"""One locked-down container per submission, driven through the runner's stdin protocol.

The container runs ``ict-runner`` as PID 1 with no network, no capabilities, no new privileges,
a read-only root filesystem, a size-limited tmpfs ``/work``, a memory limit without swap, a pids
limit, and ulimits on open files, file size and core dumps. The host attaches to its stdin and
stdout before starting it and never execs into it. Files go in through the protocol (``put_archive``
cannot write into a read-only container), one test input at a time, so answers and other tests'
inputs are never inside. Containers are created, labelled and removed (in ``close``, also on
errors and cancellation) like every judge container (:mod:`ictjudge.containers`); :func:`sweep`
reaps any left by a crashed worker.

This class is synchronous (docker-py is): the async judge calls it from a worker thread.
"""

from __future__ import annotations

import os
import re
import select
import socket
import struct
from dataclasses import dataclass
from typing import Any

from ictjudge.containers import LABEL, OWNER_LABEL, Attachment, create, remove, started
from ictjudge.errors import RunnerFailure, SandboxUnavailable
from ictjudge.hardening import locked_down

DEFAULT_IMAGE = "ictarena/judge-runtime:latest"
_RESULT = re.compile(r"(\w+)=(-?\d+)")
OWNER = "uid=65534,gid=65534,mode=0700"


@dataclass(frozen=True)
class SandboxConfig:
    image: str = DEFAULT_IMAGE
    work_mb: int = 256
    cpuset: str | None = None
    cpu_quota: float | None = 1.0  # CPUs; None = unlimited
    nofile: int = 64


@dataclass(frozen=True)
class RunResult:
    exit_code: int
    signal: int
    cpu_ms: float
    wall_ms: float
    memory_kb: int
    oom: bool
    killed_wall: bool
    killed_cpu: bool
    output_bytes: int = 0  # everything the program wrote to stdout, kept or not


def connect(docker_url: str | None = None) -> Any:
    """A docker-py client, or SandboxUnavailable."""
    import docker
    import docker.errors

    try:
        client = docker.DockerClient(base_url=docker_url) if docker_url else docker.from_env()
        client.ping()
    except (docker.errors.DockerException, OSError) as exc:
        raise SandboxUnavailable(f"the Docker engine is unreachable: {exc}") from exc
    return client


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def orphaned(label: str, host: str) -> bool:
    """Whether the judge process an owner label names (``host:pid:start``, or ``host:pid`` as
    older judges wrote it) was on ``host`` and is gone: no process has its pid, or the one that
    has it started at another time (the judge's container was restarted, and its judge is pid 1
    again)."""
    parts = label.split(":")
    if len(parts) == 2:
        parts.append("")
    if len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
        return False
    pid, start = int(parts[1]), parts[2]
    if not _alive(pid):
        return True
    return bool(start) and started(pid) not in (None, start)


def sweep(client: Any, everything: bool = False) -> int:
    """Remove sandbox containers whose judge process on this host has gone (a crashed worker,
    or one whose container restarted), or all of them with ``everything``; returns how many.
    Containers of live judges, and of other hosts sharing the engine, are left alone."""
    import docker.errors

    removed = 0
    host = socket.gethostname()
    for container in client.containers.list(all=True, filters={"label": LABEL}):
        label = (container.labels or {}).get(OWNER_LABEL, "")
        if everything or not label or orphaned(label, host):
            try:
                container.remove(force=True)
                removed += 1
            except docker.errors.NotFound:
                pass
    return removed


class Sandbox:
    def __init__(
        self,
        client: Any,
        config: SandboxConfig,
        memory_mb: int,
        pids: int,
        purpose: str = "run",
    ) -> None:
        self.client = client
        self.config = config
        self.memory_mb = memory_mb
        self.pids = pids
        self.purpose = purpose
        self.container: Any = None
        self._attachment: Attachment | None = None
        self._buffer = bytearray()

    @property
    def _sock(self) -> socket.socket | None:
        """The attached stream's socket, while the sandbox is open."""
        return self._attachment.sock if self._attachment is not None else None

    # Life cycle -------------------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        import docker.errors

        options = locked_down(
            memory_mb=self.memory_mb + self.config.work_mb,
            pids=self.pids,
            tmpfs={
                "/work": f"rw,exec,nosuid,nodev,size={self.config.work_mb}m,{OWNER}",
                "/tmp": f"rw,nosuid,nodev,size=16m,{OWNER}",
            },
            cpus=self.config.cpu_quota or None,
            nofile=self.config.nofile,
            user="65534:65534",
        )
        self.container = create(
            self.client,
            self.config.image,
            self.purpose,
            cpuset_cpus=self.config.cpuset,
            environment={"HOME": "/tmp", "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin"},
            detach=True,
            **options,
        )
        try:
            self._attachment = Attachment(self.container)
            self.container.start()
        except (docker.errors.DockerException, OSError) as exc:
            self.close()
            raise SandboxUnavailable(f"could not start a sandbox: {exc}") from exc
        assert self._sock is not None
        self._sock.settimeout(30)
        ready = self._line()
        if ready != "READY":
            self.close()
            raise RunnerFailure(f"the runner did not start: {ready!r}")

    def resize(self, memory_mb: int, pids: int) -> None:
        """Set the container's memory (plus its work directory, no swap) and pids limits."""
        memory = (memory_mb + self.config.work_mb) << 20
        api = self.client.api
        try:
            answer = api.post(
                f"{api.base_url}/v{api.api_version}/containers/{self.container.id}/update",
                json={"Memory": memory, "MemorySwap": memory, "PidsLimit": pids},
                timeout=30,
            )
            answer.raise_for_status()
        except Exception as exc:  # requests' and the engine's errors alike
            raise SandboxUnavailable(f"could not set the sandbox's limits: {exc}") from exc
        self.memory_mb, self.pids = memory_mb, pids

    def alive(self) -> bool:
        """Whether the runner still waits for a command: its stream open and silent."""
        if self._sock is None or self.container is None:
            return False
        try:
            readable, _, _ = select.select([self._sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable  # readable: closed, or talking out of turn

    def close(self) -> None:
        if self._attachment is not None:
            self._attachment.close()
            self._attachment = None
        if self.container is not None:
            remove(self.container)  # what fails to go, the start-up sweep removes
            self.container = None

    # Protocol ---------------------------------------------------------------------------------

    def _fill(self) -> None:
        """Read one multiplexed frame from the attach stream into the stdout buffer."""
        assert self._sock is not None
        header = self._exact_raw(8)
        stream, size = header[0], struct.unpack(">I", header[4:])[0]
        payload = self._exact_raw(size)
        if stream == 1:
            self._buffer += payload

    def _exact_raw(self, n: int) -> bytes:
        assert self._sock is not None
        data = bytearray()
        while len(data) < n:
            try:
                chunk = self._sock.recv(n - len(data))
            except TimeoutError as exc:
                raise RunnerFailure("the runner stopped answering") from exc
            except OSError as exc:
                raise RunnerFailure(f"lost the sandbox connection: {exc}") from exc
            if not chunk:
                raise RunnerFailure("the sandbox closed its stream (the container died)")
            data += chunk
        return bytes(data)

    def _line(self) -> str:
        while b"\n" not in self._buffer:
            self._fill()
        index = self._buffer.index(b"\n")
        line = bytes(self._buffer[:index]).decode("utf-8", "replace")
        del self._buffer[: index + 1]
        return line

    def _bytes(self, n: int) -> bytes:
        while len(self._buffer) < n:
            self._fill()
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def _send(self, data: bytes) -> None:
        assert self._sock is not None
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise RunnerFailure(f"cannot write to the sandbox: {exc}") from exc

    def _ok(self, what: str) -> str:
        line = self._line()
        if not line.startswith("OK"):
            raise RunnerFailure(f"{what}: {line}")
        return line

    def write(self, path: str, data: bytes, executable: bool = False) -> None:
        self._send(f"{'XFILE' if executable else 'FILE'} {path} {len(data)}\n".encode() + data)
        self._ok(f"writing {path}")

    def read(self, path: str, limit: int) -> tuple[bytes, int]:
        """Up to ``limit`` bytes of a file, and its full size (0 when absent)."""
        self._send(f"READ {path} {limit}\n".encode())
        parts = self._ok(f"reading {path}").split()
        n, size = int(parts[1]), int(parts[2])
        return self._bytes(n), size

    def delete(self, path: str) -> None:
        self._send(f"DEL {path}\n".encode())
        self._ok(f"deleting {path}")

    def snapshot(self) -> None:
        self._send(b"SNAPSHOT\n")
        self._ok("snapshot")

    def clean(self) -> None:
        self._send(b"CLEAN\n")
        self._ok("clean")

    def run(
        self,
        argv: list[str],
        time_ms: int,
        wall_ms: int,
        memory_kb: int,
        output_bytes: int,
        stdin: str = "-",
        stdout: str = "-",
    ) -> RunResult:
        if any("\n" in a for a in argv):
            raise RunnerFailure("argument with a newline")
        header = (
            f"RUN {time_ms} {wall_ms} {memory_kb} {output_bytes} {stdin} {stdout} {len(argv)}\n"
        )
        assert self._sock is not None
        self._sock.settimeout(wall_ms / 1000 + 30)
        self._send(header.encode() + "".join(a + "\n" for a in argv).encode())
        line = self._line()
        if not line.startswith("RESULT"):
            raise RunnerFailure(f"unexpected runner reply: {line[:200]}")
        values = {k: int(v) for k, v in _RESULT.findall(line)}
        maxrss = values.get("maxrss_kb", 0)
        return RunResult(
            exit_code=values.get("exit", -1),
            signal=values.get("signal", 0),
            cpu_ms=values.get("cpu_us", 0) / 1000,
            wall_ms=values.get("wall_us", 0) / 1000,
            memory_kb=maxrss,
            oom=values.get("oom", 0) > 0,
            killed_wall=bool(values.get("killed_wall")),
            killed_cpu=bool(values.get("killed_cpu")),
            output_bytes=values.get("stdout_bytes", 0),
        )
