"""``display interface brief`` and ``display ip interface brief``.

Physical state is the kernel's (``*down`` when the configuration shuts the interface down).
The protocol is up on an up switch port or Eth-Trunk member, on an up routed interface with an
address, and on a Vlanif whose VLAN has an up port; LoopBack and NULL0 are always ``up(s)``
(spoofing), as VRP shows them. The lab does not sample traffic rates, so utilisation is ``--``,
VRP's mark for a figure it does not have; the error counters are the kernel's.
"""

from __future__ import annotations

from ipaddress import IPv4Interface

from ictjudge.labs.network.vrp.display import ports, vlans
from ictjudge.labs.network.vrp.display.kernel import Link
from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.names import number

BRIEF_LEGEND = (
    "PHY: Physical",
    "*down: administratively down",
    "^down: standby",
    "(l): loopback",
    "(s): spoofing",
    "(b): BFD down",
    "(e): ETHOAM down",
    "(dl): DLDP down",
    "(d): Dampening Suppressed",
    "InUti/OutUti: input utility/output utility",
)
IP_LEGEND = ("*down: administratively down", "^down: standby", "(l): loopback", "(s): spoofing")
UNMEASURED = "--"


def states(device: Device, name: str, links: dict[str, Link]) -> tuple[str, str]:
    """(physical, protocol) of one interface."""
    phy = ports.physical(device, name, links)
    if name.startswith("Vlanif"):
        up = any(m.up for m in vlans.members(device, links).get(number(name), []))
        phy = phy if phy == "*down" else "up" if up else "down"
    if name.startswith("LoopBack") or name == ports.NULL:
        return phy, "up(s)" if phy == "up" else "down"
    if phy != "up":
        return phy, "down"
    i = ports.configured(device, name)
    carries = i.address is not None or i.trunk is not None or ports.layer2(device, name)
    return phy, "up" if carries else "down"


def display_interface_brief(device: Device, links: dict[str, Link]) -> str:
    lines = [*BRIEF_LEGEND, _brief_row("Interface", "PHY", "Protocol", "InUti", "OutUti")]
    lines[-1] += f"{'inErrors':>11}{'outErrors':>11}"
    for name in ports.names(device, links):
        if ports.configured(device, name).trunk is not None:
            continue  # listed under its Eth-Trunk
        lines.append(_interface_row(device, name, links, ""))
        if name.startswith("Eth-Trunk"):
            lines += [
                _interface_row(device, i.name, links, "  ")
                for i in device.interfaces
                if i.trunk == number(name)
            ]
    return "\n".join(lines) + "\n"


def _brief_row(name: str, phy: str, protocol: str, inuti: str, oututi: str) -> str:
    return f"{name:<27} {phy:<5} {protocol:<8}{inuti:>6}{oututi:>7}"


def _interface_row(device: Device, name: str, links: dict[str, Link], indent: str) -> str:
    phy, protocol = states(device, name, links)
    link = links.get(name, Link(up=False))
    row = _brief_row(indent + name, phy, protocol, UNMEASURED, UNMEASURED)
    return row + f"{link.in_errors:>11}{link.out_errors:>11}"


def display_ip_interface_brief(device: Device, links: dict[str, Link]) -> str:
    rows: list[tuple[str, str, str, str]] = []
    for name in ports.names(device, links):
        i = ports.configured(device, name)
        if ports.layer2(device, name) or i.trunk is not None:
            continue
        phy, protocol = states(device, name, links)
        rows.append((name, _address(i.address), phy, protocol))
    up_phy = sum(r[2] == "up" for r in rows)
    up_protocol = sum(r[3].startswith("up") for r in rows)
    lines = [
        *IP_LEGEND,
        f"The number of interface that is UP in Physical is {up_phy}",
        f"The number of interface that is DOWN in Physical is {len(rows) - up_phy}",
        f"The number of interface that is UP in Protocol is {up_protocol}",
        f"The number of interface that is DOWN in Protocol is {len(rows) - up_protocol}",
        "",
        f"{'Interface':<34}{'IP Address/Mask':<21}{'Physical':<11}Protocol",
    ]
    lines += [f"{n:<33} {a:<20} {p:<10} {s}" for n, a, p, s in rows]
    return "\n".join(lines) + "\n"


def _address(address: IPv4Interface | None) -> str:
    return str(address.with_prefixlen) if address else "unassigned"
