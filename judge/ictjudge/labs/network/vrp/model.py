"""One VRP device as its configuration describes it: frozen values, nothing about text.

Names are VRP's canonical ones (``GigabitEthernet0/0/1``, ``Vlanif10``); the translators map
them onto Linux names. Defaults are VRP's, so that an unconfigured field means what it means on
the device (a trunk passes VLAN 1, a static route has preference 60).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Literal

LinkType = Literal["access", "trunk", "hybrid"]
Action = Literal["permit", "deny"]
Protocol = Literal["ip", "tcp", "udp", "icmp"]
Direction = Literal["inbound", "outbound"]

STATIC_PREFERENCE = 60
DEFAULT_VLAN = 1


@dataclass(frozen=True)
class NatOutbound:
    """``nat outbound ACL [address-group N]``: Easy IP (the interface's address) without a group."""

    acl: int
    group: int | None = None


@dataclass(frozen=True)
class NatServer:
    """``nat server protocol tcp global A P inside B Q``: a published inside service."""

    protocol: Literal["tcp", "udp"]
    global_address: IPv4Address
    global_port: int
    inside_address: IPv4Address
    inside_port: int


@dataclass(frozen=True)
class Interface:
    """An interface and everything configured under it."""

    name: str
    description: str = ""
    address: IPv4Interface | None = None
    shutdown: bool = False
    ospf_area: IPv4Address | None = None  # ``ospf enable 1 area N``
    ospf_process: int = 1
    ospf_cost: int | None = None
    ospf_hello: int | None = None
    ospf_dead: int | None = None
    link_type: LinkType | None = None
    default_vlan: int = DEFAULT_VLAN  # access ports
    trunk_pvid: int = DEFAULT_VLAN
    trunk_vlans: frozenset[int] = frozenset({DEFAULT_VLAN})  # a trunk passes VLAN 1 by default
    hybrid_pvid: int = DEFAULT_VLAN
    hybrid_tagged: frozenset[int] = frozenset()
    hybrid_untagged: frozenset[int] = frozenset({DEFAULT_VLAN})
    filters: tuple[tuple[Direction, int], ...] = ()
    nat_outbound: tuple[NatOutbound, ...] = ()
    nat_servers: tuple[NatServer, ...] = ()
    trunk: int | None = None  # member of Eth-Trunk N


@dataclass(frozen=True)
class StaticRoute:
    prefix: IPv4Network
    nexthop: IPv4Address | None = None
    interface: str | None = None
    preference: int = STATIC_PREFERENCE


@dataclass(frozen=True)
class OspfNetwork:
    """``network A WILDCARD`` as written (the address is not masked on the device either)."""

    address: IPv4Address
    wildcard: IPv4Address

    @property
    def prefix(self) -> IPv4Network:
        length = 32 - bin(int(self.wildcard)).count("1")
        return IPv4Network(f"{self.address}/{length}", strict=False)


@dataclass(frozen=True)
class OspfArea:
    area: IPv4Address
    networks: tuple[OspfNetwork, ...] = ()


@dataclass(frozen=True)
class Ospf:
    process: int
    router_id: IPv4Address | None = None
    areas: tuple[OspfArea, ...] = ()
    silent: tuple[str, ...] = ()  # interface names, or ``all``


@dataclass(frozen=True)
class Rip:
    process: int
    version: int | None = None
    networks: tuple[IPv4Address, ...] = ()  # classful network numbers


@dataclass(frozen=True)
class BgpPeer:
    address: IPv4Address
    asn: int


@dataclass(frozen=True)
class BgpNetwork:
    address: IPv4Address
    length: int | None = None  # classful when absent

    @property
    def prefix(self) -> IPv4Network:
        length = self.length if self.length is not None else classful_length(self.address)
        return IPv4Network(f"{self.address}/{length}", strict=False)


@dataclass(frozen=True)
class Bgp:
    asn: int
    router_id: IPv4Address | None = None
    peers: tuple[BgpPeer, ...] = ()
    networks: tuple[BgpNetwork, ...] = ()
    imports: tuple[str, ...] = ()  # ``direct``, ``static``, ``rip 1``, ``ospf 1``


@dataclass(frozen=True)
class AddressMatch:
    """An address and a wildcard, as ACL rules write them (``any``: ``None``)."""

    address: IPv4Address
    wildcard: IPv4Address


@dataclass(frozen=True)
class Rule:
    number: int
    action: Action
    protocol: Protocol | None = None  # advanced ACLs only
    source: AddressMatch | None = None
    destination: AddressMatch | None = None
    destination_port: int | None = None


@dataclass(frozen=True)
class Acl:
    number: int
    rules: tuple[Rule, ...] = ()  # in ascending rule number, the order VRP evaluates them

    @property
    def advanced(self) -> bool:
        return self.number >= 3000


@dataclass(frozen=True)
class AddressGroup:
    number: int
    start: IPv4Address
    end: IPv4Address


@dataclass(frozen=True)
class Device:
    """A whole configuration."""

    sysname: str = "Huawei"
    interfaces: tuple[Interface, ...] = ()
    static_routes: tuple[StaticRoute, ...] = ()
    ospf: Ospf | None = None
    rip: Rip | None = None
    bgp: Bgp | None = None
    vlans: frozenset[int] = frozenset({DEFAULT_VLAN})
    stp: bool = True  # VRP switches run spanning tree unless told not to
    stp_mode: Literal["stp"] | None = None
    acls: tuple[Acl, ...] = ()
    address_groups: tuple[AddressGroup, ...] = ()
    nat_servers: tuple[NatServer, ...] = field(default=())

    def interface(self, name: str) -> Interface | None:
        return next((i for i in self.interfaces if i.name == name), None)

    def acl(self, number: int) -> Acl | None:
        return next((a for a in self.acls if a.number == number), None)

    def address_group(self, number: int) -> AddressGroup | None:
        return next((g for g in self.address_groups if g.number == number), None)


def classful_length(address: IPv4Address) -> int:
    """The prefix length of the class A, B or C network ``address`` belongs to."""
    first = int(address) >> 24
    return 8 if first < 128 else 16 if first < 192 else 24
