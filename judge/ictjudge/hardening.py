"""The locked-down container options every judge container starts from.

One place for what "sandboxed" means here: no network, every capability dropped, no privilege
gain, a read-only root filesystem, memory without swap, a pids limit, one CPU, no core dumps, a
bounded number of open files, and no engine-side log of what the container prints (the host
reads the attached streams and nothing else). Each container kind adds only what it needs on top
(its tmpfs mounts, a named capability, its user), through :func:`locked_down`'s arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

NO_LOG: Mapping[str, Any] = {"type": "none", "config": {}}


def locked_down(
    *,
    memory_mb: int,
    pids: int,
    tmpfs: Mapping[str, str],
    cpus: float | None = 1.0,
    nofile: int | None = 1024,
    cap_add: Sequence[str] = (),
    user: str | None = None,
) -> dict[str, Any]:
    """docker-py ``containers.create`` options for a judge container.

    ``memory_mb`` counts the tmpfs contents too, and swap is refused (``memswap == mem``).
    ``cpus`` of None leaves the CPU quota to the caller; ``nofile`` of None keeps the engine's.
    """
    from docker.types import Ulimit

    memory = f"{memory_mb}m"
    options: dict[str, Any] = {
        "network_disabled": True,
        "network_mode": "none",
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        "read_only": True,
        "tmpfs": dict(tmpfs),
        "mem_limit": memory,
        "memswap_limit": memory,
        "pids_limit": pids,
        "ulimits": [Ulimit(name="core", soft=0, hard=0)],
        "log_config": dict(NO_LOG),
        "ipc_mode": "private",
    }
    if nofile is not None:
        options["ulimits"].append(Ulimit(name="nofile", soft=nofile, hard=nofile))
    if cpus is not None:
        options["nano_cpus"] = int(cpus * 1_000_000_000)
    if cap_add:
        options["cap_add"] = list(cap_add)
    if user is not None:
        options["user"] = user
    return options
