"""The normalised configuration: a device rendered back as ``display current-configuration``
prints it, every abbreviation expanded and every command in its view, so that checks on the
configuration's intent compare like with like. Rendering it and parsing it back gives the same
device, so normalising is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from ipaddress import IPv4Address, IPv4Interface

from ictjudge.labs.network.vrp import model
from ictjudge.labs.network.vrp.model import Device, Interface


def normalise(device: Device) -> str:
    """VRP's ``display current-configuration`` of ``device``: ``#``-separated blocks."""
    blocks: list[list[str]] = [[f" sysname {device.sysname}"]]
    if device.vlans - {model.DEFAULT_VLAN}:
        blocks.append([f" vlan batch {vlan_list(device.vlans - {model.DEFAULT_VLAN})}"])
    stp = [" stp mode stp"] if device.stp_mode else []
    blocks.append(stp + ([] if device.stp else [" stp disable"]))
    blocks += [acl(a) for a in device.acls]
    nat = [f" nat address-group {g.number} {g.start} {g.end}" for g in device.address_groups]
    blocks.append(nat + [f" {nat_server(s)}" for s in device.nat_servers])
    blocks += [interface(i) for i in device.interfaces]
    if device.bgp:
        blocks.append(bgp(device.bgp))
    if device.ospf:
        blocks.append(ospf(device.ospf))
    if device.rip:
        rip = device.rip
        version = [f" version {rip.version}"] if rip.version else []
        blocks.append([f"rip {rip.process}", *version, *(f" network {n}" for n in rip.networks)])
    blocks.append([f" {static_route(r)}" for r in device.static_routes])
    lines = ["#"]
    for block in blocks:
        if block:
            lines += [*block, "#"]
    return "\n".join([*lines, "return"]) + "\n"


def vlan_list(vlans: Iterable[int]) -> str:
    """``10 20 to 30``: runs of consecutive VLANs as ranges, as VRP prints them."""
    out: list[str] = []
    for low, high in runs(vlans):
        out.append(str(low) if low == high else f"{low} to {high}")
    return " ".join(out)


def runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive runs, as (first, last)."""
    out: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def mask(address: IPv4Interface) -> str:
    return f"{address.ip} {address.netmask}"


def wildcard(value: IPv4Address) -> str:
    return "0" if int(value) == 0 else str(value)


def acl(a: model.Acl) -> list[str]:
    return [f"acl number {a.number}", *(f" {rule(r)}" for r in a.rules)]


def rule(r: model.Rule, port: Callable[[str, int], str] = lambda protocol, n: str(n)) -> str:
    """``rule 5 deny tcp ... destination-port eq 80``; ``port`` writes the port (a display
    names the well-known ones)."""
    words = [f"rule {r.number} {r.action}"]
    if r.protocol:
        words.append(r.protocol)
    for end, match in (("source", r.source), ("destination", r.destination)):
        if match:
            words.append(f"{end} {match.address} {wildcard(match.wildcard)}")
    if r.destination_port is not None:
        words.append(f"destination-port eq {port(r.protocol or 'ip', r.destination_port)}")
    return " ".join(words)


def nat_server(s: model.NatServer) -> str:
    return (
        f"nat server protocol {s.protocol} global {s.global_address} {s.global_port}"
        f" inside {s.inside_address} {s.inside_port}"
    )


def interface(i: Interface) -> list[str]:
    out = [f"interface {i.name}"]
    if i.description:
        out.append(f" description {i.description}")
    if i.shutdown:
        out.append(" shutdown")
    out += [f" {line}" for line in port(i)]
    if i.address:
        out.append(f" ip address {mask(i.address)}")
    if i.ospf_cost is not None:
        out.append(f" ospf cost {i.ospf_cost}")
    if i.ospf_hello is not None:
        out.append(f" ospf timer hello {i.ospf_hello}")
    if i.ospf_dead is not None:
        out.append(f" ospf timer dead {i.ospf_dead}")
    if i.ospf_area is not None:
        out.append(f" ospf enable {i.ospf_process} area {i.ospf_area}")
    if i.trunk is not None:
        out.append(f" eth-trunk {i.trunk}")
    out += [f" traffic-filter {direction} acl {number}" for direction, number in i.filters]
    out += [f" {nat_server(s)}" for s in i.nat_servers]
    for n in i.nat_outbound:
        group = f" address-group {n.group}" if n.group is not None else ""
        out.append(f" nat outbound {n.acl}{group}")
    return out


def port(i: Interface) -> list[str]:
    """The switching lines of a port: only those of its link type."""
    if i.link_type is None:
        return []
    out = [f"port link-type {i.link_type}"]
    one = model.DEFAULT_VLAN
    if i.link_type == "access" and i.default_vlan != one:
        out.append(f"port default vlan {i.default_vlan}")
    elif i.link_type == "trunk":
        if i.trunk_pvid != one:
            out.append(f"port trunk pvid vlan {i.trunk_pvid}")
        if one not in i.trunk_vlans:
            out.append(f"undo port trunk allow-pass vlan {one}")
        if i.trunk_vlans - {one}:
            out.append(f"port trunk allow-pass vlan {vlan_list(i.trunk_vlans - {one})}")
    elif i.link_type == "hybrid":
        if i.hybrid_pvid != one:
            out.append(f"port hybrid pvid vlan {i.hybrid_pvid}")
        if one not in i.hybrid_untagged:
            out.append(f"undo port hybrid untagged vlan {one}")
        if i.hybrid_tagged:
            out.append(f"port hybrid tagged vlan {vlan_list(i.hybrid_tagged)}")
        if i.hybrid_untagged - {one}:
            out.append(f"port hybrid untagged vlan {vlan_list(i.hybrid_untagged - {one})}")
    return out


def bgp(b: model.Bgp) -> list[str]:
    out = [f"bgp {b.asn}"]
    if b.router_id:
        out.append(f" router-id {b.router_id}")
    out += [f" peer {p.address} as-number {p.asn}" for p in b.peers]
    out += [" #", " ipv4-family unicast", "  undo synchronization"]
    for n in b.networks:
        length = f" {IPv4Interface(f'0.0.0.0/{n.length}').netmask}" if n.length is not None else ""
        out.append(f"  network {n.address}{length}")
    out += [f"  import-route {source}" for source in b.imports]
    out += [f"  peer {p.address} enable" for p in b.peers]
    return out


def ospf(o: model.Ospf) -> list[str]:
    router_id = f" router-id {o.router_id}" if o.router_id else ""
    out = [f"ospf {o.process}{router_id}"]
    out += [f" silent-interface {name}" for name in o.silent]
    for area in o.areas:
        out.append(f" area {area.area}")
        out += [f"  network {n.address} {n.wildcard}" for n in area.networks]
    return out


def static_route(r: model.StaticRoute) -> str:
    words = [f"ip route-static {r.prefix.network_address} {r.prefix.netmask}"]
    if r.interface:
        words.append(r.interface)
    if r.nexthop:
        words.append(str(r.nexthop))
    if r.preference != model.STATIC_PREFERENCE:
        words.append(f"preference {r.preference}")
    return " ".join(words)
