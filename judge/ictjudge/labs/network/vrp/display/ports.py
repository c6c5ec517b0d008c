"""A device's interfaces as its displays list them: the configured ones and the ones the lab
wired, in VRP's order, each with its physical state and its role (a switch port or a routed
interface)."""

from __future__ import annotations

import re

from ictjudge.labs.network.vrp.display.kernel import Link
from ictjudge.labs.network.vrp.model import Device, Interface

# the order of the types in VRP's interface lists (alphabetical, NULL0 among them)
ORDER = ("Eth-Trunk", "GigabitEthernet", "LoopBack", "NULL", "Vlanif")
NULL = "NULL0"


def key(name: str) -> tuple[int, list[int]]:
    kind = next((n for n, k in enumerate(ORDER) if name.startswith(k)), len(ORDER))
    return kind, [int(n) for n in re.findall(r"\d+", name)]


def names(device: Device, links: dict[str, Link]) -> list[str]:
    """Every interface of the device, NULL0 included, in VRP's order."""
    found = {i.name for i in device.interfaces} | set(links) | {NULL}
    return sorted(found, key=key)


def configured(device: Device, name: str) -> Interface:
    """The interface's configuration (VRP's defaults when it has none)."""
    return device.interface(name) or Interface(name)


def switching(device: Device) -> bool:
    """Whether the device is a switch: some port has a link type, or a Vlanif exists."""
    return any(i.link_type or i.name.startswith("Vlanif") for i in device.interfaces)


def layer2(device: Device, name: str) -> bool:
    """A switch port (an Eth-Trunk member is part of its trunk and no port of its own)."""
    i = configured(device, name)
    if not name.startswith(("GigabitEthernet", "Eth-Trunk")) or i.address is not None:
        return False
    return i.link_type is not None or (switching(device) and i.trunk is None)


def physical(device: Device, name: str, links: dict[str, Link]) -> str:
    """``up``, ``down``, or ``*down`` (shut down by the configuration)."""
    if configured(device, name).shutdown:
        return "*down"
    if name.startswith("LoopBack") or name == NULL:
        return "up"
    link = links.get(name)
    return "up" if link is not None and link.up else "down"
