"""``display vlan``: each VLAN with its ports, untagged (UT) and tagged (TG), and whether each
port is up.

Membership comes from the configuration, not from the kernel (the live lab builds VLANs out of
one Linux bridge per VLAN, with no VLAN state to read back); the kernel says which ports are up.
An unconfigured port of a switch is an access port of VLAN 1, as on the device; an Eth-Trunk
stands for its member ports.
"""

from __future__ import annotations

from dataclasses import dataclass

from ictjudge.labs.network.vrp.display import ports
from ictjudge.labs.network.vrp.display.kernel import Link
from ictjudge.labs.network.vrp.model import Device, Interface

RULE = "-" * 80
LEGEND = (
    "U: Up;         D: Down;         TG: Tagged;         UT: Untagged;",
    "MP: Vlan-mapping;               ST: Vlan-stacking;",
    "#: ProtocolTransparent-vlan;    *: Management-vlan;",
)
PER_LINE = 4
CELL = 16


@dataclass(frozen=True)
class Member:
    port: str
    tagged: bool
    up: bool


def carried(i: Interface) -> tuple[set[int], set[int]]:
    """(untagged, tagged) VLANs of a switch port."""
    kind = i.link_type or "access"
    if kind == "access":
        return {i.default_vlan}, set()
    if kind == "trunk":
        untagged = {i.trunk_pvid} & i.trunk_vlans
        return untagged, set(i.trunk_vlans) - untagged
    return set(i.hybrid_untagged), set(i.hybrid_tagged) - i.hybrid_untagged


def members(device: Device, links: dict[str, Link]) -> dict[int, list[Member]]:
    """Each existing VLAN's ports, in port order."""
    out: dict[int, list[Member]] = {vlan: [] for vlan in sorted(device.vlans)}
    for name in ports.names(device, links):
        if not ports.layer2(device, name):
            continue
        up = ports.physical(device, name, links) == "up"
        untagged, tagged = carried(ports.configured(device, name))
        for vlan in sorted(untagged | tagged):
            if vlan in out:
                out[vlan].append(Member(name, vlan in tagged, up))
    return out


def short(name: str) -> str:
    """``GE0/0/1``: the name ``display vlan`` gives a port."""
    return name.replace("GigabitEthernet", "GE")


def _port_lines(vlan: int, found: list[Member]) -> list[str]:
    lines: list[str] = []
    head = f"{vlan:<5}common  "
    for mode, tagged in (("UT", False), ("TG", True)):
        cells = [f"{short(m.port)}({'U' if m.up else 'D'})" for m in found if m.tagged == tagged]
        for start in range(0, len(cells), PER_LINE):
            row = "".join(f"{c:<{CELL}}" for c in cells[start : start + PER_LINE]).rstrip()
            lead = f"{mode}:" if start == 0 else "   "
            prefix = head if not lines else " " * len(head)
            lines.append(f"{prefix}{lead}{row}")
    return lines or [head.rstrip()]


def display_vlan(device: Device, links: dict[str, Link]) -> str:
    found = members(device, links)
    lines = [f"The total number of vlans is : {len(found)}", RULE, *LEGEND, RULE, ""]
    lines += ["VID  Type    Ports", RULE]
    for vlan, ms in found.items():
        lines += _port_lines(vlan, ms)
    lines += ["", "VID  Status  Property      MAC-LRN Statistics Description", RULE]
    lines += [
        f"{vlan:<5}enable  default       enable  disable    VLAN {vlan:04d}" for vlan in found
    ]
    return "\n".join(lines) + "\n"
