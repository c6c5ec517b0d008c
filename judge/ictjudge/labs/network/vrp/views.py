"""The commands each VRP view accepts, as forms (see :mod:`grammar`), with their undo forms.

Views nest like VRP's (an OSPF area inside its OSPF process inside the system view). A command
that the current view does not know is tried in the enclosing views, which is how VRP itself
lets ``interface GigabitEthernet0/0/2`` follow ``ip address`` without a ``quit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ictjudge.labs.network.vrp.grammar import Form, forms


@dataclass(frozen=True)
class Command:
    spec: str
    action: str
    undo: str | None = None  # the undo form's arguments; None: no undo form
    hidden: bool = False  # a device default: accepted, never suggested

    @property
    def name(self) -> str:
        """The command's keywords, for lists of what a view supports."""
        words: list[str] = []
        for word in self.spec.split():
            if word[0] in "<[(":
                break
            words.append(word)
        return " ".join(words)


SOURCE = "[ source ( any@source_any | <source:ip> <source_wildcard:wildcard> ) ]"
DESTINATION = (
    "[ destination ( any@destination_any | <destination:ip> <destination_wildcard:wildcard> ) ]"
)
ACTION = "[ <rule:int> ] ( permit@action | deny@action )"
PROTOCOL = "( ip@protocol | tcp@protocol | udp@protocol | icmp@protocol )"
NAT_SERVER = (
    "nat server protocol ( tcp@protocol | udp@protocol ) global <global:ip> <global_port:int>"
    " inside <inside:ip> <inside_port:int>"
)
IMPORT = (
    "import-route ( direct@source | static@source | ( ospf@source | rip@source ) <process:int> )"
)
BGP_FAMILY = (
    Command("network <address:ip> [ <mask:mask> ]", "bgp_network", ""),
    Command(IMPORT, "import_route", ""),
    Command("peer <peer:ip> enable", "ignore"),
    Command("synchronization", "ignore", ""),
)

# What eNSP's routers and switches print in every ``display current-configuration`` although
# nobody typed it (management, AAA, consoles): accepted so that a whole display can be pasted,
# and left out of the device, since nothing in a lab depends on it.
DEVICE_DEFAULTS = (
    *(
        Command(f"{head} [ <rest:text> ]", "ignore", "", hidden=True)
        for head in (
            "snmp-agent",
            "clock",
            "portal",
            "drop",
            "set",
            "http",
            "cluster",
            "ntdp",
            "ndp",
            "diffserv",
            "drop-profile",
            "wlan",
        )
    ),
    Command("aaa", "defaults", hidden=True),
    Command("user-interface <rest:text>", "defaults", hidden=True),
    Command("firewall zone <rest:text>", "defaults", hidden=True),
    Command("interface ( null0@name | meth0/0/1@name )", "defaults", hidden=True),
)
DEFAULTS_BODY = tuple(
    Command(f"{head} [ <rest:text> ]", "ignore", "")
    for head in (
        "authentication-scheme",
        "authorization-scheme",
        "accounting-scheme",
        "domain",
        "local-user",
        "priority",
        "authentication-mode",
        "set",
        "user",
        "idle-timeout",
        "protocol",
        "screen-length",
    )
)

EVERYWHERE = (
    Command("quit", "quit"),
    Command("return", "return"),
    Command("system-view", "system_view"),
    Command("display [ <what:text> ]", "ignore"),
    Command("save [ <what:text> ]", "ignore"),
    Command("info-center enable", "ignore", ""),
)

VIEWS: dict[str, tuple[Command, ...]] = {
    "user": (Command("terminal monitor", "ignore", ""),),
    "system": (
        Command("sysname <name:word>", "sysname", "sysname"),
        Command("interface <name:interface>", "interface", "interface <name:interface>"),
        Command(
            "ip route-static <destination:ip> <mask:mask> ( <nexthop:ip> | <via:interface>"
            " [ <nexthop:ip> ] ) [ preference <preference:int> ]",
            "static_route",
            "",
        ),
        Command(
            "ospf [ <process:int> ] [ router-id <router_id:ip> ]", "ospf", "ospf [ <process:int> ]"
        ),
        Command("rip [ <process:int> ]", "rip", ""),
        Command("bgp <asn:int>", "bgp", ""),
        Command("vlan batch <vlans:vlans>", "vlan_batch", ""),
        Command("vlan <vlan:int>", "vlan", ""),
        Command("stp ( enable@state | disable@state )", "stp", "stp enable"),
        Command("stp mode ( stp@mode | rstp@mode | mstp@mode )", "stp_mode", "stp mode"),
        Command("acl [ number ] <acl:int>", "acl", ""),
        Command(
            "nat address-group <group:int> <start:ip> <end:ip>",
            "address_group",
            "nat address-group <group:int>",
        ),
        Command(NAT_SERVER, "nat_server", ""),
        *DEVICE_DEFAULTS,
    ),
    "defaults": DEFAULTS_BODY,
    "interface": (
        Command(
            "ip address <address:ip> <mask:mask>",
            "ip_address",
            "ip address [ <address:ip> <mask:mask> ]",
        ),
        Command("shutdown", "shutdown", ""),
        Command("description <text:text>", "description", "description"),
        Command(
            "ospf enable [ <process:int> ] area <area:area>",
            "ospf_enable",
            "ospf enable [ <process:int> [ area <area:area> ] ]",
        ),
        Command("ospf cost <cost:int>", "ospf_cost", "ospf cost"),
        Command(
            "ospf timer ( hello@timer | dead@timer ) <seconds:int>",
            "ospf_timer",
            "ospf timer ( hello@timer | dead@timer )",
        ),
        Command(
            "port link-type ( access@type | trunk@type | hybrid@type )",
            "link_type",
            "port link-type",
        ),
        Command("port default vlan <vlan:int>", "default_vlan", "port default vlan"),
        Command("port trunk allow-pass vlan ( <vlans:vlans> | all@all )", "trunk_vlans", ""),
        Command("port trunk pvid vlan <vlan:int>", "trunk_pvid", "port trunk pvid vlan"),
        Command(
            "port hybrid ( tagged@how | untagged@how ) vlan ( <vlans:vlans> | all@all )",
            "hybrid_vlans",
            "",
        ),
        Command("port hybrid pvid vlan <vlan:int>", "hybrid_pvid", "port hybrid pvid vlan"),
        Command(
            "traffic-filter ( inbound@direction | outbound@direction ) acl <acl:int>",
            "traffic_filter",
            "traffic-filter ( inbound@direction | outbound@direction ) [ acl <acl:int> ]",
        ),
        Command("nat outbound <acl:int> [ address-group <group:int> ]", "nat_outbound", ""),
        Command(NAT_SERVER, "nat_server", ""),
        Command("eth-trunk <trunk:int>", "eth_trunk", "eth-trunk"),
    ),
    "ospf": (
        Command("area <area:area>", "area", ""),
        Command("silent-interface ( <name:interface> | all@all )", "silent_interface", ""),
    ),
    "area": (Command("network <address:ip> <wildcard:wildcard>", "ospf_network", ""),),
    "rip": (
        Command("version <version:int>", "rip_version", "version"),
        Command("network <address:ip>", "rip_network", ""),
    ),
    "bgp": (
        Command("router-id <router_id:ip>", "bgp_router_id", "router-id"),
        Command(
            "peer <peer:ip> as-number <asn:int>", "peer", "peer <peer:ip> [ as-number <asn:int> ]"
        ),
        Command("ipv4-family unicast", "family"),
        *BGP_FAMILY,
    ),
    "family": BGP_FAMILY,
    "vlan": (),
    "acl-basic": (Command(f"rule {ACTION} {SOURCE}", "rule", "rule <rule:int>"),),
    "acl-advanced": (
        Command(
            f"rule {ACTION} {PROTOCOL} {SOURCE} {DESTINATION} [ destination-port eq <port:int> ]",
            "rule",
            "rule <rule:int>",
        ),
    ),
}

TITLE = {
    "user": "the user view",
    "defaults": "a management view",
    "system": "the system view",
    "interface": "an interface view",
    "ospf": "the OSPF view",
    "area": "an OSPF area view",
    "rip": "the RIP view",
    "bgp": "the BGP view",
    "family": "the BGP ipv4-family view",
    "vlan": "a VLAN view",
    "acl-basic": "a basic ACL view",
    "acl-advanced": "an advanced ACL view",
}


@cache
def view_forms(view: str) -> tuple[Form, ...]:
    """Every form the view accepts, the view's own before the ones valid everywhere."""
    out: list[Form] = []
    for command in (*VIEWS[view], *EVERYWHERE):
        out += forms(command.spec, command.action, hidden=command.hidden)
        if command.undo is not None:
            out += forms(command.undo or command.spec, command.action, True, command.hidden)
    return tuple(out)


def supported(view: str) -> str:
    """What the view supports, for error messages."""
    names = dict.fromkeys(c.name for c in VIEWS[view] if not c.hidden)
    return ", ".join(names) if names else "quit"
