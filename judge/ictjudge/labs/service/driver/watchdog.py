"""The container's process table, watched: when the lab nears its pids limit (a fork bomb left
running in the background), the host with the most processes loses power, so that the other
hosts, the probes and the driver keep room to work.

The count comes from the pids cgroup (v1 or v2); each process is assigned to a host by its PID
namespace. A thread started before any script runs, so that it needs no new process itself.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import Counter
from collections.abc import Callable

PIDS = (
    ("/sys/fs/cgroup/pids/pids.current", "/sys/fs/cgroup/pids/pids.max"),
    ("/sys/fs/cgroup/pids.current", "/sys/fs/cgroup/pids.max"),
)
SHARE = 0.7  # of the limit: past this, the busiest host is switched off
POLL_S = 0.1


def usage() -> tuple[int, int] | None:
    """The container's processes and threads, and its limit (None when unknown)."""
    for current, limit in PIDS:
        try:
            with open(current) as used, open(limit) as most:
                text = most.read().strip()
                return int(used.read()), int(text) if text.isdigit() else 0
        except (OSError, ValueError):
            continue
    return None


def busiest(namespaces: dict[str, str]) -> tuple[str, int] | None:
    """The host (by its PID namespace, ``pid:[inode]``) with the most processes."""
    owners = {link: host for host, link in namespaces.items()}
    counts: Counter[str] = Counter()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                host = owners.get(os.readlink(f"/proc/{entry}/ns/pid"))
                if host is not None:
                    counts[host] += 1
    return counts.most_common(1)[0] if counts else None


class Watchdog:
    """Calls ``switch_off(host, count)`` for the busiest host when the lab nears its limit;
    ``namespaces()`` gives each running host's PID namespace."""

    def __init__(
        self, namespaces: Callable[[], dict[str, str]], switch_off: Callable[[str, int], None]
    ) -> None:
        self.namespaces = namespaces
        self.switch_off = switch_off
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        if usage() is not None:
            self.thread.start()

    def _watch(self) -> None:
        while True:
            time.sleep(POLL_S)
            found = usage()
            if found is None or found[1] <= 0 or found[0] < SHARE * found[1]:
                continue
            with contextlib.suppress(Exception):  # the watch goes on whatever happens
                culprit = busiest(self.namespaces())
                if culprit is not None:
                    self.switch_off(*culprit)
