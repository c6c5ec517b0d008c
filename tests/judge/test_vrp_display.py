"""VRP display commands rendered from captured live reads (``data/vrp_live``, see
``vrp_capture``): abbreviations, refusals, and the layouts of Huawei's documentation for the
commands ntc-templates has no template for (``test_vrp_display_ntc`` parses the others)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictjudge.labs.network.vrp import Device, parse
from ictjudge.labs.network.vrp.display import COMMANDS, DisplayError, render
from ictjudge.labs.network.vrp.live import Live, live
from ictjudge.labs.network.vrp.render import normalise
from tests.judge import vrp_capture

DEVICES = vrp_capture.devices()


def state(name: str) -> Live:
    return live(vrp_capture.load(name))


def show(name: str, command: str) -> str:
    return render(command, DEVICES[name], state(name))


def device(text: str) -> Device:
    found = parse(text)
    assert isinstance(found, Device), found
    return found


@pytest.mark.parametrize(
    ("typed", "full"),
    [
        ("dis ip rou", "display ip routing-table"),
        ("dis ip routing-table ver", "display ip routing-table verbose"),
        ("dis ospf pe br", "display ospf peer brief"),
        ("dis ospf 1 peer brief", "display ospf peer brief"),
        ("dis vl", "display vlan"),
        ("dis int br", "display interface brief"),
        ("DIS IP INT BR", "display ip interface brief"),
        ("dis cu", "display current-configuration"),
        ("dis acl all", "display acl all"),
        ("dis nat ses all", "display nat session all"),
    ],
)
def test_abbreviations_render_like_the_full_command(typed: str, full: str) -> None:
    assert show("R1", typed) == show("R1", full)


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("display version", "`version` is not valid here; expected ip, ospf, vlan"),
        ("dis i", "column 5: `i` is ambiguous: it abbreviates interface, ip"),
        ("dis ip", "at the end: incomplete command: routing-table, interface expected"),
        ("dis ip rou extra", "column 12: `extra` is not valid here; expected verbose"),
        ("   ", "no command given"),
    ],
)
def test_an_unknown_display_command_is_refused_with_its_place(command: str, message: str) -> None:
    with pytest.raises(DisplayError) as refused:
        render(command, DEVICES["R1"], Live())
    assert message in str(refused.value)
    assert "display ip routing-table, display ip routing-table verbose" in str(refused.value)


def test_every_command_renders_from_nothing_and_from_garbage() -> None:
    garbage = Live(*(["{not json"] * 6))
    for command in COMMANDS.values():
        spec = command.spec.replace(" [ <process:int> ]", "")
        for name in DEVICES:
            assert isinstance(render(spec, DEVICES[name], Live()), str)
            assert isinstance(render(spec, DEVICES[name], garbage), str)


def test_routing_table_in_vrp_layout() -> None:
    assert show("R1", "display ip routing-table") == (
        "Route Flags: R - relay, D - download to fib\n"
        "------------------------------------------------------------------------------\n"
        "Routing Tables: Public\n"
        "         Destinations : 14       Routes : 14\n"
        "\n"
        "Destination/Mask    Proto   Pre  Cost      Flags NextHop         Interface\n"
        "\n"
        "        0.0.0.0/0   Static  100  0           RD  10.0.12.2       GigabitEthernet0/0/0\n"
        "        1.1.1.1/32  Direct  0    0           D   127.0.0.1       LoopBack0\n"
        "        2.2.2.2/32  OSPF    10   10          D   10.0.12.2       GigabitEthernet0/0/0\n"
        "      10.0.12.0/24  Direct  0    0           D   10.0.12.1       GigabitEthernet0/0/0\n"
        "      10.0.12.1/32  Direct  0    0           D   127.0.0.1       GigabitEthernet0/0/0\n"
        "    10.0.12.255/32  Direct  0    0           D   127.0.0.1       GigabitEthernet0/0/0\n"
        "      127.0.0.0/8   Direct  0    0           D   127.0.0.1       InLoopBack0\n"
        "      127.0.0.1/32  Direct  0    0           D   127.0.0.1       InLoopBack0\n"
        "127.255.255.255/32  Direct  0    0           D   127.0.0.1       InLoopBack0\n"
        "     172.16.0.0/16  Static  60   0           RD  10.0.12.2       GigabitEthernet0/0/0\n"
        "    192.168.1.0/24  Direct  0    0           D   192.168.1.1     GigabitEthernet0/0/1\n"
        "    192.168.1.1/32  Direct  0    0           D   127.0.0.1       GigabitEthernet0/0/1\n"
        "  192.168.1.255/32  Direct  0    0           D   127.0.0.1       GigabitEthernet0/0/1\n"
        "255.255.255.255/32  Direct  0    0           D   127.0.0.1       InLoopBack0\n"
    )


def _frr_route(prefix: str, protocol: str, distance: int, hop: str, **extra: object) -> object:
    return {
        "prefix": prefix,
        "protocol": protocol,
        "selected": True,
        "distance": distance,
        "metric": 2,
        "uptime": "1d02h03m",
        "nexthops": [{"ip": hop, "interfaceName": "ge0-0-0", "fib": True, "active": True}],
        **extra,
    }


def test_each_source_gets_vrp_protocol_and_preference() -> None:
    r1 = device(
        "sysname R1\nbgp 65001\n peer 10.0.0.2 as-number 65001\n peer 10.0.0.3 as-number 65003\n"
        "ip route-static 10.9.0.0 16 10.0.0.2 preference 255\n"
    )
    table = {
        "10.1.0.0/16": [_frr_route("10.1.0.0/16", "ospf", 150, "10.0.0.2")],
        "10.2.0.0/16": [_frr_route("10.2.0.0/16", "rip", 100, "10.0.0.2")],
        "10.3.0.0/16": [_frr_route("10.3.0.0/16", "bgp", 254, "10.0.0.2")],
        "10.4.0.0/16": [_frr_route("10.4.0.0/16", "bgp", 254, "10.0.0.3")],
        "10.9.0.0/16": [_frr_route("10.9.0.0/16", "static", 254, "10.0.0.2")],
    }
    shown = render("dis ip rou", r1, Live(routes=json.dumps(table))).splitlines()
    rows = {line.split()[0]: line.split()[1:5] for line in shown if "/16" in line}
    assert rows == {
        "10.1.0.0/16": ["O_ASE", "150", "2", "D"],
        "10.2.0.0/16": ["RIP", "100", "2", "D"],
        "10.3.0.0/16": ["IBGP", "255", "2", "RD"],
        "10.4.0.0/16": ["EBGP", "255", "2", "D"],
        "10.9.0.0/16": ["Static", "255", "2", "RD"],
    }
    verbose = render("dis ip rou verbose", r1, Live(routes=json.dumps(table)))
    assert "Age: 1d02h03m00s" in verbose


def test_ospf_peer_brief_in_vrp_layout() -> None:
    assert show("R1", "display ospf peer brief") == (
        "\n"
        "          OSPF Process 1 with Router ID 1.1.1.1\n"
        "                  Peer Statistic Information\n"
        " ----------------------------------------------------------------------------\n"
        " Area Id          Interface                        Neighbor id      State\n"
        " 0.0.0.0          GigabitEthernet0/0/0             2.2.2.2          Full\n"
        " ----------------------------------------------------------------------------\n"
    )
    assert show("SW1", "display ospf peer brief") == ""  # no OSPF: VRP prints nothing


def test_ip_interface_brief_in_vrp_layout() -> None:
    assert show("R1", "display ip interface brief") == (
        "*down: administratively down\n"
        "^down: standby\n"
        "(l): loopback\n"
        "(s): spoofing\n"
        "The number of interface that is UP in Physical is 4\n"
        "The number of interface that is DOWN in Physical is 1\n"
        "The number of interface that is UP in Protocol is 4\n"
        "The number of interface that is DOWN in Protocol is 1\n"
        "\n"
        "Interface                         IP Address/Mask      Physical   Protocol\n"
        "GigabitEthernet0/0/0              10.0.12.1/24         up         up\n"
        "GigabitEthernet0/0/1              192.168.1.1/24       up         up\n"
        "GigabitEthernet0/0/2              unassigned           *down      down\n"
        "LoopBack0                         1.1.1.1/32           up         up(s)\n"
        "NULL0                             unassigned           up         up(s)\n"
    )
    switch = show("SW1", "display ip interface brief")
    assert "Vlanif10                          192.168.1.2/24       up         up\n" in switch
    assert "GigabitEthernet" not in switch  # switch ports are no IP interfaces


def test_nat_session_table_in_vrp_layout() -> None:
    assert show("R1", "display nat session all") == (
        "  NAT Session Table Information:\n"
        "\n"
        "     Protocol          : ICMP(1)\n"
        "     SrcAddr   Vpn     : 192.168.1.10\n"
        "     DestAddr  Vpn     : 172.16.1.10\n"
        "     Type Code IcmpId  : 8   0   200\n"
        "     NAT-Info\n"
        "       New SrcAddr     : 10.0.12.1\n"
        "       New DestAddr    : ----\n"
        "       New IcmpId      : 200\n"
        "\n"
        "     Protocol          : TCP(6)\n"
        "     SrcAddr   Port Vpn : 192.168.1.10    43566\n"
        "     DestAddr  Port Vpn : 172.16.1.10     8080\n"
        "     NAT-Info\n"
        "       New SrcAddr      : 10.0.12.1\n"
        "       New SrcPort      : 43566\n"
        "       New DestAddr     : ----\n"
        "       New DestPort     : ----\n"
        "\n"
        "  Total : 2\n"
    )


def test_a_nat_server_session_shows_the_inside_destination() -> None:
    table = (
        "tcp      6 431999 ESTABLISHED src=198.51.100.7 dst=203.0.113.2 sport=5555 dport=80"
        " src=192.168.1.10 dst=198.51.100.7 sport=8080 dport=5555 [ASSURED] mark=0 use=1\n"
        "ipv4     2 udp      17 20 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2"
        " src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 mark=0 use=1\n"
    )
    shown = render("dis nat session all", DEVICES["R1"], Live(sessions=table))
    assert "       New DestAddr     : 192.168.1.10\n       New DestPort     : 8080\n" in shown
    assert "       New SrcAddr      : ----\n" in shown
    assert shown.endswith("  Total : 1\n")  # the untranslated UDP flow is no NAT session


def test_current_configuration_is_the_normalised_configuration() -> None:
    assert show("SW1", "display current-configuration") == normalise(DEVICES["SW1"])


def test_an_eth_trunk_lists_its_members_under_it() -> None:
    sw = device(
        "sysname SW\ninterface Eth-Trunk1\n port link-type trunk\n"
        "interface GigabitEthernet0/0/1\n eth-trunk 1\ninterface GigabitEthernet0/0/2\n"
        " eth-trunk 1\n"
    )
    links = [
        {"ifname": n, "flags": ["UP", "LOWER_UP"], "operstate": "UP"}
        for n in ("eth-trunk1", "ge0-0-1", "ge0-0-2")
    ]
    shown = render("dis int br", sw, Live(links=json.dumps(links))).splitlines()
    rows = [line.split()[0:3] for line in shown[11:]]
    assert shown[11:14] == [
        "Eth-Trunk1                  up    up          --     --          0          0",
        "  GigabitEthernet0/0/1      up    up          --     --          0          0",
        "  GigabitEthernet0/0/2      up    up          --     --          0          0",
    ]
    assert rows[-1] == ["NULL0", "up", "up(s)"]
    vlan = render("dis vlan", sw, Live(links=json.dumps(links)))
    assert "1    common  UT:Eth-Trunk1(U)\n" in vlan


def test_a_vlanif_is_down_while_no_port_of_its_vlan_is_up() -> None:
    sw = device(
        "sysname SW\nvlan batch 30\ninterface Vlanif30\n ip address 10.3.0.1 24\n"
        "interface GigabitEthernet0/0/1\n port link-type access\n port default vlan 30\n"
    )
    down = [
        {"ifname": "ge0-0-1", "flags": ["UP"]},
        {"ifname": "vlanif30", "flags": ["UP", "LOWER_UP"]},
    ]
    shown = render("dis ip int br", sw, Live(links=json.dumps(down)))
    assert "Vlanif30                          10.3.0.1/24          down       down\n" in shown
    up = [{**down[0], "flags": ["UP", "LOWER_UP"]}, down[1]]
    shown = render("dis ip int br", sw, Live(links=json.dumps(up)))
    assert "Vlanif30                          10.3.0.1/24          up         up\n" in shown


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "prefix",
                    "protocol",
                    "nexthops",
                    "ip",
                    "interfaceName",
                    "metric",
                    "distance",
                    "selected",
                    "neighbors",
                    "ifaceName",
                    "nbrState",
                    "ifname",
                    "flags",
                    "stats64",
                    "rx",
                    "errors",
                    "addr_info",
                    "family",
                    "local",
                    "prefixlen",
                    "0.0.0.0/0",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reads=st.lists(JSON, min_size=5, max_size=5), table=st.text(max_size=200))
def test_no_shape_of_read_makes_a_display_fail(reads: list[object], table: str) -> None:
    state = Live(*(json.dumps(r) for r in reads), sessions=table)
    for command in COMMANDS.values():
        spec = command.spec.replace(" [ <process:int> ]", "")
        assert isinstance(render(spec, DEVICES["R1"], state), str)
        assert isinstance(render(spec, DEVICES["SW1"], state), str)


def test_equal_cost_next_hops_share_one_destination() -> None:
    route = _frr_route("10.5.0.0/16", "ospf", 10, "10.0.0.2")
    assert isinstance(route, dict)
    second = {"ip": "10.0.1.2", "interfaceName": "ge0-0-1", "fib": True, "active": True}
    route["nexthops"] = [*route["nexthops"], second]
    shown = render("dis ip rou", DEVICES["R1"], Live(routes=json.dumps({"10.5.0.0/16": [route]})))
    assert (
        "       10.5.0.0/16  OSPF    10   2           D   10.0.0.2        GigabitEthernet0/0/0\n"
        "                    OSPF    10   2           D   10.0.1.2        GigabitEthernet0/0/1\n"
    ) in shown
    assert "Destinations : 5        Routes : 6\n" in shown  # with InLoopBack0's four


def test_a_switch_without_frr_still_has_its_direct_routes() -> None:
    shown = show("SW1", "display ip routing-table")
    assert "    192.168.1.0/24  Direct  0    0           D   192.168.1.2     Vlanif10\n" in shown
    assert "    192.168.1.2/32  Direct  0    0           D   127.0.0.1       Vlanif10\n" in shown


def test_a_hybrid_port_is_tagged_and_untagged_where_configured() -> None:
    sw = device(
        "sysname SW\nvlan batch 10 20 30\ninterface GigabitEthernet0/0/5\n port link-type hybrid\n"
        " port hybrid tagged vlan 10\n port hybrid untagged vlan 20\n"
    )
    shown = render("dis vlan", sw, Live()).splitlines()
    rows = shown[shown.index("VID  Type    Ports") + 2 :]
    assert rows[:4] == [
        "1    common  UT:GE0/0/5(D)",
        "10   common  TG:GE0/0/5(D)",
        "20   common  UT:GE0/0/5(D)",
        "30   common",
    ]
