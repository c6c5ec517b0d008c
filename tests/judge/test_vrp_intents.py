"""Configuration intents on the normalised VRP configuration (hier-config, huawei_vrp)."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import ValidationError

from ictjudge.labs.network.vrp.intents import (
    Intent,
    IntentCheck,
    IntentError,
    evaluate,
    remediation,
)
from ictjudge.texts import Text

ACCESS_PORT = Intent(
    title=Text(en="GE0/0/1 is an access port of VLAN 10", zh="GE0/0/1 是 VLAN 10 的接入端口"),
    device="sw1",
    contains=(
        "vlan batch 10",
        "interface GigabitEthernet0/0/1\n port link-type access\n port default vlan 10\n",
    ),
)
NO_OLD_ROUTE = Intent(
    title=Text(en="No default route to the old ISP", zh="没有指向旧运营商的默认路由"),
    device="r1",
    absent=("ip route-static 0.0.0.0 0.0.0.0 203.0.113.1",),
)
NOT_SHUT = Intent(
    title=Text(en="The uplink is not shut down", zh="上行接口没有被关闭"),
    device="r1",
    absent=("interface GigabitEthernet0/0/0\n shutdown",),
)

# a console session as eNSP prints it: prompts, output, abbreviations, views left implicitly
SESSION = """\
<Huawei>sys
Enter system view, return user view with Ctrl+Z.
[Huawei]sysn SW1
[SW1]vl b 10 20
Info: This operation may take a few seconds. Please wait for a moment...done.
[SW1]int g0/0/1
[SW1-GigabitEthernet0/0/1]po l a
[SW1-GigabitEthernet0/0/1]po de vl 10
[SW1-GigabitEthernet0/0/1]q
[SW1]
"""

ROUTER = """\
sysname R1
interface GigabitEthernet0/0/0
 ip address 203.0.113.2 255.255.255.0
 shutdown
ip route-static 0.0.0.0 0.0.0.0 203.0.113.1
"""


def test_an_abbreviated_ensp_session_meets_a_contains_intent() -> None:
    assert evaluate([ACCESS_PORT], {"sw1": SESSION}) == [IntentCheck(ACCESS_PORT.title, True)]


def test_a_missing_line_fails_a_contains_intent() -> None:
    trunk = SESSION.replace("po l a", "po l t").replace("po de vl 10", "po t a v 10")
    assert evaluate([ACCESS_PORT], {"sw1": trunk}) == [IntentCheck(ACCESS_PORT.title, False)]


def test_undo_makes_an_absent_intent_pass() -> None:
    assert [c.passed for c in evaluate([NO_OLD_ROUTE, NOT_SHUT], {"r1": ROUTER})] == [
        False,
        False,
    ]
    fixed = (
        ROUTER
        + "undo ip route-static 0.0.0.0 0.0.0.0 203.0.113.1\n"
        + "interface GigabitEthernet0/0/0\n undo shutdown\n"
    )
    assert [c.passed for c in evaluate([NO_OLD_ROUTE, NOT_SHUT], {"r1": fixed})] == [True, True]


def test_an_absent_line_elsewhere_is_no_match() -> None:
    """``shutdown`` under another interface is not the uplink's."""
    other = ROUTER.replace(" shutdown\n", "") + "interface GigabitEthernet0/0/1\n shutdown\n"
    assert evaluate([NOT_SHUT], {"r1": other}) == [IntentCheck(NOT_SHUT.title, True)]


def test_a_device_missing_or_unreadable_meets_no_intent() -> None:
    checks = evaluate([ACCESS_PORT, NO_OLD_ROUTE], {"r1": "interface Serial0/0/0\n"})
    assert [c.passed for c in checks] == [False, False]


def test_the_student_result_carries_only_titles_and_outcomes() -> None:
    assert [f.name for f in dataclasses.fields(IntentCheck)] == ["title", "passed"]


def test_a_task_lists_intents_in_yaml_form() -> None:
    intent = Intent.model_validate(
        {"title": "VLAN 20 exists", "device": "sw1", "contains": ["vl b 20"]}
    )
    assert intent.title == Text(en="VLAN 20 exists", zh="VLAN 20 exists")
    assert evaluate([intent], {"sw1": SESSION})[0].passed


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"contains": ["vlan batch 10"], "absent": ["stp disable"]}, "either `contains`"),
        ({}, "either `contains`"),
        ({"contains": ["interface Serial0/0/0"]}, "its line 1, column 11"),
    ],
)
def test_a_bad_intent_is_refused_where_it_is_wrong(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Intent.model_validate({"title": "t", "device": "sw1", **fields})
    assert message in str(refused.value)


def test_remediation_gives_coaches_the_commands_to_the_reference() -> None:
    reference = "sysname R1\ninterface GigabitEthernet0/0/0\n ip address 203.0.113.2 24\n"
    assert remediation(ROUTER, reference) == (
        "undo ip route-static 0.0.0.0 0.0.0.0 203.0.113.1\n"
        "interface GigabitEthernet0/0/0\n"
        " undo shutdown\n"
    )
    assert remediation(reference, reference) == ""
    with pytest.raises(IntentError, match="line 1"):
        remediation("interface Serial0/0/0\n", reference)


TRUNK = "vlan batch 10 20 30\ninterface GigabitEthernet0/0/24\n port link-type trunk\n port trunk allow-pass vlan {}\n"


def test_vlan_lists_are_checked_vlan_by_vlan() -> None:
    carries_20 = Intent(
        title="The trunk carries VLAN 20",
        device="sw1",
        contains=(
            "vlan batch 20",
            "interface GigabitEthernet0/0/24\n port link-type trunk\n port trunk allow-pass vlan 20",
        ),
    )
    assert evaluate([carries_20], {"sw1": TRUNK.format("10 to 30")})[0].passed
    assert not evaluate([carries_20], {"sw1": TRUNK.format("10 30")})[0].passed
    assert remediation(TRUNK.format("10 30"), TRUNK.format("10 20 30")) == (
        "interface GigabitEthernet0/0/24\n port trunk allow-pass vlan 20\n"
    )
