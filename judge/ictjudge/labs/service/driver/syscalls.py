"""The system calls the driver makes through libc (namespaces, mounts, host names), and their
flags: one place for what :mod:`.boot`, :mod:`.enter` and :mod:`.netns` share."""

from __future__ import annotations

import ctypes
import os

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

libc = ctypes.CDLL(None, use_errno=True)


def check(result: int, what: str) -> None:
    """Raise OSError with errno's text when a libc call returned non-zero."""
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def setns(path: str, flag: int) -> None:
    """Join the namespace the file ``path`` names (``/run/netns/x``, ``/proc/N/ns/net``)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        check(libc.setns(fd, flag), f"setns {path}")
    finally:
        os.close(fd)
