"""Network labs on the real engine: a lab judged end to end, and hostile or broken
configurations — each gets a clear verdict within its limits and leaves no container behind
(the conftest checks after every test)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from ictjudge.labs import grade_lab, network
from ictjudge.labs.network.spec import NetworkLab
from ictjudge.wire import Verdict

pytestmark = pytest.mark.docker

R1 = """hostname r1
interface lo
 ip address 1.1.1.1/32
exit
interface ge0-0-0
 ip address 10.0.12.1/24
exit
interface ge0-0-1
 ip address 192.168.1.1/24
exit
"""
R1_OSPF = (
    R1
    + """router ospf
 ospf router-id 1.1.1.1
 network 10.0.12.0/24 area 0
 network 192.168.1.0/24 area 0
exit
"""
)
LAB: dict[str, Any] = {
    "devices": {
        "r1": {"editable": True, "config": R1},
        "r2": {
            "config": "hostname r2\ninterface ge0-0-0\n ip address 10.0.12.2/24\nexit\n"
            "interface ge0-0-1\n ip address 192.168.2.1/24\nexit\n"
            "router ospf\n ospf router-id 2.2.2.2\n network 0.0.0.0/0 area 0\nexit\n"
        },
        "pc1": {"kind": "host", "address": "192.168.1.10/24", "gateway": "192.168.1.1"},
        "srv": {
            "kind": "server",
            "address": "192.168.2.10/24",
            "gateway": "192.168.2.1",
            "services": ["tcp/80"],
        },
    },
    "links": [
        ["r1:ge0-0-0", "r2:ge0-0-0", "10.0.12.0/24"],
        ["r1:ge0-0-1", "pc1:eth0", "192.168.1.0/24"],
        ["r2:ge0-0-1", "srv:eth0", "192.168.2.0/24"],
    ],
    "checks": [
        {
            "id": "adjacency",
            "points": 40,
            "neighbor": {"node": "r2", "protocol": "ospf", "neighbor": "1.1.1.1"},
        },
        {
            "id": "route",
            "points": 30,
            "route": {"node": "r1", "prefix": "192.168.2.0/24", "protocol": "ospf"},
        },
        {"id": "web", "points": 30, "port": {"from": "pc1", "to": "192.168.2.10", "port": 80}},
    ],
}


@pytest.fixture
def ospf_lab(tmp_path: Path) -> Path:
    NetworkLab.model_validate(LAB)
    (tmp_path / "dataset.json").write_text(json.dumps({"task_type": "network", "lab": LAB}))
    return tmp_path


async def _grade(dataset: Path, files: dict[str, str], client: Any) -> Any:
    started = time.perf_counter()
    report = await grade_lab(dataset, files, client)
    return report, time.perf_counter() - started


async def test_a_correct_configuration_scores_full_marks(
    docker_client: Any, ospf_lab: Path
) -> None:
    report, elapsed = await _grade(ospf_lab, {"r1.conf": R1_OSPF}, docker_client)
    assert (report.verdict, report.score, report.max_score) == (Verdict.AC, 100, 100), report
    assert report.items[0].feedback == "r2: OSPF neighbour 1.1.1.1 is Full/-"
    assert report.items[2].feedback == "TCP 192.168.2.10:80 from pc1: open"
    stages = {
        "container_ms",
        "topology_ms",
        "daemons_ms",
        "apply_ms",
        "convergence_ms",
        "checks_ms",
    }
    assert stages <= set(report.timing_ms)
    assert elapsed < 15


async def test_without_routing_nothing_passes_and_refused_lines_are_reported(
    docker_client: Any, ospf_lab: Path
) -> None:
    """No path exists between the lab's devices but its links: without routing on r1 the
    server is unreachable, and a line FRR refuses is located but does not stop the lab."""
    config = (
        R1
        + "router bgp 65001\n neighbor 10.0.12.2 remote-as 65001\n neighbor 10.0.12.2 as-override\nexit\n"
    )
    report, _ = await _grade(ospf_lab, {"r1.conf": config}, docker_client)
    assert (report.verdict, report.score) == (Verdict.WA, 0), report
    assert "r2: OSPF neighbour 1.1.1.1 is not a neighbour" in report.items[0].feedback
    # Three tries, each refused by the network or timed out: which of the two a try meets
    # depends on how fast the kernel answers under load, not on the lab.
    probe = report.items[2].feedback
    tries = re.fullmatch(r"TCP 192\.168\.2\.10:80 from pc1: (.+)", probe)
    assert tries, probe
    counted = 0
    for part in tries.group(1).split(", "):
        outcome = re.fullmatch(r"(unreachable|timeout)(?: ×(\d+))?", part)
        assert outcome, probe
        counted += int(outcome.group(2) or 1)
    assert counted == 3, probe
    assert "r1.conf line 13: as-override cannot be configured for IBGP peers" in report.message


async def test_garbage_is_a_compile_error_with_line_numbers(
    docker_client: Any, ospf_lab: Path
) -> None:
    garbage = "hostname r1\nfoo bar baz\nrouter ospf\n netwerk 1.1.1.1/32 area 0\n"
    report, elapsed = await _grade(ospf_lab, {"r1.conf": garbage}, docker_client)
    assert report.verdict is Verdict.CE and report.score == 0
    assert "r1.conf line 2: unknown command (foo bar baz)" in report.message
    assert "r1.conf line 4: unknown command (netwerk 1.1.1.1/32 area 0)" in report.message
    assert elapsed < 10


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"r1.conf": R1 + "start-shell\n"}, "r1.conf line 11: shell access"),
        ({"r1.conf": R1 + "run id\n"}, "r1.conf line 11: shell access"),
        ({"r1.conf": R1 + "!\n! harmless comment\nend\nstart-shell bash\n"}, "r1.conf line 13: `end` leaves"),
        ({"r1.conf": R1 + "exit\nexit\nwrite file\n"}, "r1.conf line 13: saving is not part of a lab"),
        ({"r1.conf": R1 + "copy running-config startup-config\n"}, "saving is not part of a lab"),
        ({"r1.conf": R1 + "log file /etc/frr/frr.conf\n"}, "logging is set by the judge"),
        ({"r1.conf": R1 + "password zebra\n"}, "passwords are not used"),
        ({"r1.conf": R1 + "ip prefix-list /etc/shadow seq 5 permit any\n"}, "file path"),
        ({"r1.conf": R1 + "include /etc/frr/daemons\n"}, "includes read or write files"),
        ({"r1.conf": R1 + "do show running-config\n"}, "exec-mode command"),
        ({"r1.conf": "!" * 70_000}, "a file may hold at most 64 KiB"),
        ({"r1.conf": R1 + "ip route 10.0.0.0/8 Null0\n" * 2_500}, "a file may hold at most"),
        ({"r2.conf": "hostname owned\n"}, "r2.conf: this lab takes r1.conf"),
    ],
    ids=[
        "start-shell", "run", "after-end", "exit-then-write", "copy", "log-file", "password",
        "path", "include", "do", "enormous", "too-many-lines", "not-editable",
    ],
)  # fmt: skip
async def test_hostile_configurations_are_refused_before_anything_runs(
    docker_client: Any, ospf_lab: Path, files: dict[str, str], message: str
) -> None:
    report, elapsed = await _grade(ospf_lab, files, docker_client)
    assert report.verdict is Verdict.CE and report.score == 0, report
    assert message in report.message
    assert elapsed < 1  # refused on the host: no container was started
    assert set(report.timing_ms) == {"total_ms"}


async def test_a_configuration_that_crashes_a_daemon(docker_client: Any, ospf_lab: Path) -> None:
    """bgpd may hold 256 descriptors: a configuration with 300 live BGP sessions aborts it.
    The lab still finishes, the crash is named, and the items are judged on what is left."""
    peers = "".join(
        f" neighbor 10.0.{1 + i // 250}.{1 + i % 250} remote-as 65002\n" for i in range(300)
    )
    config = R1.replace("10.0.12.1/24", "10.0.12.1/16") + "router bgp 65001\n" + peers + "exit\n"
    report, elapsed = await _grade(ospf_lab, {"r1.conf": config}, docker_client)
    assert report.verdict is Verdict.RE, report
    assert (
        "A routing daemon stopped" in report.message
        and "bgpd on r1 (signal SIGABRT)" in report.message
    )
    assert elapsed < network.wall_s(NetworkLab.model_validate(LAB))


async def test_a_lab_that_outlives_its_wall_clock_is_stopped_and_removed(
    docker_client: Any, ospf_lab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(network, "SETUP_S", -11.5)  # 12 s of convergence - 11.5 s = 0.5 s
    report, elapsed = await _grade(ospf_lab, {"r1.conf": R1_OSPF}, docker_client)
    assert report.verdict is Verdict.TLE, report
    assert "did not finish within 0.5 s" in report.message
    assert elapsed < 5
