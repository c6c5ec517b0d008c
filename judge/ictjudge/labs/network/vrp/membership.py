"""Which VLANs a switch's port belongs to, as a topology picture labels it."""

from __future__ import annotations

from ictjudge.labs.network.vrp.model import DEFAULT_VLAN, Device, Interface
from ictjudge.labs.network.vrp.names import port_name
from ictjudge.labs.topology import PortVlans


def membership(device: Device, linux: str) -> PortVlans:
    """The VLANs of the port behind the Linux interface ``linux`` (``ge0-0-1``); a member of an
    Eth-Trunk takes the trunk's. A port left unconfigured is an access port in VLAN 1."""
    port = device.interface(port_name(linux)) or Interface(port_name(linux))
    if port.trunk is not None:
        port = device.interface(f"Eth-Trunk{port.trunk}") or port
    if port.link_type == "trunk":
        return PortVlans("trunk", port.trunk_pvid, tuple(sorted(port.trunk_vlans)))
    if port.link_type == "hybrid":
        vlans = tuple(sorted(port.hybrid_tagged | port.hybrid_untagged))
        return PortVlans("hybrid", port.hybrid_pvid, vlans)
    if port.link_type == "access":
        return PortVlans("access", port.default_vlan)
    return PortVlans("access", DEFAULT_VLAN)
