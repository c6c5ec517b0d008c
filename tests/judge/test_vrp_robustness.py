"""Whatever a student pastes, the parser answers with a device or located problems, never an
exception, and every device it returns translates and normalises back to itself."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictjudge.labs.network.vrp import Device, parse
from ictjudge.labs.network.vrp.bridge import plan
from ictjudge.labs.network.vrp.filters import nftables
from ictjudge.labs.network.vrp.frr import frr
from ictjudge.labs.network.vrp.render import normalise

TEMPLATES = """\
interface g0/0/{n}
interface Eth-Trunk {n}
interface Vlanif {v}
interface loop {n}
undo interface Eth-Trunk {n}
undo interface Vlanif {v}
ip address 10.{n}.0.1 {l}
undo ip address
eth-trunk {n}
undo eth-trunk
port link-type {lt}
undo port link-type
port default vlan {v}
port trunk allow-pass vlan {v} to {v}
undo port trunk allow-pass vlan {v}
port trunk pvid vlan {v}
port hybrid {tu} vlan {v}
undo port hybrid {tu} vlan {v}
port hybrid pvid vlan {v}
vlan batch {v} to {v}
undo vlan batch {v}
vlan {v}
undo vlan {v}
ospf {n}
undo ospf {n}
area {n}
undo area {n}
network 10.{n}.0.0 0.0.{w}.255
silent-interface g0/0/{n}
undo silent-interface g0/0/{n}
ospf enable {n} area {n}
undo ospf enable
ospf cost {v}
ospf timer hello {n}
rip {n}
version {n}
network 10.0.0.0
undo network 10.0.0.0
bgp {v}
peer 10.0.0.{n} as-number {v}
undo peer 10.0.0.{n}
network 10.{n}.0.0 {l}
import-route ospf {n}
acl {a}
undo acl {a}
rule {n} permit
rule {n} deny source 10.0.{n}.0 0.0.{w}.255
rule {n} permit tcp destination any destination-port eq {v}
undo rule {n}
traffic-filter inbound acl {a}
undo traffic-filter inbound
nat address-group {n} 1.1.1.{n} 1.1.1.{v}
undo nat address-group {n}
nat outbound {a} address-group {n}
nat outbound {a}
undo nat outbound {a}
nat server protocol tcp global 1.1.1.{n} {v} inside 10.0.0.{n} {v}
ip route-static 10.{n}.0.0 {l} 10.0.0.{n} preference {v}
undo ip route-static 10.{n}.0.0 {l} 10.0.0.{n}
ip route-static 10.{n}.0.0 {l} g0/0/{n}
stp {ed}
stp mode stp
quit
return
shutdown
undo shutdown
description x  y
""".splitlines()

line = st.builds(
    lambda t, n, v, length, kind, how, w, acl, state: t.format(
        n=n, v=v, l=length, lt=kind, tu=how, w=w, a=acl, ed=state
    ),
    st.sampled_from(TEMPLATES),
    st.integers(0, 5),
    st.sampled_from([1, 2, 10, 20, 4094, 4095, 0]),
    st.sampled_from([0, 8, 24, 30, 31, 32, 33]),
    st.sampled_from(["access", "trunk", "hybrid"]),
    st.sampled_from(["tagged", "untagged"]),
    st.sampled_from([0, 255, 3]),
    st.sampled_from([2000, 2001, 3000, 3001, 1999, 4000]),
    st.sampled_from(["enable", "disable"]),
)
WORDS = [
    "undo",
    "int",
    "g0/0/1",
    "GigabitEthernet",
    "0/0/2",
    "loop",
    "0",
    "Vlanif",
    "10",
    "ip",
    "add",
    "route-static",
    "10.0.0.1",
    "24",
    "255.255.255.0",
    "0.0.0.255",
    "0",
    "99999999999",
    "ospf",
    "area",
    "network",
    "rip",
    "bgp",
    "peer",
    "vlan",
    "batch",
    "to",
    "stp",
    "acl",
    "rule",
    "permit",
    "deny",
    "source",
    "any",
    "tcp",
    "nat",
    "outbound",
    "server",
    "port",
    "link-type",
    "trunk",
    "quit",
    "q",
    "s",
    "a",
]
noise = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), min_size=1, max_size=8
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(line, noise), max_size=30))
def test_any_text_gives_a_device_or_problems_and_devices_survive_the_round_trip(
    lines: list[str],
) -> None:
    result = parse("\n".join(lines))
    if isinstance(result, Device):
        frr(result)
        plan({"sw": result, "r": result}, {"sw"}, [("sw", "ge0-0-3", "r", "ge0-0-3")])
        nftables(result)
        assert parse(normalise(result)) == result
    else:
        assert result and all(p.line > 0 and p.column > 0 and p.message for p in result)
