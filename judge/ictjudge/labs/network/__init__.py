"""Grading network labs (``type: network``) on real FRRouting, never on a simulation.

One lab container per submission (``ictarena/net-lab``): ``--network none``, every capability
dropped but the few the topology needs (NET_ADMIN, NET_RAW, NET_BIND_SERVICE, SYS_ADMIN for
namespaces, and SETUID/SETGID/CHOWN/DAC_OVERRIDE/FOWNER/KILL for FRR's privilege drop),
``no-new-privileges``, a read-only root with small tmpfs mounts, memory, pids and CPU limits,
and a wall-clock limit after which it is removed. Inside, the driver builds the topology out of
network namespaces and veth pairs — no path between devices except the lab's own links — runs
one set of FRR daemons per router and switch (a switch's VLANs are Linux bridges, planned by
:mod:`.vrp.bridge`), applies the configurations, polls until the routers converge
and evaluates the assessment items (:mod:`.driver`). The job goes in on stdin; the host never
execs into the container.

Verdicts: CE when a submitted file is refused (a command that must not reach a router, a size
limit) or fails FRR's or nft's syntax check, each problem with its file and line; TLE when the
lab outlives its wall-clock limit; otherwise AC/PA/WA from the items, RE when a routing daemon
died and nothing passed.

The package:

- :mod:`.spec` — the models of the task's ``lab`` section (devices, links, assessment items);
- :mod:`.dialect` and :mod:`.dialects` — configuration dialects behind one small interface: FRR,
  and Huawei VRP (:mod:`.vrp`, translated into FRR, nftables and the switches' bridges);
- :mod:`.nftables` — line checks for the packet-filter and NAT rulesets;
- :mod:`.submission` — the submitted files, their size limits and refused lines;
- :mod:`.job` — the job the in-container driver runs;
- :mod:`.outcome` — the driver's result turned into a report;
- :mod:`.driver` — the driver itself, copied into the ``net-lab`` image (standard library only).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from ictjudge.hardening import locked_down
from ictjudge.labs import AnswerFile
from ictjudge.labs import container as lab_container
from ictjudge.labs.network import job as lab_job
from ictjudge.labs.network import outcome
from ictjudge.labs.network.dialect import Defaults, Translation
from ictjudge.labs.network.dialects import DIALECTS
from ictjudge.labs.network.spec import NetworkLab
from ictjudge.labs.network.submission import collect, conf_file, nft_file
from ictjudge.labs.network.vrp.dialect import VrpDialect
from ictjudge.labs.network.vrp.membership import membership
from ictjudge.labs.network.vrp.model import Device as VrpDevice
from ictjudge.labs.network.vrp.parser import parse
from ictjudge.labs.report import LabReport
from ictjudge.labs.topology import Link, Node, PortVlans, Topology

IMAGE = "ictarena/net-lab:latest"
CAPABILITIES = [
    "NET_ADMIN",
    "NET_RAW",
    "NET_BIND_SERVICE",
    "SYS_ADMIN",
    "SETUID",
    "SETGID",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "KILL",
]
SETUP_S = 25.0  # topology, daemons, configuration and the final checks, on a busy machine

LAB_MODEL = NetworkLab


def answer_files(lab: NetworkLab) -> list[AnswerFile]:
    """One configuration (in the lab's dialect) per editable router or switch, and its ruleset
    where the lab asks for one; each editor starts from the device's configuration in the lab."""
    files: list[AnswerFile] = []
    dialect = DIALECTS[lab.dialect]
    for name in lab.editable:
        device = lab.devices[name]
        title = f"{name} — {dialect.title} configuration"
        title += f" ({device.label})" if device.label else ""
        files.append(AnswerFile(conf_file(name), title, dialect.syntax, device.config))
        if device.nftables:
            files.append(
                AnswerFile(nft_file(name), f"{name} — nftables ruleset", "nftables", device.nft)
            )
    return files


def topology(lab: NetworkLab) -> Topology:
    """The lab's devices and links; in a VRP lab, each switch port's VLANs as the switch's
    starting configuration sets them."""
    nodes = tuple(
        Node(name, device.kind, device.editable, device.label)
        for name, device in lab.devices.items()
    )
    switches = _switches(lab)

    def vlans(device: str, interface: str) -> PortVlans | None:
        return membership(switches[device], interface) if device in switches else None

    links = tuple(
        Link(
            link.a.device,
            link.a.interface,
            link.b.device,
            link.b.interface,
            str(link.subnet) if link.subnet else None,
            vlans(link.a.device, link.a.interface),
            vlans(link.b.device, link.b.interface),
        )
        for link in lab.links
    )
    return Topology(nodes, links)


def _switches(lab: NetworkLab) -> dict[str, VrpDevice]:
    """The VRP switches whose starting configuration parses, by name."""
    if lab.dialect != "vrp":
        return {}
    found = {
        name: parse(device.config)
        for name, device in lab.devices.items()
        if device.kind == "switch"
    }
    return {name: device for name, device in found.items() if isinstance(device, VrpDevice)}


def translate(lab: NetworkLab, configs: dict[str, str]) -> dict[str, Translation]:
    """Every router's and switch's FRR configuration with the judge's defaults in place."""
    dialect = DIALECTS[lab.dialect]
    return {
        name: dialect.translate(
            text,
            Defaults(
                interfaces=tuple(lab.interfaces(name, to_switch=False)),
                shared=tuple(lab.interfaces(name, to_switch=True)),
                fast_timers=lab.fast_timers,
                ebgp_requires_policy=lab.ebgp_requires_policy,
                hostname=name,
            ),
        )
        for name, text in configs.items()
    }


def wall_s(lab: NetworkLab) -> float:
    """The lab container's wall-clock limit."""
    return lab.converge_s + SETUP_S


def _run_container(client: Any, job: dict[str, Any], wall: float) -> dict[str, Any]:
    options = locked_down(
        memory_mb=outcome.MEMORY_MB,
        pids=512,
        tmpfs={
            "/run": "rw,nosuid,nodev,size=16m",
            "/tmp": "rw,nosuid,nodev,noexec,size=16m",
            "/work": "rw,nosuid,nodev,noexec,size=64m",
            "/etc/frr": "rw,nosuid,nodev,noexec,size=1m",
        },
        nofile=None,
        cap_add=CAPABILITIES,
    )
    return lab_container.run(client, IMAGE, "network", options, job, wall)


def grade_sync(client: Any, lab: NetworkLab, files: dict[str, str]) -> LabReport:
    """Judge one submission (synchronous: docker-py is); refused files never reach a container."""
    started = time.perf_counter()
    submission = collect(lab, files)
    if submission.problems:
        elapsed = (time.perf_counter() - started) * 1000
        return outcome.refused(lab, submission.problems, {"total_ms": elapsed})
    translations = translate(lab, submission.configs)
    rulesets = {
        name: translations[name].ruleset or ruleset for name, ruleset in submission.rulesets.items()
    }
    wall = wall_s(lab)
    vrp = {
        name: VrpDialect.device(text)
        for name, text in submission.configs.items()
        if lab.dialect == "vrp"
    }
    job = lab_job.build(lab, translations, rulesets, deadline_s=wall - 3, vrp=vrp)
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
    return outcome.report(lab, submission, translations, out, elapsed)


async def grade(
    client: Any, dataset_dir: Path, lab: NetworkLab, files: dict[str, str]
) -> LabReport:
    """Judge one submission: ``files`` maps ``<device>.conf`` / ``<device>.nft`` to their text."""
    return await asyncio.to_thread(grade_sync, client, lab, files)
