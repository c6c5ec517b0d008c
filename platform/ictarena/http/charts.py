"""Small server-side SVG charts (no chart library, no script): the competency radar and the
rating history line."""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

WIDTH = 500
HEIGHT = 420
RADIUS = 125
LINE_CHARS = 16  # wrap labels near this many characters (CJK characters count double)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def wrap(label: str, limit: int = LINE_CHARS) -> list[str]:
    """Split a label into short lines: at spaces for English, anywhere for Chinese."""
    lines: list[str] = []
    current = ""
    tokens = label.split(" ") if " " in label else list(label)
    joiner = " " if " " in label else ""
    for token in tokens:
        candidate = f"{current}{joiner}{token}" if current else token
        if current and _width(candidate) > limit:
            lines.append(current)
            current = token
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def radar(
    values: list[tuple[str, float]],
    overlay: list[float] | None = None,
    names: tuple[str, str] = ("", ""),
) -> Markup:
    """A radar of 0–100 values with their labels; labels are escaped.

    ``overlay`` is a second series over the same axes (drawn as a dashed outline), and
    ``names`` the two series' names, used in the chart's text alternative; each axis label then
    shows both values, the first series' first."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    n = len(values)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        r = RADIUS * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def polygon(series: list[float], css: str) -> str:
        points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(series))
        )
        return f'<polygon points="{points}" class="{css}"/>'

    rings = []
    for level in (25, 50, 75, 100):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        rings.append(f'<polygon points="{ring}" class="ring"/>')
    axes = []
    labels = []
    for i, (label, value) in enumerate(values):
        x, y = point(i, 100)
        axes.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" class="axis"/>')
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - cx) < 12 else ("start" if lx > cx else "end")
        shown = f"{value:.0f}%" if overlay is None else f"{value:.0f}% · {overlay[i]:.0f}%"
        lines = [*wrap(label), shown]
        # Labels above the centre grow upwards, so they never cover the chart.
        top = ly - (len(lines) - 1) * 14 if ly < cy - 12 else ly if ly > cy + 12 else ly - 7
        spans = "".join(
            f'<tspan x="{lx:.1f}" y="{top + k * 14:.1f}"'
            + (' class="value"' if k == len(lines) - 1 else "")
            + f">{escape(line)}</tspan>"
            for k, line in enumerate(lines)
        )
        labels.append(f'<text text-anchor="{anchor}">{spans}</text>')
    series = [v for _l, v in values]
    shape = [point(i, v) for i, v in enumerate(series)]
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="dot"/>' for x, y in shape)
    if overlay is None:
        summary = ", ".join(f"{lab}: {v:.0f}%" for lab, v in values)
    else:
        summary = "; ".join(
            f"{lab}: {names[0]} {v:.0f}%, {names[1]} {w:.0f}%"
            for (lab, v), w in zip(values, overlay, strict=True)
        )
    return Markup(
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="radar" role="img" '
        f'aria-label="{escape(summary)}">'
        + "".join(rings + axes)
        + (polygon(overlay, "shape overlay") if overlay is not None else "")
        + polygon(series, "shape")
        + dots
        + "".join(labels)
        + "</svg>"
    )


def rating_line(values: list[int], start: int, label: str) -> Markup:
    """A student's rating after each rated contest, as a line from ``start`` (the rating
    before the first), with a dot and the value at each contest. ``label``: the chart's
    accessible name (the page gives the same numbers as a table)."""
    width, height, pad = 560, 200, 28
    points = [start, *values]
    low, high = min(points), max(points)
    span = max(high - low, 100)  # a flat history still reads as a line in the middle
    middle = (high + low) / 2

    def xy(index: int, value: int) -> tuple[float, float]:
        x = pad + index * (width - 2 * pad) / max(1, len(points) - 1)
        y = height / 2 - (value - middle) * (height - 2 * pad) / span
        return round(x, 1), round(y, 1)

    coords = [xy(i, v) for i, v in enumerate(points)]
    line = " ".join(f"{x},{y}" for x, y in coords)
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="4"/>'
        f'<text x="{x}" y="{y - 9}" text-anchor="middle">{v}</text>'
        for (x, y), v in zip(coords[1:], values, strict=True)
    )
    return Markup(
        f'<svg class="rating-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}"><polyline points="{line}"/>{dots}</svg>'
    )
