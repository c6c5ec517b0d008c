"""Huawei VRP as a network lab's dialect: a configuration checked by the VRP parser (every
problem with its line and column, the command, and what is supported instead) and translated
into what the lab applies — FRR for addresses and routing, an nftables ruleset for the ACL
traffic-filters and NAT (:mod:`.filters`). The switching part is planned from the whole
topology (:mod:`.bridge`), since a trunk's VLANs depend on both of its ends.

Every FRR line the translation produces remembers the student's line it came from (the
interface, the routing process, the static route), so that FRR's own complaints are reported
at the student's line, as the FRR dialect's are.
"""

from __future__ import annotations

from ictjudge.labs.network.dialect import (
    BGP_FAST,
    INTERFACE_FAST,
    OSPF_FAST,
    Defaults,
    LineProblem,
    Output,
    Translation,
)
from ictjudge.labs.network.vrp.filters import nftables
from ictjudge.labs.network.vrp.frr import frr
from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.names import linux_name
from ictjudge.labs.network.vrp.parser import parse, parse_located

# a shared segment (a VLAN) keeps OSPF's broadcast network type, with the lab's fast timers
SHARED_FAST = tuple(line for line in INTERFACE_FAST if "network" not in line)


class VrpDialect:
    """Huawei VRP, as ``display current-configuration`` prints it or as typed at the console."""

    name = "vrp"
    syntax = "vrp"
    title = "VRP"

    def check(self, text: str) -> list[LineProblem]:
        result = parse(text)
        return result if isinstance(result, list) else []

    @staticmethod
    def device(text: str) -> Device:
        """The device a checked configuration describes."""
        result = parse(text)
        if isinstance(result, list):
            raise ValueError(f"not a valid VRP configuration: {result[0]}")
        return result

    def translate(self, text: str, defaults: Defaults) -> Translation:
        result = parse_located(text)
        if isinstance(result, list):
            raise ValueError(f"not a valid VRP configuration: {result[0]}")
        device, origins = result
        out = Output()
        wanted = daemons(device)
        fast = defaults.fast_timers
        if fast and "bgpd" in wanted:
            out.emit("bgp route-map delay-timer 0", 0)
        if fast and "ospfd" in wanted:
            vlanifs = [linux_name(i.name) for i in device.interfaces if i.name.startswith("Vlan")]
            for name, lines in [
                *((i, INTERFACE_FAST) for i in defaults.interfaces),
                *((i, SHARED_FAST) for i in (*defaults.shared, *vlanifs)),
            ]:
                out.emit(f"interface {name}", 0)
                out.extend(lines, 0)
                out.emit("exit", 0)
        for i in device.interfaces:
            if i.address is not None:
                at = origins.get(f"interface {i.name}", 0)
                out.emit(f"interface {linux_name(i.name)}", at)
                out.emit(f" ip address {i.address}", at)
                out.emit("exit", at)
        names = {linux_name(i.name): i.name for i in device.interfaces}
        source = 0
        for line in frr(device).splitlines():
            words = line.split()
            if line.startswith("hostname "):
                source = origins.get("sysname", 0)
            elif line.startswith("interface "):
                source = origins.get(f"interface {names.get(words[1], '')}", 0)
            elif line.startswith("router "):
                source = origins.get(words[1], 0)
            elif line.startswith("ip route "):
                source = origins.get(f"route {words[2]}", 0)
            out.emit(line, source)
            if not fast:
                continue
            if line == "router ospf":
                out.extend(OSPF_FAST, source)
            elif line.startswith("router bgp "):
                out.extend(BGP_FAST, source)
            elif line.startswith(" neighbor ") and " remote-as " in line:
                peer = words[1]
                out.emit(f" neighbor {peer} timers connect 1", source)
                out.emit(f" neighbor {peer} advertisement-interval 0", source)
        return Translation(out.text(), tuple(out.origin), wanted, nftables(device))


def daemons(device: Device) -> tuple[str, ...]:
    """The FRR daemons a VRP device runs (zebra and staticd always: addresses, static routes)."""
    out = ["zebra", "staticd"]
    if device.ospf or any(i.ospf_area is not None for i in device.interfaces):
        out.append("ospfd")
    if device.rip:
        out.append("ripd")
    if device.bgp:
        out.append("bgpd")
    return tuple(out)
