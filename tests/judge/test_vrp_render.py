"""The normalised configuration: VRP's display form with abbreviations expanded and views
resolved, and stable under parsing it again."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ictjudge.labs.network.vrp import Device, parse
from ictjudge.labs.network.vrp.render import normalise, vlan_list

TYPED = """\
<Huawei>sys
[Huawei]sysn R1
[R1]vlan b 10 11 12 20
[R1]acl 3000
[R1-acl-adv-3000]rule deny tcp source 192.168.1.0 0.0.0.255 destination 10.0.0.10 0 destination-port eq 80
[R1-acl-adv-3000]rule permit ip
[R1-acl-adv-3000]int g0/0/0
[R1-GigabitEthernet0/0/0]ip add 10.0.12.1 24
[R1-GigabitEthernet0/0/0]ospf cost 20
[R1-GigabitEthernet0/0/0]traffic-filter in acl 3000
[R1-GigabitEthernet0/0/0]int loop 0
[R1-LoopBack0]ip add 1.1.1.1 32
[R1-LoopBack0]int g0/0/1
[R1-GigabitEthernet0/0/1]p l t
[R1-GigabitEthernet0/0/1]p t a v 10 to 12
[R1-GigabitEthernet0/0/1]ospf 1 router-id 1.1.1.1
[R1-ospf-1]a 0
[R1-ospf-1-area-0.0.0.0]net 10.0.12.0 0.0.0.255
[R1-ospf-1-area-0.0.0.0]silent-interface loop 0
[R1-ospf-1]ip route-static 0.0.0.0 0 10.0.12.2 pre 70
[R1]bgp 100
[R1-bgp]peer 10.0.12.2 as 200
[R1-bgp]net 1.1.1.1 32
"""

DISPLAYED = """\
#
 sysname R1
#
 vlan batch 10 to 12 20
#
acl number 3000
 rule 5 deny tcp source 192.168.1.0 0.0.0.255 destination 10.0.0.10 0 destination-port eq 80
 rule 10 permit ip
#
interface GigabitEthernet0/0/0
 ip address 10.0.12.1 255.255.255.0
 ospf cost 20
 traffic-filter inbound acl 3000
#
interface GigabitEthernet0/0/1
 port link-type trunk
 port trunk allow-pass vlan 10 to 12
#
interface LoopBack0
 ip address 1.1.1.1 255.255.255.255
#
bgp 100
 peer 10.0.12.2 as-number 200
 #
 ipv4-family unicast
  undo synchronization
  network 1.1.1.1 255.255.255.255
  peer 10.0.12.2 enable
#
ospf 1 router-id 1.1.1.1
 silent-interface LoopBack0
 area 0.0.0.0
  network 10.0.12.0 0.0.0.255
#
 ip route-static 0.0.0.0 0.0.0.0 10.0.12.2 preference 70
#
return
"""


def device(text: str) -> Device:
    result = parse(text)
    assert isinstance(result, Device), "\n".join(map(str, result))
    return result


def test_a_typed_session_normalises_to_the_display_form() -> None:
    assert normalise(device(TYPED)) == DISPLAYED
    assert normalise(device(DISPLAYED)) == DISPLAYED


def test_an_empty_configuration_normalises_to_its_sysname() -> None:
    assert normalise(Device()) == "#\n sysname Huawei\n#\nreturn\n"


def test_switching_nat_and_rip_render_in_their_views() -> None:
    text = (
        "vlan batch 10 30\nstp mode stp\nstp disable\nnat address-group 1 203.0.113.10 203.0.113.20\n"
        "int eth 1\np l hybrid\nport hybrid pvid vlan 10\nundo port hybrid untagged vlan 1\n"
        "port hybrid tagged vlan 30\nport hybrid untagged vlan 10\nint g0/0/2\neth-trunk 1\n"
        "int g0/0/3\nport link-type trunk\nport trunk pvid vlan 30\nundo port trunk allow-pass vlan 1\n"
        "int g0/0/4\nport link-type access\nport default vlan 30\nshutdown\ndescription to PC\n"
        "int Vlanif 10\nip address 192.168.10.1 24\nospf enable 1 area 1\nint g0/0/5\n"
        "ip address 203.0.113.2 24\nnat outbound 2000 address-group 1\n"
        "nat server protocol tcp global 203.0.113.2 80 inside 192.168.10.5 8080\n"
        "rip\nversion 2\nnetwork 192.168.10.0\n"
    )
    assert normalise(device(text)) == (
        "#\n sysname Huawei\n#\n vlan batch 10 30\n#\n stp mode stp\n stp disable\n#\n"
        " nat address-group 1 203.0.113.10 203.0.113.20\n#\n"
        "interface Vlanif10\n ip address 192.168.10.1 255.255.255.0\n ospf enable 1 area 0.0.0.1\n#\n"
        "interface Eth-Trunk1\n port link-type hybrid\n port hybrid pvid vlan 10\n"
        " undo port hybrid untagged vlan 1\n port hybrid tagged vlan 30\n"
        " port hybrid untagged vlan 10\n#\n"
        "interface GigabitEthernet0/0/2\n eth-trunk 1\n#\n"
        "interface GigabitEthernet0/0/3\n port link-type trunk\n port trunk pvid vlan 30\n"
        " undo port trunk allow-pass vlan 1\n#\n"
        "interface GigabitEthernet0/0/4\n description to PC\n shutdown\n port link-type access\n"
        " port default vlan 30\n#\n"
        "interface GigabitEthernet0/0/5\n ip address 203.0.113.2 255.255.255.0\n"
        " nat server protocol tcp global 203.0.113.2 80 inside 192.168.10.5 8080\n"
        " nat outbound 2000 address-group 1\n#\n"
        "rip 1\n version 2\n network 192.168.10.0\n#\nreturn\n"
    )


def test_vlan_lists_print_runs_as_ranges() -> None:
    assert vlan_list([30, 10, 11, 12, 20, 21]) == "10 to 12 20 to 21 30"


# -- the round trip -----------------------------------------------------------------------

octet = st.integers(1, 223)
host = st.builds(
    lambda a, b, c, d: f"{a}.{b}.{c}.{d}",
    octet,
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(1, 254),
)
vlan = st.integers(2, 4094)
length = st.integers(8, 30)
wildcard = st.sampled_from(["0", "0.0.0.3", "0.0.0.255", "0.0.255.255", "0.255.0.255"])
port = st.builds(lambda n: f"{n // 10}/0/{n % 10}", st.integers(0, 29))
gigabit = st.builds(
    lambda p, spell: f"{spell}{p}", port, st.sampled_from(["g", "GE", "GigabitEthernet ", "gi"])
)

interface_lines = st.lists(
    st.one_of(
        st.builds(lambda a, n: f"ip address {a} {n}", host, length),
        st.just("shutdown"),
        st.just("undo shutdown"),
        st.builds(
            lambda t: f"description {t}",
            st.text("abc XYZ-_1", min_size=1, max_size=12).map(str.strip).filter(bool),
        ),
        st.builds(lambda c: f"ospf cost {c}", st.integers(1, 65535)),
        st.builds(
            lambda t, s: f"ospf timer {t} {s}",
            st.sampled_from(["hello", "dead"]),
            st.integers(1, 600),
        ),
        st.builds(lambda a: f"ospf enable 1 area {a}", st.integers(0, 3)),
        st.builds(
            lambda d, n: f"traffic-filter {d} acl {n}",
            st.sampled_from(["inbound", "outbound"]),
            st.integers(2000, 3999),
        ),
        st.builds(lambda n: f"nat outbound {n}", st.integers(2000, 2999)),
    ),
    max_size=5,
)
switch_lines = st.one_of(
    st.builds(
        lambda v: ["port link-type access", f"port default vlan {v}"], st.sampled_from([1, 10, 20])
    ),
    st.builds(
        lambda vs, undo: (
            ["port link-type trunk", f"port trunk allow-pass vlan {' '.join(map(str, vs))}"]
            + (["undo port trunk allow-pass vlan 1"] if undo else [])
        ),
        st.lists(vlan, min_size=1, max_size=4),
        st.booleans(),
    ),
    st.builds(
        lambda t, u: [
            "port link-type hybrid",
            f"port hybrid tagged vlan {t}",
            f"port hybrid untagged vlan {u}",
        ],
        st.sampled_from([10, 20]),
        st.sampled_from([20, 30]),
    ),
)


@st.composite
def configurations(draw: st.DrawFn) -> str:
    lines = [f"sysname {draw(st.sampled_from(['R1', 'SW-2', 'core']))}", "vlan batch 10 20 30"]
    for _ in range(draw(st.integers(0, 4))):
        lines.append(f"interface {draw(gigabit)}")
        if draw(st.booleans()):
            lines += draw(switch_lines)
        else:
            lines += draw(interface_lines)
        lines.append("quit")
    for _ in range(draw(st.integers(0, 3))):
        lines.append(
            f"interface {draw(st.sampled_from(['loop', 'Vlanif', 'Eth-Trunk']))} {draw(st.integers(1, 20))}"
        )
        lines += [line for line in draw(interface_lines) if not line.startswith("nat")]
        lines.append("quit")
    if draw(st.booleans()):
        lines.append(f"ospf 1 router-id {draw(host)}")
        for area in draw(st.lists(st.integers(0, 3), max_size=2)):
            lines.append(f" area {area}")
            lines += [
                f"  network {draw(host)} {w}"
                for w in draw(st.lists(wildcard.filter(lambda w: w != "0.255.0.255"), max_size=2))
            ]
    for number in draw(st.lists(st.integers(2000, 3999), max_size=2, unique=True)):
        lines.append(f"acl {number}")
        for _ in range(draw(st.integers(0, 3))):
            action = draw(st.sampled_from(["permit", "deny"]))
            source = f"source {draw(host)} {draw(wildcard)}" if draw(st.booleans()) else ""
            if number < 3000:
                lines.append(f" rule {action} {source}")
            else:
                proto = draw(st.sampled_from(["ip", "tcp", "udp", "icmp"]))
                port = (
                    f"destination-port eq {draw(st.integers(1, 65535))}"
                    if proto in ("tcp", "udp") and draw(st.booleans())
                    else ""
                )
                lines.append(f" rule {action} {proto} {source} destination any {port}")
    for _ in range(draw(st.integers(0, 2))):
        lines.append(
            f"ip route-static {draw(host)} {draw(length)} {draw(host)} preference {draw(st.integers(1, 255))}"
        )
    if draw(st.booleans()):
        lines += [
            "bgp 65001",
            f" peer {draw(host)} as-number {draw(st.integers(1, 65535))}",
            f" network {draw(host)} {draw(length)}",
            " import-route direct",
        ]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(configurations())
def test_normalising_is_stable_under_parsing_again(text: str) -> None:
    first = parse(text)
    assume(isinstance(first, Device))
    assert isinstance(first, Device)
    normal = normalise(first)
    again = parse(normal)
    assert isinstance(again, Device), "\n".join(map(str, again))
    assert again == first
    assert normalise(again) == normal
