"""Small server-side SVG charts (no chart library, no script): the competency radar."""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup


def radar(values: list[tuple[str, float]], size: int = 320) -> Markup:
    """A radar of 0–100 values; labels are escaped."""
    centre = size / 2
    radius = size / 2 - 70
    n = len(values)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        r = radius * max(0.0, min(100.0, value)) / 100
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    rings = []
    for level in (25, 50, 75, 100):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        rings.append(f'<polygon points="{ring}" class="ring"/>')
    axes = []
    labels = []
    for i, (label, value) in enumerate(values):
        x, y = point(i, 100)
        axes.append(f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" class="axis"/>')
        lx, ly = point(i, 122)
        anchor = "middle" if abs(lx - centre) < 10 else ("start" if lx > centre else "end")
        labels.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(label)} '
            f"({value:.0f}%)</text>"
        )
    shape = " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, (_l, v) in enumerate(values))
    )
    return Markup(
        f'<svg viewBox="0 0 {size} {size}" class="radar" role="img" '
        f'aria-label="{escape(", ".join(f"{lab}: {v:.0f}%" for lab, v in values))}">'
        + "".join(rings + axes)
        + f'<polygon points="{shape}" class="shape"/>'
        + "".join(labels)
        + "</svg>"
    )
