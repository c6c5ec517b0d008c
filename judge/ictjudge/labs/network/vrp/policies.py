"""Commands of ACLs and NAT in the system view: ACLs and their rules (numbered in VRP's steps of
5 when no number is given), address groups, and ``nat server`` (also typed in interface views)."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal, cast

from ictjudge.labs.network.vrp import model
from ictjudge.labs.network.vrp.grammar import Match
from ictjudge.labs.network.vrp.state import CommandError, State, acl_number, toggle


class PolicyCommands(State):
    """Handlers of the ACL and NAT commands."""

    def do_acl(self, m: Match) -> None:
        number = m.number("acl")
        acl_number(number)
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
            servers = toggle(interface.nat_servers, server, m.undo)
            self.interfaces[self.current] = replace(interface, nat_servers=servers)
        else:
            self.dev = replace(self.dev, nat_servers=toggle(self.dev.nat_servers, server, m.undo))


def _acl_match(m: Match, end: str) -> model.AddressMatch | None:
    if not m.has(end):
        return None
    return model.AddressMatch(m.ip(end), m.ip(f"{end}_wildcard"))
