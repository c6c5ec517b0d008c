"""From command lines to a :class:`~model.Device`, one command at a time, as the device would
take them: each command changes the configuration built so far or is refused with its place.

VRP checks some things when a command is typed (a VLAN must exist before an access port joins
it, an Eth-Trunk before its members, an address group before NAT uses it), so those checks are
made here in the same order, and a configuration that passes them loads on the device.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Literal, TypeVar, cast

from ictjudge.labs.network.vrp import grammar, model, names
from ictjudge.labs.network.vrp.grammar import Failure, Match
from ictjudge.labs.network.vrp.model import Device, Interface
from ictjudge.labs.network.vrp.problems import Problem
from ictjudge.labs.network.vrp.reading import Line, read
from ictjudge.labs.network.vrp.views import TITLE, supported, view_forms

ALL_VLANS = frozenset(range(1, 4095))
T = TypeVar("T")


class CommandError(Exception):
    """A command the device refuses; ``at`` names the value the message is about."""

    def __init__(self, message: str, at: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.at = at


def parse(text: str) -> Device | list[Problem]:
    """The device ``text`` configures, or every problem found (then nothing else)."""
    lines, problems = read(text)
    if problems and not problems[0].line:
        return problems
    builder = _Builder()
    for line in lines:
        problem = builder.take(line)
        if problem:
            problems.append(problem)
    if problems:
        return sorted(problems, key=lambda p: (p.line, p.column))
    return builder.device()


def _message(failure: Failure, line: Line, view: str) -> str:
    word = line.tokens[failure.index].text if failure.index < len(line.tokens) else ""
    expected = ", ".join(failure.expected)
    if failure.reason == "ambiguous":
        return f"`{word}` is ambiguous: it abbreviates {expected}"
    if failure.reason == "incomplete":
        return f"incomplete command: {expected} expected at the end"
    if failure.index == 0:
        return f"`{word}` is not supported in {TITLE[view]}; supported there: {supported(view)}"
    if expected:
        return f"`{word}` is not valid here; expected {expected}"
    return f"`{word}` is one word too many"


class _Builder:
    """The configuration so far, and the view the next command is typed in."""

    def __init__(self) -> None:
        self.dev = Device()
        self.interfaces: dict[str, Interface] = {}
        self.views: list[str] = ["system"]
        self.current = ""  # the interface, or the ACL number, or the OSPF area of the view
        self.handlers: dict[str, Callable[[Match], None]] = {
            name[3:]: getattr(self, name) for name in dir(self) if name.startswith("do_")
        }

    def device(self) -> Device:
        order = {kind: n for n, kind in enumerate(("Vlanif", "Eth-Trunk", "GigabitEthernet"))}

        def key(i: Interface) -> tuple[int, list[int]]:
            kind = next((k for k in order if i.name.startswith(k)), "")
            numbers = [int(n) for n in re.findall(r"\d+", i.name)]
            return order.get(kind, len(order)), numbers

        return replace(self.dev, interfaces=tuple(sorted(self.interfaces.values(), key=key)))

    # -- dispatch ---------------------------------------------------------------------------

    def take(self, line: Line) -> Problem | None:
        if line.user:
            return self.take_user(line)
        found: list[tuple[int, Match | Failure]] = []
        for depth in range(len(self.views) - 1, -1, -1):
            result = grammar.match(view_forms(self.views[depth]), line.tokens)
            found.append((depth, result))
            if isinstance(result, Match):
                break
        depth, result = found[-1]
        if isinstance(result, Failure):
            # the failure that got furthest into the line says the most (the innermost on a tie)
            depth, result = max(found, key=lambda f: cast(Failure, f[1]).index)
            assert isinstance(result, Failure)
            column = _column(line, result.index)
            return Problem(
                line.number, column, _message(result, line, self.views[depth]), line.text
            )
        del self.views[depth + 1 :]
        try:
            self.handlers[result.action](result)
        except CommandError as error:
            index = result.at(error.at) if error.at else 0
            return Problem(line.number, _column(line, index), error.message, line.text)
        return None

    def take_user(self, line: Line) -> Problem | None:
        """A command at a ``<R1>`` prompt: only entering the system view, displays and saving."""
        result = grammar.match(view_forms("user"), line.tokens)
        if isinstance(result, Failure):
            column = _column(line, result.index)
            return Problem(line.number, column, _message(result, line, "user"), line.text)
        del self.views[1:]
        return None

    # -- navigation -------------------------------------------------------------------------

    def enter(self, view: str, current: str = "") -> None:
        self.views.append(view)
        self.current = current

    def do_quit(self, m: Match) -> None:
        if len(self.views) > 1:
            self.views.pop()

    def do_return(self, m: Match) -> None:
        del self.views[1:]

    def do_system_view(self, m: Match) -> None:
        del self.views[1:]

    def do_ignore(self, m: Match) -> None:
        pass

    def do_defaults(self, m: Match) -> None:
        self.enter("defaults")

    # -- system -----------------------------------------------------------------------------

    def do_sysname(self, m: Match) -> None:
        self.dev = replace(self.dev, sysname="Huawei" if m.undo else m.word("name"))

    def do_interface(self, m: Match) -> None:
        name = m.word("name")
        kind = name.rstrip("0123456789/")
        if kind != "GigabitEthernet" and not 0 <= names.number(name) <= (
            4094 if kind == "Vlanif" else 1023
        ):
            raise CommandError(f"{name}: the number is out of range", "name")
        if kind == "Vlanif" and names.number(name) == 0:
            raise CommandError("Vlanif numbers are VLAN ids, 1 to 4094", "name")
        if m.undo:
            if kind == "GigabitEthernet":
                raise CommandError("a physical interface cannot be deleted", "name")
            if name not in self.interfaces:
                raise CommandError(f"{name} does not exist", "name")
            if kind == "Eth-Trunk" and any(
                i.trunk == names.number(name) for i in self.interfaces.values()
            ):
                raise CommandError(f"{name} still has member ports: remove them first", "name")
            del self.interfaces[name]
            return
        self.interfaces.setdefault(name, Interface(name))
        self.enter("interface", name)

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

    def do_ospf(self, m: Match) -> None:
        process = m.number("process") if m.has("process") else 1
        ospf = self.dev.ospf
        if not 1 <= process <= 65535:
            raise CommandError("an OSPF process id is 1 to 65535", "process")
        if ospf and ospf.process != process:
            raise CommandError(
                f"this device runs one OSPF process (ospf {ospf.process} is configured)", "process"
            )
        if m.undo:
            if ospf is None:
                raise CommandError(f"OSPF process {process} does not exist")
            self.dev = replace(self.dev, ospf=None)
            return
        ospf = ospf or model.Ospf(process)
        if m.has("router_id"):
            ospf = replace(ospf, router_id=m.ip("router_id"))
        self.dev = replace(self.dev, ospf=ospf)
        self.enter("ospf")

    def do_rip(self, m: Match) -> None:
        process = m.number("process") if m.has("process") else 1
        rip = self.dev.rip
        if not 1 <= process <= 65535:
            raise CommandError("a RIP process id is 1 to 65535", "process")
        if rip and rip.process != process:
            raise CommandError(
                f"this device runs one RIP process (rip {rip.process} is configured)", "process"
            )
        if m.undo:
            if rip is None:
                raise CommandError(f"RIP process {process} does not exist")
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

    def do_vlan_batch(self, m: Match) -> None:
        vlans = m.vlans("vlans")
        if m.undo:
            if model.DEFAULT_VLAN in vlans:
                raise CommandError("VLAN 1 is the default VLAN and cannot be deleted", "vlans")
            self.dev = replace(self.dev, vlans=self.dev.vlans - vlans)
        else:
            self.dev = replace(self.dev, vlans=self.dev.vlans | vlans)

    def do_vlan(self, m: Match) -> None:
        vlan = m.number("vlan")
        if not 1 <= vlan <= 4094:
            raise CommandError("a VLAN id is 1 to 4094", "vlan")
        if m.undo:
            if vlan == model.DEFAULT_VLAN:
                raise CommandError("VLAN 1 is the default VLAN and cannot be deleted", "vlan")
            if vlan not in self.dev.vlans:
                raise CommandError(f"VLAN {vlan} does not exist", "vlan")
            self.dev = replace(self.dev, vlans=self.dev.vlans - {vlan})
            return
        self.dev = replace(self.dev, vlans=self.dev.vlans | {vlan})
        self.enter("vlan", str(vlan))

    def do_stp(self, m: Match) -> None:
        self.dev = replace(self.dev, stp=not m.undo and m.word("state") == "enable")

    def do_stp_mode(self, m: Match) -> None:
        mode = "" if m.undo else m.word("mode")
        if mode in ("rstp", "mstp"):
            raise CommandError(
                f"stp mode {mode} is not available: Linux bridges here run only classic STP"
                " (IEEE 802.1D); use stp mode stp",
                "mode",
            )
        self.dev = replace(self.dev, stp_mode="stp" if mode else None)

    def do_acl(self, m: Match) -> None:
        number = m.number("acl")
        _acl_number(number)
        acls = {a.number: a for a in self.dev.acls}
        if m.undo:
            if acls.pop(number, None) is None:
                raise CommandError(f"ACL {number} does not exist", "acl")
        else:
            acls.setdefault(number, model.Acl(number))
            self.enter("acl-advanced" if number >= 3000 else "acl-basic", str(number))
        self.dev = replace(self.dev, acls=tuple(acls[n] for n in sorted(acls)))

    def do_rule(self, m: Match) -> None:
        acl = self.dev.acl(int(self.current))
        assert acl is not None
        rules = {r.number: r for r in acl.rules}
        if m.undo:
            if rules.pop(m.number("rule"), None) is None:
                raise CommandError(f"ACL {acl.number} has no rule {m.number('rule')}", "rule")
        else:
            number = m.number("rule") if m.has("rule") else (max(rules, default=0) // 5 + 1) * 5
            if number > 4294967294:
                raise CommandError("a rule number is 0 to 4294967294", "rule")
            protocol = cast(model.Protocol, m.word("protocol")) if m.has("protocol") else None
            port = m.number("port") if m.has("port") else None
            if port is not None and protocol not in ("tcp", "udp"):
                raise CommandError("destination-port needs protocol tcp or udp", "port")
            if port is not None and not 0 <= port <= 65535:
                raise CommandError("a port is 0 to 65535", "port")
            rules[number] = model.Rule(
                number,
                cast(model.Action, m.word("action")),
                protocol,
                _acl_match(m, "source"),
                _acl_match(m, "destination"),
                port,
            )
        acl = replace(acl, rules=tuple(rules[n] for n in sorted(rules)))
        self.dev = replace(
            self.dev, acls=tuple(acl if a.number == acl.number else a for a in self.dev.acls)
        )

    def do_address_group(self, m: Match) -> None:
        number = m.number("group")
        groups = {g.number: g for g in self.dev.address_groups}
        if m.undo:
            if groups.pop(number, None) is None:
                raise CommandError(f"address group {number} does not exist", "group")
        else:
            if m.ip("start") > m.ip("end"):
                raise CommandError("the start address is after the end address", "end")
            groups[number] = model.AddressGroup(number, m.ip("start"), m.ip("end"))
        self.dev = replace(self.dev, address_groups=tuple(groups[n] for n in sorted(groups)))

    def do_nat_server(self, m: Match) -> None:
        for name in ("global_port", "inside_port"):
            if not 1 <= m.number(name) <= 65535:
                raise CommandError("a port is 1 to 65535", name)
        server = model.NatServer(
            cast(Literal["tcp", "udp"], m.word("protocol")),
            m.ip("global"),
            m.number("global_port"),
            m.ip("inside"),
            m.number("inside_port"),
        )
        if self.views[-1] == "interface":
            interface = self.interfaces[self.current]
            servers = _toggle(interface.nat_servers, server, m.undo)
            self.interfaces[self.current] = replace(interface, nat_servers=servers)
        else:
            self.dev = replace(self.dev, nat_servers=_toggle(self.dev.nat_servers, server, m.undo))

    # -- interface --------------------------------------------------------------------------

    @property
    def interface(self) -> Interface:
        return self.interfaces[self.current]

    def update(self, **changes: object) -> None:
        self.interfaces[self.current] = replace(self.interface, **changes)  # type: ignore[arg-type]

    def do_ip_address(self, m: Match) -> None:
        if m.undo:
            if m.has("address") and (
                self.interface.address is None
                or self.interface.address != IPv4Interface(f"{m.ip('address')}/{m.number('mask')}")
            ):
                raise CommandError(f"{m.ip('address')} is not this interface's address", "address")
            self.update(address=None)
            return
        if self.interface.link_type or self.interface.trunk is not None:
            raise CommandError(
                "this is a switch port: an IP address goes on a Vlanif or a Layer 3 interface",
                "address",
            )
        address = IPv4Interface(f"{m.ip('address')}/{m.number('mask')}")
        network = address.network
        if m.number("mask") == 0 or (
            network.prefixlen < 31
            and address.ip in (network.network_address, network.broadcast_address)
        ):
            raise CommandError(f"{address.ip} with this mask is not a host address", "address")
        self.update(address=address)

    def do_shutdown(self, m: Match) -> None:
        self.update(shutdown=not m.undo)

    def do_description(self, m: Match) -> None:
        self.update(description="" if m.undo else m.word("text"))

    def do_ospf_enable(self, m: Match) -> None:
        ospf = self.dev.ospf
        if m.has("process") and ospf and m.number("process") != ospf.process:
            raise CommandError(
                f"OSPF process {m.number('process')} does not exist (ospf {ospf.process} does)",
                "process",
            )
        process = m.number("process") if m.has("process") else ospf.process if ospf else 1
        self.update(ospf_area=None if m.undo else m.ip("area"), ospf_process=process)

    def do_ospf_cost(self, m: Match) -> None:
        if not m.undo and not 1 <= m.number("cost") <= 65535:
            raise CommandError("an OSPF cost is 1 to 65535", "cost")
        self.update(ospf_cost=None if m.undo else m.number("cost"))

    def do_ospf_timer(self, m: Match) -> None:
        if not m.undo and not 1 <= m.number("seconds") <= 65535:
            raise CommandError("an OSPF timer is 1 to 65535 seconds", "seconds")
        value = None if m.undo else m.number("seconds")
        self.update(**{"ospf_hello" if m.word("timer") == "hello" else "ospf_dead": value})

    def _switch_port(self, at: str) -> None:
        name = self.interface.name
        if not name.startswith(("GigabitEthernet", "Eth-Trunk")):
            raise CommandError(
                f"port commands are for GigabitEthernet and Eth-Trunk ports, not {name}", at
            )
        if self.interface.trunk is not None:
            raise CommandError(
                f"{name} is a member of Eth-Trunk {self.interface.trunk}: configure the Eth-Trunk",
                at,
            )

    def _port_of(self, kind: str, at: str) -> None:
        self._switch_port(at)
        if self.interface.link_type != kind:
            raise CommandError(f"this command needs port link-type {kind} first", at)

    def do_link_type(self, m: Match) -> None:
        self._switch_port("type" if m.has("type") else "")
        if self.interface.address is not None:
            raise CommandError(
                "this interface has an IP address: undo ip address first",
                "type" if m.has("type") else "",
            )
        defaults = Interface(self.current)
        self.update(
            link_type=None if m.undo else m.word("type"),
            default_vlan=defaults.default_vlan,
            trunk_pvid=defaults.trunk_pvid,
            trunk_vlans=defaults.trunk_vlans,
            hybrid_pvid=defaults.hybrid_pvid,
            hybrid_tagged=defaults.hybrid_tagged,
            hybrid_untagged=defaults.hybrid_untagged,
        )

    def _existing_vlan(self, vlan: int) -> None:
        if not 1 <= vlan <= 4094:
            raise CommandError("a VLAN id is 1 to 4094", "vlan")
        if vlan not in self.dev.vlans:
            raise CommandError(
                f"VLAN {vlan} does not exist: create it first (vlan batch {vlan})", "vlan"
            )

    def do_default_vlan(self, m: Match) -> None:
        self._port_of("access", "vlan" if m.has("vlan") else "")
        if not m.undo:
            self._existing_vlan(m.number("vlan"))
        self.update(default_vlan=model.DEFAULT_VLAN if m.undo else m.number("vlan"))

    def do_trunk_vlans(self, m: Match) -> None:
        self._port_of("trunk", "vlans" if m.has("vlans") else "all")
        vlans = ALL_VLANS if m.has("all") else m.vlans("vlans")
        current = self.interface.trunk_vlans
        self.update(trunk_vlans=current - vlans if m.undo else current | vlans)

    def do_trunk_pvid(self, m: Match) -> None:
        self._port_of("trunk", "vlan" if m.has("vlan") else "")
        if not m.undo:
            self._existing_vlan(m.number("vlan"))
        self.update(trunk_pvid=model.DEFAULT_VLAN if m.undo else m.number("vlan"))

    def do_hybrid_vlans(self, m: Match) -> None:
        self._port_of("hybrid", "how")
        vlans = ALL_VLANS if m.has("all") else m.vlans("vlans")
        tagged, untagged = self.interface.hybrid_tagged, self.interface.hybrid_untagged
        if m.word("how") == "tagged":
            tagged = tagged - vlans if m.undo else tagged | vlans
            untagged = untagged if m.undo else untagged - vlans
        else:
            untagged = untagged - vlans if m.undo else untagged | vlans
            tagged = tagged if m.undo else tagged - vlans
        self.update(hybrid_tagged=tagged, hybrid_untagged=untagged)

    def do_hybrid_pvid(self, m: Match) -> None:
        self._port_of("hybrid", "vlan" if m.has("vlan") else "")
        if not m.undo:
            self._existing_vlan(m.number("vlan"))
        self.update(hybrid_pvid=model.DEFAULT_VLAN if m.undo else m.number("vlan"))

    def do_traffic_filter(self, m: Match) -> None:
        direction = m.word("direction")
        filters = [f for f in self.interface.filters if f[0] != direction]
        if m.undo:
            if len(filters) == len(self.interface.filters) or (
                m.has("acl") and (direction, m.number("acl")) not in self.interface.filters
            ):
                raise CommandError(f"there is no such {direction} traffic-filter", "direction")
        else:
            _acl_number(m.number("acl"))
            filters.append((cast(model.Direction, direction), m.number("acl")))
        self.update(filters=tuple(sorted(filters)))

    def do_nat_outbound(self, m: Match) -> None:
        acl = m.number("acl")
        _acl_number(acl)
        group = m.number("group") if m.has("group") else None
        if group is not None and not m.undo and self.dev.address_group(group) is None:
            raise CommandError(
                f"address group {group} does not exist: nat address-group first", "group"
            )
        kept = tuple(n for n in self.interface.nat_outbound if n.acl != acl)
        if m.undo and len(kept) == len(self.interface.nat_outbound):
            raise CommandError(f"there is no nat outbound {acl} here", "acl")
        self.update(nat_outbound=kept if m.undo else (*kept, model.NatOutbound(acl, group)))

    def do_eth_trunk(self, m: Match) -> None:
        if m.undo:
            self.update(trunk=None)
            return
        name, trunk = self.interface.name, m.number("trunk")
        if not name.startswith("GigabitEthernet"):
            raise CommandError("only GigabitEthernet ports join an Eth-Trunk", "trunk")
        if f"Eth-Trunk{trunk}" not in self.interfaces:
            raise CommandError(
                f"Eth-Trunk {trunk} does not exist: interface Eth-Trunk {trunk} first", "trunk"
            )
        if self.interface.link_type or self.interface.address:
            raise CommandError(
                "a member port keeps its default configuration:"
                " undo port link-type and ip address first",
                "trunk",
            )
        self.update(trunk=trunk)

    # -- OSPF, RIP, BGP ---------------------------------------------------------------------

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
        area = replace(area, networks=_toggle(area.networks, network, m.undo))
        areas = tuple(area if a.area == area_id else a for a in ospf.areas)
        self.dev = replace(self.dev, ospf=replace(ospf, areas=areas))

    def do_silent_interface(self, m: Match) -> None:
        ospf = self._ospf()
        name = "all" if m.has("all") else m.word("name")
        if m.undo and name not in ospf.silent:
            raise CommandError(
                f"{name} is not a silent interface", "name" if m.has("name") else "all"
            )
        self.dev = replace(self.dev, ospf=replace(ospf, silent=_toggle(ospf.silent, name, m.undo)))

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
            self.dev, rip=replace(rip, networks=_toggle(rip.networks, address, m.undo))
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
            self.dev, bgp=replace(bgp, networks=_toggle(bgp.networks, network, m.undo))
        )

    def do_import_route(self, m: Match) -> None:
        bgp, source = self._bgp(), m.word("source")
        if m.has("process"):
            source += f" {m.number('process')}"
        if m.undo and source not in bgp.imports:
            raise CommandError(f"BGP does not import {source}", "source")
        self.dev = replace(self.dev, bgp=replace(bgp, imports=_toggle(bgp.imports, source, m.undo)))


def _acl_number(number: int) -> None:
    if not 2000 <= number <= 3999:
        raise CommandError(
            "supported ACLs are basic (2000 to 2999) and advanced (3000 to 3999)", "acl"
        )


def _acl_match(m: Match, end: str) -> model.Match | None:
    if not m.has(end):
        return None
    return model.Match(m.ip(end), m.ip(f"{end}_wildcard"))


def _toggle(items: tuple[T, ...], item: T, remove: bool) -> tuple[T, ...]:
    """``items`` without ``item`` (``remove``), or with it added once at the end."""
    kept = tuple(i for i in items if i != item)
    return kept if remove else (*kept, item)


def _column(line: Line, index: int) -> int:
    if index < len(line.tokens):
        return line.tokens[index].column
    last = line.tokens[-1]
    return last.column + len(last.text)
