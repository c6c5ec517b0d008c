"""Intents as a VRP lab's assessment items: validated against the lab's devices with located
errors, kept out of the driver's job, read from the submitted configurations in the lab's order
of items, and, for coaches, the commands that would meet each one."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ictjudge.labs.network import job as lab_job
from ictjudge.labs.network import outcome
from ictjudge.labs.network.remedies import remedies
from ictjudge.labs.network.spec import NetworkLab
from ictjudge.labs.network.submission import collect
from tests.judge.test_network_vrp import VLAN, dataset, grade, lab_of, passed, solution

ACCESS = {
    "title": {"en": "GE0/0/1 is an access port of VLAN 10", "zh": "GE0/0/1 是 VLAN 10 的接入端口"},
    "device": "sw1",
    "contains": ["vlan batch 10", "interface GigabitEthernet0/0/1\n port link-type access\n"
                 " port default vlan 10"],
}  # fmt: skip
NO_VLAN_20 = {
    "title": {"en": "SW1 has no VLAN 20", "zh": "SW1 上没有 VLAN 20"},
    "device": "sw1",
    "absent": ["vlan batch 20"],
}


def with_intents(*intents: dict[str, Any]) -> dict[str, Any]:
    """The bundled VLAN lab's reach items, with the intents between its two reach items and the
    last (in place of the lab's own intents)."""
    lab = copy.deepcopy(lab_of(VLAN))
    reach = [check for check in lab["checks"] if "intent" not in check]
    added = [{"id": f"intent-{n}", "points": 5, "intent": i} for n, i in enumerate(intents)]
    lab["checks"] = reach[:2] + added + reach[2:]
    return lab


def _errors(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        NetworkLab.model_validate(data)
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


def test_an_intent_item_takes_its_title_and_stays_out_of_the_drivers_job() -> None:
    lab = NetworkLab.model_validate(with_intents(ACCESS, NO_VLAN_20))
    assert [c.kind for c in lab.checks] == ["reach", "reach", "intent", "intent", "reach"]
    assert lab.checks[2].name == "GE0/0/1 is an access port of VLAN 10"
    assert [c.id for c in lab_job.driven(lab)] == [
        "sales-across-trunk", "finance-across-trunk", "vlans-isolated"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("device", "where", "message"),
    [
        ("sw9", "checks.2.intent.device", "unknown device 'sw9'"),
        ("pc1", "checks.2.intent.device", "pc1 is a host; an intent reads a router's"),
    ],
)
def test_an_intents_device_is_one_of_the_labs_routers_or_switches(
    device: str, where: str, message: str
) -> None:
    errors = _errors(with_intents({**ACCESS, "device": device}))
    assert message in errors[where], errors


def test_an_intent_in_an_frr_lab_is_refused_where_it_stands() -> None:
    data = {
        "devices": {"r1": {"editable": True, "config": "hostname r1\n"}},
        "checks": [{"id": "x", "points": 1, "intent": {**ACCESS, "device": "r1"}}],
    }
    assert "`dialect: vrp` labs only" in _errors(data)["checks.0.intent"]


def test_intents_are_read_from_the_submission_in_the_labs_order_of_items() -> None:
    lab = NetworkLab.model_validate(with_intents(ACCESS, NO_VLAN_20))
    reference = collect(lab, solution(VLAN, "accepted", "reference"))
    driver = [{"ok": True}, {"ok": False}, {"ok": True}]
    results = outcome._results(lab, reference, driver)
    assert results == [{"ok": True}, {"ok": False}, {"ok": True}, {"ok": False}, {"ok": True}]
    empty = collect(lab, {})
    assert [r["ok"] for r in outcome._results(lab, empty, driver)][2:4] == [False, True]


def test_coaches_get_the_commands_that_would_meet_each_intent() -> None:
    lab = with_intents(ACCESS, NO_VLAN_20)
    found = remedies(lab, solution(VLAN, "accepted", "reference"))
    assert [(r.device, r.passed) for r in found] == [("sw1", True), ("sw1", False)]
    assert found[0].commands == ""
    assert found[1].commands == "undo vlan 20\n"
    fresh = remedies(lab, {})
    assert fresh[0].commands == (
        "vlan 10\ninterface GigabitEthernet0/0/1\n port link-type access\n port default vlan 10\n"
    )


@pytest.mark.docker
async def test_a_lab_with_intents_is_graded_on_the_engine_and_reports_only_titles(
    docker_client: Any, tmp_path: Path
) -> None:
    root = dataset(tmp_path, with_intents(ACCESS, NO_VLAN_20))
    report, _elapsed = await grade(root, solution(VLAN, "accepted", "reference"), docker_client)
    assert passed(report) == {
        "pc1 and pc3 (VLAN 10) reach each other across the trunk": True,
        "pc2 and pc4 (VLAN 20) reach each other across the trunk": True,
        "GE0/0/1 is an access port of VLAN 10": True,
        "SW1 has no VLAN 20": False,
        "Sales and finance cannot reach each other": True,
    }
    said = report.model_dump_json()
    assert "vlan batch 20" not in said and "undo vlan" not in said  # the title, never the lines
