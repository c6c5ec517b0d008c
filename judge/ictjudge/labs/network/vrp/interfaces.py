"""Commands of an interface view: addresses, state, OSPF settings, switch ports (access, trunk,
hybrid), Eth-Trunk membership, traffic-filters and NAT. VRP's order checks are kept: a port
joins only a VLAN that exists, an Eth-Trunk only once it exists, a port has one link type."""

from __future__ import annotations

from ipaddress import IPv4Interface
from typing import cast

from ictjudge.labs.network.vrp import model
from ictjudge.labs.network.vrp.grammar import Match
from ictjudge.labs.network.vrp.model import Interface
from ictjudge.labs.network.vrp.state import CommandError, State, acl_number

ALL_VLANS = frozenset(range(1, 4095))


class InterfaceCommands(State):
    """Handlers of the interface view's commands."""

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
        for other in self.interfaces.values():
            if (
                other.name != self.current
                and other.address
                and other.address.network.overlaps(network)
            ):
                raise CommandError(
                    f"{network} overlaps {other.address.network} of {other.name}", "address"
                )
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
            acl_number(m.number("acl"))
            filters.append((cast(model.Direction, direction), m.number("acl")))
        self.update(filters=tuple(sorted(filters)))

    def do_nat_outbound(self, m: Match) -> None:
        acl = m.number("acl")
        acl_number(acl)
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
