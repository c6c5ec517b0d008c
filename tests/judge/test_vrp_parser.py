"""The VRP parser: every supported command, its undo form and abbreviations, and the located
errors for everything else."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface, IPv4Network

import pytest

from ictjudge.labs.network.vrp import Device, LineProblem, parse
from ictjudge.labs.network.vrp import model as m


def device(text: str) -> Device:
    result = parse(text)
    assert isinstance(result, Device), "\n".join(map(str, result))
    return result


def problems(text: str) -> list[tuple[int, int, str]]:
    result = parse(text)
    assert isinstance(result, list), result
    return [(p.line, p.column, p.message) for p in result]


def interface(text: str, name: str = "GigabitEthernet0/0/1") -> m.Interface:
    found = device(text).interface(name)
    assert found is not None
    return found


# -- names and abbreviations ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("interface GigabitEthernet0/0/1", "GigabitEthernet0/0/1"),
        ("interface GigabitEthernet 0/0/1", "GigabitEthernet0/0/1"),
        ("int g0/0/1", "GigabitEthernet0/0/1"),
        ("inter GE0/0/1", "GigabitEthernet0/0/1"),
        ("int gi 0/0/01", "GigabitEthernet0/0/1"),
        ("int loop 0", "LoopBack0"),
        ("int LoopBack1", "LoopBack1"),
        ("int Vlanif10", "Vlanif10"),
        ("int vlanif 10", "Vlanif10"),
        ("int v 10", "Vlanif10"),
        ("int Eth-Trunk1", "Eth-Trunk1"),
        ("int eth 1", "Eth-Trunk1"),
    ],
)
def test_interface_names_abbreviate(typed: str, name: str) -> None:
    assert [i.name for i in device(typed).interfaces] == [name]


def test_keywords_abbreviate_to_any_unique_prefix() -> None:
    d = device(
        "sysn R1\nint g0/0/1\nip add 10.0.0.1 255.255.255.0\ndes to R2 core\nsh\nq\nip route-s 0.0.0.0 0 10.0.0.2 pre 70\n"
    )
    assert d.sysname == "R1"
    i = d.interfaces[0]
    assert (i.address, i.description, i.shutdown) == (
        IPv4Interface("10.0.0.1/24"),
        "to R2 core",
        True,
    )
    assert d.static_routes == (
        m.StaticRoute(IPv4Network("0.0.0.0/0"), IPv4Address("10.0.0.2"), None, 70),
    )


def test_an_ambiguous_abbreviation_lists_the_candidates() -> None:
    assert problems("interface g0/0/1\n s\n") == [
        (2, 2, "`s` is ambiguous: it abbreviates save, shutdown, system-view")
    ]
    assert problems("ospf 1\n a 0\n  n 10.0.0.0 0.0.0.255\nst mode stp\nsy\ni 1\n") == [
        (5, 1, "`sy` is ambiguous: it abbreviates sysname, system-view"),
        (6, 1, "`i` is ambiguous: it abbreviates info-center, interface, ip"),
    ]


# -- commands and their undo forms ----------------------------------------------------------


def test_sysname_and_undo() -> None:
    assert device("sysname R1\n").sysname == "R1"
    assert device("sysname R1\nundo sysname\n").sysname == "Huawei"


def test_ip_address_with_mask_or_length_and_undo() -> None:
    assert interface("int g0/0/1\nip address 10.0.0.1 255.255.255.252\n").address == IPv4Interface(
        "10.0.0.1/30"
    )
    assert interface("int g0/0/1\nip address 10.0.0.1 30\n").address == IPv4Interface("10.0.0.1/30")
    assert interface("int g0/0/1\nip address 10.0.0.1 30\nundo ip address\n").address is None
    assert interface("int g0/0/1\nip ad 10.0.0.1 30\nundo ip ad 10.0.0.1 30\n").address is None


def test_shutdown_description_and_undo() -> None:
    i = interface("int g0/0/1\nshutdown\ndescription uplink  to R2 \nundo shutdown\n")
    assert (i.shutdown, i.description) == (False, "uplink  to R2")
    assert interface("int g0/0/1\ndescription uplink\nundo description\n").description == ""


def test_ospf_interface_commands_and_undo() -> None:
    i = interface(
        "ospf 1\nint g0/0/1\nospf enable 1 area 0\nospf cost 20\nospf timer hello 5\nospf timer dead 20\n"
    )
    assert (i.ospf_area, i.ospf_process, i.ospf_cost, i.ospf_hello, i.ospf_dead) == (
        IPv4Address(0),
        1,
        20,
        5,
        20,
    )
    i = interface(
        "int g0/0/1\nospf enable area 0.0.0.1\nospf cost 20\nospf ti h 5\nundo ospf enable\nundo ospf cost\nundo ospf timer hello\n"
    )
    assert (i.ospf_area, i.ospf_cost, i.ospf_hello) == (None, None, None)


def test_static_routes_with_preference_interface_and_undo() -> None:
    d = device(
        "ip route-static 192.168.1.0 255.255.255.0 10.0.0.2\n"
        "ip route-static 192.168.2.5 24 GigabitEthernet 0/0/1 10.0.0.2 preference 100\n"
        "ip route-static 0.0.0.0 0 g0/0/2\n"
        "undo ip route-static 0.0.0.0 0 g0/0/2\n"
    )
    assert d.static_routes == (
        m.StaticRoute(IPv4Network("192.168.1.0/24"), IPv4Address("10.0.0.2")),
        m.StaticRoute(
            IPv4Network("192.168.2.0/24"), IPv4Address("10.0.0.2"), "GigabitEthernet0/0/1", 100
        ),
    )


def test_ospf_process_areas_networks_silent_interfaces_and_undo() -> None:
    d = device(
        "ospf 1 router-id 1.1.1.1\n silent-interface g0/0/2\n silent-interface all\n area 0\n"
        "  network 10.0.12.0 0.0.0.255\n  network 1.1.1.1 0\n area 1\n network 10.0.13.0 0.0.0.3\n"
        " undo network 10.0.13.0 0.0.0.3\n undo silent-interface all\n"
    )
    assert d.ospf == m.Ospf(
        1,
        IPv4Address("1.1.1.1"),
        (
            m.OspfArea(
                IPv4Address(0),
                (
                    m.OspfNetwork(IPv4Address("10.0.12.0"), IPv4Address("0.0.0.255")),
                    m.OspfNetwork(IPv4Address("1.1.1.1"), IPv4Address(0)),
                ),
            ),
            m.OspfArea(IPv4Address("0.0.0.1")),
        ),
        ("GigabitEthernet0/0/2",),
    )
    assert device("ospf 1\narea 1\nquit\nundo area 1\n").ospf == m.Ospf(1)
    assert device("ospf 1\nquit\nundo ospf 1\n").ospf is None


def test_rip_version_classful_networks_and_undo() -> None:
    d = device(
        "rip 1\n version 2\n network 10.0.0.0\n network 172.16.0.0\n network 192.168.1.0\n undo network 172.16.0.0\n"
    )
    assert d.rip == m.Rip(1, 2, (IPv4Address("10.0.0.0"), IPv4Address("192.168.1.0")))
    assert device("rip\nversion 2\nundo version\n").rip == m.Rip(1)
    assert device("rip\nquit\nundo rip\n").rip is None


def test_bgp_peers_networks_imports_and_undo() -> None:
    d = device(
        "bgp 100\n router-id 1.1.1.1\n peer 10.0.12.2 as-number 200\n peer 10.0.13.3 as 100\n"
        " network 1.1.1.1 255.255.255.255\n network 10.0.0.0\n import-route direct\n"
        " import-route static\n import-route ospf 1\n undo import-route static\n undo peer 10.0.13.3\n"
    )
    assert d.bgp == m.Bgp(
        100,
        IPv4Address("1.1.1.1"),
        (m.BgpPeer(IPv4Address("10.0.12.2"), 200),),
        (m.BgpNetwork(IPv4Address("1.1.1.1"), 32), m.BgpNetwork(IPv4Address("10.0.0.0"))),
        ("direct", "ospf 1"),
    )
    assert d.bgp.networks[1].prefix == IPv4Network("10.0.0.0/8")


def test_bgp_as_vrp_displays_it_with_the_ipv4_family() -> None:
    d = device(
        "bgp 100\n peer 10.0.12.2 as-number 200\n #\n ipv4-family unicast\n  undo synchronization\n"
        "  network 1.1.1.1 255.255.255.255\n  peer 10.0.12.2 enable\n#\nsysname R1\n"
    )
    assert d.bgp is not None and d.bgp.networks == (m.BgpNetwork(IPv4Address("1.1.1.1"), 32),)
    assert d.sysname == "R1"


def test_vlans_batch_ranges_single_and_undo() -> None:
    assert device("vlan batch 10 20 to 23\n").vlans == {1, 10, 20, 21, 22, 23}
    assert device(
        "vlan batch 10 20 to 23\nundo vlan batch 21 to 22\nvlan 30\nquit\nundo vlan 10\n"
    ).vlans == {1, 20, 23, 30}


def test_access_ports() -> None:
    i = interface("vlan batch 10\nint g0/0/1\nport link-type access\nport default vlan 10\n")
    assert (i.link_type, i.default_vlan) == ("access", 10)
    i = interface("vlan batch 10\nint g0/0/1\np l a\np d v 10\nundo port default vlan\n")
    assert (i.link_type, i.default_vlan) == ("access", 1)
    assert interface("int g0/0/1\nport link-type access\nundo port link-type\n").link_type is None


def test_trunk_ports_pass_vlan_1_unless_removed() -> None:
    i = interface("int g0/0/1\nport link-type trunk\nport trunk allow-pass vlan 10 20 to 22\n")
    assert i.trunk_vlans == {1, 10, 20, 21, 22}
    i = interface(
        "vlan 10\nint g0/0/1\nport link-type trunk\nport trunk allow-pass vlan all\n"
        "undo port trunk allow-pass vlan 1 to 4000\nport trunk pvid vlan 10\n"
    )
    assert i.trunk_vlans == set(range(4001, 4095))
    assert i.trunk_pvid == 10


def test_hybrid_ports() -> None:
    i = interface(
        "vlan batch 10 20 30\nint g0/0/1\nport link-type hybrid\nport hybrid tagged vlan 10 20\n"
        "port hybrid untagged vlan 20 30\nundo port hybrid untagged vlan 1\nport hybrid pvid vlan 30\n"
    )
    assert (i.hybrid_tagged, i.hybrid_untagged, i.hybrid_pvid) == ({10}, {20, 30}, 30)
    assert (
        interface(
            "int g0/0/1\nport link-type hybrid\nport hybrid tagged vlan 5\nundo port hybrid tagged vlan 5\n"
        ).hybrid_tagged
        == set()
    )


def test_changing_the_link_type_starts_from_the_defaults() -> None:
    i = interface(
        "int g0/0/1\nport link-type trunk\nport trunk allow-pass vlan 10\nport link-type access\n"
    )
    assert (i.link_type, i.trunk_vlans) == ("access", {1})


def test_traffic_filters_and_undo() -> None:
    i = interface("int g0/0/1\ntraffic-filter inbound acl 3000\ntraffic-filter outbound acl 2000\n")
    assert i.filters == (("inbound", 3000), ("outbound", 2000))
    i = interface("int g0/0/1\ntraffic-filter inbound acl 3000\nundo traffic-filter inbound\n")
    assert i.filters == ()


def test_nat_outbound_easy_ip_and_address_group_and_undo() -> None:
    d = device(
        "nat address-group 1 203.0.113.10 203.0.113.20\nint g0/0/1\nnat outbound 2000\n"
        "nat outbound 2001 address-group 1\nnat outbound 2002\nundo nat outbound 2002\n"
    )
    assert d.address_groups == (
        m.AddressGroup(1, IPv4Address("203.0.113.10"), IPv4Address("203.0.113.20")),
    )
    assert d.interfaces[0].nat_outbound == (m.NatOutbound(2000), m.NatOutbound(2001, 1))
    assert (
        device("nat address-group 1 1.1.1.1 1.1.1.2\nundo nat address-group 1\n").address_groups
        == ()
    )


def test_nat_server_on_an_interface_and_in_the_system_view() -> None:
    server = m.NatServer("tcp", IPv4Address("203.0.113.2"), 80, IPv4Address("192.168.1.10"), 8080)
    text = "nat server protocol tcp global 203.0.113.2 80 inside 192.168.1.10 8080\n"
    assert interface("int g0/0/1\n" + text).nat_servers == (server,)
    assert device(text).nat_servers == (server,)
    assert device(text + "undo " + text).nat_servers == ()


def test_eth_trunk_members() -> None:
    d = device(
        "interface Eth-Trunk 1\nquit\nint g0/0/1\neth-trunk 1\nint g0/0/2\neth-trunk 1\nundo eth-trunk\n"
    )
    assert [(i.name, i.trunk) for i in d.interfaces] == [
        ("Eth-Trunk1", None),
        ("GigabitEthernet0/0/1", 1),
        ("GigabitEthernet0/0/2", None),
    ]


def test_logical_interfaces_are_deleted_with_undo() -> None:
    d = device("interface LoopBack0\nquit\ninterface Vlanif 10\nquit\nundo interface loop 0\n")
    assert [i.name for i in d.interfaces] == ["Vlanif10"]


def test_stp_enable_disable_and_mode() -> None:
    assert device("stp mode stp\nstp enable\n").stp_mode == "stp"
    assert device("stp disable\n").stp is False
    assert device("stp disable\nstp enable\n").stp is True
    assert device("stp mode stp\nundo stp mode\nundo stp enable\n") == Device(stp=False)


def test_rstp_and_mstp_are_refused_with_the_reason() -> None:
    message = (
        "stp mode {} is not available: Linux bridges here run only classic STP (IEEE 802.1D);"
        " use stp mode stp"
    )
    assert problems("sysname S1\nstp mode rstp\n  stp mode m\n") == [
        (2, 10, message.format("rstp")),
        (3, 12, message.format("mstp")),
    ]


def test_basic_acls() -> None:
    d = device(
        "acl number 2000\n rule 5 permit source 192.168.1.0 0.0.0.255\n rule deny source any\n"
        " rule 7 deny source 10.0.0.1 0\nacl 2001\n rule permit\n undo rule 5\n"
    )
    assert d.acls == (
        m.Acl(
            2000,
            (
                m.Rule(
                    5,
                    "permit",
                    source=m.AddressMatch(IPv4Address("192.168.1.0"), IPv4Address("0.0.0.255")),
                ),
                m.Rule(7, "deny", source=m.AddressMatch(IPv4Address("10.0.0.1"), IPv4Address(0))),
                m.Rule(10, "deny"),
            ),
        ),
        m.Acl(2001),
    )
    assert device("acl 2000\nquit\nundo acl 2000\n").acls == ()


def test_advanced_acls() -> None:
    d = device(
        "acl 3000\n rule 5 deny tcp source 192.168.1.0 0.0.0.255 destination 10.0.0.10 0 destination-port eq 80\n"
        " rule 10 permit icmp destination any\n rule permit udp destination-port eq 53\n rule permit ip\n"
    )
    acl = d.acl(3000)
    assert acl is not None and acl.advanced
    assert acl.rules == (
        m.Rule(
            5,
            "deny",
            "tcp",
            m.AddressMatch(IPv4Address("192.168.1.0"), IPv4Address("0.0.0.255")),
            m.AddressMatch(IPv4Address("10.0.0.10"), IPv4Address(0)),
            80,
        ),
        m.Rule(10, "permit", "icmp"),
        m.Rule(15, "permit", "udp", destination_port=53),
        m.Rule(20, "permit", "ip"),
    )


def test_views_are_left_by_quit_return_and_by_commands_of_an_enclosing_view() -> None:
    d = device(
        "system-view\ninterface g0/0/1\nip address 10.0.0.1 24\ninterface g0/0/2\nip address 10.0.1.1 24\n"
        "ospf 1\narea 0\nnetwork 10.0.0.0 0.0.0.255\nsilent-interface g0/0/2\nreturn\nsysname R9\n"
    )
    assert [str(i.address) for i in d.interfaces] == ["10.0.0.1/24", "10.0.1.1/24"]
    assert d.ospf is not None and d.ospf.silent == ("GigabitEthernet0/0/2",)
    assert d.sysname == "R9"
    assert problems("interface g0/0/1\nquit\nip address 10.0.0.1 24\n") == [
        (3, 4, "`address` is not valid here; expected route-static")
    ]


def test_display_commands_pasted_with_the_configuration_are_ignored() -> None:
    assert device("dis cur\ndisplay ip routing-table\nsysname R1\n").sysname == "R1"


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "hostname R1\n",
            [
                (
                    1,
                    1,
                    "`hostname` is not supported in the system view; supported there: sysname, interface, ip route-static, ospf, rip, bgp, vlan batch, vlan, stp, stp mode, acl, nat address-group, nat server protocol",
                )
            ],
        ),
        (
            "interface g0/0/1\n ip address 10.0.0.1\n",
            [
                (
                    2,
                    21,
                    "incomplete command: a mask (255.255.255.0) or prefix length (24) expected at the end",
                )
            ],
        ),
        (
            "interface g0/0/1\n ip address 10.0.0.300 24\n",
            [(2, 13, "`10.0.0.300` is not valid here; expected an IPv4 address")],
        ),
        (
            "interface g0/0/1\n ip address 10.0.0.0 24\n",
            [(2, 13, "10.0.0.0 with this mask is not a host address")],
        ),
        (
            "interface g0/0/0\n ip address 10.0.0.1 24\ninterface loop 0\n ip address 10.0.0.9 32\n",
            [(4, 13, "10.0.0.9/32 overlaps 10.0.0.0/24 of GigabitEthernet0/0/0")],
        ),
        (
            "vlan 10\n name x\n",
            [
                (
                    2,
                    2,
                    "`name` is not supported in a VLAN view; supported there: quit, and the enclosing views' commands",
                )
            ],
        ),
        (
            "ospf\n area 0\n  net 10.0.0.0 0.0.0.255\n  stub\n",
            [
                (
                    4,
                    3,
                    "`stub` is not supported in an OSPF area view; supported there: network, and the enclosing views' commands",
                )
            ],
        ),
        (
            "interface g0/0/1\n ip address 10.0.0.1 ²\n",
            [
                (
                    2,
                    22,
                    "`²` is not valid here; expected a mask (255.255.255.0) or prefix length (24)",
                )
            ],
        ),
        ("firewall\n", [(1, 9, "incomplete command")]),
        ("interface g0/0/1 extra\n", [(1, 18, "`extra` is one word too many")]),
        (
            "interface serial0/0/1\n",
            [
                (
                    1,
                    11,
                    "`serial0/0/1` is not valid here; expected an interface (GigabitEthernet0/0/1, LoopBack0, Vlanif10 or Eth-Trunk1)",
                )
            ],
        ),
        (
            "interface g0/0/1\n port default vlan 10\n",
            [(2, 20, "this command needs port link-type access first")],
        ),
        (
            "interface g0/0/1\n port link-type access\n port default vlan 10\n",
            [(3, 20, "VLAN 10 does not exist: create it first (vlan batch 10)")],
        ),
        (
            "interface g0/0/1\n port trunk allow-pass vlan 10\n",
            [(2, 29, "this command needs port link-type trunk first")],
        ),
        (
            "interface LoopBack0\n port link-type access\n",
            [(2, 17, "port commands are for GigabitEthernet and Eth-Trunk ports, not LoopBack0")],
        ),
        (
            "interface g0/0/1\n eth-trunk 1\n",
            [(2, 12, "Eth-Trunk 1 does not exist: interface Eth-Trunk 1 first")],
        ),
        (
            "interface g0/0/1\n nat outbound 2000 address-group 1\n",
            [(2, 34, "address group 1 does not exist: nat address-group first")],
        ),
        (
            "interface g0/0/1\n traffic-filter inbound acl 4000\n",
            [(2, 29, "supported ACLs are basic (2000 to 2999) and advanced (3000 to 3999)")],
        ),
        ("acl 2000\n rule 5 permit tcp\n", [(2, 16, "`tcp` is not valid here; expected source")]),
        (
            "acl 3000\n rule 5 permit source any\n",
            [(2, 16, "`source` is not valid here; expected ip, tcp, udp, icmp")],
        ),
        (
            "acl 3000\n rule 5 permit icmp destination-port eq 80\n",
            [(2, 41, "destination-port needs protocol tcp or udp")],
        ),
        ("acl 3000\n undo rule 5\n", [(2, 12, "ACL 3000 has no rule 5")]),
        (
            "ospf 1\n area 0\n  network 10.0.0.0 0.0.255.0\n",
            [(3, 20, "the wildcard must be contiguous (like 0.0.0.255)")],
        ),
        ("ospf 1\nospf 2\n", [(2, 6, "this device runs one OSPF process (ospf 1 is configured)")]),
        ("ospf 2\nospf\n", [(2, 1, "this device runs one OSPF process (ospf 2 is configured)")]),
        (
            "rip\n network 10.1.0.0\n",
            [(2, 10, "RIP networks are classful network numbers (here: 10.0.0.0)")],
        ),
        ("vlan 4095\n", [(1, 6, "a VLAN id is 1 to 4094")]),
        ("undo vlan 1\n", [(1, 11, "VLAN 1 is the default VLAN and cannot be deleted")]),
        ("undo interface g0/0/1\n", [(1, 16, "a physical interface cannot be deleted")]),
        (
            "interface Eth-Trunk1\ninterface g0/0/1\neth-trunk 1\nquit\nundo interface Eth-Trunk1\n",
            [(5, 16, "Eth-Trunk1 still has member ports: remove them first")],
        ),
        (
            "ip route-static 10.0.0.0 8 10.0.0.1 preference 0\n",
            [(1, 48, "a preference is 1 to 255")],
        ),
        (
            "undo ip route-static 10.0.0.0 8 10.0.0.1\n",
            [(1, 22, "there is no such static route to remove")],
        ),
        (
            "nat address-group 1 10.0.0.9 10.0.0.1\n",
            [(1, 30, "the start address is after the end address")],
        ),
    ],
)
def test_errors_are_located(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert problems(text) == expected


def test_every_error_is_reported_and_nothing_is_returned() -> None:
    result = parse("sysname R1\nfoo\ninterface g0/0/1\n ip address 10.0.0.1 24\n bar 1\n")
    assert isinstance(result, list)
    assert [(p.line, p.column) for p in result] == [(2, 1), (5, 2)]
    assert all(isinstance(p, LineProblem) for p in result)
    assert "supported there: ip address, shutdown, description" in result[1].message
