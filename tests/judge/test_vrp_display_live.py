"""Acceptance: the reads of a freshly built network (the net-lab image, real FRR and kernel,
see ``vrp_capture``) render in every display command, and say what the network does."""

from __future__ import annotations

from typing import Any

import pytest

from ictjudge.labs.network.vrp.display import COMMANDS, render
from ictjudge.labs.network.vrp.live import live
from tests.judge import vrp_capture

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_fresh_reads_render_in_every_display_command(docker_client: Any) -> None:
    found = vrp_capture.capture(docker_client)
    assert set(found) == set(vrp_capture.DEVICES)
    devices = vrp_capture.devices()
    shown = {
        (name, key): render(
            command.spec.replace(" [ <process:int> ]", ""), devices[name], live(found[name])
        )
        for name in found
        for key, command in COMMANDS.items()
    }
    peers = shown[("R1", "ospf_peer_brief")]
    assert " 0.0.0.0          GigabitEthernet0/0/0             2.2.2.2          Full\n" in peers
    assert (
        "        2.2.2.2/32  OSPF    10   10          D   10.0.12.2"
        in (shown[("R1", "routing_table")])
    )
    sessions = shown[("R1", "nat_session_all")]
    assert "     Protocol          : TCP(6)\n" in sessions
    assert "       New SrcAddr      : 10.0.12.1\n" in sessions
    assert "10   common  UT:GE0/0/1(U)      GE0/0/2(U)\n" in shown[("SW1", "vlan")]
    assert "GigabitEthernet0/0/4        down  down" in shown[("SW1", "interface_brief")]
