"""A VRP lab's topology carries each switch port's VLANs, from the switch's starting
configuration: access, trunk (an Eth-Trunk's members take the trunk's), hybrid, or VLAN 1 when
the port is left as it is."""

from __future__ import annotations

from typing import Any

from ictjudge.labs import network
from ictjudge.labs.network.spec import NetworkLab
from ictjudge.labs.topology import PortVlans

SW1 = """\
sysname SW1
vlan batch 10 20 30
interface Eth-Trunk1
 port link-type trunk
 port trunk allow-pass vlan 10 20
interface GigabitEthernet0/0/1
 port link-type access
 port default vlan 10
interface GigabitEthernet0/0/2
 port link-type hybrid
 port hybrid pvid vlan 30
 port hybrid untagged vlan 30
 port hybrid tagged vlan 10
interface GigabitEthernet0/0/23
 eth-trunk 1
interface GigabitEthernet0/0/24
 eth-trunk 1
"""


def lab(config: str = SW1) -> dict[str, Any]:
    return {
        "dialect": "vrp",
        "devices": {
            "sw1": {"kind": "switch", "editable": True, "config": config},
            "sw2": {"kind": "switch", "config": "sysname SW2\n"},
            "pc1": {"kind": "host", "address": "192.168.1.11/24"},
            "pc2": {"kind": "host", "address": "192.168.1.12/24"},
        },
        "links": [
            ["sw1:ge0-0-1", "pc1:eth0"],
            ["sw1:ge0-0-2", "pc2:eth0"],
            ["sw1:ge0-0-23", "sw2:ge0-0-23"],
            ["sw1:ge0-0-24", "sw2:ge0-0-24"],
        ],
        "checks": [{"id": "pcs", "points": 10, "ping": {"from": "pc1", "to": "192.168.1.12"}}],
    }


def _ports(data: dict[str, Any]) -> list[tuple[PortVlans | None, PortVlans | None]]:
    picture = network.topology(NetworkLab.model_validate(data))
    return [(link.a_vlans, link.b_vlans) for link in picture.links]


def test_each_switch_port_has_its_starting_vlans() -> None:
    trunk = PortVlans("trunk", 1, (1, 10, 20))
    untouched = PortVlans("access", 1)
    assert _ports(lab()) == [
        (PortVlans("access", 10), None),
        (PortVlans("hybrid", 30, (1, 10, 30)), None),
        (trunk, untouched),
        (trunk, untouched),
    ]
