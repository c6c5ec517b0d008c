"""The routing part of a VRP device as FRR configuration.

Interface addresses are the lab's to apply (the dialect, :mod:`.dialect`, adds them), so only
what FRR's daemons need is produced here: static routes, OSPF, RIP and BGP, with VRP's
preferences as FRR's administrative distances, so that the same routes win as on the real
device (Direct 0, OSPF 10, Static 60, RIP 100, O_ASE 150, BGP 255). FRR never installs a
route whose distance is 255 (its "infinity"), so VRP's 255 becomes 254: still after every other
source, and still installed.
"""

from __future__ import annotations

from ictjudge.labs.network.vrp import model
from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.names import linux_name

OSPF_DISTANCE = "distance ospf intra-area 10 inter-area 10 external 150"
RIP_DISTANCE = 100
BGP_DISTANCE = 254  # VRP's 255, the highest FRR still installs
HIGHEST = 254
IMPORTS = {"direct": "connected", "static": "static", "ospf": "ospf", "rip": "rip"}


def distance(preference: int) -> int:
    return min(preference, HIGHEST)


def frr(device: Device) -> str:
    """FRR configuration text (``vtysh`` syntax) for the device's routing."""
    lines = [f"hostname {device.sysname}"]
    for route in device.static_routes:
        words = ["ip route", str(route.prefix)]
        if route.nexthop:
            words.append(str(route.nexthop))
        if route.interface:
            words.append(linux_name(route.interface))
        words.append(str(distance(route.preference)))
        lines.append(" ".join(words))
    lines += interfaces(device)
    if device.ospf or any(i.ospf_area is not None for i in device.interfaces):
        lines += ospf(device)
    if device.rip:
        lines += rip(device.rip)
    if device.bgp:
        lines += bgp(device.bgp)
    return "\n".join(lines) + "\n"


def interfaces(device: Device) -> list[str]:
    """Per-interface settings: shutdown, description, OSPF cost and timers. VRP's dead interval
    follows the hello (four times it) unless set; FRR's stays at 40 s, so it is written out."""
    out: list[str] = []
    for i in device.interfaces:
        body: list[str] = []
        if i.description:
            body.append(f" description {i.description}")
        if i.shutdown:
            body.append(" shutdown")
        if i.ospf_cost is not None:
            body.append(f" ip ospf cost {i.ospf_cost}")
        if i.ospf_hello is not None:
            body.append(f" ip ospf hello-interval {i.ospf_hello}")
        dead = i.ospf_dead if i.ospf_dead is not None else (i.ospf_hello or 0) * 4
        if dead:
            body.append(f" ip ospf dead-interval {dead}")
        if body and not i.name.startswith("LoopBack"):
            out += ["!", f"interface {linux_name(i.name)}", *body, "exit"]
    return out


def ospf(device: Device) -> list[str]:
    """``router ospf``. An interface's ``ospf enable N area A`` becomes a one-address ``network``:
    FRR refuses to mix its interface form (``ip ospf area``) with ``network`` statements."""
    o = device.ospf or model.Ospf(1)  # a display lists interfaces before their OSPF process
    out = ["!", "router ospf"]
    if o.router_id:
        out.append(f" ospf router-id {o.router_id}")
    for name in o.silent:
        out.append(
            " passive-interface default"
            if name == "all"
            else f" passive-interface {linux_name(name)}"
        )
    for area in o.areas:
        out += [f" network {n.prefix} area {area.area}" for n in area.networks]
    for i in device.interfaces:
        if i.ospf_area is not None and i.address is not None:
            out.append(f" network {i.address.ip}/32 area {i.ospf_area}")
    return [*out, f" {OSPF_DISTANCE}", "exit"]


def rip(r: model.Rip) -> list[str]:
    """``router rip``. Without ``version 2`` VRP speaks RIP-1, so FRR is told so too."""
    out = ["!", "router rip", f" version {r.version or 1}"]
    for network in r.networks:
        out.append(f" network {network}/{model.classful_length(network)}")
    return [*out, f" distance {RIP_DISTANCE}", "exit"]


def bgp(b: model.Bgp) -> list[str]:
    """``router bgp``. VRP sends and accepts EBGP routes without policies, so FRR's requirement
    of one is lifted."""
    out = ["!", f"router bgp {b.asn}"]
    if b.router_id:
        out.append(f" bgp router-id {b.router_id}")
    out.append(" no bgp ebgp-requires-policy")
    out += [f" neighbor {p.address} remote-as {p.asn}" for p in b.peers]
    out += [" !", " address-family ipv4 unicast"]
    out += [f"  network {n.prefix}" for n in b.networks]
    out += [f"  redistribute {IMPORTS[source.split()[0]]}" for source in b.imports]
    out += [f"  distance bgp {BGP_DISTANCE} {BGP_DISTANCE} {BGP_DISTANCE}", " exit-address-family"]
    return [*out, "exit"]
