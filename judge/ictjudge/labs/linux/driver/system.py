"""What both containers do as PID 1: stay out of the student's reach, reap orphans, and kill
every other process when a step ends.

The student's processes cannot ptrace or read the driver (it is not dumpable and
CAP_SYS_PTRACE is never granted), cannot signal it (PID 1 of its namespace only gets signals it
handles, and it handles none), and cannot change its files (the root filesystem is read-only).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import time

LIB = "/usr/lib/ict-lab"
SKEL = f"{LIB}/skel.tar"
STATE_DIRS = ["etc", "home", "root", "srv", "opt", "var", "mnt"]
TAR_STATE = ["--xattrs", "--xattrs-include=*", "--acls", "--numeric-owner", "--directory", "/"]
KEEP = 64 * 1024  # bytes of a program's output kept for the report
PR_SET_DUMPABLE = 4


def harden() -> None:
    """Not dumpable (no ptrace, no /proc/1/mem for the student), no Python SIGINT handler."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def oom_kills() -> int:
    """The memory cgroup's OOM-kill counter (cgroup v1 or v2), or 0 when unreadable."""
    for path, key in (
        ("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill"),
        ("/sys/fs/cgroup/memory.events", "oom_kill"),
    ):
        try:
            with open(path) as handle:
                for line in handle:
                    name, _, value = line.partition(" ")
                    if name == key:
                        return int(value)
        except (OSError, ValueError):
            continue
    return 0


def others() -> list[int]:
    """PIDs of every process in this namespace but this one."""
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != 1]


def reap(main_pid: int | None = None) -> int | None:
    """Collect every exited child (orphans are re-parented to PID 1 and would otherwise hold
    their PIDs as zombies); returns the wait status of ``main_pid`` if it was among them."""
    found = None
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return found
        if pid == 0:
            return found
        if pid == main_pid:
            found = status


def kill_all() -> None:
    """SIGKILL every other process (a fork bomb too: kill(-1) reaches them all at once) and
    reap them, until only PID 1 is left."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with contextlib.suppress(ProcessLookupError):
            os.kill(-1, signal.SIGKILL)
        reap()
        if not others():
            return
        time.sleep(0.005)


def remove(path: str) -> None:
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path, ignore_errors=True)
