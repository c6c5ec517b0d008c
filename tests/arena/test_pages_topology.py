"""The topology picture: a readable layout, distinct shapes per device kind, interface names
and subnets on the links, an accessible title and description, and nothing unescaped."""

from __future__ import annotations

from functools import partial
from xml.etree import ElementTree

from ictarena.http.topology import draw, layout, vlan_text
from ictjudge.labs.topology import Link, Node, PortVlans, Topology

LINE = Topology(
    nodes=(Node("r1"), Node("r2"), Node("r3")),
    links=(Link("r1", "eth0", "r2", "eth0", "10.0.12.0/30"), Link("r2", "eth1", "r3", "eth0")),
)


def _positions(topology: Topology) -> dict[str, tuple[float, float]]:
    return {p.node.name: (p.x, p.y) for p in layout(topology)}


def test_a_line_of_routers_reads_left_to_right() -> None:
    at = _positions(LINE)
    assert at["r1"][1] == at["r2"][1] == at["r3"][1]
    assert at["r1"][0] < at["r2"][0] < at["r3"][0]


def test_a_line_is_laid_out_from_its_far_end_whatever_the_order() -> None:
    shuffled = Topology(nodes=(Node("r2"), Node("r3"), Node("r1")), links=LINE.links)
    at = _positions(shuffled)
    assert sorted(at, key=lambda n: at[n][0]) in (["r1", "r2", "r3"], ["r3", "r2", "r1"])
    assert len({y for _x, y in at.values()}) == 1


def test_branches_hang_below_and_islands_are_stacked() -> None:
    topology = Topology(
        nodes=(Node("r1"), Node("r2"), Node("h1", "host"), Node("h2", "host"), Node("lone")),
        links=(Link("h1", "eth0", "r1", "eth0"), Link("r1", "eth1", "r2", "eth0"),
               Link("r1", "eth2", "h2", "eth0")),
    )  # fmt: skip
    at = _positions(topology)
    columns: dict[float, list[str]] = {}
    for name, (x, _y) in at.items():
        if name != "lone":
            columns.setdefault(x, []).append(name)
    assert sorted(len(c) for c in columns.values()) == [1, 1, 2]  # a line and a branch
    assert at["lone"][1] > max(y for name, (_x, y) in at.items() if name != "lone")
    assert len(set(at.values())) == 5  # nobody on top of anybody


def test_every_kind_has_its_own_shape_and_editable_devices_stand_out() -> None:
    topology = Topology(
        nodes=(Node("r1", editable=True), Node("sw", "switch"), Node("pc", "host", label="PC"),
               Node("srv", "server")),
        links=(Link("r1", "eth0", "sw", "ge0/0/1", "192.168.1.0/24"),
               Link("sw", "ge0/0/2", "pc", "eth0"), Link("sw", "ge0/0/3", "srv", "eth0")),
    )  # fmt: skip
    svg = str(draw(topology, "Topology", "4 devices"))
    ElementTree.fromstring(svg)  # well-formed
    assert svg.count('class="node node-router editable"') == 1
    for kind in ("switch", "host", "server"):
        assert f'class="node node-{kind}"' in svg
    assert "192.168.1.0/24" in svg and "ge0/0/3" in svg and ">PC<" in svg
    assert 'role="img" aria-labelledby="topo-title topo-desc"' in svg


def test_parallel_links_do_not_overlap() -> None:
    topology = Topology(
        nodes=(Node("r1"), Node("r2")),
        links=(Link("r1", "eth0", "r2", "eth0"), Link("r1", "eth1", "r2", "eth1")),
    )
    svg = ElementTree.fromstring(str(draw(topology, "t", "d")))
    ys = {line.get("y1") for line in svg.iter("line")}
    assert len(ys) == 2


def test_names_are_escaped_and_undeclared_devices_still_drawn() -> None:
    topology = Topology(
        nodes=(Node("<r1>"),), links=(Link("<r1>", "eth0", "ghost", "e&0", "10.0.0.0/8"),)
    )
    svg = str(draw(topology, "A <b>title</b>", "x & y"))
    ElementTree.fromstring(svg)
    assert "<r1>" not in svg and "&lt;r1&gt;" in svg and "e&amp;0" in svg
    assert ">ghost<" in svg and "A &lt;b&gt;title&lt;/b&gt;" in svg


def test_an_empty_topology_draws_nothing() -> None:
    assert str(draw(Topology(), "t", "d")) == ""


def test_switch_ports_carry_their_vlans_in_the_readers_words() -> None:
    topology = Topology(
        nodes=(Node("sw1", "switch"), Node("sw2", "switch"), Node("pc", "host")),
        links=(Link("sw1", "ge0-0-1", "pc", "eth0", a_vlans=PortVlans("access", 10)),
               Link("sw1", "ge0-0-24", "sw2", "ge0-0-24",
                    a_vlans=PortVlans("trunk", 1, (1, 10, 20)),
                    b_vlans=PortVlans("hybrid", 20, (10, 20)))),
    )  # fmt: skip
    svg = str(draw(topology, "t", "d", partial(vlan_text, t=_words)))
    ElementTree.fromstring(svg)
    labels = [t.text for t in ElementTree.fromstring(svg).iter() if t.get("class") == "vlan"]
    assert labels == ["Access, VLAN 10", "Trunk, VLAN 1,10,20", "Hybrid, PVID 20, VLAN 10,20"]
    assert 'class="vlan"' not in str(draw(topology, "t", "d"))  # no wording, no labels


def _words(message: str, **params: object) -> str:
    return message % params
