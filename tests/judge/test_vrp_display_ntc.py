"""Fidelity: the community's TextFSM templates for Huawei VRP (ntc-templates' ``huawei_vrp``)
parse what the renderers print, and find the right fields in it.

For ``display vlan`` ntc-templates joins two templates on the VLAN id, which keeps one port row
per VLAN (a VLAN with untagged and tagged ports loses one list, on real devices' output too), so
the port rows are also read with the ports template on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ntc_templates
import textfsm
from ntc_templates.parse import parse_output

from ictjudge.labs.network.vrp.display import render
from ictjudge.labs.network.vrp.live import live
from tests.judge import vrp_capture

DEVICES = vrp_capture.devices()
TEMPLATES = Path(ntc_templates.__file__).parent / "templates"


def parsed(name: str, command: str) -> list[dict[str, Any]]:
    text = render(command, DEVICES[name], live(vrp_capture.load(name)))
    rows: list[dict[str, Any]] = parse_output(platform="huawei_vrp", command=command, data=text)
    return rows


def test_display_vlan_gives_vlans_ports_and_states() -> None:
    vlans = {r["vlan_id"]: r for r in parsed("SW1", "display vlan")}
    assert set(vlans) == {"1", "10", "20"}
    assert {r["vlan_status"] for r in vlans.values()} == {"enable"}
    assert vlans["10"]["vlan_description"] == "VLAN 0010"
    assert (vlans["10"]["mode"], vlans["10"]["interface"]) == ("UT", ["GE0/0/1", "GE0/0/2"])

    text = render("display vlan", DEVICES["SW1"], live(vrp_capture.load("SW1")))
    with (TEMPLATES / "huawei_vrp_display_vlan_brief.textfsm").open() as template:
        fsm = textfsm.TextFSM(template)
        rows = [dict(zip(fsm.header, row, strict=True)) for row in fsm.ParseText(text)]
    ports = {
        (r["VLAN_ID"], r["MODE"]): list(zip(r["INTERFACE"], r["INTERFACE_STATUS"], strict=True))
        for r in rows
    }
    assert ports == {
        ("1", "UT"): [("GE0/0/3", "U")],
        ("10", "UT"): [("GE0/0/1", "U"), ("GE0/0/2", "U")],
        ("10", "TG"): [("GE0/0/3", "U")],
        ("20", "UT"): [("GE0/0/4", "D")],
        ("20", "TG"): [("GE0/0/3", "U")],
    }


def test_display_interface_brief_gives_states_and_counters() -> None:
    rows = {r["interface"]: r for r in parsed("R1", "display interface brief")}
    assert list(rows) == [
        "GigabitEthernet0/0/0",
        "GigabitEthernet0/0/1",
        "GigabitEthernet0/0/2",
        "LoopBack0",
        "NULL0",
    ]
    assert (rows["GigabitEthernet0/0/0"]["phy"], rows["GigabitEthernet0/0/0"]["protocol"]) == (
        "up",
        "up",
    )
    assert (rows["GigabitEthernet0/0/2"]["phy"], rows["GigabitEthernet0/0/2"]["protocol"]) == (
        "*down",
        "down",
    )
    assert rows["LoopBack0"]["protocol"] == "up(s)"
    assert {r["inerrors"] for r in rows.values()} == {"0"}
    switch = {r["interface"]: r["phy"] for r in parsed("SW1", "display interface brief")}
    assert switch["GigabitEthernet0/0/4"] == "down"
    assert switch["Vlanif10"] == "up"


def test_display_acl_all_gives_every_rule() -> None:
    rules = [r for r in parsed("R1", "display acl all") if r["sn"]]
    found = [
        (
            r["acl_number"],
            r["sn"],
            r["action"],
            r["protocol"],
            r["source"],
            r["destination"],
            r["destination_port_modifier"],
            r["destination_port_range"],
        )
        for r in rules
    ]
    assert found == [
        ("2000", "5", "permit", "", "192.168.1.0 0.0.0.255", "", "", ""),
        ("3000", "5", "deny", "tcp", "", "10.0.12.2 0", "eq", "telnet"),
        ("3000", "10", "permit", "ip", "", "", "", ""),
    ]


def test_display_ip_routing_table_verbose_gives_routes_next_hops_and_preferences() -> None:
    rows = parsed("R1", "display ip routing-table verbose")
    found = {
        (r["destination"], r["protocol"]): (
            r["preference"],
            r["next_hop"],
            r["state"],
            r["interface"],
            r["flags"],
        )
        for r in rows
    }
    assert found[("0.0.0.0/0", "Static")] == (
        "100",
        "10.0.12.2",
        "Active Adv",
        "GigabitEthernet0/0/0",
        "RD",
    )
    assert found[("2.2.2.2/32", "OSPF")] == (
        "10",
        "10.0.12.2",
        "Active Adv",
        "GigabitEthernet0/0/0",
        "D",
    )
    assert found[("10.0.12.0/24", "OSPF")][2] == "Inactive Adv"  # the Direct route wins
    assert found[("10.0.12.0/24", "Direct")][:2] == ("0", "10.0.12.1")
    assert found[("172.16.0.0/16", "Static")][:2] == ("60", "10.0.12.2")
    assert found[("1.1.1.1/32", "Direct")][3] == "LoopBack0"
    assert len(rows) == 16
