"""VRP network labs end to end: the spec's switches and VRP configurations, the job the judge
builds from them, and (with Docker) the bundled VRP labs graded on the real engine — a router
lab accepted and wrong, VLANs isolated and carried across a trunk, a native VLAN mismatch,
routing between VLANs on a switch's Vlanifs, hostile inputs, and the live reads for
``display`` commands."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from ictjudge.labs import grade_lab
from ictjudge.labs.network import job as lab_job
from ictjudge.labs.network import translate
from ictjudge.labs.network.dialect import vtysh_problems
from ictjudge.labs.network.spec import NetworkLab
from ictjudge.labs.network.vrp.dialect import VrpDialect
from ictjudge.labs.network.vrp.live import READS
from ictjudge.labs.report import LabReport
from ictjudge.wire import Verdict

DATACOM = Path(__file__).resolve().parents[2] / "problem_sets" / "datacom"
OSPF = DATACOM / "vrp-ospf-single-area"
VLAN = DATACOM / "vrp-vlan-access-trunk"


def lab_of(task: Path) -> dict[str, Any]:
    lab: dict[str, Any] = yaml.safe_load((task / "task.yaml").read_text())["lab"]
    return lab


def solution(task: Path, kind: str, name: str) -> dict[str, str]:
    return {p.name: p.read_text() for p in (task / "solutions" / kind / name).iterdir()}


def dataset(root: Path, lab: dict[str, Any]) -> Path:
    NetworkLab.model_validate(lab)
    (root / "dataset.json").write_text(json.dumps({"task_type": "network", "lab": lab}))
    return root


async def grade(root: Path, files: dict[str, str], client: Any) -> tuple[LabReport, float]:
    started = time.perf_counter()
    report = await grade_lab(root, files, client)
    return report, time.perf_counter() - started


def passed(report: LabReport) -> dict[str, bool]:
    return {item.name: item.passed for item in report.items}


# -- the spec and the job (no engine) -----------------------------------------------------------


def test_switches_are_for_vrp_labs_and_a_vrp_config_is_checked_where_it_stands() -> None:
    lab = lab_of(VLAN)
    frr = {**lab, "dialect": "frr"}
    with pytest.raises(ValidationError, match="switches are available in `dialect: vrp` labs"):
        NetworkLab.model_validate(frr)
    broken = copy.deepcopy(lab)
    broken["devices"]["sw1"]["config"] = "sysname SW1\nstp mode rstp\n"
    with pytest.raises(ValidationError) as raised:
        NetworkLab.model_validate(broken)
    error = raised.value.errors()[0]
    assert error["loc"] == ("devices", "sw1", "config")
    assert "line 2, column 10: stp mode rstp is not available" in error["msg"]
    misnamed = copy.deepcopy(lab)
    misnamed["links"][0] = ["sw1:eth1", "pc1:eth0"]
    with pytest.raises(ValidationError, match="a VRP device's port is named like ge0-0-1"):
        NetworkLab.model_validate(misnamed)


def test_the_job_carries_the_bridges_the_vlan_pairs_the_rulesets_and_the_reads() -> None:
    lab = NetworkLab.model_validate(lab_of(VLAN))
    files = solution(VLAN, "accepted", "reference")
    configs = {name: files[f"{name}.conf"] for name in ("sw1", "sw2")}
    translations = translate(lab, configs)
    vrp = {name: VrpDialect.device(text) for name, text in configs.items()}
    job = lab_job.build(lab, translations, {}, deadline_s=30, vrp=vrp)
    sw1 = next(d for d in job["devices"] if d["name"] == "sw1")
    assert sw1["kind"] == "switch" and sw1["daemons"] == ["zebra", "staticd"]
    assert "link set ge0-0-1 master vlanif10" in sw1["setup"]
    assert ["sw1", "ge0-0-24.10", "sw2", "ge0-0-24.10"] in job["links"]
    assert ["sw1", "ge0-0-24.20", "sw2", "ge0-0-24.20"] in job["links"]
    assert job["reads"] == READS


def test_acls_become_the_ruleset_the_lab_applies() -> None:
    lab = NetworkLab.model_validate(lab_of(OSPF))
    config = lab.devices["r1"].config + (
        "acl number 3000\n rule 5 deny tcp destination 192.168.3.10 0 destination-port eq 80\n"
        "interface GigabitEthernet0/0/1\n traffic-filter inbound acl 3000\n"
    )
    translation = translate(lab, {"r1": config})["r1"]
    assert 'iifname "ge0-0-1" jump acl_3000' in translation.ruleset
    assert "ip address 192.168.1.1/24" in translation.text


def test_frr_complaints_come_back_at_the_students_vrp_lines() -> None:
    lab = NetworkLab.model_validate(lab_of(OSPF))
    student = solution(OSPF, "accepted", "reference")["r1.conf"]  # a pasted console session
    translation = translate(lab, {"r1": student})["r1"]
    frr = translation.text.splitlines()
    network = frr.index(" network 10.0.12.0/24 area 0.0.0.0") + 1
    address = frr.index(" ip address 192.168.1.1/24") + 1
    output = (
        f"line {network}: % Unknown command[22]:  network 10.0.12.0/24 area 0.0.0.0\n"
        f"line {address}: % Command incomplete[4]:  ip address 192.168.1.1/24\n"
    )
    problems = vtysh_problems(output, translation, student)
    assert [(p.line, p.message, p.text) for p in problems] == [
        (7, "command incomplete", "[R1-GigabitEthernet0/0/0]int g0/0/1"),
        (13, "unknown command", "[R1]ospf 1 router-id 1.1.1.1"),
    ]


# -- on the engine ------------------------------------------------------------------------------

HOSTILE = "description $(reboot); `id` | rm -rf / && echo '\"owned\"' > /etc/frr/frr.conf"


@pytest.mark.docker
async def test_the_vrp_ospf_lab_accepts_the_reference_and_reads_the_live_routers(
    docker_client: Any, tmp_path: Path
) -> None:
    files = solution(OSPF, "accepted", "reference")
    # shell escapes in a description are text for the device, nothing more
    files["r2.conf"] = files["r2.conf"].replace(" description to R1", f" {HOSTILE}")
    report, elapsed = await grade(dataset(tmp_path, lab_of(OSPF)), files, docker_client)
    assert (report.verdict, report.score) == (Verdict.AC, 100), report
    assert set(report.live) == {"r1", "r2", "r3"}
    r2 = report.live_state()["r2"]
    assert '"3.3.3.3/32"' in r2.routes and '"ospf"' in r2.routes
    assert '"1.1.1.1"' in r2.ospf_peers and "Full" in r2.ospf_peers
    assert "10.0.12.2" in r2.addresses and "ge0-0-0" in r2.links
    assert r2.ruleset  # nft's empty ruleset is still a JSON document
    print(f"VRP OSPF lab (3 routers, 2 hosts): {elapsed:.1f} s, {report.timing_ms}")


@pytest.mark.docker
async def test_the_vrp_ospf_lab_names_what_a_wrong_configuration_misses(
    docker_client: Any, tmp_path: Path
) -> None:
    files = solution(OSPF, "partially_accepted", "r3-lan-missing")
    report, _ = await grade(dataset(tmp_path, lab_of(OSPF)), files, docker_client)
    assert report.verdict is Verdict.PA and report.score == 80, report
    assert [name for name, ok in passed(report).items() if not ok] == [
        "pc1 and srv3 reach each other"
    ]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "sysname R1\ninterface GigabitEthernet0/0/0\n telnet server enable\n",
            "r1.conf line 3, column 2: `telnet` is not supported in an interface view; supported there:",
        ),
        ("sysname R1\n" + "#\n" * 40_000, "r1.conf: 78 KiB; a file may hold at most 64 KiB"),
        (
            "sysname R1\nstp mode mstp\n",
            "r1.conf line 2, column 10: stp mode mstp is not available",
        ),
        ("sysname R1\x1b]0;x\x07\n", "r1.conf line 1, column 11: contains a control character"),
    ],
    ids=["unknown-command", "oversized", "mstp", "control-character"],
)
@pytest.mark.docker
async def test_refused_vrp_configurations_never_reach_a_container(
    docker_client: Any, tmp_path: Path, config: str, message: str
) -> None:
    report, elapsed = await grade(
        dataset(tmp_path, lab_of(OSPF)), {"r1.conf": config}, docker_client
    )
    assert report.verdict is Verdict.CE and report.score == 0, report
    assert message in report.message
    assert set(report.timing_ms) == {"total_ms"}  # refused on the host: no container started
    assert elapsed < 2


@pytest.mark.docker
async def test_vlans_are_isolated_and_carried_across_the_trunk(
    docker_client: Any, tmp_path: Path
) -> None:
    root = dataset(tmp_path, lab_of(VLAN))
    report, elapsed = await grade(root, solution(VLAN, "accepted", "reference"), docker_client)
    assert (report.verdict, report.score) == (Verdict.AC, 100), report
    sw1 = report.live_state()["sw1"]
    assert '"vlanif10"' in sw1.links and '"master":"vlanif10"' in sw1.links.replace(" ", "")
    assert sw1.addresses and sw1.routes
    print(f"VRP VLAN lab (2 switches, 4 hosts): {elapsed:.1f} s, {report.timing_ms}")
    # the starting configuration leaves every port in VLAN 1: all reach all, nothing isolated
    report, _ = await grade(root, {}, docker_client)
    assert passed(report) == {
        "pc1 and pc3 (VLAN 10) reach each other across the trunk": True,
        "pc2 and pc4 (VLAN 20) reach each other across the trunk": True,
        "SW1's GE0/0/24 is a trunk that passes VLANs 10 and 20": False,  # intents: no trunk
        "SW2's GE0/0/24 is a trunk that passes VLANs 10 and 20": False,
        "Sales and finance cannot reach each other": False,
    }


def _mismatch_lab() -> dict[str, Any]:
    """The VLAN lab with pc5 on an unconfigured port of SW1 (VLAN 1), and one ping a check."""
    lab = lab_of(VLAN)
    lab["devices"]["pc5"] = {"kind": "host", "address": "192.168.1.51/24"}
    lab["links"].append(["sw1:ge0-0-3", "pc5:eth0"])
    pings = {
        "sales": ("pc1", "192.168.1.12"),
        "finance": ("pc2", "192.168.1.22"),
        "vlan1-to-finance": ("pc5", "192.168.1.22"),
    }
    lab["checks"] = [
        {"id": name, "points": 1, "ping": {"from": source, "to": target}}
        for name, (source, target) in pings.items()
    ]
    return lab


@pytest.mark.docker
async def test_a_native_vlan_mismatch_moves_untagged_frames_into_the_other_vlan(
    docker_client: Any, tmp_path: Path
) -> None:
    root = dataset(tmp_path, _mismatch_lab())
    files = solution(VLAN, "accepted", "reference")
    report, _ = await grade(root, files, docker_client)
    assert passed(report) == {"sales": True, "finance": True, "vlan1-to-finance": False}
    # SW2's trunk sends VLAN 20 untagged: SW1 puts it in its own PVID, VLAN 1
    files["sw2.conf"] = files["sw2.conf"].replace(
        " port trunk allow-pass vlan 10 20",
        " port trunk pvid vlan 20\n port trunk allow-pass vlan 10 20",
    )
    report, _ = await grade(root, files, docker_client)
    assert passed(report) == {"sales": True, "finance": False, "vlan1-to-finance": True}


L3_SWITCH = """\
sysname SW1
vlan ba 10 20 30
int g0/0/1
 port li a
 port de vl 10
int g0/0/2
 port li a
 port de vl 20
int g0/0/24
 port li a
 port de vl 30
interface Vlanif10
 ip address 192.168.10.1 255.255.255.0
interface Vlanif20
 ip address 192.168.20.1 255.255.255.0
interface Vlanif30
 ip address 10.0.30.1 255.255.255.0
ospf 1 router-id 10.0.30.1
 area 0
  network 10.0.30.0 0.0.0.255
  network 192.168.0.0 0.0.255.255
"""
ROUTER = """\
sysname R1
interface GigabitEthernet0/0/0
 ip address 10.0.30.2 255.255.255.0
interface LoopBack0
 ip address 1.1.1.1 255.255.255.255
ospf 1 router-id 1.1.1.1
 area 0
  network 10.0.30.0 0.0.0.255
  network 1.1.1.1 0.0.0.0
"""
L3_LAB: dict[str, Any] = {
    "dialect": "vrp",
    "settle_s": 6,  # past STP's forward delays on the switch's ports, as the bundled labs
    "devices": {
        "sw1": {"kind": "switch", "editable": True, "config": L3_SWITCH},
        "r1": {"config": ROUTER},
        "pc1": {"kind": "host", "address": "192.168.10.10/24", "gateway": "192.168.10.1"},
        "pc2": {"kind": "host", "address": "192.168.20.10/24", "gateway": "192.168.20.1"},
    },
    "links": [
        ["sw1:ge0-0-1", "pc1:eth0"],
        ["sw1:ge0-0-2", "pc2:eth0"],
        ["sw1:ge0-0-24", "r1:ge0-0-0"],
    ],
    "checks": [
        {"id": "between-vlans", "points": 1, "ping": {"from": "pc1", "to": "192.168.20.10"}},
        {
            "id": "adjacency",
            "points": 1,
            "neighbor": {"node": "sw1", "protocol": "ospf", "neighbor": "1.1.1.1"},
        },
        {
            "id": "route",
            "points": 1,
            "route": {"node": "r1", "prefix": "192.168.10.0/24", "protocol": "ospf"},
        },
        {"id": "to-router", "points": 1, "ping": {"from": "pc2", "to": "1.1.1.1"}},
    ],
}


@pytest.mark.docker
async def test_a_switch_routes_between_its_vlanifs_and_runs_ospf_with_a_router(
    docker_client: Any, tmp_path: Path
) -> None:
    report, _ = await grade(dataset(tmp_path, L3_LAB), {}, docker_client)
    assert (report.verdict, report.score) == (Verdict.AC, 4), report
    sw1 = report.live_state()["sw1"]
    assert '"1.1.1.1"' in sw1.ospf_peers and '"1.1.1.1/32"' in sw1.routes
    # with its Vlanif shut, VLAN 20 has no gateway
    shut = L3_SWITCH.replace(" ip address 192.168.20.1", " shutdown\n ip address 192.168.20.1")
    report, _ = await grade(dataset(tmp_path, L3_LAB), {"sw1.conf": shut}, docker_client)
    assert passed(report) == {
        "between-vlans": False,
        "adjacency": True,
        "route": True,
        "to-router": False,
    }


TRUNK_SWITCH = """\
[Huawei]vlan batch 10
[Huawei]interface Eth-Trunk1
[Huawei-Eth-Trunk1]port link-type trunk
[Huawei-Eth-Trunk1]port trunk allow-pass vlan 10
[Huawei-Eth-Trunk1]interface GigabitEthernet0/0/1
[Huawei-GigabitEthernet0/0/1]eth-trunk 1
[Huawei-GigabitEthernet0/0/1]interface GigabitEthernet0/0/2
[Huawei-GigabitEthernet0/0/2]eth-trunk 1
[Huawei-GigabitEthernet0/0/2]interface GigabitEthernet0/0/3
[Huawei-GigabitEthernet0/0/3]port link-type access
[Huawei-GigabitEthernet0/0/3]port default vlan 10
"""
ETH_TRUNK_LAB: dict[str, Any] = {
    "dialect": "vrp",
    "devices": {
        "sw1": {"kind": "switch", "editable": True, "config": TRUNK_SWITCH},
        "sw2": {"kind": "switch", "config": TRUNK_SWITCH},
        "pc1": {"kind": "host", "address": "10.0.0.1/24"},
        "pc2": {"kind": "host", "address": "10.0.0.2/24"},
    },
    "links": [
        ["sw1:ge0-0-1", "sw2:ge0-0-1"],
        ["sw1:ge0-0-2", "sw2:ge0-0-2"],
        ["sw1:ge0-0-3", "pc1:eth0"],
        ["sw2:ge0-0-3", "pc2:eth0"],
    ],
    "checks": [{"id": "across", "points": 1, "ping": {"from": "pc1", "to": "10.0.0.2"}}],
}


@pytest.mark.docker
async def test_an_eth_trunk_carries_its_vlans_while_any_member_is_up(
    docker_client: Any, tmp_path: Path
) -> None:
    root = dataset(tmp_path, ETH_TRUNK_LAB)
    one = (
        TRUNK_SWITCH
        + "[Huawei]interface GigabitEthernet0/0/1\n[Huawei-GigabitEthernet0/0/1]shutdown\n"
    )
    report, _ = await grade(root, {"sw1.conf": one}, docker_client)
    assert passed(report) == {"across": True}, report
    both = one + "[Huawei]interface GigabitEthernet0/0/2\n[Huawei-GigabitEthernet0/0/2]shutdown\n"
    report, _ = await grade(root, {"sw1.conf": both}, docker_client)
    assert passed(report) == {"across": False}, report


@pytest.mark.docker
async def test_a_traffic_filter_blocks_what_its_acl_denies_and_permits_the_rest(
    docker_client: Any, tmp_path: Path
) -> None:
    lab = lab_of(OSPF)
    lab["devices"]["srv3"]["services"] = ["tcp/80", "tcp/22"]
    lab["checks"] = [
        {
            "id": "web",
            "points": 1,
            "port": {"from": "pc1", "to": "192.168.3.10", "port": 80, "expect": "blocked"},
        },
        {"id": "ssh", "points": 1, "port": {"from": "pc1", "to": "192.168.3.10", "port": 22}},
    ]
    files = solution(OSPF, "accepted", "reference")
    files["r3.conf"] = files["r3.conf"].replace(
        "#\nreturn",
        "#\nacl number 3000\n rule 5 deny tcp source 192.168.1.0 0.0.0.255 destination-port eq 80\n"
        "#\ninterface GigabitEthernet0/0/0\n traffic-filter inbound acl 3000\n#\nreturn",
    )
    report, _ = await grade(dataset(tmp_path, lab), files, docker_client)
    assert passed(report) == {"web": True, "ssh": True}, report
