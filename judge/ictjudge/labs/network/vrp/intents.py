"""Configuration intents: what a device's configuration must contain, or must not, checked with
hier-config's ``huawei_vrp`` driver on the normalised configuration (abbreviations expanded,
every command in its view: :func:`~.render.normalise`), so that ``int g0/0/1`` typed at an eNSP
prompt meets ``interface GigabitEthernet0/0/1`` in the task.

A task lists its intents in ``task.yaml``::

    intents:
      - title: {en: "GE0/0/1 is an access port of VLAN 10", zh: "GE0/0/1 是 VLAN 10 的接入端口"}
        device: sw1
        contains:
          - |
            interface GigabitEthernet0/0/1
             port link-type access
             port default vlan 10
      - title: "No default route towards the old ISP"
        device: r1
        absent:
          - ip route-static 0.0.0.0 0.0.0.0 203.0.113.1

Each entry is a line or a block, written as the device prints it (abbreviations are expanded
here too); an intent's entries are read together, in order, as one configuration, so a VLAN is
created before a port joins it. A ``contains`` intent holds when every line of its blocks is
in the configuration under the same parents; an ``absent`` intent holds when none of its
innermost lines is.

Students see only :class:`IntentCheck` values: the intent's title and whether it holds, never
the lines it looks for and never a diff, which would give the answer away. Coaches get the
remediation from :func:`remediation`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from hier_config import HConfig, MatchRule, Platform, WorkflowRemediation, get_hconfig
from hier_config.child import HConfigChild
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.parser import parse
from ictjudge.labs.network.vrp.render import normalise
from ictjudge.texts import Text

PLATFORM = Platform.HUAWEI_VRP


class IntentError(ValueError):
    """A configuration that does not parse, with every located problem."""


class Intent(BaseModel):
    """One intent of a task: its title, the device, and the lines it wants present or absent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    device: str = Field(min_length=1)
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()

    @field_validator("contains", "absent")
    @classmethod
    def _parses(cls, blocks: tuple[str, ...]) -> tuple[str, ...]:
        try:
            hierarchy(joined(blocks))
        except IntentError as error:
            raise ValueError(f"read as one configuration, its {error}") from None
        return blocks

    @model_validator(mode="after")
    def _one_kind(self) -> Intent:
        if bool(self.contains) == bool(self.absent):
            raise ValueError("give either `contains` or `absent` (one of them, not empty)")
        return self


@dataclass(frozen=True)
class IntentCheck:
    """What a student learns of one intent: its title and whether the configuration meets it."""

    title: Text
    passed: bool


def device(text: str) -> Device:
    found = parse(text)
    if not isinstance(found, Device):
        raise IntentError("; ".join(str(p) for p in found))
    return found


def tree(normalised: str) -> str:
    """The normalised configuration as nested lines: ``#`` separators and ``return`` dropped,
    the system view's lines (which VRP indents by one space) brought to the left edge, and
    each list of VLANs written as one line per VLAN, so that an intent names VLANs one by one
    (``vlan batch 10 20`` holds ``vlan 10``; ``port trunk allow-pass vlan 10 20`` holds
    ``port trunk allow-pass vlan 10``), and a remediation adds or removes them one by one."""
    out: list[str] = []
    block: list[str] = []
    for line in [*normalised.splitlines(), "#"]:
        if line.strip() == "#" and not line.startswith(" "):
            top = bool(block) and block[0].startswith(" ")
            out += [each for b in block for each in _one_vlan_each(b[1:] if top else b)]
            block = []
        elif line.strip() not in ("#", "return", ""):
            block.append(line)
    return "\n".join(out) + "\n"


_VLAN_LIST = re.compile(
    r"^(\s*)(vlan batch|(?:undo )?port (?:trunk allow-pass|hybrid tagged|hybrid untagged) vlan)"
    r" ([0-9][0-9 to]*)$"
)


def _one_vlan_each(line: str) -> list[str]:
    match = _VLAN_LIST.match(line)
    if match is None:
        return [line]
    indent, command, vlans = match.groups()
    command = "vlan" if command == "vlan batch" else command
    words = vlans.split()
    ids: list[int] = []
    for n, word in enumerate(words):
        if word == "to":
            ids += range(int(words[n - 1]) + 1, int(words[n + 1]))
        else:
            ids.append(int(word))
    return [f"{indent}{command} {vlan}" for vlan in ids]


def hierarchy(text: str) -> HConfig:
    """A configuration or a fragment of one, normalised, as hier-config's tree; a fragment's
    defaults (the device name ``Huawei`` when it sets none) are not part of it."""
    parsed = device(text)
    written = get_hconfig(PLATFORM, tree(normalise(parsed)))
    if parsed.sysname == Device().sysname:
        return written.difference(get_hconfig(PLATFORM, tree(normalise(Device()))))
    return written


def _leaves(config: HConfig | HConfigChild) -> Iterator[HConfigChild]:
    for child in config.children:
        if child.children:
            yield from _leaves(child)
        else:
            yield child


def _present(config: HConfig, leaf: HConfigChild) -> bool:
    return config.get_child_deep(tuple(MatchRule(equals=t) for t in leaf.path())) is not None


def joined(blocks: Sequence[str]) -> str:
    """An intent's entries as one configuration, in order (a port's VLAN is created first)."""
    return "\n".join(block.rstrip("\n") for block in blocks) + "\n"


def holds(intent: Intent, running: HConfig) -> bool:
    """Whether the configuration meets the intent."""
    if intent.contains:
        return all(_present(running, leaf) for leaf in _leaves(hierarchy(joined(intent.contains))))
    return not any(_present(running, leaf) for leaf in _leaves(hierarchy(joined(intent.absent))))


def evaluate(intents: Sequence[Intent], configs: Mapping[str, str]) -> list[IntentCheck]:
    """Each intent's check, in order, on the submitted configurations by device name. A device
    whose configuration is missing or does not parse meets none of its intents."""
    running: dict[str, HConfig | None] = {}
    for name, text in configs.items():
        try:
            running[name] = running_tree(text)
        except IntentError:
            running[name] = None
    out: list[IntentCheck] = []
    for intent in intents:
        config = running.get(intent.device)
        out.append(IntentCheck(intent.title, config is not None and holds(intent, config)))
    return out


def running_tree(text: str) -> HConfig:
    """A whole submitted configuration as hier-config's tree (its defaults included)."""
    return get_hconfig(PLATFORM, tree(normalise(device(text))))


def remediation(running: str, reference: str) -> str:
    """For coaches: the commands that turn ``running`` into ``reference`` (hier-config's
    remediation, ``undo`` forms included, indented as VRP indents a view's commands), both
    read as the device would read them."""
    return _commands(running_tree(running), running_tree(reference))


def fix(intent: Intent, running: str) -> str:
    """For coaches: the commands that make ``running`` meet ``intent`` (nothing when it does
    already): its missing lines under their views, or ``undo`` forms of the lines it forbids."""
    current = running_tree(running)
    target = current.deep_copy()
    if intent.contains:
        target.merge(hierarchy(joined(intent.contains)))
    else:
        for leaf in _leaves(hierarchy(joined(intent.absent))):
            found = target.get_child_deep(tuple(MatchRule(equals=t) for t in leaf.path()))
            if found is not None:
                found.delete()
    lines = _commands(current, target).splitlines(keepends=True)
    created = [line for line in lines if re.match(r"vlan [0-9]", line)]
    return "".join(created + [line for line in lines if line not in created])  # VLANs first


def _commands(running: HConfig, target: HConfig) -> str:
    workflow = WorkflowRemediation(running, target)
    lines = [
        " " * (line.depth() - 1) + line.text
        for line in workflow.remediation_config.all_children_sorted()
    ]
    return "\n".join(lines) + ("\n" if lines else "")
