"""VRP translated onto the lab's mechanisms: FRR text and the nftables ruleset, each checked
exactly on small devices (the switching plan: test_vrp_bridge.py)."""

from __future__ import annotations

from ictjudge.labs.network.vrp import Device, parse
from ictjudge.labs.network.vrp.filters import nftables
from ictjudge.labs.network.vrp.frr import frr
from ictjudge.labs.network.vrp.names import linux_name


def device(text: str) -> Device:
    result = parse(text)
    assert isinstance(result, Device), "\n".join(map(str, result))
    return result


def test_linux_names_of_vrp_interfaces() -> None:
    assert [
        linux_name(n)
        for n in (
            "GigabitEthernet0/0/1",
            "GigabitEthernet1/0/12",
            "LoopBack3",
            "Vlanif10",
            "Eth-Trunk2",
        )
    ] == [
        "ge0-0-1",
        "ge1-0-12",
        "lo",
        "vlanif10",
        "eth-trunk2",
    ]


# -- FRR ----------------------------------------------------------------------------------------


def test_static_routes_carry_vrp_preferences_as_distances() -> None:
    text = (
        "sysname R1\nip route-static 0.0.0.0 0 10.0.12.2\nip route-static 0.0.0.0 0 10.0.13.3 preference 70\n"
        "ip route-static 192.168.9.7 24 g0/0/1\nip route-static 172.16.0.0 16 g0/0/1 10.0.12.2 preference 255\n"
    )
    assert frr(device(text)) == (
        "hostname R1\n"
        "ip route 0.0.0.0/0 10.0.12.2 60\n"
        "ip route 0.0.0.0/0 10.0.13.3 70\n"
        "ip route 192.168.9.0/24 ge0-0-1 60\n"
        "ip route 172.16.0.0/16 10.0.12.2 ge0-0-1 254\n"
    )


def test_ospf_with_wildcards_silent_interfaces_costs_and_timers() -> None:
    text = (
        "sysname R1\ninterface g0/0/0\n ip address 10.0.12.1 24\n ospf cost 50\n ospf timer hello 5\n"
        "interface g0/0/1\n ip address 10.0.13.1 30\n ospf timer hello 2\n ospf timer dead 7\n"
        "interface Vlanif10\n ip address 192.168.10.1 24\n ospf enable 1 area 1\n"
        "interface LoopBack0\n ip address 1.1.1.1 32\n"
        "ospf 1 router-id 1.1.1.1\n silent-interface Vlanif10\n area 0\n"
        "  network 10.0.12.0 0.0.0.255\n  network 10.0.13.1 0.0.0.0\n  network 1.1.1.1 0\n"
    )
    assert frr(device(text)) == (
        "hostname R1\n"
        "!\ninterface ge0-0-0\n ip ospf cost 50\n ip ospf hello-interval 5\n ip ospf dead-interval 20\nexit\n"
        "!\ninterface ge0-0-1\n ip ospf hello-interval 2\n ip ospf dead-interval 7\nexit\n"
        "!\nrouter ospf\n ospf router-id 1.1.1.1\n passive-interface vlanif10\n"
        " network 10.0.12.0/24 area 0.0.0.0\n network 10.0.13.1/32 area 0.0.0.0\n"
        " network 1.1.1.1/32 area 0.0.0.0\n network 192.168.10.1/32 area 0.0.0.1\n"
        " distance ospf intra-area 10 inter-area 10 external 150\nexit\n"
    )


def test_silent_interface_all_is_passive_by_default() -> None:
    assert " passive-interface default\n" in frr(device("ospf\nsilent-interface all\n"))


def test_rip_is_version_1_unless_told_and_classful() -> None:
    assert frr(device("rip\n network 10.0.0.0\n network 192.168.1.0\n network 172.16.0.0\n")) == (
        "hostname Huawei\n!\nrouter rip\n version 1\n network 10.0.0.0/8\n network 192.168.1.0/24\n"
        " network 172.16.0.0/16\n distance 100\nexit\n"
    )
    assert " version 2\n" in frr(device("rip 1\nversion 2\n"))


def test_bgp_peers_networks_and_imports() -> None:
    text = (
        "bgp 65001\n router-id 1.1.1.1\n peer 10.0.12.2 as-number 65002\n network 1.1.1.1 32\n"
        " network 192.168.1.0\n import-route direct\n import-route static\n import-route ospf 1\n import-route rip 1\n"
    )
    assert frr(device(text)) == (
        "hostname Huawei\n!\nrouter bgp 65001\n bgp router-id 1.1.1.1\n no bgp ebgp-requires-policy\n"
        " neighbor 10.0.12.2 remote-as 65002\n !\n address-family ipv4 unicast\n"
        "  network 1.1.1.1/32\n  network 192.168.1.0/24\n  redistribute connected\n"
        "  redistribute static\n  redistribute ospf\n  redistribute rip\n"
        "  distance bgp 254 254 254\n exit-address-family\nexit\n"
    )


def test_shutdown_and_descriptions_reach_frr() -> None:
    assert frr(device("interface g0/0/2\n shutdown\n description spare\n")) == (
        "hostname Huawei\n!\ninterface ge0-0-2\n description spare\n shutdown\nexit\n"
    )


# -- nftables -----------------------------------------------------------------------------------


def test_traffic_filters_keep_vrp_order_and_permit_what_no_rule_matches() -> None:
    text = (
        "acl 3000\n rule 10 permit tcp source 192.168.1.10 0 destination 10.0.0.0 0.0.0.255 destination-port eq 80\n"
        " rule 5 deny icmp source 192.168.1.0 0.0.0.255\n rule 20 deny ip source 192.168.0.0 0.0.255.0\n"
        " rule 30 deny udp destination-port eq 53\nacl 2000\n rule deny source 10.9.0.0 0.0.255.255\n rule permit\n"
        "interface g0/0/1\n traffic-filter inbound acl 3000\ninterface g0/0/0\n traffic-filter outbound acl 2000\n"
    )
    assert nftables(device(text)) == (
        "table ip vrp_filter {\n"
        "  chain acl_2000 {\n"
        "    ip saddr 10.9.0.0/16 drop\n"
        "    return\n"
        "  }\n"
        "  chain acl_3000 {\n"
        "    ip protocol icmp ip saddr 192.168.1.0/24 drop\n"
        "    ip protocol tcp ip saddr 192.168.1.10 ip daddr 10.0.0.0/24 tcp dport 80 return\n"
        "    ip saddr & 255.255.0.255 == 192.168.0.0 drop\n"
        "    ip protocol udp udp dport 53 drop\n"
        "  }\n"
        "  chain input {\n"
        "    type filter hook input priority filter; policy accept;\n"
        '    iifname "ge0-0-1" jump acl_3000\n'
        "  }\n"
        "  chain forward {\n"
        "    type filter hook forward priority filter; policy accept;\n"
        '    oifname "ge0-0-0" jump acl_2000\n'
        '    iifname "ge0-0-1" jump acl_3000\n'
        "  }\n"
        "  chain output {\n"
        "    type filter hook output priority filter; policy accept;\n"
        '    oifname "ge0-0-0" jump acl_2000\n'
        "  }\n"
        "}\n"
    )


def test_a_filter_with_a_missing_acl_permits_everything() -> None:
    assert "  chain acl_2999 {\n  }\n" in nftables(
        device("int g0/0/1\ntraffic-filter inbound acl 2999\n")
    )


def test_easy_ip_address_groups_and_nat_server() -> None:
    text = (
        "acl 2000\n rule 5 deny source 192.168.1.99 0\n rule 10 permit source 192.168.1.0 0.0.0.255\n"
        "acl 2001\n rule permit source 192.168.2.0 0.0.0.255\n"
        "nat address-group 1 203.0.113.10 203.0.113.20\n"
        "nat server protocol udp global 203.0.113.3 53 inside 192.168.1.53 53\n"
        "interface g0/0/0\n ip address 203.0.113.2 24\n nat outbound 2000\n nat outbound 2001 address-group 1\n"
        " nat server protocol tcp global 203.0.113.2 80 inside 192.168.1.10 8080\n"
    )
    assert nftables(device(text)) == (
        "table ip vrp_nat {\n"
        "  chain outbound_1 {\n"
        "    ip saddr 192.168.1.99 return\n"
        "    ip saddr 192.168.1.0/24 masquerade\n"
        "  }\n"
        "  chain outbound_2 {\n"
        "    ip saddr 192.168.2.0/24 snat to 203.0.113.10-203.0.113.20\n"
        "  }\n"
        "  chain prerouting {\n"
        "    type nat hook prerouting priority dstnat; policy accept;\n"
        '    iifname "ge0-0-0" ip daddr 203.0.113.2 tcp dport 80 dnat to 192.168.1.10:8080\n'
        "    ip daddr 203.0.113.3 udp dport 53 dnat to 192.168.1.53:53\n"
        "  }\n"
        "  chain postrouting {\n"
        "    type nat hook postrouting priority srcnat; policy accept;\n"
        '    oifname "ge0-0-0" jump outbound_1\n'
        '    oifname "ge0-0-0" jump outbound_2\n'
        "  }\n"
        "}\n"
    )


def test_nothing_to_filter_or_translate_is_an_empty_ruleset() -> None:
    assert (
        nftables(device("acl 2000\n rule permit\ninterface g0/0/0\n ip address 10.0.0.1 24\n"))
        == ""
    )


def test_ospf_enabled_on_interfaces_alone_still_runs_ospf() -> None:
    text = "interface g0/0/0\n ip address 10.0.12.1 24\n ospf enable 1 area 0\n"
    assert frr(device(text)) == (
        "hostname Huawei\n!\nrouter ospf\n network 10.0.12.1/32 area 0.0.0.0\n"
        " distance ospf intra-area 10 inter-area 10 external 150\nexit\n"
    )
