"""The job the lab driver runs (:mod:`ictjudge.labs.network.driver`): devices with the texts
to apply, links, the assessment items in the driver's terms, and the time it may take.

Each item says whether it ``poll``s: items that expect something to exist (a route, a
neighbour, a reply) are polled while the lab converges, and the wait ends when they all hold
and the routers' state has been quiet for a moment. Items that expect something to be *absent*
are never polled — they would hold before the routers had even talked — and are judged only in
the final round, after convergence.
"""

from __future__ import annotations

from typing import Any

from ictjudge.labs.network.dialect import Translation
from ictjudge.labs.network.spec import (
    Check,
    CommandCheck,
    NatCheck,
    NeighborCheck,
    NetworkLab,
    PingCheck,
    PortCheck,
    ReachCheck,
    RouteCheck,
)
from ictjudge.labs.network.vrp import bridge
from ictjudge.labs.network.vrp.live import AFTER_ITEMS, READS
from ictjudge.labs.network.vrp.model import Device


def build(
    lab: NetworkLab,
    configs: dict[str, Translation],
    rulesets: dict[str, str | None],
    deadline_s: float,
    vrp: dict[str, Device] | None = None,
) -> dict[str, Any]:
    """The driver's job; ``configs`` and ``rulesets`` hold every router's and switch's texts to
    apply (the FRR texts and rulesets translated, for a VRP lab), ``vrp`` its VRP devices."""
    plan = switching(lab, vrp or {})
    devices: list[dict[str, Any]] = []
    for name, device in lab.devices.items():
        if device.configured:
            translation = configs[name]
            devices.append(
                {
                    "name": name,
                    "kind": device.kind,
                    "config": translation.text,
                    "daemons": list(translation.daemons),
                    "nft": rulesets.get(name),
                    "setup": list(plan.commands.get(name, ())),
                }
            )
            continue
        interface, _link = lab.host_interface(name)
        devices.append(
            {
                "name": name,
                "kind": device.kind,
                "interface": interface,
                "address": str(device.address),
                "gateway": str(device.gateway) if device.gateway else None,
                "services": [[s.proto, s.port] for s in device.services],
            }
        )
    links = [[k.a.device, k.a.interface, k.b.device, k.b.interface] for k in lab.links]
    links += [list(pair) for pair in plan.links]
    return {
        "devices": devices,
        "links": links,
        "reads": READS if lab.dialect == "vrp" else {},
        "reads_after_items": list(AFTER_ITEMS),
        "checks": [item(check) for check in driven(lab)],
        "converge": {"timeout_s": lab.converge_s, "settle_s": lab.settle_s},
        "deadline_s": deadline_s,
    }


def switching(lab: NetworkLab, vrp: dict[str, Device]) -> bridge.Plan:
    """The bridges and extra veth pairs of a VRP lab's switches (none in an FRR lab)."""
    if lab.dialect != "vrp":
        return bridge.Plan()
    cables = [(k.a.device, k.a.interface, k.b.device, k.b.interface) for k in lab.links]
    switches = {name for name, device in lab.devices.items() if device.kind == "switch"}
    return bridge.plan(vrp, switches, cables)


def driven(lab: NetworkLab) -> list[Check]:
    """The items the driver checks on the running lab; intents are read from the submitted
    configurations instead (:mod:`.outcome`), with no container."""
    return [check for check in lab.checks if check.intent is None]


def item(check: Check) -> dict[str, Any]:
    """One assessment item as the driver evaluates it."""
    body = check.body
    if isinstance(body, PingCheck):
        return {
            "kind": "ping",
            "from": body.from_,
            "to": str(body.to),
            "source": _text(body.source),
            "expect": body.expect,
            "poll": body.expect == "reachable",
        }
    if isinstance(body, ReachCheck):
        flipped = {(name, str(target)) for name, target in body.except_}
        reachable = body.expect == "reachable"
        pairs = [
            [source, str(target), reachable != ((source, str(target)) in flipped)]
            for source in body.from_
            for target in body.to
        ]
        return {"kind": "reach", "pairs": pairs, "poll": any(p[2] for p in pairs)}
    if isinstance(body, PortCheck):
        return {
            "kind": "port",
            "from": body.from_,
            "to": str(body.to),
            "port": body.port,
            "proto": body.proto,
            "expect": body.expect,
            "source": _text(body.source),
            "attempts": body.attempts,
            "path_check": body.path_check,
            "poll": body.expect == "open",
        }
    if isinstance(body, RouteCheck):
        return {
            "kind": "route",
            "node": body.node,
            "prefix": str(body.prefix),
            "present": body.present,
            "protocol": body.protocol,
            "nexthop": _text(body.nexthop),
            "interface": body.interface,
            "poll": body.present,
        }
    if isinstance(body, NeighborCheck):
        return {
            "kind": "neighbor",
            "node": body.node,
            "protocol": body.protocol,
            "neighbor": str(body.neighbor),
            "state": body.wanted,
            "poll": True,
        }
    if isinstance(body, NatCheck):
        return {
            "kind": "nat",
            "from": body.from_,
            "to": str(body.to),
            "port": body.port,
            "proto": body.proto,
            "source": str(body.source),
            "poll": True,
        }
    assert isinstance(body, CommandCheck)
    return {
        "kind": "command",
        "node": body.node,
        "command": body.run,
        "expect": body.expect,
        "poll": not _asserts_absence(body.expect),
    }


def _asserts_absence(expected: Any) -> bool:
    if expected is None:
        return True
    if isinstance(expected, dict):
        return any(_asserts_absence(value) for value in expected.values())
    if isinstance(expected, list):
        return any(_asserts_absence(value) for value in expected)
    return False


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)
