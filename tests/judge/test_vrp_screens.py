"""A judged VRP lab's screens for the report page: each router's and switch's display commands
rendered from its configuration (submitted, or the lab's own) and the captured live reads."""

from __future__ import annotations

from typing import Any

from ictjudge.labs.network.screens import COMMANDS, consoles
from tests.judge import vrp_capture

NAMES = ("R1", "R2", "SW1")


def lab(dialect: str = "vrp") -> dict[str, Any]:
    """A lab around the captured devices: R1 and SW1 are the student's, R2 is the task's."""
    return {
        "dialect": dialect,
        "devices": {
            "r1": {"editable": True, "config": "sysname R1\n"},
            "r2": {"config": vrp_capture.CONFIGS["R2"]},
            "sw1": {"kind": "switch", "editable": True, "config": "sysname SW1\n"},
            "pc": {"kind": "host", "address": "192.168.1.10/24", "gateway": "192.168.1.1"},
        },
        "links": [
            ["r1:ge0-0-0", "r2:ge0-0-0", "10.0.12.0/24"],
            ["r1:ge0-0-1", "sw1:ge0-0-1"],
            ["sw1:ge0-0-2", "pc:eth0"],
        ],
        "checks": [{"id": "pc-r2", "points": 10, "ping": {"from": "pc", "to": "10.0.12.2"}}],
    }


FILES = {"r1.conf": vrp_capture.CONFIGS["R1"], "sw1.conf": vrp_capture.CONFIGS["SW1"]}
LIVE = {name.lower(): vrp_capture.load(name) for name in NAMES}


def test_every_router_and_switch_shows_its_commands_rendered_from_the_live_reads() -> None:
    found = consoles(lab(), FILES, LIVE)
    assert [(c.device, c.kind) for c in found] == [
        ("r1", "router"), ("r2", "router"), ("sw1", "switch")
    ]  # fmt: skip
    for console in found:
        assert tuple(s.command for s in console.screens) == COMMANDS[console.kind]
    r1 = {s.command: s.output for s in found[0].screens}
    assert "172.16.0.0/16" in r1["display ip routing-table"]
    assert "2.2.2.2/32  OSPF    10" in r1["display ip routing-table"]
    assert "2.2.2.2" in r1["display ospf peer brief"]
    assert "sysname R1" in r1["display current-configuration"]
    sw1 = {s.command: s.output for s in found[2].screens}
    assert "10   common  UT:GE0/0/1(U)      GE0/0/2(U)" in sw1["display vlan"]
    assert "20   common  UT:GE0/0/4(D)" in sw1["display vlan"]
    assert "port default vlan 20" in sw1["display current-configuration"]


def test_the_submitted_configuration_is_the_one_shown_not_the_editors_start() -> None:
    found = consoles(lab(), {}, LIVE)
    r1 = {s.command: s.output for s in found[0].screens}
    assert "ospf 1" not in r1["display current-configuration"]


def test_nothing_for_an_frr_lab_a_refused_lab_or_an_invalid_lab_section() -> None:
    assert consoles(lab("frr"), FILES, LIVE) == []
    assert consoles(lab(), FILES, {}) == []  # refused: the report has no live reads
    broken = lab()
    broken["links"].append(["r1:ge0-0-9", "nowhere:eth0"])
    assert consoles(broken, FILES, LIVE) == []


def test_a_device_whose_configuration_does_not_parse_is_left_out() -> None:
    found = consoles(lab(), {**FILES, "sw1.conf": "sysname SW1\nstp mode mstp\n"}, LIVE)
    assert [c.device for c in found] == ["r1", "r2"]
