"""Writes the sensor traces replayed by the checks and the alerts expected from them.

Run from this folder: python3 make_traces.py. Readings have one decimal, so the average of
five is exact to two decimals; no average comes within 0.01 of a threshold, so a rule engine
working in binary floating point decides exactly as this decimal one does.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

HIGH = Decimal("30.0")
LOW = Decimal("28.0")
WINDOW = 5
DELAY_S = 0.02


def noisy(rng: random.Random, levels: list[float], spread: float) -> list[str]:
    """One reading per level, with a little noise, as text with one decimal."""
    return [f"{level + rng.uniform(-spread, spread):.1f}" for level in levels]


def ramp(start: float, stop: float, steps: int) -> list[float]:
    return [start + (stop - start) * i / (steps - 1) for i in range(steps)]


def expected(readings: list[tuple[str, str]]) -> list[dict[str, object]]:
    """The alerts and clears a correct rule publishes for (sensor, payload) readings in order."""
    windows: dict[str, list[Decimal]] = {}
    alerting: set[str] = set()
    out: list[dict[str, object]] = []
    for sensor, payload in readings:
        try:
            value = Decimal(payload)
        except ArithmeticError:
            continue
        if not value.is_finite():
            continue
        window = windows.setdefault(sensor, [])
        window.append(value)
        del window[:-WINDOW]
        if len(window) < WINDOW:
            continue
        average = sum(window) / WINDOW
        assert abs(average - HIGH) > Decimal("0.01") and abs(average - LOW) > Decimal("0.01"), (
            sensor,
            average,
        )
        state = None
        if sensor not in alerting and average > HIGH:
            alerting.add(sensor)
            state = "alert"
        elif sensor in alerting and average < LOW:
            alerting.discard(sensor)
            state = "clear"
        if state:
            payload_out = {"sensor": sensor, "state": state, "avg": float(average)}
            out.append({"topic": f"alerts/{sensor}", "payload": json.dumps(payload_out)})
    return out


def interleave(*series: tuple[str, list[str]]) -> list[tuple[str, str]]:
    """Round-robin over the sensors' readings (each sensor reports at the same rate)."""
    merged: list[tuple[str, str]] = []
    longest = max(len(values) for _, values in series)
    for i in range(longest):
        for sensor, values in series:
            if i < len(values):
                merged.append((sensor, values[i]))
    return merged


def traces() -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(2026)
    # a1: two hot readings at power-up (no decision before five), then a slow rise past 30.
    crossing = [("a1", v) for v in ["34.0", "33.0"] + noisy(rng, [20.0] * 5 + ramp(24, 33, 12) + [33.0] * 4, 0.3)]
    # b1: rises past 30, hovers around it (one alert only), dips to 28.5 (no clear), falls
    # below 28 (clear), then rises again (a second alert).
    hysteresis_levels = (
        ramp(26, 31.5, 8) + [29.6, 30.6, 29.4, 30.8, 29.5, 29.2] + ramp(29, 28.4, 6)
        + ramp(28.2, 25, 6) + ramp(26, 32, 8)
    )
    hysteresis = [("b1", v) for v in noisy(rng, hysteresis_levels, 0.2)]
    # c1 heats up, c2 has single spikes above 30 but a low average, c3 heats late and cools.
    per_sensor = interleave(
        ("c1", noisy(rng, ramp(27, 33, 10) + [33.0] * 6, 0.2)),
        ("c2", noisy(rng, [25, 25, 34, 25, 25, 25, 35, 25, 25, 25, 25, 33, 25, 25, 25, 25], 0.2)),
        ("c3", noisy(rng, [24.0] * 5 + ramp(25, 34, 5) + ramp(32, 24, 6), 0.2)),
    )
    # d1: a faulty probe sends text among its readings; only numbers count.
    faulty = noisy(rng, ramp(26, 33, 14) + ramp(32, 25, 10), 0.2)
    for index, junk in [(3, "ERR"), (7, ""), (11, "--"), (12, "31,5"), (18, "ERR"), (21, "{}")]:
        faulty.insert(index, junk)
    faults = [("d1", v) for v in faulty]
    return {"crossing": crossing, "hysteresis": hysteresis, "per-sensor": per_sensor, "faults": faults}


def write(folder: Path) -> None:
    for name, readings in traces().items():
        lines = [
            json.dumps({"topic": f"sensors/{sensor}/temp", "payload": payload, "delay_s": DELAY_S})
            for sensor, payload in readings
        ]
        (folder / f"trace-{name}.jsonl").write_text("\n".join(lines) + "\n")
        alerts = [json.dumps(alert) for alert in expected(readings)]
        (folder / f"expected-{name}.jsonl").write_text("".join(line + "\n" for line in alerts))


if __name__ == "__main__":
    write(Path(__file__).resolve().parent)
