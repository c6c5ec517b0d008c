"""The check container's job: for each check, the facts to gather (its *probe*).

File probes are read natively by the check driver; run, http and tcp probes start programs.
User, group and cron checks need no probe of their own: the driver always reports the
accounts, and the cron tables when a check asks for them.
"""

from __future__ import annotations

from typing import Any

from ictjudge.labs.linux.spec import (
    AnyCheck,
    CronCheck,
    FileCheck,
    GroupCheck,
    HttpCheck,
    LinuxLab,
    PacketCheck,
    RunCheck,
    TcpCheck,
    UserCheck,
)

BOOT_S = 10.0


def probe(check: AnyCheck) -> dict[str, Any] | None:
    """What the check driver gathers for ``check`` (None: nothing beyond the accounts)."""
    base: dict[str, Any] = {"id": check.id}
    if isinstance(check, FileCheck):
        return {
            **base,
            "probe": "file",
            "path": check.file,
            "follow": check.follow,
            "read": check.reads_content,
        }
    if isinstance(check, CronCheck | UserCheck | GroupCheck):
        return None
    if isinstance(check, PacketCheck):
        return {
            **base,
            "probe": "packet",
            "proto": check.packet,
            "port": check.port,
            "source": str(check.from_),
            "repeat": check.repeat,
            "timeout_s": 0.5 * check.repeat,
        }
    service = {"start": check.start, "timeout_s": check.timeout_s, "wait_port": check.wait_port}
    if isinstance(check, RunCheck):
        return {**base, **service, "probe": "run", "command": check.run, "as": check.as_}
    if isinstance(check, HttpCheck):
        if check.start and not check.wait_port:
            service["wait_port"] = check.port
        return {
            **base,
            **service,
            "probe": "http",
            "port": check.port,
            "path": check.target,
            "host": check.host or f"127.0.0.1:{check.port}",
        }
    assert isinstance(check, TcpCheck)
    if check.start and check.open and not check.wait_port:
        service["wait_port"] = check.tcp
    return {**base, **service, "probe": "tcp", "port": check.tcp, "send": check.send}


def check_job(lab: LinuxLab) -> dict[str, Any]:
    """The whole job of the check container."""
    probes = [p for p in (probe(c) for c in lab.checks) if p is not None]
    return {
        "probes": probes,
        "accounts": True,
        "cron": any(isinstance(c, CronCheck) for c in lab.checks),
        "boot": lab.boot,
        "boot_s": BOOT_S,
    }
