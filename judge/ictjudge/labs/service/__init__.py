"""Grading service labs (``type: service``): Linux hosts on a LAN running real services
(nginx, HAProxy, keepalived, Mosquitto, Redis), judged by probing the live system.

One lab container per submission (``ictarena/service-lab``): ``--network none``, every
capability dropped but those the namespaces and the services need, ``no-new-privileges``, a
read-only root with small tmpfs mounts, memory, pids and CPU limits, and a wall-clock limit
after which it is removed. Inside, the driver (:mod:`.driver`) makes each host a set of
namespaces (network, mount, PID, UTS, IPC) with private writable copies of its state
directories, joins the hosts by bridges, runs the task's hidden setups and the student's
scripts (as root, but without the capabilities that could leave a host: never SYS_ADMIN,
SYS_CHROOT, SYS_PTRACE or SETPCAP), starts the student's Python programs as an unprivileged
user, then evaluates the checks in order, with the actions before them (a host loses power, a
link goes down) and retries while a check's ``within_s`` lasts. The job goes in on stdin; the
host never execs into the container.

Verdicts: AC/PA/WA from the items; TLE when a student's script runs past the lab's ``time_s``
(its items are shown, scoring nothing) or the whole lab outlives its wall-clock limit; MLE when
the lab runs out of memory; CE only for an oversized file (a script is never parsed).

The package:

- :mod:`.spec` — the models of the task's ``lab`` section (hosts, files, checks, actions);
- :mod:`.job` — the job the in-container driver runs;
- :mod:`.outcome` — the driver's result turned into a report;
- :mod:`.driver` — the driver itself, copied into the ``service-lab`` image.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from ictjudge.errors import RunnerFailure
from ictjudge.hardening import locked_down
from ictjudge.labs import AnswerFile
from ictjudge.labs import container as lab_container
from ictjudge.labs.report import LabReport
from ictjudge.labs.service import job as lab_job
from ictjudge.labs.service import outcome
from ictjudge.labs.service.spec import ServiceLab
from ictjudge.labs.topology import Link, Node, Topology
from ictjudge.texts import N_, note
from ictjudge.wire import Verdict

IMAGE = "ictarena/service-lab:latest"
CAPABILITIES = [
    "NET_ADMIN",
    "NET_RAW",
    "NET_BIND_SERVICE",
    "SYS_ADMIN",  # namespaces and the hosts' mounts (the driver's, never a host's)
    "SYS_CHROOT",  # joining a host's mount namespace
    "SETPCAP",  # narrowing a host's capability bounding set
    "SETUID",
    "SETGID",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "KILL",
]
MAX_FILE = 64 * 1024  # bytes of one submitted file
BASE_S = 20.0  # the network, the boots and the container around the scripts and checks
CHECK_S = 8.0  # one check at most, besides its within_s and waits
STARTERS = {
    "shell": "#!/bin/bash\n# Runs as root on {host}. Write the commands that set it up.\n",
    "python": "# Runs on {host} as an unprivileged user, started once every script has run.\n",
}

LAB_MODEL = ServiceLab


def answer_file(host: str, kind: str) -> str:
    return f"{host}.sh" if kind == "shell" else f"{host}.py"


def answer_files(lab: ServiceLab) -> list[AnswerFile]:
    """One editor per host the student writes for: ``<host>.sh`` or ``<host>.py``."""
    files = []
    for name, host in lab.hosts.items():
        if host.answer is None:
            continue
        if host.answer == "shell":
            title = f"{name} — shell script, runs as root"
        else:
            title = f"{name} — Python program, runs as an unprivileged user"
        title += f" ({host.label.en})" if host.label else ""
        files.append(
            AnswerFile(
                answer_file(name, host.answer),
                title,
                host.answer,
                "" if host.starter else STARTERS[host.answer].format(host=name),
                initial_file=host.starter,
            )
        )
    return files


def topology(lab: ServiceLab) -> Topology:
    """Every host on its network(s); a network is drawn as a switch named after it."""
    nodes = [
        Node(
            name,
            "server" if host.answer or host.setup else "host",
            host.answer is not None,
            host.label.en if host.label else "",
        )
        for name, host in lab.hosts.items()
    ]
    nodes += [
        Node(network, "switch", False, str(subnet)) for network, subnet in lab.networks.items()
    ]
    links = [
        Link(name, f"eth{index}", lab.network_of(address) or "", "", str(address.network))
        for name, host in lab.hosts.items()
        for index, address in enumerate(host.address)
    ]
    return Topology(tuple(nodes), tuple(links))


def lab_files(lab: ServiceLab) -> dict[str, str]:
    """The package files the section names, each with its field."""
    named: dict[str, str] = {}
    for name, host in lab.hosts.items():
        if host.setup:
            named.setdefault(host.setup, f"lab.hosts.{name}.setup")
        if host.starter:
            named.setdefault(host.starter, f"lab.hosts.{name}.starter")
    for name, path in lab.files.items():
        named.setdefault(path, f"lab.files.{name}")
    return named


def wall_s(lab: ServiceLab) -> float:
    """The lab container's wall-clock limit: every script at its longest, every check's
    waits, and each host's scripts again for every power cycle."""
    scripts = {
        name: int(h.setup is not None) + int(h.answer == "shell") for name, h in lab.hosts.items()
    }
    total = BASE_S + lab.time_s * sum(scripts.values())
    for check in lab.checks:
        total += CHECK_S + check.within_s
        body = check.body
        total += float(getattr(body, "duration_s", 0) or 0) + float(getattr(body, "wait_s", 0) or 0)
        for action in check.before:
            total += action.wait_s or 0
            if action.kind in ("start", "restart") and action.host is not None:
                total += 5 + lab.time_s * scripts[action.host]
    return total


def _package_text(root: Path, path: str) -> str:
    try:
        return (root / path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RunnerFailure(f"the task's file {path} is unusable: {exc}") from exc


def _package_bytes(root: Path, path: str) -> bytes:
    try:
        return (root / path).read_bytes()
    except OSError as exc:
        raise RunnerFailure(f"the task's file {path} is unusable: {exc}") from exc


def _run_container(client: Any, job: dict[str, Any], wall: float) -> dict[str, Any]:
    options = locked_down(
        memory_mb=outcome.MEMORY_MB,
        pids=1024,
        tmpfs={
            "/run": "rw,nosuid,nodev,size=16m",
            "/work": "rw,nosuid,size=256m",
        },
        nofile=4096,
        cap_add=CAPABILITIES,
    )
    return lab_container.run(client, IMAGE, "service", options, job, wall)


def grade_sync(client: Any, root: Path, lab: ServiceLab, files: dict[str, str]) -> LabReport:
    """Judge one submission (synchronous: docker-py is)."""
    started = time.perf_counter()
    answers: dict[str, str] = {}
    too_big = []
    for name, host in lab.hosts.items():
        if host.answer is None:
            continue
        text = files.get(answer_file(name, host.answer), "")
        if len(text.encode()) > MAX_FILE:
            too_big.append(answer_file(name, host.answer))
        answers[name] = text
    if too_big:
        items = outcome.not_run(lab, note(N_("Not checked: a file is too large.")))
        message = f"{', '.join(too_big)}: larger than {MAX_FILE // 1024} KiB."
        return LabReport.from_items(items, message, failure=Verdict.CE)
    setups = {name: _package_text(root, h.setup) for name, h in lab.hosts.items() if h.setup}
    shared = {name: _package_bytes(root, path) for name, path in lab.files.items()}
    job = lab_job.build(lab, setups, answers, shared)
    wall = wall_s(lab)
    out = lab_container.within_limits(
        lambda: _run_container(client, job, wall),
        lambda reason: outcome.not_run(lab, reason),
        wall,
        outcome.MEMORY_MB,
        started,
    )
    if isinstance(out, LabReport):
        return out
    elapsed = (time.perf_counter() - started) * 1000
    return outcome.report(lab, out, elapsed)


async def grade(client: Any, root: Path, lab: ServiceLab, files: dict[str, str]) -> LabReport:
    """Judge one submission: ``files`` maps ``<host>.sh`` / ``<host>.py`` to their text."""
    return await asyncio.to_thread(grade_sync, client, root, lab, files)
