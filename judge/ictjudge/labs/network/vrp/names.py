"""Interface names: VRP's abbreviations, their canonical spelling, and the Linux name of each.

VRP accepts any unique prefix of the type (``g0/0/1``, ``loop 0``), ``GE`` for GigabitEthernet,
and the number glued on or as a separate word (``GigabitEthernet 0/0/1``).
"""

from __future__ import annotations

import re

TYPES = ("GigabitEthernet", "LoopBack", "Vlanif", "Eth-Trunk")
ALIASES = {"ge": "GigabitEthernet"}
NUMBERS = {
    "GigabitEthernet": re.compile(r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,2}$"),
    "LoopBack": re.compile(r"^[0-9]{1,4}$"),
    "Vlanif": re.compile(r"^[0-9]{1,4}$"),
    "Eth-Trunk": re.compile(r"^[0-9]{1,3}$"),
}
EXAMPLES = "GigabitEthernet0/0/1, LoopBack0, Vlanif10 or Eth-Trunk1"
_GLUED = re.compile(r"^([A-Za-z][A-Za-z-]*?)([0-9][0-9/]*)$")


def interface_type(word: str) -> str | None:
    """The interface type ``word`` abbreviates, if it abbreviates exactly one."""
    lowered = word.lower()
    if lowered in ALIASES:
        return ALIASES[lowered]
    found = [t for t in TYPES if t.lower().startswith(lowered)]
    return found[0] if len(found) == 1 else None


def canonical(kind_word: str, number: str) -> str | None:
    """``GigabitEthernet0/0/1`` from (``g``, ``0/0/1``); ``None`` unless both parts are valid."""
    kind = interface_type(kind_word)
    if kind is None or not NUMBERS[kind].match(number):
        return None
    return kind + "/".join(str(int(part)) for part in number.split("/"))


def split_glued(word: str) -> tuple[str, str] | None:
    """(``g``, ``0/0/1``) from ``g0/0/1``."""
    match = _GLUED.match(word)
    return (match.group(1), match.group(2)) if match else None


LINUX = (("GigabitEthernet", "ge"), ("Vlanif", "vlanif"), ("Eth-Trunk", "eth-trunk"))


def linux_name(name: str) -> str:
    """The Linux interface behind a VRP interface: ``ge0-0-1``, ``lo``, ``vlanif10``,
    ``eth-trunk1``. Every LoopBack is the namespace's one loopback device ``lo``."""
    for kind, short in LINUX:
        if name.startswith(kind):
            return short + name[len(kind) :].replace("/", "-")
    return "lo"


def vrp_name(linux: str) -> str | None:
    """The VRP interface a Linux interface stands for (``ge0-0-1``: ``GigabitEthernet0/0/1``);
    ``None`` for the lab's own plumbing (bridges, their ports) and for ``lo``, which carries
    every LoopBack at once."""
    for kind, short in LINUX:
        number = linux[len(short) :].replace("-", "/")
        if linux.startswith(short) and NUMBERS[kind].match(number):
            return kind + number
    return None


def number(name: str) -> int:
    """The number of a LoopBack, Vlanif or Eth-Trunk (the last one for GigabitEthernet)."""
    return int(re.split(r"[^0-9]", name)[-1])


def port_name(linux: str) -> str:
    """The VRP interface behind a bridge port's Linux name, always named:
    ``GigabitEthernet0/0/1`` for ``ge0-0-1``, ``Eth-Trunk1`` for ``eth-trunk1``, ``Vlanif10``
    for ``vlanif10`` (the inverse of :func:`linux_name`, ``lo`` aside)."""
    for short, kind in (
        ("eth-trunk", "Eth-Trunk"),
        ("vlanif", "Vlanif"),
        ("ge", "GigabitEthernet"),
    ):
        if linux.startswith(short):
            return kind + linux[len(short) :].replace("-", "/")
    return "LoopBack0" if linux == "lo" else linux
