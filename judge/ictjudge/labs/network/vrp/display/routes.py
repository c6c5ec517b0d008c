"""``display ip routing-table`` and its ``verbose`` form, from FRR's ``show ip route json``.

FRR's sources become VRP's protocols and preferences (Direct 0, OSPF 10, Static 60 or as
configured, RIP 100, O_ASE 150, BGP 255); the lab's FRR carries VRP's preferences as distances
(see :mod:`..frr`), so an OSPF route at 150 is external. What VRP lists and FRR does not hold
is added as the device would: each address's own /32 and its subnet's broadcast /32 (next hop
127.0.0.1), and InLoopBack0's routes. Flags: ``D`` for a route in the FIB, ``R`` for one whose
next hop is resolved through another route (a static route given only a next hop, IBGP).
A device with no FRR (a switch) still has the Direct routes of its up interfaces.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any

from ictjudge.labs.network.vrp.display import kernel
from ictjudge.labs.network.vrp.display.kernel import Link
from ictjudge.labs.network.vrp.frr import HIGHEST
from ictjudge.labs.network.vrp.live import Live
from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.names import vrp_name

HOST = IPv4Address("127.0.0.1")
ANY = IPv4Address("0.0.0.0")
IN_LOOPBACK = "InLoopBack0"
LOOPBACK_ROUTES = ("127.0.0.0/8", "127.0.0.1/32", "127.255.255.255/32", "255.255.255.255/32")
PREFERENCES = {"Direct": 0, "OSPF": 10, "Static": 60, "RIP": 100, "O_ASE": 150}
BGP_PREFERENCE = 255
PRIORITY = {"Direct": "high", "Static": "medium", "EBGP": "low", "IBGP": "low"}
HEADER = (
    "Route Flags: R - relay, D - download to fib",
    "-" * 78,
    "Routing Tables: Public",
)


@dataclass(frozen=True)
class Route:
    prefix: IPv4Network
    protocol: str
    preference: int
    cost: int
    nexthop: IPv4Address
    interface: str
    active: bool = True
    relay: bool = False
    process: int = 0
    age: str = "00h00m00s"

    @property
    def flags(self) -> str:
        return ("R" if self.relay else "") + ("D" if self.active else "")


def routes(device: Device, live: Live) -> list[Route]:
    """Every route, active and inactive, in VRP's order (by destination, then preference)."""
    addresses = kernel.addresses(live.addresses)
    data = kernel.decode(live.routes)
    if isinstance(data, dict):
        found = [r for entries in data.values() for r in _from_frr(device, kernel.items(entries))]
    else:
        found = _connected(addresses, kernel.links(live.links))
    found += _local(found, addresses)
    return sorted(found, key=lambda r: (r.prefix, r.preference, not r.active))


def _from_frr(device: Device, entries: list[dict[str, Any]]) -> list[Route]:
    out: list[Route] = []
    for entry in entries:
        try:
            prefix = IPv4Network(str(entry["prefix"]))
        except (KeyError, ValueError):
            continue
        protocol = _protocol(device, entry)
        if protocol is None:
            continue
        base = Route(
            prefix,
            protocol,
            _preference(device, protocol, prefix, entry),
            kernel.integer(entry.get("metric")) if protocol != "Direct" else 0,
            ANY,
            "",
            active=bool(entry.get("selected")),
            process=_process(device, protocol),
            age=age(str(entry.get("uptime", ""))),
        )
        out += [_via(device, base, hop) for hop in kernel.items(entry.get("nexthops"))]
    return out


def _protocol(device: Device, entry: dict[str, Any]) -> str | None:
    source = entry.get("protocol")
    if source == "connected":
        return "Direct"
    if source == "ospf":
        return "O_ASE" if entry.get("distance") == PREFERENCES["O_ASE"] else "OSPF"
    if source == "bgp":
        hops = [h.get("ip") for h in kernel.items(entry.get("nexthops"))]
        internal = device.bgp is not None and any(
            str(p.address) in hops and p.asn == device.bgp.asn for p in device.bgp.peers
        )
        return "IBGP" if internal else "EBGP"
    return {"static": "Static", "rip": "RIP"}.get(str(source))


def _preference(device: Device, protocol: str, prefix: IPv4Network, entry: dict[str, Any]) -> int:
    if protocol == "Static":
        # FRR's highest installable distance stands for VRP's 255 too (see ..frr)
        distance = kernel.integer(entry.get("distance")) or PREFERENCES["Static"]
        configured = {r.preference for r in device.static_routes if r.prefix == prefix}
        return BGP_PREFERENCE if distance == HIGHEST and BGP_PREFERENCE in configured else distance
    return PREFERENCES.get(protocol, BGP_PREFERENCE)


def _process(device: Device, protocol: str) -> int:
    if protocol in ("OSPF", "O_ASE"):
        return device.ospf.process if device.ospf else 1
    if protocol == "RIP" and device.rip:
        return device.rip.process
    return 0


def _via(device: Device, base: Route, hop: dict[str, Any]) -> Route:
    interface = _interface(device, str(hop.get("interfaceName", "")), base.prefix)
    own = next((a.ip for a in _addresses(device, interface) if a.network == base.prefix), None)
    if base.protocol == "Direct":
        nexthop = HOST if base.prefix.prefixlen == 32 else own or base.prefix.network_address
        return replace(base, nexthop=nexthop, interface=interface)
    try:  # a route onto a connected network goes through the interface's own address
        nexthop = IPv4Address(str(hop["ip"])) if "ip" in hop else own or ANY
    except ValueError:
        nexthop = ANY
    relay = base.protocol == "IBGP" or (
        base.protocol == "Static"
        and any(r.prefix == base.prefix and r.interface is None for r in device.static_routes)
    )
    active = base.active and bool(hop.get("fib", base.active))
    return replace(base, nexthop=nexthop, interface=interface, relay=relay, active=active)


def _interface(device: Device, linux: str, prefix: IPv4Network) -> str:
    """The VRP name of a route's interface; on ``lo``, the LoopBack with that address."""
    if linux == kernel.LOOPBACK:
        for i in device.interfaces:
            if i.name.startswith("LoopBack") and i.address and i.address.ip in prefix:
                return i.name
        return "LoopBack0"
    return vrp_name(linux) or linux


def _addresses(device: Device, name: str) -> list[IPv4Interface]:
    i = device.interface(name)
    return [i.address] if i and i.address else []


def _connected(addresses: dict[str, list[IPv4Interface]], links: dict[str, Link]) -> list[Route]:
    """Direct routes of the up interfaces, for a device without FRR."""
    return [
        Route(a.network, "Direct", 0, 0, HOST if a.network.prefixlen == 32 else a.ip, name)
        for name, found in addresses.items()
        if name != kernel.LOOPBACK and links.get(name, Link(up=False)).up
        for a in found
    ]


def _local(found: list[Route], addresses: dict[str, list[IPv4Interface]]) -> list[Route]:
    """The host and broadcast routes of each Direct subnet, and InLoopBack0's."""
    out: list[Route] = []
    for r in found:
        own = r.nexthop != r.prefix.network_address  # the address is known
        if r.protocol != "Direct" or r.prefix.prefixlen >= 31 or not r.active or not own:
            continue
        hosts = [IPv4Network(r.nexthop), IPv4Network(r.prefix.broadcast_address)]
        out += [Route(h, "Direct", 0, 0, HOST, r.interface, age=r.age) for h in hosts]
    if addresses or found:
        out += [Route(IPv4Network(p), "Direct", 0, 0, HOST, IN_LOOPBACK) for p in LOOPBACK_ROUTES]
    return out


def age(uptime: str) -> str:
    """VRP's ``01h02m03s`` (``1d02h03m00s`` past a day) from FRR's ``01:02:03`` or ``1d02h03m``."""
    parts = uptime.split(":")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[0]):02d}h{int(parts[1]):02d}m{int(parts[2]):02d}s"
    if uptime.endswith("m") and "d" in uptime:
        return uptime + "00s"
    return uptime or "00h00m00s"


def _counts(found: list[Route]) -> str:
    destinations = len({r.prefix for r in found})
    return f"         Destinations : {destinations:<9}Routes : {len(found):<9}"


def display_ip_routing_table(device: Device, live: Live) -> str:
    found = [r for r in routes(device, live) if r.active]
    lines = [*HEADER, _counts(found).rstrip(), ""]
    lines.append(
        f"{'Destination/Mask':<20}{'Proto':<8}{'Pre':<5}{'Cost':<10}{'Flags':<6}"
        f"{'NextHop':<16}Interface"
    )
    lines.append("")
    previous: IPv4Network | None = None
    for r in found:
        address, length = str(r.prefix.network_address), r.prefix.prefixlen
        destination = f"{address:>15}/{length:<3} " if r.prefix != previous else " " * 20
        lines.append(
            f"{destination}{r.protocol:<8}{r.preference:<5}{r.cost:<10}  {r.flags:<4}"
            f"{r.nexthop!s:<16}{r.interface}"
        )
        previous = r.prefix
    return "\n".join(line.rstrip() for line in lines) + "\n"


def display_ip_routing_table_verbose(device: Device, live: Live) -> str:
    found = routes(device, live)
    lines = [*HEADER, _counts(found).rstrip(), ""]
    for r in found:
        lines += ["", *_verbose(device, r)]
    return "\n".join(lines) + "\n"


def _verbose(device: Device, r: Route) -> list[str]:
    advertised = "NoAdv" if r.nexthop == HOST else "Adv"
    neighbour = r.nexthop if r.protocol in ("OSPF", "O_ASE", "RIP", "EBGP", "IBGP") else ANY

    def pair(a: str, x: object, b: str, y: object) -> str:
        return f"{a:>13}: {x!s:<17}{b:>10}: {y}"

    return [
        f"Destination: {r.prefix}",
        pair("Protocol", r.protocol, "Process ID", r.process),
        pair("Preference", r.preference, "Cost", r.cost),
        pair("NextHop", r.nexthop, "Neighbour", neighbour),
        pair("State", f"{'Active' if r.active else 'Inactive'} {advertised}", "Age", r.age),
        pair("Tag", 0, "Priority", PRIORITY.get(r.protocol, "medium")),
        pair("Label", "NULL", "QoSInfo", "0x0"),
        f"{'IndirectID':>13}: 0x0",  # VRP ends "Flags: " with its space even with no flag
        pair("RelayNextHop", ANY, "Interface", r.interface),
        pair("TunnelID", "0x0", "Flags", f"{r.flags:>2}"),
    ]
