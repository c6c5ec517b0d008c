"""The switching plan of a VRP lab: one Linux bridge per VLAN, trunks as one veth pair per
VLAN both ends carry tagged plus the cable for untagged frames, Eth-Trunks as one logical link
(the kernel has no VLAN filtering, 802.1Q interfaces or bonds; see vrp/bridge.py)."""

from __future__ import annotations

from ictjudge.labs.network.vrp import Device, parse
from ictjudge.labs.network.vrp.bridge import Plan, plan
from ictjudge.labs.network.vrp.names import port_name

SW1 = """\
sysname SW1
vlan batch 10 20
interface GigabitEthernet0/0/1
 port link-type access
 port default vlan 10
interface GigabitEthernet0/0/2
 port link-type access
 port default vlan 20
interface GigabitEthernet0/0/24
 port link-type trunk
 port trunk allow-pass vlan 10 20
interface Vlanif10
 ip address 192.168.10.254 24
"""
SW2 = """\
sysname SW2
vlan batch 10 20 30
stp disable
interface GigabitEthernet0/0/1
 port link-type access
 port default vlan 10
interface GigabitEthernet0/0/24
 port link-type trunk
 port trunk allow-pass vlan all
"""


def device(text: str) -> Device:
    result = parse(text)
    assert isinstance(result, Device), "\n".join(map(str, result))
    return result


def two_switches(sw1: str = SW1, sw2: str = SW2) -> Plan:
    return plan(
        {"sw1": device(sw1), "sw2": device(sw2)},
        {"sw1", "sw2"},
        [
            ("sw1", "ge0-0-1", "pc1", "eth0"),
            ("sw1", "ge0-0-2", "pc2", "eth0"),
            ("sw1", "ge0-0-24", "sw2", "ge0-0-24"),
            ("sw2", "ge0-0-1", "pc3", "eth0"),
        ],
    )


def test_one_bridge_per_vlan_and_one_pair_per_vlan_both_trunk_ends_tag() -> None:
    result = two_switches(
        sw2=SW2.replace(" port trunk allow-pass vlan all", " port trunk allow-pass vlan 10 20")
    )
    assert result.links == (
        ("sw1", "ge0-0-24.10", "sw2", "ge0-0-24.10"),
        ("sw1", "ge0-0-24.20", "sw2", "ge0-0-24.20"),
    )
    assert result.commands["sw1"] == (
        "link add vlanif1 type bridge stp_state 1 forward_delay 200",
        "link add vlanif10 type bridge stp_state 1 forward_delay 200",
        "link add vlanif20 type bridge stp_state 1 forward_delay 200",
        "link set ge0-0-1 master vlanif10",
        "link set ge0-0-2 master vlanif20",
        "link set ge0-0-24 master vlanif1",
        "link set ge0-0-24.10 master vlanif10",
        "link set ge0-0-24.20 master vlanif20",
        "link set vlanif1 up",
        "link set vlanif10 up",
        "link set vlanif20 up",
    )
    assert result.commands["sw2"][:3] == (
        "link add vlanif1 type bridge stp_state 0 forward_delay 200",
        "link add vlanif10 type bridge stp_state 0 forward_delay 200",
        "link add vlanif20 type bridge stp_state 0 forward_delay 200",
    )


def test_allow_pass_all_pairs_only_the_vlans_some_switch_uses() -> None:
    # SW2 passes every VLAN, but only 10 and 20 reach a port or a Vlanif anywhere; VLAN 30
    # exists on SW2 alone and gets no pair
    result = two_switches(sw2=SW2.replace("vlan batch 10 20 30", "vlan batch 2 to 4094"))
    assert [pair[1] for pair in result.links] == ["ge0-0-24.10", "ge0-0-24.20"]


def test_a_native_vlan_mismatch_joins_the_two_pvid_vlans() -> None:
    # SW2's trunk PVID is 20: untagged frames from SW1's VLAN 1 arrive in SW2's VLAN 20
    result = two_switches(
        sw2=SW2.replace(
            " port trunk allow-pass vlan all",
            " port trunk pvid vlan 20\n port trunk allow-pass vlan all",
        )
    )
    assert "link set ge0-0-24 master vlanif1" in result.commands["sw1"]
    assert "link set ge0-0-24 master vlanif20" in result.commands["sw2"]
    # VLAN 20 is untagged on SW2's trunk, so only VLAN 10 is tagged on both ends
    assert [pair[1] for pair in result.links] == ["ge0-0-24.10"]


def test_a_trunk_pvid_it_does_not_carry_drops_untagged_frames() -> None:
    text = "vlan 10\nint g0/0/1\nport link-type trunk\nport trunk pvid vlan 10\nundo port trunk allow-pass vlan 1\nport trunk allow-pass vlan 20\n"
    result = plan({"sw": device(text)}, {"sw"}, [("sw", "ge0-0-1", "r1", "ge0-0-0")])
    assert not any("master" in line for line in result.commands.get("sw", ()))


def test_a_router_or_host_on_an_access_port_joins_its_vlan_and_a_routed_port_no_bridge() -> None:
    text = "vlan 10\nint g0/0/1\nport link-type access\nport default vlan 10\nint g0/0/2\nip address 10.0.0.1 24\n"
    result = plan(
        {"sw": device(text), "r1": device("int g0/0/0\nip address 10.0.0.2 24\n")},
        {"sw"},
        [("sw", "ge0-0-1", "pc", "eth0"), ("sw", "ge0-0-2", "r1", "ge0-0-0")],
    )
    assert result.links == ()
    assert result.commands == {
        "sw": (
            "link add vlanif10 type bridge stp_state 1 forward_delay 200",
            "link set ge0-0-1 master vlanif10",
            "link set vlanif10 up",
        )
    }


def test_an_unconfigured_switch_port_is_in_vlan_1() -> None:
    result = plan({"sw": device("sysname S\n")}, {"sw"}, [("sw", "ge0-0-3", "pc", "eth0")])
    assert "link set ge0-0-3 master vlanif1" in result.commands["sw"]


def test_a_vlanif_gets_its_bridge_even_without_ports() -> None:
    text = "vlan 30\ninterface Vlanif30\n ip address 10.3.0.1 24\n"
    result = plan({"sw": device(text)}, {"sw"}, [])
    assert result.commands["sw"] == (
        "link add vlanif30 type bridge stp_state 1 forward_delay 200",
        "link set vlanif30 up",
    )


def test_a_shut_trunk_port_takes_its_vlan_pairs_down() -> None:
    sw1 = SW1.replace(
        " port trunk allow-pass vlan 10 20", " port trunk allow-pass vlan 10 20\n shutdown"
    )
    result = two_switches(sw1=sw1)
    assert "link set ge0-0-24.10 down" in result.commands["sw1"]
    assert "link set ge0-0-24.10 down" in result.commands["sw2"]


ETH_TRUNK = """\
vlan batch 10
interface Vlanif10
interface Eth-Trunk1
 port link-type trunk
 port trunk allow-pass vlan 10
interface GigabitEthernet0/0/1
 eth-trunk 1
interface GigabitEthernet0/0/2
 eth-trunk 1
"""


def test_an_eth_trunk_is_one_logical_link_up_while_a_member_is() -> None:
    cables = [("sw1", "ge0-0-1", "sw2", "ge0-0-1"), ("sw1", "ge0-0-2", "sw2", "ge0-0-2")]
    up = plan({"sw1": device(ETH_TRUNK), "sw2": device(ETH_TRUNK)}, {"sw1", "sw2"}, cables)
    assert up.links == (
        ("sw1", "eth-trunk1", "sw2", "eth-trunk1"),
        ("sw1", "et1.10", "sw2", "et1.10"),
    )
    assert "link set eth-trunk1 master vlanif1" in up.commands["sw1"]
    assert "link set et1.10 master vlanif10" in up.commands["sw2"]
    assert not any(line.endswith("down") for line in up.commands["sw1"])
    one_down = ETH_TRUNK + "interface GigabitEthernet0/0/1\n shutdown\n"
    still = plan({"sw1": device(one_down), "sw2": device(ETH_TRUNK)}, {"sw1", "sw2"}, cables)
    assert not any(line.endswith("down") for line in still.commands["sw1"])
    both_down = one_down + "interface GigabitEthernet0/0/2\n shutdown\n"
    down = plan({"sw1": device(both_down), "sw2": device(ETH_TRUNK)}, {"sw1", "sw2"}, cables)
    assert "link set eth-trunk1 down" in down.commands["sw1"]
    assert "link set eth-trunk1 down" in down.commands["sw2"]
    assert "link set et1.10 down" in down.commands["sw1"]
    assert "link set et1.10 down" in down.commands["sw2"]


def test_a_layer_3_eth_trunk_between_routers_is_a_logical_link_with_no_bridge() -> None:
    text = "interface Eth-Trunk2\n ip address 10.0.0.1 30\ninterface g0/0/1\n eth-trunk 2\n"
    result = plan(
        {"r1": device(text), "r2": device(text)}, set(), [("r1", "ge0-0-1", "r2", "ge0-0-1")]
    )
    assert result == Plan((("r1", "eth-trunk2", "r2", "eth-trunk2"),), {})


def test_vrp_names_of_linux_ports() -> None:
    assert port_name("ge0-0-24") == "GigabitEthernet0/0/24"
    assert port_name("eth-trunk1") == "Eth-Trunk1"
    assert port_name("vlanif10") == "Vlanif10"
    assert port_name("lo") == "LoopBack0"
