"""Entering a host (``python3 -m ictjudge.labs.service.driver.enter``): join the namespaces of
its first process, give up every capability a host's root does not need, and run a program.

Started by the driver in the container's own mount namespace, so the Python and libraries it
loads are the image's. It joins the host's network, UTS, IPC, PID and (last) mount namespaces,
forks so that the program is a process of the host, and in the child narrows the capability
bounding set to :data:`KEPT` (never SYS_ADMIN, SYS_CHROOT, SYS_PTRACE or SETPCAP), clears the
inheritable and ambient sets, raises its OOM score and, for an unprivileged program, changes
user; only then does it execute the program, whose loader reads the host's ``/etc``. The parent
waits and exits with the child's status (or the signal's number + 128).

    python3 -m ictjudge.labs.service.driver.enter PID UID GID CWD -- PROGRAM ARG...
"""

from __future__ import annotations

import ctypes
import os
import sys
import time

from .syscalls import (
    CLONE_NEWIPC,
    CLONE_NEWNET,
    CLONE_NEWNS,
    CLONE_NEWPID,
    CLONE_NEWUTS,
    check,
    libc,
    setns,
)

NAMESPACES = (
    ("net", CLONE_NEWNET),
    ("uts", CLONE_NEWUTS),
    ("ipc", CLONE_NEWIPC),
    ("pid", CLONE_NEWPID),
    ("mnt", CLONE_NEWNS),
)
CAPABILITIES = {
    "CHOWN": 0,
    "DAC_OVERRIDE": 1,
    "FOWNER": 3,
    "KILL": 5,
    "SETGID": 6,
    "SETUID": 7,
    "NET_BIND_SERVICE": 10,
    "NET_ADMIN": 12,
    "NET_RAW": 13,
}
KEPT = frozenset(CAPABILITIES.values())
LAST_CAP = 63
PR_CAPBSET_DROP = 24
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
CAP_VERSION_3 = 0x20080522


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def join(pid: int) -> None:
    """Join every namespace of process ``pid`` (the mount namespace last: the others are
    opened through the container's /proc)."""
    for name, flag in NAMESPACES:
        setns(f"/proc/{pid}/ns/{name}", flag)
    os.chdir("/")


def narrow() -> None:
    """The bounding set reduced to :data:`KEPT`; nothing inheritable or ambient."""
    for cap in range(LAST_CAP + 1):
        if cap not in KEPT and libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            if ctypes.get_errno() == 22:  # EINVAL: beyond the kernel's last capability
                break
            check(-1, f"drop capability {cap}")
    header = _Header(CAP_VERSION_3, 0)
    data = (_Data * 2)()
    check(libc.capget(ctypes.byref(header), data), "capget")
    mask = sum(1 << cap for cap in KEPT)
    for part in data:
        part.inheritable = 0
    data[0].effective &= mask
    data[0].permitted &= mask
    data[1].effective = data[1].permitted = 0
    check(libc.capset(ctypes.byref(header), data), "capset")
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)


def _fork() -> int:
    """fork(), tried again for a moment while the container has no PID to spare."""
    for _ in range(60):
        try:
            return os.fork()
        except BlockingIOError:
            time.sleep(0.05)
    return os.fork()


def main() -> int:
    pid, uid, gid, cwd = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    argv = sys.argv[sys.argv.index("--") + 1 :]
    join(pid)
    child = _fork()
    if child == 0:
        try:
            with open("/proc/self/oom_score_adj", "w") as handle:
                handle.write("1000")
            narrow()
            if uid != 0:
                os.setgroups([])
                os.setgid(gid)
                os.setuid(uid)
            os.chdir(cwd)
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            os.execve(argv[0], argv, env)
        except OSError as exc:
            os.write(2, f"cannot start {argv[0]}: {exc}\n".encode())
        os._exit(127)
    status = os.waitpid(child, 0)[1]
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
