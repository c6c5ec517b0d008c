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


def _items(text: str) -> list[dict[str, Any]]:
    data = decode(text)
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []


def links(text: str) -> dict[str, Link]:
    """``ip -j -s link show``: each interface's state, by VRP name."""
    out: dict[str, Link] = {}
    for item in _items(text):
        name = vrp_name(str(item.get("ifname", "")))
        if name is None:
            continue
        flags = item.get("flags") or []
        stats = item.get("stats64") or item.get("stats") or {}
        out[name] = Link(
            up="UP" in flags and "LOWER_UP" in flags,
            in_errors=int((stats.get("rx") or {}).get("errors", 0)),
            out_errors=int((stats.get("tx") or {}).get("errors", 0)),
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
        for info in item.get("addr_info") or []:
            if info.get("family") == "inet":
                try:
                    address = IPv4Interface(f"{info['local']}/{info['prefixlen']}")
                except (KeyError, ValueError):
                    continue
                out.setdefault(name, []).append(address)
    return out
