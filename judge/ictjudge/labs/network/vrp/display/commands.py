"""The display commands a lab answers, as forms of the configuration grammar (so ``dis ip rou``
and ``dis int br`` abbreviate as on the device), each with its renderer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ictjudge.labs.network.vrp import grammar
from ictjudge.labs.network.vrp.display import acls, interfaces, kernel, nat, ospf, routes, vlans
from ictjudge.labs.network.vrp.grammar import Failure, Form
from ictjudge.labs.network.vrp.live import Live
from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.reading import Token
from ictjudge.labs.network.vrp.render import normalise

Renderer = Callable[[Device, Live], str]


@dataclass(frozen=True)
class Command:
    spec: str
    render: Renderer


COMMANDS: dict[str, Command] = {
    "routing_table": Command("display ip routing-table", routes.display_ip_routing_table),
    "routing_table_verbose": Command(
        "display ip routing-table verbose", routes.display_ip_routing_table_verbose
    ),
    "ospf_peer_brief": Command(
        "display ospf [ <process:int> ] peer brief", ospf.display_ospf_peer_brief
    ),
    "vlan": Command(
        "display vlan", lambda d, live: vlans.display_vlan(d, kernel.links(live.links))
    ),
    "interface_brief": Command(
        "display interface brief",
        lambda d, live: interfaces.display_interface_brief(d, kernel.links(live.links)),
    ),
    "ip_interface_brief": Command(
        "display ip interface brief",
        lambda d, live: interfaces.display_ip_interface_brief(d, kernel.links(live.links)),
    ),
    "current_configuration": Command("display current-configuration", lambda d, live: normalise(d)),
    "acl_all": Command("display acl all", lambda d, live: acls.display_acl_all(d)),
    "nat_session_all": Command(
        "display nat session all", lambda d, live: nat.display_nat_session_all(live.sessions)
    ),
}
FORMS: tuple[Form, ...] = tuple(
    form for action, command in COMMANDS.items() for form in grammar.forms(command.spec, action)
)


class DisplayError(ValueError):
    """A display command the lab does not answer, with where and why."""


def render(command: str, device: Device, live: Live) -> str:
    """What ``command`` (abbreviations allowed) prints on ``device`` in the state ``live``."""
    tokens = [Token(m.group(), m.start() + 1) for m in re.finditer(r"\S+", command)]
    if not tokens:
        raise DisplayError(f"no command given; supported: {supported()}")
    result = grammar.match(FORMS, tokens)
    if isinstance(result, Failure):
        raise DisplayError(_message(command, tokens, result))
    return COMMANDS[result.action].render(device, live)


def supported() -> str:
    return ", ".join(c.spec.replace(" [ <process:int> ]", "") for c in COMMANDS.values())


def _message(command: str, tokens: list[Token], failure: Failure) -> str:
    at = tokens[failure.index] if failure.index < len(tokens) else None
    where = f"column {at.column}" if at else "at the end"
    expected = ", ".join(failure.expected)
    if failure.reason == "ambiguous" and at:
        why = f"`{at.text}` is ambiguous: it abbreviates {expected}"
    elif failure.reason == "incomplete":
        why = f"incomplete command: {expected} expected" if expected else "incomplete command"
    elif at and expected:
        why = f"`{at.text}` is not valid here; expected {expected}"
    else:
        why = f"`{at.text if at else command}` is not a display command the lab answers"
    return f"`{command.strip()}`, {where}: {why}. Supported: {supported()}"
