"""``display ospf peer brief``, from FRR's ``show ip ospf neighbor json``: each neighbour's
area (from the configuration: the interface's ``ospf enable`` or the ``network`` that covers its
address), the local interface, the neighbour's router ID and the adjacency's state."""

from __future__ import annotations

from ipaddress import IPv4Address

from ictjudge.labs.network.vrp.display import kernel
from ictjudge.labs.network.vrp.live import Live
from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.names import vrp_name

RULE = " " + "-" * 76


def router_id(device: Device) -> IPv4Address:
    """The configured router ID, else VRP's choice: the highest LoopBack address, else the
    highest interface address."""
    if device.ospf and device.ospf.router_id:
        return device.ospf.router_id
    for loopbacks in (True, False):
        found = [
            i.address.ip
            for i in device.interfaces
            if i.address and i.name.startswith("LoopBack") == loopbacks
        ]
        if found:
            return max(found)
    return IPv4Address(0)


def area(device: Device, name: str) -> str:
    i = device.interface(name)
    if i is None or i.address is None:
        return "-"
    if i.ospf_area is not None:
        return str(i.ospf_area)
    for a in device.ospf.areas if device.ospf else ():
        if any(i.address.ip in n.prefix for n in a.networks):
            return str(a.area)
    return "-"


def peers(device: Device, live: Live) -> list[tuple[str, str, str, str]]:
    """(area, interface, neighbour router ID, state) of each neighbour."""
    neighbours = kernel.mapping(kernel.mapping(kernel.decode(live.ospf_peers)).get("neighbors"))
    out: list[tuple[str, str, str, str]] = []
    for neighbour, entries in neighbours.items():
        for entry in kernel.items(entries):
            linux = str(entry.get("ifaceName", "")).split(":")[0]
            name = vrp_name(linux) or linux
            state = str(entry.get("nbrState") or entry.get("state") or "Down").split("/")[0]
            out.append((area(device, name), name, str(neighbour), state))
    return sorted(out)


def display_ospf_peer_brief(device: Device, live: Live) -> str:
    """Nothing at all on a device without OSPF, as VRP prints nothing there."""
    if device.ospf is None and all(i.ospf_area is None for i in device.interfaces):
        return ""
    process = device.ospf.process if device.ospf else 1
    lines = [
        "",
        f"          OSPF Process {process} with Router ID {router_id(device)}",
        "                  Peer Statistic Information",
        RULE,
        f" {'Area Id':<17}{'Interface':<33}{'Neighbor id':<17}State",
    ]
    lines += [f" {a:<17}{i:<33}{n:<17}{s}" for a, i, n, s in peers(device, live)]
    lines.append(RULE)
    return "\n".join(lines) + "\n"
