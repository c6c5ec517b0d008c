"""The switching part of a VRP lab as a plan for Linux: which extra veth pairs the lab wires,
and the ``ip -batch`` lines that build each device's bridges. Computed from the topology and
the parsed configurations of both ends of every cable, since what a trunk carries depends on
both.

The kernel the labs run on has no VLAN-aware bridging: a bridge with ``vlan_filtering 1`` is
"Operation not supported", and 802.1Q sub-interfaces, bonds and tc's VLAN actions are absent.
Plain bridges and veth pairs work, so VLANs are built without tags:

- one Linux bridge per VLAN in the switch's namespace, named after its Vlanif (``vlanif10``);
  a Vlanif's address sits on that bridge (FRR applies it, as for any interface);
- an access port joins its VLAN's bridge; so does a trunk's or hybrid port's PVID when the port
  carries it untagged;
- a cable between two switches is the untagged wire: it joins end A's PVID bridge to end B's,
  which reproduces VRP's native-VLAN mismatch (untagged frames change VLAN on the way);
- every VLAN both ends carry tagged gets its own veth pair beside the cable (``ge0-0-24.10``),
  each end in that VLAN's bridge. Only VLANs some switch uses (a port's PVID, a Vlanif) get
  one, so ``vlan batch 2 to 4094`` with ``allow-pass vlan all`` stays a handful of pairs;
- an Eth-Trunk between two VRP devices is one logical link (``eth-trunk1`` and its VLAN pairs),
  up while any of its member cables has both ends up; there are no bonds and no load
  balancing, and a member cable carries nothing itself. Only trunks whose members are cabled to
  another device's Eth-Trunk members are built;
- spanning tree is the kernel bridge's classic STP, per bridge (per VLAN, like PVST), on unless
  ``stp disable``, with the shortest forward delay the kernel allows (2 s, 15 s on the device),
  so a port forwards 4 s after it comes up.

A hybrid port's extra untagged VLANs (beyond its PVID) have no wire of their own and are
carried tagged when the other end carries them tagged. Traffic-filters on switch ports see only
routed traffic (the nftables ``ip`` family does not see bridged frames).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from ictjudge.labs.network.vrp.model import Device, Interface
from ictjudge.labs.network.vrp.names import linux_name, number, port_name

FORWARD_DELAY = 200  # centiseconds: the kernel's shortest with STP on

Cable = tuple[str, str, str, str]  # device, its port (Linux name), device, its port


@dataclass(frozen=True)
class Plan:
    """Extra veth pairs to create (beside the lab's cables), and per device the ``ip -batch``
    lines to run in its namespace once every link is up."""

    links: tuple[Cable, ...] = ()
    commands: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class _End:
    device: str
    port: str  # Linux name: the cable's end, or the Eth-Trunk's logical link
    config: Interface
    down: bool = False  # shut, or an Eth-Trunk with no member up


def plan(devices: Mapping[str, Device], switches: Collection[str], cables: Sequence[Cable]) -> Plan:
    """The plan for a lab: ``devices`` are its VRP devices by name (routers and switches),
    ``switches`` those of ``kind: switch``, ``cables`` every link of the lab."""
    links: list[Cable] = []
    commands: dict[str, list[str]] = {name: [] for name in devices}
    wires = _logical(devices, cables, links, commands)
    used = _used_vlans(devices, switches, wires)
    bridges: dict[str, set[int]] = {
        name: {number(i.name) for i in devices[name].interfaces if i.name.startswith("Vlanif")}
        for name in switches
    }
    members: dict[str, list[str]] = {name: [] for name in switches}
    for a, b in wires:
        ends = [e for e in (a, b) if e is not None and e.device in switches]
        for end in ends:
            vlan = _untagged(end.config, devices[end.device])
            if vlan is not None:
                bridges[end.device].add(vlan)
                members[end.device].append(f"link set {end.port} master vlanif{vlan}")
        if a is None or b is None or len(ends) != 2:
            continue
        shared = sorted(
            _tagged(a.config, devices[a.device]) & _tagged(b.config, devices[b.device]) & used
        )
        for vlan in shared:
            pair = (a.device, _tagged_name(a.port, vlan), b.device, _tagged_name(b.port, vlan))
            links.append(pair)
            for device, port in ((a.device, pair[1]), (b.device, pair[3])):
                bridges[device].add(vlan)
                members[device].append(f"link set {port} master vlanif{vlan}")
                if a.down or b.down:  # a VLAN's pair goes down with its port
                    commands[device].append(f"link set {port} down")
    for name in switches:
        stp = "1" if devices[name].stp else "0"
        made = [
            f"link add vlanif{vlan} type bridge stp_state {stp} forward_delay {FORWARD_DELAY}"
            for vlan in sorted(bridges[name])
        ]
        up = [f"link set vlanif{vlan} up" for vlan in sorted(bridges[name])]
        commands[name] = [*made, *members[name], *up, *commands[name]]
    return Plan(tuple(links), {k: tuple(v) for k, v in commands.items() if v})


def _logical(
    devices: Mapping[str, Device],
    cables: Sequence[Cable],
    links: list[Cable],
    commands: dict[str, list[str]],
) -> list[tuple[_End | None, _End | None]]:
    """The lab's wires as switching sees them: each cable's two ends (``None`` for a device
    that is not VRP's), with Eth-Trunk members replaced by their trunk's logical link."""
    wires: list[tuple[_End | None, _End | None]] = []
    trunks: dict[tuple[str, str, str, str], bool] = {}
    for a, a_port, b, b_port in cables:
        ta, tb = _trunk_of(devices.get(a), a_port), _trunk_of(devices.get(b), b_port)
        if ta is None and tb is None:
            wires.append((_end(devices, a, a_port), _end(devices, b, b_port)))
            continue
        if ta is None or tb is None:
            continue  # a member cabled to something that is not a trunk's member carries nothing
        key = (a, linux_name(ta.name), b, linux_name(tb.name))
        alive = (
            not _member(devices[a], a_port).shutdown and not _member(devices[b], b_port).shutdown
        )
        trunks[key] = trunks.get(key, False) or alive
    for (a, a_trunk, b, b_trunk), alive in trunks.items():
        links.append((a, a_trunk, b, b_trunk))
        wires.append((_end(devices, a, a_trunk, not alive), _end(devices, b, b_trunk, not alive)))
        if not alive:
            commands[a].append(f"link set {a_trunk} down")
            commands[b].append(f"link set {b_trunk} down")
    return wires


def _member(device: Device, port: str) -> Interface:
    return device.interface(port_name(port)) or Interface(port_name(port))


def _trunk_of(device: Device | None, port: str) -> Interface | None:
    """The Eth-Trunk the port is a member of."""
    if device is None:
        return None
    member = _member(device, port)
    if member.trunk is None:
        return None
    return device.interface(f"Eth-Trunk{member.trunk}") or Interface(f"Eth-Trunk{member.trunk}")


def _end(devices: Mapping[str, Device], device: str, port: str, dead: bool = False) -> _End | None:
    if device not in devices:
        return None
    config = _member(devices[device], port)
    return _End(device, port, config, dead or config.shutdown)


def _used_vlans(
    devices: Mapping[str, Device],
    switches: Collection[str],
    wires: list[tuple[_End | None, _End | None]],
) -> set[int]:
    """The VLANs that reach some port or Vlanif: only they get tagged pairs."""
    used: set[int] = set()
    for name in switches:
        used |= {number(i.name) for i in devices[name].interfaces if i.name.startswith("Vlanif")}
    for wire in wires:
        for end in wire:
            if end is not None and end.device in switches:
                vlan = _untagged(end.config, devices[end.device])
                if vlan is not None:
                    used.add(vlan)
    return used


def _untagged(port: Interface, device: Device) -> int | None:
    """The VLAN of the port's untagged frames (``None``: it drops them, or routes them)."""
    if port.address is not None:
        return None  # a routed port
    kind = port.link_type or "access"
    if kind == "access":
        vlan: int | None = port.default_vlan
    elif kind == "trunk":
        vlan = port.trunk_pvid if port.trunk_pvid in port.trunk_vlans else None
    else:
        vlan = port.hybrid_pvid if port.hybrid_pvid in port.hybrid_untagged else None
    return vlan if vlan in device.vlans else None


def _tagged(port: Interface, device: Device) -> set[int]:
    """The VLANs the port carries tagged (that exist on the device)."""
    if port.address is not None:
        return set()
    if port.link_type == "trunk":
        carried = port.trunk_vlans - {port.trunk_pvid}
    elif port.link_type == "hybrid":
        carried = port.hybrid_tagged | (port.hybrid_untagged - {port.hybrid_pvid})
    else:
        return set()
    return set(carried & device.vlans)


def _tagged_name(port: str, vlan: int) -> str:
    """``ge0-0-24.10``; ``et1.10`` for Eth-Trunk1 (Linux names hold 15 characters)."""
    return f"{port.replace('eth-trunk', 'et')}.{vlan}"
