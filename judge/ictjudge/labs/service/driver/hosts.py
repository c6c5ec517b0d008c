"""A lab host's life: its state directories, its boot (:mod:`.boot`), the scripts run in it
(through :mod:`.enter`), a power cut, and the network worker that probes from it."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from typing import Any

from .boot import PERSISTENT, VOLATILE
from .netns import Worker
from .output import Tail

WORK = "/work"
PYTHON = [sys.executable, "-s", "-S", "-B", "-P", "-m"]
PACKAGE = __package__ or "ictjudge.labs.service.driver"
SCRIPTS = "run/ict"  # in the host, /run/ict: written before each boot, from outside
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
DEVICE_UID = DEVICE_GID = 1500  # the image's unprivileged "device" user (python answers)
BOOT_S = 5.0
SPAWN_S = 3.0


class Host:
    """One host of the job (``spec``: its name, addresses, scripts and environment)."""

    def __init__(self, spec: dict[str, Any], hosts_file: str) -> None:
        self.spec = spec
        self.name: str = spec["name"]
        self.state = f"{WORK}/hosts/{self.name}"
        self.init_pid: int | None = None
        self.booter: subprocess.Popen[bytes] | None = None
        self.python: tuple[subprocess.Popen[bytes], Tail] | None = None
        self.worker = Worker(self.name)
        self.tails: list[Tail] = []  # every pipe read from this host's programs
        self.crashed = False  # switched off by the watchdog (too many processes)
        self.boots = 0
        for directory in PERSISTENT:
            self._mkdir(f"{self.state}/upper/{directory}", f"/{directory}")
            self._mkdir(f"{self.state}/work/{directory}")
        with open(f"{self.state}/upper/etc/hosts", "w") as handle:
            handle.write(hosts_file)
        with open(f"{self.state}/upper/etc/hostname", "w") as handle:
            handle.write(self.name + "\n")

    @staticmethod
    def _mkdir(path: str, like: str | None = None) -> None:
        os.makedirs(path, exist_ok=True)
        if like is not None:  # an overlay's top directory has its upper layer's owner and mode
            info = os.stat(like)
            os.chown(path, info.st_uid, info.st_gid)
            os.chmod(path, info.st_mode & 0o7777)

    @property
    def running(self) -> bool:
        return self.init_pid is not None and not self.crashed

    def pid_namespace(self) -> str | None:
        """``pid:[inode]`` of the host's processes, while it runs."""
        if self.init_pid is None:
            return None
        try:
            return os.readlink(f"/proc/{self.init_pid}/ns/pid")
        except OSError:
            return None

    def crash(self) -> None:
        """Kill every process of the host at once (from any thread); the lab switches it off
        properly (:meth:`power_off`) before its next step."""
        if self.init_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.init_pid, signal.SIGKILL)
        self.crashed = True

    def boot(self) -> None:
        """Start the host with a fresh /run and /tmp holding this boot's scripts."""
        boot_dir = f"{self.state}/boot"
        shutil.rmtree(boot_dir, ignore_errors=True)
        for directory, lower in VOLATILE.items():
            self._mkdir(f"{boot_dir}/upper/{directory}", lower)
            self._mkdir(f"{boot_dir}/work/{directory}")
        scripts = f"{boot_dir}/upper/{SCRIPTS}"
        os.makedirs(scripts, mode=0o755)
        for name, text, mode in self._scripts():
            fd = os.open(f"{scripts}/{name}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            with open(fd, "w") as handle:
                handle.write(text)
            if name.endswith(".py"):
                os.chown(f"{scripts}/{name}", DEVICE_UID, DEVICE_GID)
        read, write = os.pipe()
        self.booter = subprocess.Popen(
            [*PYTHON, f"{PACKAGE}.boot", self.name, self.state, str(write)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write,),
            close_fds=True,
        )
        os.close(write)
        said = _read_all(read, BOOT_S)
        lines = said.split("\n")
        pid = next((int(line.split()[1]) for line in lines if line.startswith("pid ")), None)
        if "ready" not in lines or pid is None:
            if pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            raise RuntimeError(f"host {self.name} did not boot: {said.strip()[:500]}")
        self.init_pid = pid
        self.crashed = False
        self.boots += 1

    def _scripts(self) -> list[tuple[str, str, int]]:
        out = []
        if self.spec.get("setup") is not None:
            out.append(("setup.sh", self.spec["setup"], 0o700))
        answer = self.spec.get("answer")
        if answer is not None:
            if answer["kind"] == "python":
                out.append((f"{self.name}.py", answer["text"], 0o600))
            else:
                out.append((f"{self.name}.sh", answer["text"], 0o700))
        return out

    def environment(self, user: str = "root") -> dict[str, str]:
        home = "/root" if user == "root" else f"/home/{user}"
        env = {
            "PATH": PATH,
            "HOME": home,
            "USER": user,
            "LOGNAME": user,
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "HOSTNAME": self.name,
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        }
        env.update(self.spec.get("env") or {})
        return env

    def enter(self, argv: list[str], uid: int = 0, cwd: str = "/root") -> list[str]:
        """The command line that runs ``argv`` in this host (see :mod:`.enter`)."""
        assert self.init_pid is not None
        gid = DEVICE_GID if uid else 0
        return [
            *PYTHON,
            f"{PACKAGE}.enter",
            str(self.init_pid),
            str(uid),
            str(gid),
            cwd,
            "--",
            *argv,
        ]

    def start(
        self, argv: list[str], uid: int = 0, cwd: str = "/root", apart: bool = False
    ) -> tuple[subprocess.Popen[bytes], Tail, Tail | None]:
        """Start ``argv`` in the host, its output read by a :class:`Tail` (its errors by a
        second one when ``apart``)."""
        read, write = os.pipe()
        errors = os.pipe() if apart else None
        try:
            process = _spawn(
                self.enter(argv, uid, cwd),
                stdin=subprocess.DEVNULL,
                stdout=write,
                stderr=errors[1] if errors else write,
                env=self.environment("root" if uid == 0 else "device"),
                start_new_session=True,
                close_fds=True,
            )
        except OSError:
            os.close(read)
            if errors:
                os.close(errors[0])
            raise
        finally:
            os.close(write)
            if errors:
                os.close(errors[1])
        tail = Tail(read)
        error_tail = Tail(errors[0]) if errors else None
        self.tails += [tail, *([error_tail] if error_tail else [])]
        return process, tail, error_tail

    def script(self, name: str, time_s: float) -> dict[str, Any]:
        """Run /run/ict/<name> with bash, as root; killed (with what it started in the
        foreground) when it runs past ``time_s``."""
        started = time.monotonic()
        process, tail, _ = self.start(["/bin/bash", "--noprofile", "--norc", f"/{SCRIPTS}/{name}"])
        timed_out = False
        try:
            code = process.wait(timeout=time_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            kill_group(process)
            code = process.wait()
        tail.settle()
        return {
            "host": self.name,
            "script": name,
            "exit": code,
            "timed_out": timed_out,
            "wall_ms": (time.monotonic() - started) * 1000,
            "output": tail.text(),
            "output_bytes": tail.total,
        }

    def forget(self, name: str) -> None:
        """Remove a script from the host (the hidden setup, once it ran)."""
        assert self.init_pid is not None
        with contextlib.suppress(OSError):
            os.unlink(f"/proc/{self.init_pid}/root/{SCRIPTS}/{name}")

    def start_python(self) -> None:
        """Start the student's Python program (not waited for) as the unprivileged user."""
        path = f"/{SCRIPTS}/{self.name}.py"
        process, tail, _ = self.start(["/usr/bin/python3", "-u", path], DEVICE_UID, "/home/device")
        self.python = (process, tail)

    def python_result(self) -> dict[str, Any] | None:
        if self.python is None:
            return None
        process, tail = self.python
        code = process.poll()
        return {
            "host": self.name,
            "script": f"{self.name}.py",
            "exit": code,
            "running": code is None,
            "output": tail.text(),
            "output_bytes": tail.total,
        }

    def power_off(self) -> None:
        """Every process of the host killed at once (its PID namespace ends with its first)."""
        if self.init_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.init_pid, signal.SIGKILL)
            self.init_pid = None
        if self.booter is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.booter.wait(timeout=5)
            self.booter = None
        if self.python is not None:
            kill_group(self.python[0])


def _spawn(argv: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """Popen, tried again for a moment while the container has no PID to spare (a fork bomb
    the watchdog is about to stop)."""
    deadline = time.monotonic() + SPAWN_S
    while True:
        try:
            return subprocess.Popen(argv, **options)
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process's group (the program and what it started in the foreground) until
    it is empty or a second has passed."""
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            break
        except PermissionError:
            break
        if process.poll() is not None:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
        time.sleep(0.01)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=1)


def _read_all(fd: int, timeout: float) -> str:
    """What the boot program writes on its pipe until it closes it (or ``timeout``)."""
    import select

    deadline = time.monotonic() + timeout
    data = bytearray()
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    return data.decode("utf-8", "replace")
