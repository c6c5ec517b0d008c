"""A lab's topology as pictures and editors need it: nodes and links, nothing more.

Network graders turn their task's ``lab`` section into a :class:`Topology`; the platform draws
it (``ictarena.http.topology``) and never needs to know the grader's own models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NodeKind = Literal["router", "switch", "host", "server"]


@dataclass(frozen=True)
class Node:
    name: str
    kind: NodeKind = "router"
    editable: bool = False
    label: str = ""  # e.g. a role ("ISP", "web server"); the name is shown anyway


@dataclass(frozen=True)
class PortVlans:
    """A switch port's VLANs: ``access`` (untagged in ``pvid``), ``trunk`` (tagged ``vlans``,
    untagged ``pvid``) or ``hybrid`` (``vlans`` tagged or untagged, ``pvid`` for untagged
    frames)."""

    mode: Literal["access", "trunk", "hybrid"]
    pvid: int
    vlans: tuple[int, ...] = ()


@dataclass(frozen=True)
class Link:
    a: str
    a_interface: str
    b: str
    b_interface: str
    subnet: str | None = None
    a_vlans: PortVlans | None = None  # when the a end is a switch's port
    b_vlans: PortVlans | None = None


@dataclass(frozen=True)
class Topology:
    nodes: tuple[Node, ...] = ()
    links: tuple[Link, ...] = field(default_factory=tuple)
