"""The network lab driver's polling and reading rules, without a container: the routers' state
and the items are stand-ins, the loop and the order of work are the driver's own."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest

from ictjudge.labs.network.driver import lab as driver_lab
from ictjudge.labs.network.driver import reads as driver_reads
from ictjudge.labs.network.driver import routing


def job(*checks: dict[str, Any], reads: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {
        "devices": [{"name": "r1", "kind": "router", "daemons": ["zebra"], "config": ""}],
        "links": [],
        "checks": list(checks),
        "converge": {"timeout_s": 20, "settle_s": 5},
        "deadline_s": 60,
        "reads": reads or {},
        "reads_after_items": ["sessions"],
    }


ROUTE = {"id": "route", "kind": "route", "poll": True}
COMMAND = {"id": "command", "kind": "command", "poll": True}


def test_route_items_are_asked_again_only_when_the_state_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the state changes on the first three polls, then stands still
    states = itertools.chain(["a", "b", "c"], itertools.repeat("c"))
    monkeypatch.setattr(routing, "fingerprint", lambda lab: (next(states), False))
    asked: list[str] = []

    def item(lab: Any, check: dict[str, Any], final: bool) -> dict[str, Any]:
        asked.append(check["id"])
        return {"ok": True}

    monkeypatch.setitem(driver_lab.ITEMS, "route", item)
    monkeypatch.setitem(driver_lab.ITEMS, "command", item)
    lab = driver_lab.Lab(job(ROUTE, COMMAND))
    result = lab.converge()
    polls = asked.count("command")  # a command item reads anything: asked on every poll
    assert result["reason"] == "converged"
    assert len(result["changes_ms"]) == 3
    assert polls >= 4
    assert asked.count("route") == polls  # with a command item beside it, asked every poll too

    asked.clear()
    states = itertools.chain(["a", "b", "c"], itertools.repeat("c"))
    lab = driver_lab.Lab(job(ROUTE))
    assert lab.converge()["reason"] == "converged"
    assert asked == ["route"] * 3  # once per state seen, not once per poll


def test_a_failing_route_item_waits_for_a_change_then_is_asked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    states = itertools.chain(["a"] * 4, itertools.repeat("b"))
    monkeypatch.setattr(routing, "fingerprint", lambda lab: (next(states), False))
    answers: list[bool] = []

    def item(lab: Any, check: dict[str, Any], final: bool) -> dict[str, Any]:
        answers.append(len(answers) > 0)  # fails in state a, holds once asked again
        return {"ok": answers[-1]}

    monkeypatch.setitem(driver_lab.ITEMS, "route", item)
    result = driver_lab.Lab(job(ROUTE)).converge()
    assert result["reason"] == "converged"
    assert answers == [False, True]


def test_display_reads_the_items_traffic_changes_are_taken_after_the_items(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    order: list[str] = []
    lock = threading.Lock()
    items_done = threading.Event()

    def read(device: str, argv: list[str]) -> str:
        with lock:
            order.append(f"read {argv[0]}" + (" after items" if items_done.is_set() else ""))
        return argv[0]

    def item(lab: Any, check: dict[str, Any], final: bool) -> dict[str, Any]:
        with lock:
            order.append("item")
        return {"ok": True}

    monkeypatch.setattr(driver_reads, "_read", read)
    monkeypatch.setitem(driver_lab.ITEMS, "route", item)
    reads = {"routes": ["routes"], "sessions": ["sessions"]}
    lab = driver_lab.Lab(job(ROUTE, reads=reads))
    assert lab.check_all() == [{"ok": True}]
    items_done.set()
    assert lab.live() == {"r1": {"routes": "routes", "sessions": "sessions"}}
    assert "read sessions after items" in order
    assert "read routes" in order  # taken beside the items
    assert "read sessions" not in order
