"""The switching part of a VRP device as a plan for Linux: iproute2 commands, as argv lists, that
build one VLAN-aware bridge from it.

- Ports join the bridge ``br0`` (``vlan_filtering 1``); the bridge gives new ports no VLAN of
  its own (``vlan_default_pvid 0``), so each port has exactly the VLANs VRP gives it.
- An access port is its VLAN's untagged PVID; a trunk carries its allowed VLANs tagged, except
  its PVID (VLAN 1 unless set), which is untagged; a hybrid port has its tagged and untagged
  lists. A PVID the port does not carry gets no ``pvid`` flag: untagged frames are dropped, as
  VRP drops them.
- An Eth-Trunk is a bond in mode ``balance-xor``: VRP's Eth-Trunk defaults to manual load
  balancing, a static aggregation with no LACP negotiation, and balance-xor is Linux's static
  equivalent (802.3ad would wait for LACP partners that a manual Eth-Trunk never sends). MII
  monitoring takes a member whose link goes down out of the bond, as VRP does.
- A Vlanif is a VLAN interface on the bridge (the bridge itself joins the VLAN) with the Vlanif's
  address.
- Spanning tree is the kernel bridge's classic STP, on unless ``stp disable``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ictjudge.labs.network.vrp.model import Device, Interface
from ictjudge.labs.network.vrp.names import linux_name, number
from ictjudge.labs.network.vrp.render import runs

BRIDGE = "br0"
Plan = list[list[str]]


def switching(device: Device, ports: Sequence[str] = ()) -> Plan:
    """The commands, in order (none for a device that neither switches nor bonds). ``ports``
    names switch ports the lab wires (VRP names) that may have no configuration: they join as
    VRP leaves them, untagged in VLAN 1."""
    plan: Plan = []
    up: list[tuple[str, bool]] = []
    for trunk in (i for i in device.interfaces if i.name.startswith("Eth-Trunk")):
        bond = linux_name(trunk.name)
        plan.append(
            ["ip", "link", "add", bond, "type", "bond", "mode", "balance-xor", "miimon", "100"]
        )
        for member in device.interfaces:
            if member.trunk == number(trunk.name):
                name = linux_name(member.name)
                plan.append(["ip", "link", "set", name, "down"])  # a bond takes only down links
                plan.append(["ip", "link", "set", name, "master", bond])
                up.append((name, not member.shutdown))
        if trunk.address:  # a Layer 3 Eth-Trunk
            plan.append(["ip", "address", "add", str(trunk.address), "dev", bond])
        up.append((bond, not trunk.shutdown))
    configured = {i.name: i for i in device.interfaces}
    names = [i.name for i in device.interfaces if i.link_type] + [
        p for p in ports if p not in configured or _default_port(configured[p])
    ]
    vlanifs = [i for i in device.interfaces if i.name.startswith("Vlanif")]
    if names or vlanifs:
        stp = "1" if device.stp else "0"
        bridge = ["vlan_filtering", "1", "vlan_default_pvid", "0", "stp_state", stp]
        plan.append(["ip", "link", "add", BRIDGE, "type", "bridge", *bridge])
    for name in dict.fromkeys(names):
        port = configured.get(name, Interface(name))
        linux = linux_name(name)
        plan.append(["ip", "link", "set", linux, "master", BRIDGE])
        plan += [["bridge", "vlan", "add", "dev", linux, *v] for v in port_vlans(port)]
        if not name.startswith("Eth-Trunk"):
            up.append((linux, not port.shutdown))
    if names or vlanifs:
        up.append((BRIDGE, True))
    for vlanif in vlanifs:
        name, vid = linux_name(vlanif.name), str(number(vlanif.name))
        plan.append(["bridge", "vlan", "add", "dev", BRIDGE, "vid", vid, "self"])
        plan.append(["ip", "link", "add", "link", BRIDGE, "name", name, "type", "vlan", "id", vid])
        if vlanif.address:
            plan.append(["ip", "address", "add", str(vlanif.address), "dev", name])
        up.append((name, not vlanif.shutdown))
    plan += [["ip", "link", "set", name, "up" if on else "down"] for name, on in up]
    return plan


def _default_port(i: Interface) -> bool:
    """An unconfigured switch port: no link type, no address, no Eth-Trunk."""
    return (
        i.name.startswith("GigabitEthernet")
        and not i.link_type
        and i.address is None
        and i.trunk is None
    )


def port_vlans(port: Interface) -> list[list[str]]:
    """The ``vid ...`` arguments of ``bridge vlan add`` for one port."""
    kind = port.link_type or "access"
    if kind == "access":
        return [["vid", str(port.default_vlan), "pvid", "untagged"]]
    if kind == "trunk":
        return _vids(port.trunk_pvid, port.trunk_vlans, {port.trunk_pvid} & port.trunk_vlans)
    return _vids(port.hybrid_pvid, port.hybrid_tagged | port.hybrid_untagged, port.hybrid_untagged)


def _vids(pvid: int, carried: frozenset[int], untagged: Iterable[int]) -> list[list[str]]:
    untagged = set(untagged)
    out: list[list[str]] = []
    if pvid in carried:
        out.append(["vid", str(pvid), "pvid"] + (["untagged"] if pvid in untagged else []))
    rest = carried - {pvid}
    for vids, flags in ((rest & untagged, ["untagged"]), (rest - untagged, [])):
        for low, high in runs(vids):
            out.append(["vid", str(low) if low == high else f"{low}-{high}", *flags])
    return out
