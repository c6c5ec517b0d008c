"""A network lab's topology as an accessible SVG picture, drawn on the server (no script).

Routers, switches, hosts and servers get distinct shapes; devices the student configures get a
highlighted outline; every link carries its interface names near each end and its subnet in
the middle. The picture has a ``<title>`` and ``<desc>``; the page also shows the links as a
table, which is the text alternative screen-reader users and small screens rely on.

Layout: columns by distance (in links) from one end of the longest shortest path, so a line of
routers reads left to right and branches hang below; separate islands are stacked.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from ictjudge.labs.topology import Link, Node, PortVlans, Topology

PortText = Callable[[PortVlans], str]

COLUMN = 190
ROW = 150
MARGIN_X = 90
MARGIN_Y = 60
LABEL_SPACE = 44  # below a node: its name and role
PARALLEL_GAP = 16  # between two links joining the same pair of devices


@dataclass(frozen=True)
class Placed:
    node: Node
    x: float
    y: float


def _nodes(topology: Topology) -> list[Node]:
    """The declared nodes, plus any a link names without declaring (drawn as routers)."""
    nodes = list(topology.nodes)
    known = {n.name for n in nodes}
    for link in topology.links:
        for name in (link.a, link.b):
            if name not in known:
                nodes.append(Node(name))
                known.add(name)
    return nodes


def _bfs(start: str, adjacency: Mapping[str, list[str]]) -> dict[str, int]:
    depth = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for other in adjacency[current]:
            if other not in depth:
                depth[other] = depth[current] + 1
                queue.append(other)
    return depth


def layout(topology: Topology) -> list[Placed]:
    """Positions for every node (deterministic for a given topology)."""
    nodes = _nodes(topology)
    order = {n.name: i for i, n in enumerate(nodes)}
    adjacency: dict[str, list[str]] = {n.name: [] for n in nodes}
    for link in topology.links:
        if link.b not in adjacency[link.a]:
            adjacency[link.a].append(link.b)
        if link.a not in adjacency[link.b]:
            adjacency[link.b].append(link.a)
    for neighbours in adjacency.values():
        neighbours.sort(key=order.__getitem__)
    placed: list[Placed] = []
    seen: set[str] = set()
    top = 0
    for node in nodes:
        if node.name in seen:
            continue
        # Start from one end of the island's longest path (found by two searches), so it runs
        # left to right; of its two ends, the one the task lists first.
        reach = _bfs(node.name, adjacency)
        end = max(reach, key=lambda name: (reach[name], -order[name]))
        from_end = _bfs(end, adjacency)
        other = max(from_end, key=lambda name: (from_end[name], -order[name]))
        start = min(end, other, key=order.__getitem__)
        depth = from_end if start == end else _bfs(start, adjacency)
        columns: dict[int, list[str]] = {}
        for name in sorted(depth, key=lambda n: (depth[n], order[n])):
            columns.setdefault(depth[name], []).append(name)
        rows = max(len(c) for c in columns.values())
        by_name = {n.name: n for n in nodes}
        for column, names in columns.items():
            offset = (rows - len(names)) / 2  # centre short columns against the tallest
            for row, name in enumerate(names):
                placed.append(
                    Placed(
                        by_name[name],
                        MARGIN_X + column * COLUMN,
                        MARGIN_Y + (top + offset + row) * ROW,
                    )
                )
        seen.update(depth)
        top += rows
    return placed


def _shape(node: Node, x: float, y: float) -> str:
    cls = f"node node-{node.kind}" + (" editable" if node.editable else "")
    if node.kind == "switch":
        body = (
            f'<rect x="{x - 34}" y="{y - 20}" width="68" height="40" rx="6" class="body"/>'
            f'<path d="M{x - 20} {y - 7}h34m-6 -5l6 5l-6 5M{x + 20} {y + 7}h-34m6 -5l-6 5l6 5" '
            'class="glyph"/>'
        )
    elif node.kind == "host":
        body = (
            f'<rect x="{x - 28}" y="{y - 24}" width="56" height="38" rx="4" class="body"/>'
            f'<rect x="{x - 21}" y="{y - 18}" width="42" height="26" rx="2" class="screen"/>'
            f'<path d="M{x - 8} {y + 14}v8M{x + 8} {y + 14}v8M{x - 16} {y + 24}h32" class="stand"/>'
        )
    elif node.kind == "server":
        body = (
            f'<rect x="{x - 22}" y="{y - 30}" width="44" height="60" rx="4" class="body"/>'
            + "".join(
                f'<path d="M{x - 14} {y - 16 + 14 * i}h20" class="glyph"/>'
                f'<circle cx="{x + 12}" cy="{y - 16 + 14 * i}" r="2.2" class="led"/>'
                for i in range(3)
            )
        )
    else:  # router: a disc with four arrows, as network diagrams draw it
        body = (
            f'<ellipse cx="{x}" cy="{y}" rx="30" ry="26" class="body"/>'
            f'<path d="M{x - 18} {y - 10}l10 6M{x - 18} {y - 10}h7M{x - 18} {y - 10}l3 6'
            f"M{x + 18} {y + 10}l-10 -6M{x + 18} {y + 10}h-7M{x + 18} {y + 10}l-3 -6"
            f"M{x + 18} {y - 10}l-10 6M{x + 18} {y - 10}h-7M{x + 18} {y - 10}l-3 6"
            f'M{x - 18} {y + 10}l10 -6M{x - 18} {y + 10}h7M{x - 18} {y + 10}l3 -6" '
            'class="glyph"/>'
        )
    label = (
        f'<text x="{x}" y="{y + 48}" class="name" text-anchor="middle">{escape(node.name)}</text>'
    )
    if node.label:
        label += (
            f'<text x="{x}" y="{y + 64}" class="role" text-anchor="middle">'
            f"{escape(node.label)}</text>"
        )
    return f'<g class="{cls}">{body}{label}</g>'


def _halo_text(x: float, y: float, text: str, cls: str, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}" '
        f'paint-order="stroke">{escape(text)}</text>'
    )


def vlan_text(ports: PortVlans, t: Callable[..., str]) -> str:
    """A switch port's VLANs in words, ``t`` translating (``ctx.t``)."""
    vlans = ",".join(str(v) for v in ports.vlans)
    if ports.mode == "trunk":
        return t("Trunk, VLAN %(vlans)s", vlans=vlans)
    if ports.mode == "hybrid":
        return t("Hybrid, PVID %(pvid)s, VLAN %(vlans)s", pvid=ports.pvid, vlans=vlans)
    return t("Access, VLAN %(vlan)s", vlan=ports.pvid)


def _link(link: Link, a: Placed, b: Placed, shift: float, port_text: PortText | None) -> str:
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    nx, ny = -uy * shift, ux * shift  # perpendicular offset for parallel links
    x1, y1, x2, y2 = a.x + nx, a.y + ny, b.x + nx, b.y + ny
    parts = [f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="link"/>']
    # Interface names sit just outside each device, on the side of the line away from the
    # subnet label; vertical links put them beside the line instead of on it.
    near = 58
    side = 12 if abs(ux) > 0.3 else 0
    for px, py, name, ports in (
        (x1 + ux * near, y1 + uy * near, link.a_interface, link.a_vlans),
        (x2 - ux * near, y2 - uy * near, link.b_interface, link.b_vlans),
    ):
        anchor = "start" if abs(ux) <= 0.3 else "middle"
        offset_x = 8 if anchor == "start" else 0
        if name:
            parts.append(_halo_text(px + offset_x, py - side, name, "ifname", anchor))
        if ports is not None and port_text is not None:  # a switch port: its VLANs below
            parts.append(
                _halo_text(px + offset_x, py - side + 14, port_text(ports), "vlan", anchor)
            )
    if link.subnet:
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        if abs(ux) > 0.3:
            parts.append(_halo_text(mx, my + 18, link.subnet, "subnet"))
        else:
            parts.append(_halo_text(mx - 8, my + 4, link.subnet, "subnet", "end"))
    return "".join(parts)


def draw(
    topology: Topology, title: str, description: str, port_text: PortText | None = None
) -> Markup:
    """The topology as inline SVG; ``title`` and ``description`` are plain (escaped) text, and
    ``port_text`` words a switch port's VLANs (none drawn without it)."""
    placed = layout(topology)
    if not placed:
        return Markup("")
    at = {p.node.name: p for p in placed}
    width = max(p.x for p in placed) + MARGIN_X
    height = max(p.y for p in placed) + MARGIN_Y + LABEL_SPACE
    pairs: dict[frozenset[str], int] = {}
    for link in topology.links:
        key = frozenset((link.a, link.b))
        pairs[key] = pairs.get(key, 0) + 1
    seen: dict[frozenset[str], int] = {}
    links = []
    for link in topology.links:
        key = frozenset((link.a, link.b))
        index = seen.get(key, 0)
        seen[key] = index + 1
        shift = (index - (pairs[key] - 1) / 2) * PARALLEL_GAP
        links.append(_link(link, at[link.a], at[link.b], shift, port_text))
    nodes = [_shape(p.node, p.x, p.y) for p in placed]
    return Markup(
        f'<svg viewBox="0 0 {width:.0f} {height:.0f}" class="topology" role="img" '
        f'aria-labelledby="topo-title topo-desc" '
        # never shrink below 70 %: a wide lab scrolls sideways instead of becoming unreadable
        f'style="max-width:{width:.0f}px;min-width:{0.7 * width:.0f}px">'
        f'<title id="topo-title">{escape(title)}</title>'
        f'<desc id="topo-desc">{escape(description)}</desc>'
        + "".join(links)
        + "".join(nodes)
        + "</svg>"
    )
