"""What a VRP lab's routers and switches display once judged: each device's ``display``
commands rendered from the configuration it ran and the live reads stored in the report
(:attr:`~ictjudge.labs.report.LabReport.live`), for the submission page.

Pure and cheap: no container runs; a device whose configuration does not parse (the lab refused
the submission) or that has no live reads is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ictjudge.labs.network.spec import NetworkLab
from ictjudge.labs.network.submission import collect
from ictjudge.labs.network.vrp.display import render
from ictjudge.labs.network.vrp.live import Live, live
from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.parser import parse

# What the report shows for each kind of device, in this order.
COMMANDS: dict[str, tuple[str, ...]] = {
    "switch": ("display vlan", "display interface brief", "display current-configuration"),
    "router": (
        "display ip routing-table",
        "display ip interface brief",
        "display ospf peer brief",
        "display current-configuration",
    ),
}


@dataclass(frozen=True)
class Screen:
    """One command and what the device printed for it."""

    command: str
    output: str


@dataclass(frozen=True)
class Console:
    """One device's screens after judging."""

    device: str
    kind: str  # router or switch
    screens: tuple[Screen, ...]


def consoles(
    lab: Mapping[str, Any], files: Mapping[str, str], reads: Mapping[str, Any]
) -> list[Console]:
    """Every VRP router's and switch's screens, in the lab's order, from the task's ``lab``
    section, the submitted files and the report's ``live`` reads; none for another dialect,
    a lab section that does not validate, or a report without live reads."""
    if not reads or lab.get("dialect") != "vrp":
        return []
    try:
        spec = NetworkLab.model_validate(lab)
    except ValidationError:
        return []
    texts = {name: text for name, text in files.items() if isinstance(text, str)}
    configs = collect(spec, texts).configs
    out: list[Console] = []
    for name, device in spec.devices.items():
        outputs = reads.get(name)
        model = _device(configs.get(name, ""))
        if not isinstance(outputs, dict) or model is None or device.kind not in COMMANDS:
            continue
        state = live({k: v for k, v in outputs.items() if isinstance(v, str)})
        shown = tuple(s for s in (_screen(c, model, state) for c in COMMANDS[device.kind]) if s)
        out.append(Console(name, device.kind, shown))
    return out


def _screen(command: str, device: Device, state: Live) -> Screen | None:
    """A command's screen; a renderer that fails on odd reads leaves its screen out rather
    than the whole page."""
    try:
        return Screen(command, render(command, device, state))
    except (ValueError, LookupError, TypeError):
        return None


def _device(text: str) -> Device | None:
    found = parse(text)
    return None if isinstance(found, list) else found
