"""Commands of routing: static routes, OSPF (process, areas, networks, silent interfaces), RIP
and BGP. One process of each runs on a device, as the labs' FRR runs one."""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Address, IPv4Network

from ictjudge.labs.network.vrp import model
from ictjudge.labs.network.vrp.grammar import Match
from ictjudge.labs.network.vrp.state import CommandError, State, toggle


class RoutingCommands(State):
    """Handlers of the routing commands."""

    def do_static_route(self, m: Match) -> None:
        prefix = IPv4Network(f"{m.ip('destination')}/{m.number('mask')}", strict=False)
        nexthop = m.ip("nexthop") if m.has("nexthop") else None
        via = m.word("via") if m.has("via") else None
        preference = m.number("preference") if m.has("preference") else model.STATIC_PREFERENCE
        if not 1 <= preference <= 255:
            raise CommandError("a preference is 1 to 255", "preference")
        if via and via.startswith("LoopBack"):
            raise CommandError("a route cannot leave through a LoopBack", "via")
        others = [
            r
            for r in self.dev.static_routes
            if (r.prefix, r.nexthop, r.interface) != (prefix, nexthop, via)
        ]
        if m.undo and len(others) == len(self.dev.static_routes):
            raise CommandError("there is no such static route to remove", "destination")
        route = model.StaticRoute(prefix, nexthop, via, preference)
        self.dev = replace(self.dev, static_routes=tuple(others if m.undo else [*others, route]))

    @staticmethod
    def _process(m: Match, current: int | None, protocol: str) -> int:
        """The process id a routing command names (1 by default), checked against the one
        process of ``protocol`` the device may run (``current``)."""
        process = m.number("process") if m.has("process") else 1
        if not 1 <= process <= 65535:
            article = "an" if protocol == "OSPF" else "a"
            raise CommandError(f"{article} {protocol} process id is 1 to 65535", "process")
        if current is not None and current != process:
            raise CommandError(
                f"this device runs one {protocol} process ({protocol.lower()} {current} is "
                "configured)",
                "process",
            )
        if m.undo and current is None:
            raise CommandError(f"{protocol} process {process} does not exist")
        return process

    def do_ospf(self, m: Match) -> None:
        ospf = self.dev.ospf
        process = self._process(m, ospf.process if ospf else None, "OSPF")
        if m.undo:
            self.dev = replace(self.dev, ospf=None)
            return
        ospf = ospf or model.Ospf(process)
        if m.has("router_id"):
            ospf = replace(ospf, router_id=m.ip("router_id"))
        self.dev = replace(self.dev, ospf=ospf)
        self.enter("ospf")

    def do_rip(self, m: Match) -> None:
        rip = self.dev.rip
        process = self._process(m, rip.process if rip else None, "RIP")
        if m.undo:
            self.dev = replace(self.dev, rip=None)
            return
        self.dev = replace(self.dev, rip=rip or model.Rip(process))
        self.enter("rip")

    def do_bgp(self, m: Match) -> None:
        asn = m.number("asn")
        bgp = self.dev.bgp
        if not 1 <= asn <= 4294967295:
            raise CommandError("an AS number is 1 to 4294967295", "asn")
        if bgp and bgp.asn != asn:
            raise CommandError(
                f"this device runs one BGP process (bgp {bgp.asn} is configured)", "asn"
            )
        if m.undo:
            if bgp is None:
                raise CommandError(f"BGP {asn} is not configured", "asn")
            self.dev = replace(self.dev, bgp=None)
            return
        self.dev = replace(self.dev, bgp=bgp or model.Bgp(asn))
        self.enter("bgp")

    def _ospf(self) -> model.Ospf:
        assert self.dev.ospf is not None
        return self.dev.ospf

    def do_area(self, m: Match) -> None:
        ospf, area = self._ospf(), m.ip("area")
        areas = {a.area: a for a in ospf.areas}
        if m.undo:
            if areas.pop(area, None) is None:
                raise CommandError(f"area {area} does not exist", "area")
        else:
            areas.setdefault(area, model.OspfArea(area))
            self.enter("area", str(area))
        self.dev = replace(
            self.dev, ospf=replace(ospf, areas=tuple(areas[a] for a in sorted(areas)))
        )

    def do_ospf_network(self, m: Match) -> None:
        ospf, area_id = self._ospf(), IPv4Address(self.current)
        wildcard = m.ip("wildcard")
        if "10" in f"{int(wildcard):032b}":
            raise CommandError("the wildcard must be contiguous (like 0.0.0.255)", "wildcard")
        network = model.OspfNetwork(m.ip("address"), wildcard)
        area = next(a for a in ospf.areas if a.area == area_id)
        if m.undo and network not in area.networks:
            raise CommandError("this area has no such network", "address")
        area = replace(area, networks=toggle(area.networks, network, m.undo))
        areas = tuple(area if a.area == area_id else a for a in ospf.areas)
        self.dev = replace(self.dev, ospf=replace(ospf, areas=areas))

    def do_silent_interface(self, m: Match) -> None:
        ospf = self._ospf()
        name = "all" if m.has("all") else m.word("name")
        if m.undo and name not in ospf.silent:
            raise CommandError(
                f"{name} is not a silent interface", "name" if m.has("name") else "all"
            )
        self.dev = replace(self.dev, ospf=replace(ospf, silent=toggle(ospf.silent, name, m.undo)))

    def do_rip_version(self, m: Match) -> None:
        assert self.dev.rip is not None
        if not m.undo and m.number("version") not in (1, 2):
            raise CommandError("RIP is version 1 or 2", "version")
        self.dev = replace(
            self.dev, rip=replace(self.dev.rip, version=None if m.undo else m.number("version"))
        )

    def do_rip_network(self, m: Match) -> None:
        rip, address = self.dev.rip, m.ip("address")
        assert rip is not None
        classful = IPv4Network(f"{address}/{model.classful_length(address)}", strict=False)
        if (
            address != classful.network_address
            or int(address) >> 24 in (0, 127)
            or int(address) >> 28 >= 14
        ):
            raise CommandError(
                f"RIP networks are classful network numbers (here: {classful.network_address})",
                "address",
            )
        if m.undo and address not in rip.networks:
            raise CommandError(f"RIP has no network {address}", "address")
        self.dev = replace(
            self.dev, rip=replace(rip, networks=toggle(rip.networks, address, m.undo))
        )

    def _bgp(self) -> model.Bgp:
        assert self.dev.bgp is not None
        return self.dev.bgp

    def do_bgp_router_id(self, m: Match) -> None:
        self.dev = replace(
            self.dev, bgp=replace(self._bgp(), router_id=None if m.undo else m.ip("router_id"))
        )

    def do_peer(self, m: Match) -> None:
        bgp, address = self._bgp(), m.ip("peer")
        peers = [p for p in bgp.peers if p.address != address]
        if m.undo and len(peers) == len(bgp.peers):
            raise CommandError(f"{address} is not a peer", "peer")
        if not m.undo:
            if not 1 <= m.number("asn") <= 4294967295:
                raise CommandError("an AS number is 1 to 4294967295", "asn")
            peers.append(model.BgpPeer(address, m.number("asn")))
        self.dev = replace(self.dev, bgp=replace(bgp, peers=tuple(peers)))

    def do_family(self, m: Match) -> None:
        self.enter("family")

    def do_bgp_network(self, m: Match) -> None:
        bgp = self._bgp()
        network = model.BgpNetwork(m.ip("address"), m.number("mask") if m.has("mask") else None)
        if m.undo and network not in bgp.networks:
            raise CommandError("BGP has no such network", "address")
        self.dev = replace(
            self.dev, bgp=replace(bgp, networks=toggle(bgp.networks, network, m.undo))
        )

    def do_import_route(self, m: Match) -> None:
        bgp, source = self._bgp(), m.word("source")
        if m.has("process"):
            source += f" {m.number('process')}"
        if m.undo and source not in bgp.imports:
            raise CommandError(f"BGP does not import {source}", "source")
        self.dev = replace(self.dev, bgp=replace(bgp, imports=toggle(bgp.imports, source, m.undo)))
