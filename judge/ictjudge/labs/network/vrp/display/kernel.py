"""What the kernel's reads say about a device's interfaces: the state and error counters of
each link (``ip -j -s link show``) and its IPv4 addresses (``ip -j address show``), by the VRP
name of the interface. The lab's own plumbing (bridges, their ports) has no VRP name and is
left out; ``lo`` carries every LoopBack's address.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from ipaddress import IPv4Interface
from typing import Any

from ictjudge.labs.network.vrp.names import vrp_name

LOOPBACK = "lo"


@dataclass(frozen=True)
class Link:
    """One interface as the kernel sees it."""

    up: bool  # the link is up and has a carrier
    in_errors: int = 0
    out_errors: int = 0


def decode(text: str) -> Any:
    """A JSON read, or None when the read is empty or unreadable."""
    try:
        return json.loads(text) if text.strip() else None
    except ValueError:
        return None


def mapping(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one: a read of an unexpected shape
    reads as nothing."""
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[dict[str, Any]]:
    """The objects of a JSON array (nothing for anything else)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def integer(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _items(text: str) -> list[dict[str, Any]]:
    return items(decode(text))


def links(text: str) -> dict[str, Link]:
    """``ip -j -s link show``: each interface's state, by VRP name."""
    out: dict[str, Link] = {}
    for item in _items(text):
        name = vrp_name(str(item.get("ifname", "")))
        if name is None:
            continue
        flags = item.get("flags")
        flags = flags if isinstance(flags, list) else []
        stats = mapping(item.get("stats64") or item.get("stats"))
        out[name] = Link(
            up="UP" in flags and "LOWER_UP" in flags,
            in_errors=integer(mapping(stats.get("rx")).get("errors")),
            out_errors=integer(mapping(stats.get("tx")).get("errors")),
        )
    return out


def addresses(text: str) -> dict[str, list[IPv4Interface]]:
    """``ip -j address show``: each interface's IPv4 addresses, by VRP name (``lo`` as is)."""
    out: dict[str, list[IPv4Interface]] = {}
    for item in _items(text):
        linux = str(item.get("ifname", ""))
        name = LOOPBACK if linux == LOOPBACK else vrp_name(linux)
        if name is None:
            continue
        for info in items(item.get("addr_info")):
            if info.get("family") == "inet":
                try:
                    address = IPv4Interface(f"{info['local']}/{info['prefixlen']}")
                except (KeyError, ValueError):
                    continue
                out.setdefault(name, []).append(address)
    return out
