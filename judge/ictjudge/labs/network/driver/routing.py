"""What the routers say through ``vtysh``: the state that changes while a lab converges (routes
and neighbour states), and the items that read it — ``route``, ``neighbor`` and ``command`` (a
``show … json`` output that must contain what the item expects)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .matching import subset_mismatch
from .messages import N_, said

if TYPE_CHECKING:
    from .lab import Lab

# neighbour states that move on by themselves within a retransmission interval or two
OSPF_MOVING = {"ExStart", "Exchange", "Loading"}
BGP_MOVING = {"OpenSent", "OpenConfirm"}


def fingerprint(lab: Lab) -> tuple[str, bool]:
    """The routers' routes and neighbour states (what changes while a lab converges), and
    whether a neighbour is half-way through forming an adjacency (it will change soon)."""

    def one(router: dict[str, Any]) -> tuple[Any, bool]:
        name = router["name"]
        routes = lab.show(name, "show ip route json", "zebra") or {}
        table = sorted(
            (prefix, e.get("protocol"), bool(e.get("selected")), _hops(e))
            for prefix, entries in routes.items()
            if isinstance(entries, list)
            for e in entries
            if isinstance(e, dict)
        )
        ospf: list[Any] = []
        if lab.running(name, "ospfd"):
            data = lab.show(name, "show ip ospf neighbor json", "ospfd") or {}
            for neighbour, entries in sorted((data.get("neighbors") or {}).items()):
                for e in entries if isinstance(entries, list) else []:
                    ospf.append((neighbour, str(e.get("nbrState", ""))))
        bgp: list[Any] = []
        if lab.running(name, "bgpd"):
            data = lab.show(name, "show bgp ipv4 unicast summary json", "bgpd") or {}
            for peer, info in sorted((data.get("peers") or {}).items()):
                bgp.append((peer, info.get("state"), info.get("pfxRcd"), info.get("pfxSnt")))
        moving = any(state.split("/")[0] in OSPF_MOVING for _n, state in ospf) or any(
            state in BGP_MOVING for _p, state, *_ in bgp
        )
        return [name, table, ospf, bgp], moving

    results = list(lab.pool.map(one, lab.routers))
    return json.dumps([r[0] for r in results]), any(r[1] for r in results)


def route(lab: Lab, check: dict[str, Any], final: bool) -> dict[str, Any]:
    node, prefix = check["node"], check["prefix"]
    table = lab.show(node, f"show ip route {prefix} longer-prefixes json", "zebra") or {}
    entries = [e for e in table.get(prefix, []) if isinstance(e, dict)]
    selected = [e for e in entries if e.get("selected")]
    protocol, nexthop, interface = (
        check.get("protocol"),
        check.get("nexthop"),
        check.get("interface"),
    )
    if not check.get("present", True):
        candidates = entries if protocol else selected
        hits = [e for e in candidates if not protocol or e.get("protocol") == protocol]
        if hits:
            key = N_("%(node)s has a route to %(prefix)s (%(protocol)s), expected none")
            return said(False, key, node=node, prefix=prefix, protocol=hits[0].get("protocol"))
        if protocol:
            key = N_("%(node)s has no %(protocol)s route to %(prefix)s")
            return said(True, key, node=node, protocol=protocol, prefix=prefix)
        return said(True, N_("%(node)s has no route to %(prefix)s"), node=node, prefix=prefix)
    if not selected:
        return said(False, N_("%(node)s has no route to %(prefix)s"), node=node, prefix=prefix)
    best = selected[0]
    if protocol and best.get("protocol") != protocol:
        key = N_("%(node)s learns %(prefix)s by %(protocol)s, expected %(want)s")
        learnt = str(best.get("protocol"))
        return said(False, key, node=node, prefix=prefix, protocol=learnt, want=protocol)
    hops = [h for h in best.get("nexthops", []) if isinstance(h, dict) and h.get("active", True)]
    ips: list[str] = [h["ip"] for h in hops if h.get("ip")]
    names: list[str] = [h["interfaceName"] for h in hops if h.get("interfaceName")]
    if nexthop and nexthop not in ips:
        via = ", ".join(ips) or "-"
        key = N_("%(node)s reaches %(prefix)s via %(via)s, not %(want)s")
        return said(False, key, node=node, prefix=prefix, via=via, want=nexthop)
    if interface and interface not in names:
        out = ", ".join(names) or "?"
        key = N_("%(node)s reaches %(prefix)s out of %(out)s, not %(want)s")
        return said(False, key, node=node, prefix=prefix, out=out, want=interface)
    learnt = str(best.get("protocol"))
    if ips:
        key = N_("%(node)s reaches %(prefix)s by %(protocol)s via %(via)s")
        return said(True, key, node=node, prefix=prefix, protocol=learnt, via=", ".join(ips))
    key = N_("%(node)s reaches %(prefix)s by %(protocol)s")
    return said(True, key, node=node, prefix=prefix, protocol=learnt)


def neighbor(lab: Lab, check: dict[str, Any], final: bool) -> dict[str, Any]:
    node, peer, wanted = check["node"], check["neighbor"], check["state"]
    if check["protocol"] == "ospf":
        data = lab.show(node, "show ip ospf neighbor json", "ospfd") or {}
        entries = (data.get("neighbors") or {}).get(peer) or []
        states = [str(e.get("nbrState", "")) for e in entries if isinstance(e, dict)]
        ok = any(s.split("/")[0].lower() == wanted.lower() for s in states)
        if not states:
            key = N_("%(node)s: OSPF neighbour %(peer)s is not a neighbour")
            return said(ok, key, node=node, peer=peer)
        key = N_("%(node)s: OSPF neighbour %(peer)s is %(state)s")
        return said(ok, key, node=node, peer=peer, state=", ".join(states))
    data = lab.show(node, "show bgp ipv4 unicast summary json", "bgpd") or {}
    info = (data.get("peers") or {}).get(peer)
    if not isinstance(info, dict):
        return said(False, N_("%(node)s: %(peer)s is not a BGP neighbour"), node=node, peer=peer)
    state = str(info.get("state", "?"))
    ok = state.lower() == wanted.lower()
    if state == "Established":
        key = N_("%(node)s: BGP neighbour %(peer)s is %(state)s, %(prefixes)s prefixes received")
        prefixes = info.get("pfxRcd", 0)
        return said(ok, key, node=node, peer=peer, state=state, prefixes=prefixes)
    key = N_("%(node)s: BGP neighbour %(peer)s is %(state)s")
    return said(ok, key, node=node, peer=peer, state=state)


def command(lab: Lab, check: dict[str, Any], final: bool) -> dict[str, Any]:
    data = lab.show(check["node"], check["command"])
    node, command = check["node"], check["command"]
    if data is None:
        return said(False, N_("%(node)s: `%(command)s` gave no JSON"), node=node, command=command)
    problem = subset_mismatch(check["expect"], data)
    if problem:
        return said(False, N_("%(node)s: %(problem)s"), node=node, problem=problem)
    return said(True, N_("%(node)s: `%(command)s` as expected"), node=node, command=command)


def _hops(entry: dict[str, Any]) -> tuple[str, ...]:
    hops = entry.get("nexthops") or []
    return tuple(sorted(str(h.get("ip", h.get("interfaceName"))) for h in hops))
