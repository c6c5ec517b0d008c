"""A host's first process (``python3 -m ictjudge.labs.service.driver.boot``), started by the
driver in the host's new mount, PID, UTS and IPC namespaces and its network namespace.

It gives the host its own file system: private writable copies of the state directories
(overlays whose upper layers live in the driver's ``/work``, so that they survive a power cycle;
``/run`` and ``/tmp`` start empty at every boot), the lab's files read-only at ``/lab``, a fresh
``/proc`` of the host's PID namespace with the kernel's global knobs masked or read-only, and
``/dev`` read-only. Then it hides ``/work`` and stays PID 1 of the host, reaping orphans, until
the driver kills it (which kills every process of the host). It stays dumpable, so that the
driver can open its namespaces; the host's processes still cannot trace it or read its open
files, as they lack capabilities it holds (and CAP_SYS_PTRACE).

Everything after the first mount is done with system calls, never by running a program or
loading a library: from then on ``/etc`` is the host's, which the student's scripts may have
written in an earlier boot (``ld.so.preload``, NSS modules).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

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

MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
MNT_DETACH = 0x2

PERSISTENT = ("etc", "var", "srv", "home", "root", "opt")
VOLATILE = {"run": "/usr/lib/ict-svc/run", "tmp": "/tmp"}  # the layer each starts from
MASKED_FILES = ("kcore", "keys", "timer_list", "sched_debug", "sysrq-trigger", "latency_stats")
MASKED_DIRS = ("acpi", "scsi")
READ_ONLY = ("bus", "fs", "irq", "sys")
WRITABLE_SYS = ("sys/net/ipv4", "sys/net/ipv6")  # per network namespace
LAB_FILES = "/work/lab"


def mount(source: str, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    fs = fstype.encode() if fstype else None
    options = data.encode() if data else None
    result = libc.mount(source.encode(), target.encode(), fs, flags, options)
    check(result, f"mount {fstype or 'bind'} {source} on {target}")


def bind_read_only(source: str, target: str, extra: int = 0) -> None:
    mount(source, target, None, MS_BIND | MS_REC)
    mount("none", target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | extra)


def file_system(name: str, state: str) -> None:
    """The host's directories (``state``: its directory under the driver's ``/work``)."""
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    for directory in PERSISTENT:
        upper, work = f"{state}/upper/{directory}", f"{state}/work/{directory}"
        mount(
            "overlay",
            f"/{directory}",
            "overlay",
            MS_NOSUID,
            f"lowerdir=/{directory},upperdir={upper},workdir={work}",
        )
    for directory in VOLATILE:  # the container's own /run (its network namespaces) goes
        libc.umount2(f"/{directory}".encode(), MNT_DETACH)
    for directory, lower in VOLATILE.items():
        upper, work = f"{state}/boot/upper/{directory}", f"{state}/boot/work/{directory}"
        mount(
            "overlay",
            f"/{directory}",
            "overlay",
            MS_NOSUID | MS_NODEV,
            f"lowerdir={lower},upperdir={upper},workdir={work}",
        )
    bind_read_only(LAB_FILES, "/lab", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    for entry in MASKED_FILES:
        if os.path.exists(f"/proc/{entry}"):
            mount("/dev/null", f"/proc/{entry}", None, MS_BIND)
    for entry in MASKED_DIRS:
        if os.path.isdir(f"/proc/{entry}"):
            mount("tmpfs", f"/proc/{entry}", "tmpfs", MS_RDONLY)
    for entry in READ_ONLY:
        if os.path.exists(f"/proc/{entry}"):
            bind_read_only(f"/proc/{entry}", f"/proc/{entry}")
    for entry in WRITABLE_SYS:
        if os.path.isdir(f"/proc/{entry}"):
            mount(f"/proc/{entry}", f"/proc/{entry}", None, MS_BIND)
            mount("none", f"/proc/{entry}", None, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV)
    # the host's own interfaces under /sys/class/net (the container's /sys stays, read-only,
    # where the kernel refuses)
    with contextlib.suppress(OSError):
        mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=1777")
    mount("none", "/dev", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID)
    check(libc.umount2(b"/work", MNT_DETACH), "umount /work")
    check(libc.sethostname(name.encode(), len(name.encode())), "sethostname")
    os.chdir("/")


def main() -> None:
    """Enter the host's namespaces, then fork its first process; this one reports that
    process's PID (as the driver sees it) on the ``ready`` pipe and waits for it to end."""
    name, state, ready = sys.argv[1], sys.argv[2], int(sys.argv[3])
    try:
        setns(f"/run/netns/{name}", CLONE_NEWNET)
        check(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC), "unshare")
    except OSError as exc:
        os.write(ready, f"error namespaces: {exc}\n".encode())
        os._exit(1)
    child = os.fork()
    if child:
        os.write(ready, f"pid {child}\n".encode())
        os.close(ready)
        os.waitpid(child, 0)
        os._exit(0)
    init(name, state, ready)


def init(name: str, state: str, ready: int) -> None:
    """The host's PID 1: its file system, then reaping orphans for ever."""
    try:
        file_system(name, state)
    except OSError as exc:
        os.write(ready, f"error {exc}\n".encode())
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])
    os.write(ready, b"ready\n")
    os.close(ready)
    while True:  # reap every orphan of the host
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        signal.sigtimedwait([signal.SIGCHLD], 5.0)


if __name__ == "__main__":
    main()
