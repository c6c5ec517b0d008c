"""The ACL and NAT part of a VRP device as an nftables ruleset, applied in the device's own
network namespace like the labs' hand-written rulesets (see :mod:`..nftables`).

- Traffic-filters keep VRP's semantics: an ACL's rules are tried in ascending rule number and
  the first that matches decides; traffic that matches no rule is *permitted* (unlike Cisco's
  implicit deny). Each ACL is a chain in which ``permit`` returns and ``deny`` drops, so a
  packet passes the inbound filter of one interface and then still meets the outbound filter of
  the next. Inbound filters see what arrives on the interface (``input`` and ``forward``),
  outbound filters what leaves it (``forward`` and ``output``).
- ``nat outbound ACL`` translates, on leaving the interface, what the ACL permits: to the
  interface's own address (Easy IP, ``masquerade``) or to the address group's range
  (``snat``). What the ACL denies, or does not match, leaves untranslated.
- ``nat server`` is a ``dnat`` of the global address and port to the inside server (on the
  interface it is configured on, or on any for the system view's); connection tracking
  translates the replies back.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from ictjudge.labs.network.vrp import model
from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.names import linux_name

FILTER_HOOKS = {"input": ("inbound",), "forward": ("inbound", "outbound"), "output": ("outbound",)}


def nftables(device: Device) -> str:
    """The ruleset text (empty when the device filters and translates nothing)."""
    return "".join((_filter_table(device), _nat_table(device)))


def address_match(direction: str, match: model.AddressMatch | None) -> str:
    """``ip saddr 10.1.1.0/24`` for a source address and wildcard (nothing for ``any``)."""
    if match is None:
        return ""
    wildcard = int(match.wildcard)
    mask = ~wildcard & 0xFFFFFFFF
    address = IPv4Address(int(match.address) & mask)
    if "10" not in f"{wildcard:032b}":  # contiguous: a prefix
        length = 32 - bin(wildcard).count("1")
        if length == 0:
            return ""
        return f"ip {direction} {address}" + ("" if length == 32 else f"/{length}")
    return f"ip {direction} & {IPv4Address(mask)} == {address}"


def rule_match(rule: model.Rule) -> str:
    """The nftables match of one ACL rule (empty: every packet)."""
    words: list[str] = []
    if rule.protocol and rule.protocol != "ip":
        words.append(f"ip protocol {rule.protocol}")
    words.append(address_match("saddr", rule.source))
    words.append(address_match("daddr", rule.destination))
    if rule.destination_port is not None:
        words.append(f"{rule.protocol} dport {rule.destination_port}")
    return " ".join(w for w in words if w)


def _line(match: str, verdict: str) -> str:
    return f"    {match} {verdict}" if match else f"    {verdict}"


def _acl_chain(name: str, acl: model.Acl | None, permit: str, deny: str) -> list[str]:
    rules = acl.rules if acl else ()
    body = [_line(rule_match(r), permit if r.action == "permit" else deny) for r in rules]
    return [f"  chain {name} {{", *body, "  }"]


def _base(name: str, kind: str, hook: str, priority: str, body: list[str]) -> list[str]:
    head = f"    type {kind} hook {hook} priority {priority}; policy accept;"
    return [f"  chain {name} {{", head, *body, "  }"]


def _filter_table(device: Device) -> str:
    filters = [(i, d, n) for i in device.interfaces for d, n in i.filters]
    if not filters:
        return ""
    lines = ["table ip vrp_filter {"]
    for number in sorted({n for _, _, n in filters}):
        lines += _acl_chain(f"acl_{number}", device.acl(number), "return", "drop")
    for hook, directions in FILTER_HOOKS.items():
        body = [
            f'    {"iifname" if d == "inbound" else "oifname"} "{linux_name(i.name)}" jump acl_{n}'
            for i, d, n in filters
            if d in directions
        ]
        if body:
            lines += _base(hook, "filter", hook, "filter", body)
    return "\n".join([*lines, "}"]) + "\n"


def _nat_table(device: Device) -> str:
    chains: list[str] = []
    postrouting: list[str] = []
    prerouting: list[str] = []
    for interface in device.interfaces:
        name = linux_name(interface.name)
        for nat in interface.nat_outbound:
            chain = f"outbound_{len(postrouting) + 1}"
            group = device.address_group(nat.group) if nat.group is not None else None
            translate = f"snat to {group.start}-{group.end}" if group else "masquerade"
            chains += _acl_chain(chain, device.acl(nat.acl), translate, "return")
            postrouting.append(f'    oifname "{name}" jump {chain}')
        prerouting += [_dnat(s, f'iifname "{name}" ') for s in interface.nat_servers]
    prerouting += [_dnat(s, "") for s in device.nat_servers]
    if not postrouting and not prerouting:
        return ""
    lines = ["table ip vrp_nat {", *chains]
    if prerouting:
        lines += _base("prerouting", "nat", "prerouting", "dstnat", prerouting)
    if postrouting:
        lines += _base("postrouting", "nat", "postrouting", "srcnat", postrouting)
    return "\n".join([*lines, "}"]) + "\n"


def _dnat(s: model.NatServer, where: str) -> str:
    return (
        f"    {where}ip daddr {s.global_address} {s.protocol} dport {s.global_port}"
        f" dnat to {s.inside_address}:{s.inside_port}"
    )
