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
from ipaddress import IPv4Network
from typing import cast

from ictjudge.labs.network.dialect import LineProblem
from ictjudge.labs.network.vrp import grammar, model, names
from ictjudge.labs.network.vrp.grammar import Failure, Match
from ictjudge.labs.network.vrp.interfaces import InterfaceCommands
from ictjudge.labs.network.vrp.model import Device, Interface
from ictjudge.labs.network.vrp.policies import PolicyCommands
from ictjudge.labs.network.vrp.reading import Line, read
from ictjudge.labs.network.vrp.routing import RoutingCommands
from ictjudge.labs.network.vrp.state import CommandError
from ictjudge.labs.network.vrp.views import TITLE, supported, view_forms


def parse(text: str) -> Device | list[LineProblem]:
    """The device ``text`` configures, or every problem found (then nothing else)."""
    result = parse_located(text)
    return result if isinstance(result, list) else result[0]


def parse_located(text: str) -> tuple[Device, dict[str, int]] | list[LineProblem]:
    """The device and where its parts were configured: the line that first entered an
    interface (``interface GigabitEthernet0/0/1``), a routing process (``ospf``, ``rip``,
    ``bgp``), set the ``sysname``, or added a static route (``route 10.0.0.0/8``); or every
    problem found."""
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
    return builder.device(), builder.origins


def _message(failure: Failure, line: Line, view: str) -> str:
    word = line.tokens[failure.index].text if failure.index < len(line.tokens) else ""
    expected = ", ".join(failure.expected)
    if failure.reason == "ambiguous":
        return f"`{word}` is ambiguous: it abbreviates {expected}"
    if failure.reason == "incomplete":
        return (
            f"incomplete command: {expected} expected at the end"
            if expected
            else ("incomplete command")
        )
    if failure.index == 0:
        enclosing = "" if view in ("system", "user") else ", and the enclosing views' commands"
        return (
            f"`{word}` is not supported in {TITLE[view]};"
            f" supported there: {supported(view)}{enclosing}"
        )
    if expected:
        return f"`{word}` is not valid here; expected {expected}"
    return f"`{word}` is one word too many"


class _Builder(InterfaceCommands, RoutingCommands, PolicyCommands):
    """The configuration so far, built by the handlers of every view's commands."""

    def __init__(self) -> None:
        super().__init__()
        self.origins: dict[str, int] = {}
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

    def take(self, line: Line) -> LineProblem | None:
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
            message = _message(result, line, self.views[depth])
            return LineProblem(line.number, message, line.text, column=column)
        del self.views[depth + 1 :]
        try:
            self.handlers[result.action](result)
        except CommandError as error:
            index = result.at(error.at) if error.at else 0
            return LineProblem(line.number, error.message, line.text, column=_column(line, index))
        if not result.undo:
            self.origins.setdefault(_origin(result), line.number)
        return None

    def take_user(self, line: Line) -> LineProblem | None:
        """A command at a ``<R1>`` prompt: only entering the system view, displays and saving."""
        result = grammar.match(view_forms("user"), line.tokens)
        if isinstance(result, Failure):
            column = _column(line, result.index)
            return LineProblem(
                line.number, _message(result, line, "user"), line.text, column=column
            )
        del self.views[1:]
        return None

    # -- navigation -------------------------------------------------------------------------

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


def _origin(m: Match) -> str:
    """The key :func:`parse_located` records a command's line under."""
    if m.action == "interface":
        return f"interface {m.word('name')}"
    if m.action == "static_route":
        prefix = IPv4Network(f"{m.ip('destination')}/{m.number('mask')}", strict=False)
        return f"route {prefix}"
    return m.action


def _column(line: Line, index: int) -> int:
    if index < len(line.tokens):
        return line.tokens[index].column
    last = line.tokens[-1]
    return last.column + len(last.text)
