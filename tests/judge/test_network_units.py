"""Network labs without Docker: the JSON subset match, the lab model's located errors, the FRR
dialect's line checks and translation, FRR's and nft's messages, and the report rules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from ictjudge.labs import network
from ictjudge.labs.network import job as lab_job
from ictjudge.labs.network import outcome
from ictjudge.labs.network.dialect import Defaults, FrrDialect, Translation, vtysh_problems
from ictjudge.labs.network.driver.matching import subset_mismatch
from ictjudge.labs.network.nftables import check as check_ruleset
from ictjudge.labs.network.nftables import problems as nft_problems
from ictjudge.labs.network.spec import NetworkLab
from ictjudge.labs.network.submission import MAX_FILE_BYTES, collect
from ictjudge.wire import Verdict

ROOT = Path(__file__).resolve().parents[2]
FRR = FrrDialect()


def lab(**changes: Any) -> dict[str, Any]:
    """A small valid lab: r1 (editable) — r2, a host on each side."""
    data: dict[str, Any] = {
        "devices": {
            "r1": {"editable": True, "config": "hostname r1\n"},
            "r2": {"config": "hostname r2\n"},
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
            {"a": "r2:ge0-0-1", "b": "srv:eth0", "subnet": "192.168.2.0/24"},
        ],
        "checks": [
            {"id": "reach", "points": 60, "ping": {"from": "pc1", "to": "192.168.2.10"}},
            {
                "id": "web",
                "points": 40,
                "port": {"from": "pc1", "to": "192.168.2.10", "port": 80},
            },
        ],
    }
    data.update(changes)
    return data


# -- JSON subset matching (the driver's) --------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ({"a": 1}, {"a": 1, "b": 2}),
        ({"a": {"b": [1]}}, {"a": {"b": [3, 1, 2]}, "c": None}),
        ([{"state": "Full"}], [{"state": "Init", "id": 1}, {"state": "Full", "id": 2}]),
        ([1, 1], [1, 2, 1]),
        ({"gone": None}, {"other": 1}),
        ({"n": 20}, {"n": 20.0}),
        ({"state": {"$regex": "^Full"}}, {"state": "Full/DR"}),
        (
            {"neighbors": {"1.1.1.1": [{"nbrState": "Full/-"}]}},
            {"neighbors": {"1.1.1.1": [{"nbrState": "Full/-", "x": 1}]}},
        ),
    ],
    ids=[
        "extra-keys",
        "nested",
        "list-any-order",
        "distinct-elements",
        "absent",
        "numbers",
        "regex",
        "frr",
    ],
)
def test_subset_match_accepts(expected: Any, actual: Any) -> None:
    assert subset_mismatch(expected, actual) is None


@pytest.mark.parametrize(
    ("expected", "actual", "message"),
    [
        ({"a": 1}, {"b": 1}, "a: missing"),
        ({"a": {"b": 2}}, {"a": {"b": 3}}, "a.b: expected 2, got 3"),
        ({"gone": None}, {"gone": 0}, "gone: should be absent, found 0"),
        ([1, 1], [1, 2], "cannot each match a different element"),
        ([{"state": "Full"}], [{"state": "Init"}], "[0]: no element matches"),
        ({"1.1.1.1": {"s": 1}}, {"1.1.1.1": {"s": 2}}, "['1.1.1.1'].s: expected 1, got 2"),
        ({"flag": True}, {"flag": 1}, "flag: expected true, got 1"),
        ({"a": {"b": 1}}, {"a": [1]}, "a: expected an object"),
        ({"s": {"$regex": "^Full"}}, {"s": "Init"}, "does not match /^Full/"),
    ],
    ids=[
        "missing",
        "nested-value",
        "present",
        "not-distinct",
        "list-element",
        "dotted-key",
        "bool-is-not-int",
        "type",
        "regex",
    ],
)
def test_subset_match_explains_the_first_difference(
    expected: Any, actual: Any, message: str
) -> None:
    problem = subset_mismatch(expected, actual)
    assert problem is not None and message in problem


# -- the lab model --------------------------------------------------------------------------------


def test_the_driver_needs_nothing_but_the_standard_library() -> None:
    """The driver runs with the image's Python: stdlib modules and its own package only."""
    driver = ROOT / "judge" / "ictjudge" / "labs" / "network" / "driver"
    modules = sorted(driver.glob("*.py"))
    assert {p.name for p in modules} >= {"__init__.py", "__main__.py", "lab.py"}
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 1, f"{path.name}:{node.lineno} leaves the driver"
                continue
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names, f"{path.name}:{node.lineno} imports {name}"


def test_the_small_lab_is_valid_and_describes_its_topology() -> None:
    spec = NetworkLab.model_validate(lab())
    assert spec.editable == ["r1"]
    assert spec.interfaces("r1") == ["ge0-0-0", "ge0-0-1"]
    picture = network.topology(spec)
    assert [(n.name, n.kind, n.editable) for n in picture.nodes][:2] == [
        ("r1", "router", True),
        ("r2", "router", False),
    ]
    assert picture.links[0].subnet == "10.0.12.0/24"
    files = network.answer_files(spec)
    assert [(f.name, f.syntax, f.initial) for f in files] == [("r1.conf", "frr", "hostname r1\n")]


def _errors(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        NetworkLab.model_validate(data)
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


@pytest.mark.parametrize(
    ("changes", "where", "message"),
    [
        ({"links": [["r1:ge0-0-0", "r9:ge0-0-0"]]}, "links.0.b", "unknown device 'r9'"),
        (
            {"links": [["r1:averyveryverylongname", "r2:ge0-0-0"]]},
            "links.0.a.interface",
            "String should match",
        ),
        ({"links": [["r1:lo", "r2:ge0-0-0"]]}, "links.0.a.interface", "loopback"),
        ({"links": [["r1-ge0", "r2:ge0-0-0"]]}, "links.0.a", "device:interface"),
        (
            {"links": [["r1:ge0-0-0", "r2:ge0-0-0"], ["r1:ge0-0-0", "pc1:eth0"]]},
            "links.1.a",
            "already used by link 0",
        ),
        ({"devices": {"R1": {"editable": True}}}, "devices.R1", "a device name is"),
        ({"devices": {"r1": {"config": "x"}}, "links": []}, "devices", "no device is editable"),
    ],
    ids=[
        "unknown-device",
        "interface-too-long",
        "loopback-link",
        "endpoint-form",
        "interface-twice",
        "device-name",
        "nothing-editable",
    ],
)
def test_topology_errors_are_located(changes: dict[str, Any], where: str, message: str) -> None:
    data = lab(**changes)
    if "devices" in changes:
        data["checks"] = [
            {
                "id": "x",
                "points": 1,
                "route": {"node": next(iter(changes["devices"])), "prefix": "0.0.0.0/0"},
            }
        ]
    errors = _errors(data)
    assert where in errors and message in errors[where], errors


def test_host_rules_are_located() -> None:
    data = lab()
    data["devices"]["pc1"]["gateway"] = "10.9.9.9"
    data["devices"]["srv"]["address"] = "172.16.0.1/24"
    data["devices"]["srv"]["gateway"] = None
    data["devices"]["r2"]["address"] = "1.1.1.1/32"
    errors = _errors(data)
    assert "outside 192.168.1.0/24" in errors["devices.pc1"]
    assert "only hosts have these" in errors["devices.r2"]
    data = lab()
    data["devices"]["srv"]["address"] = "172.16.0.1/24"
    data["devices"]["srv"]["gateway"] = None
    assert "outside its link's 192.168.2.0/24" in _errors(data)["devices.srv.address"]
    data = lab()
    data["links"].append(["r2:ge0-0-2", "pc1:eth1"])
    assert "exactly one link (2)" in _errors(data)["devices.pc1"]


@pytest.mark.parametrize(
    ("check", "where", "message"),
    [
        (
            {"id": "a", "points": 1, "ping": {"from": "pc9", "to": "1.1.1.1"}},
            "checks.2.ping.from",
            "unknown device 'pc9'",
        ),
        (
            {"id": "a", "points": 1, "route": {"node": "pc1", "prefix": "0.0.0.0/0"}},
            "checks.2.route.node",
            "pc1 is a host",
        ),
        (
            {
                "id": "a",
                "points": 1,
                "port": {"from": "pc1", "to": "192.168.2.10", "port": 22, "expect": "blocked"},
            },
            "checks.2.port.port",
            "nothing listens",
        ),
        (
            {
                "id": "a",
                "points": 1,
                "nat": {"from": "pc1", "to": "8.8.8.8", "port": 80, "source": "1.1.1.1"},
            },
            "checks.2.nat.to",
            "not a host's address",
        ),
        (
            {"id": "reach", "points": 1, "ping": {"from": "pc1", "to": "1.1.1.1"}},
            "checks.2.id",
            "duplicate item id",
        ),
        (
            {
                "id": "a",
                "points": 1,
                "requires": ["later"],
                "ping": {"from": "pc1", "to": "1.1.1.1"},
            },
            "checks.2.requires.0",
            "no earlier item 'later'",
        ),
        ({"id": "a", "points": 1}, "checks.2", "give exactly one of"),
        (
            {"id": "a", "points": 1, "command": {"node": "r1", "run": "write file", "expect": {}}},
            "checks.2.command.run",
            "String should match",
        ),
        (
            {
                "id": "a",
                "points": 1,
                "reach": {"from": ["pc1"], "to": ["1.1.1.1"], "except": [["srv", "1.1.1.1"]]},
            },
            "checks.2.reach.except.0",
            "not in 'from'",
        ),
    ],
    ids=[
        "unknown-source",
        "route-on-host",
        "blocked-port-nobody-serves",
        "nat-not-a-host",
        "duplicate-id",
        "requires-unknown",
        "no-kind",
        "command-not-show",
        "except-source",
    ],
)
def test_item_errors_are_located(check: dict[str, Any], where: str, message: str) -> None:
    data = lab()
    data["checks"].append(check)
    errors = _errors(data)
    assert where in errors and message in errors[where], errors


def test_the_package_importer_reports_lab_errors_with_their_line(tmp_path: Path) -> None:
    from ictarena.catalog.packages.errors import Problems
    from ictarena.catalog.packages.files import load_yaml, validate

    data = lab(links=[["r1:ge0-0-0", "r2:ge0-0-0"], ["r1:ge0-0-1", "pc7:eth0"]])
    task = {"id": "x", "lab": data}
    path = tmp_path / "task.yaml"
    path.write_text(yaml.safe_dump(task, sort_keys=False))
    problems = Problems("lab")
    loaded, node = load_yaml(path, "task.yaml", problems)
    validate(NetworkLab, loaded["lab"], "task.yaml", problems, node, prefix=("lab",))
    text = [str(p) for p in problems.errors]
    assert any(
        "task.yaml:" in t and "lab.links.1.b" in t and "unknown device 'pc7'" in t for t in text
    ), text


# -- the FRR dialect --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("start-shell", "shell access"),
        ("star", "short for `start-shell`"),
        ("run cat /etc/shadow", "shell access"),
        ("do show running-config", "exec-mode command"),
        ("write file", "saving is not part of a lab"),
        ("wr mem", "short for `write`"),
        ("copy running-config startup-config", "saving is not part of a lab"),
        ("log file /etc/passwd", "logging is set by the judge"),
        ("ip prefix-list /etc/passwd seq 5 permit any", "file path"),
        ("log syslog", "logging is set by the judge"),
        ("lo file x.log", "short for `log`"),
        ("password zebra", "passwords are not used"),
        ("enable password x", "passwords are not used"),
        ("line vty", "vty lines"),
        ("include other.conf", "includes"),
        ("dump bgp all x", "BGP dumps"),
        ("banner motd file ../../etc/shadow", "banners"),
        ("hostname ../../x", "file path"),
        ("debug ospf event", "debug output"),
        ("no debug ospf event", "debug output"),
        ("router isis 1", "only OSPF, RIP and BGP"),
        ("router bgp 65001 vrf red", "VRFs"),
        ("frr defaults datacenter", "traditional defaults"),
        ("s", "one-letter abbreviations"),
        ("hostname r1\x1b[2J", "control character"),
        ("description " + "x" * 600, "longer than"),
    ],
)
def test_dangerous_lines_are_refused_with_their_line(line: str, message: str) -> None:
    problems = FRR.check(f"hostname r1\n!\n{line}\nrouter ospf\n")
    assert [p.line for p in problems] == [3], problems
    assert message in problems[0].message


def test_an_ordinary_configuration_passes_the_line_checks() -> None:
    text = """frr version 8.4.4
hostname r1
! a comment
interface ge0-0-0
 description uplink to the ISP
 ip address 10.0.0.1/30
 ip ospf passive
exit
ip route 0.0.0.0/0 10.0.0.2
ip prefix-list OWN seq 5 permit 203.0.113.0/24 le 32
route-map OUT permit 10
 match ip address prefix-list OWN
exit
router bgp 65001
 neighbor 10.0.0.2 remote-as 65002
 neighbor 10.0.0.2 password secret-md5
 address-family ipv4 unicast
  redistribute connected route-map OUT
 exit-address-family
exit
no router rip
end
"""
    assert FRR.check(text) == []


def test_end_may_only_close_the_file() -> None:
    problems = FRR.check("hostname r1\nend\nwrite terminal\n")
    assert {p.line for p in problems} == {2, 3}
    assert "may only be the last command" in problems[0].message


def test_translation_puts_the_judges_defaults_before_the_students_settings() -> None:
    text = """hostname r1
interface ge0-0-0
 ip ospf hello-interval 5
interface ge0-0-1
 ip ospf hello-interval 2
 ip ospf dead-interval 7
router ospf
 network 10.0.0.0/8 area 0
router bgp 65001
 neighbor 10.0.0.2 remote-as 65002
 neighbor 10.0.0.2 timers connect 30
end
"""
    result = FRR.translate(
        text, Defaults(interfaces=("ge0-0-0", "ge0-0-1"), ebgp_requires_policy=False, hostname="r1")
    )
    lines = result.text.splitlines()
    assert result.daemons == ("zebra", "staticd", "ospfd", "bgpd")
    assert lines[:3] == ["hostname r1", "bgp route-map delay-timer 0", "interface ge0-0-0"]
    # the judge's interface timers come first; the student's hello wins and brings its dead time
    assert lines.index(" ip ospf hello-interval 1") < lines.index(" ip ospf hello-interval 5")
    assert lines[lines.index(" ip ospf hello-interval 5") + 1] == " ip ospf dead-interval 20"
    assert " ip ospf dead-interval 8" not in lines  # ge0-0-1 sets its own dead interval
    assert lines[lines.index("router ospf") + 1] == " timers throttle spf 0 0 0"
    bgp = lines.index("router bgp 65001")
    assert lines[bgp + 1 : bgp + 4] == [
        " timers bgp 1 3",
        " coalesce-time 0",
        " no bgp ebgp-requires-policy",
    ]
    connect = lines.index(" neighbor 10.0.0.2 timers connect 1")
    assert connect < lines.index(" neighbor 10.0.0.2 timers connect 30")
    assert lines[-1] == "end"
    # every line maps back to the student's line (0: the judge's preamble)
    assert result.origin[lines.index(" timers throttle spf 0 0 0")] == 7
    assert result.origin[connect] == 10
    assert result.source_line(1) == 0 and result.source_line(len(lines)) == 12


def test_translation_without_fast_timers_or_routing_adds_nothing_but_the_hostname() -> None:
    plain = FRR.translate(
        "ip route 0.0.0.0/0 10.0.0.2\n", Defaults(interfaces=("ge0",), hostname="r9")
    )
    assert plain.text == "hostname r9\nip route 0.0.0.0/0 10.0.0.2\n"
    assert plain.daemons == ("zebra", "staticd")
    slow = FRR.translate("router ospf\n", Defaults(interfaces=("ge0",), fast_timers=False))
    assert slow.text == "router ospf\n"


def test_frr_messages_are_located_at_the_students_lines() -> None:
    student = "hostname r1\ninterface ge0\n ip ospf area 0\nrouter ospf\n network 10.0.0.0/8 area 1\n netwrk x\n"
    translation = Translation("x\n" * 12, (0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 4, 5))
    output = (
        "% Can't open configuration file /etc/frr/r1/vtysh.conf due to 'No such file'.\n"
        "A warning about something else.\n"
        "Please remove all network commands first.\n"
        "line 9: Failure to communicate[13] to ospfd, line:  ip ospf area 0\n"
        "line 11: % Unknown command[41]:  network 10.0.0.0/8 area 1\n"
        "line 12: % Unknown command[3]: netwrk x\n"
    )
    problems = vtysh_problems(output, translation, student)
    assert [(p.line, p.message) for p in problems] == [
        (0, "A warning about something else."),
        (3, "Please remove all network commands first."),
        (4, "unknown command"),
        (5, "unknown command (outside configuration mode: one `exit` too many above?)"),
    ]
    assert problems[1].text == " ip ospf area 0"
    assert str(problems[1]) == "line 3: Please remove all network commands first. (ip ospf area 0)"


def test_nftables_includes_are_refused_and_errors_located() -> None:
    assert [p.line for p in check_ruleset('table ip t {\n}\ninclude "/etc/shadow"\n')] == [3]
    text = "table inet f {\n chain c {\n  tcp dport 22 drp\n }\n}\n"
    output = (
        "/work/config/r1.nft:3:19-19: Error: syntax error, unexpected newline\n  tcp dport 22 drp\n"
    )
    found = nft_problems(output, text)
    assert [(p.line, p.message, p.text) for p in found] == [
        (3, "syntax error, unexpected newline", "  tcp dport 22 drp")
    ]


# -- submissions and reports ------------------------------------------------------------------------


def test_submissions_are_checked_before_anything_runs() -> None:
    spec = NetworkLab.model_validate(lab())
    fine = collect(spec, {"r1.conf": "hostname r1\nip route 0.0.0.0/0 10.0.12.2\n"})
    assert fine.problems == [] and fine.configs["r2"] == "hostname r2\n"
    assert (
        collect(spec, {}).configs["r1"] == "hostname r1\n"
    )  # a missing file keeps the editor's start
    unknown = collect(spec, {"r2.conf": "hostname hacked\n"})
    assert [str(p) for p in unknown.problems] == ["r2.conf: this lab takes r1.conf, not this file"]
    huge = collect(spec, {"r1.conf": "!\n" * (MAX_FILE_BYTES // 2 + 1)})
    assert "a file may hold at most 64 KiB" in str(huge.problems[0])


def test_grading_refuses_dangerous_configurations_without_a_container() -> None:
    spec = NetworkLab.model_validate(lab())
    report = network.grade_sync(None, spec, {"r1.conf": "hostname r1\nstart-shell\n"})
    assert report.verdict is Verdict.CE and report.score == 0
    assert "r1.conf line 2: shell access is not part of a lab (start-shell)" in report.message
    assert all(not item.passed for item in report.items)


def _result(oks: list[bool], **extra: Any) -> dict[str, Any]:
    return {
        "timings": {"topology_ms": 30.0, "driver_ms": 1000.0},
        "dryrun": {"r1": {"conf": {"code": 0, "output": ""}}},
        "apply": {"r1": {"conf": {"code": 0, "output": ""}}},
        "converge": {"reason": "converged"},
        "items": [{"ok": ok, "detail": f"detail {i}"} for i, ok in enumerate(oks)],
        "crashes": [],
        **extra,
    }


def _report(spec: NetworkLab, result: dict[str, Any]) -> Any:
    submission = collect(spec, {})
    translations = network.translate(spec, submission.configs)
    return outcome.report(spec, submission, translations, result, 1500.0)


def test_items_become_a_scored_report_with_timings() -> None:
    spec = NetworkLab.model_validate(lab())
    report = _report(spec, _result([True, False]))
    assert (report.verdict, report.score, report.max_score) == (Verdict.PA, 60, 100)
    assert report.timing_ms["container_ms"] == 500 and report.timing_ms["topology_ms"] == 30
    assert _report(spec, _result([False, False])).verdict is Verdict.WA
    assert _report(spec, _result([True, True])).verdict is Verdict.AC


def test_an_item_does_not_count_while_what_it_requires_fails() -> None:
    data = lab()
    data["checks"][1]["requires"] = ["reach"]
    data["checks"][1]["feedback"] = "Open the web port."
    spec = NetworkLab.model_validate(data)
    report = _report(spec, _result([False, True]))
    assert report.score == 0 and not report.items[1].passed
    assert "This counts only once these pass: “reach”." in report.items[1].feedback
    assert report.items[1].feedback.endswith("Open the web port.")


def test_a_crashed_daemon_is_reported_and_syntax_errors_are_ce() -> None:
    spec = NetworkLab.model_validate(lab())
    crashed = _report(
        spec, _result([False, False], crashes=[{"device": "r1", "daemon": "bgpd", "code": -6}])
    )
    assert crashed.verdict is Verdict.RE and "bgpd on r1 (signal SIGABRT)" in crashed.message
    bad = _result(
        [], dryrun={"r1": {"conf": {"code": 2, "output": "line 2: % Unknown command[4]: foo\n"}}}
    )
    refused = _report(spec, bad)
    assert refused.verdict is Verdict.CE and "r1.conf line 1: unknown command" in refused.message


def test_job_items_poll_only_what_must_exist() -> None:
    data = lab()
    data["checks"] += [
        {
            "id": "blocked",
            "points": 1,
            "port": {"from": "pc1", "to": "192.168.2.10", "port": 80, "expect": "blocked"},
        },
        {
            "id": "absent",
            "points": 1,
            "route": {"node": "r1", "prefix": "10.9.0.0/16", "present": False},
        },
        {
            "id": "json",
            "points": 1,
            "command": {
                "node": "r1",
                "run": "show ip ospf database json",
                "expect": {"asExternalLinkStates": None},
            },
        },
        {
            "id": "matrix",
            "points": 1,
            "reach": {
                "from": ["pc1", "srv"],
                "to": ["192.168.2.10"],
                "expect": "unreachable",
                "except": [["pc1", "192.168.2.10"]],
            },
        },
    ]
    spec = NetworkLab.model_validate(data)
    items = [lab_job.item(check) for check in spec.checks]
    assert [i["poll"] for i in items] == [True, True, False, False, False, True]
    assert items[-1]["pairs"] == [["pc1", "192.168.2.10", True], ["srv", "192.168.2.10", False]]
    built = lab_job.build(
        spec, network.translate(spec, collect(spec, {}).configs), {"r1": None}, 30
    )
    assert built["links"][0] == ["r1", "ge0-0-0", "r2", "ge0-0-0"]
    host = next(d for d in built["devices"] if d["name"] == "srv")
    assert host == {
        "name": "srv", "kind": "server", "interface": "eth0", "address": "192.168.2.10/24",
        "gateway": "192.168.2.1", "services": [["tcp", 80]],
    }  # fmt: skip
