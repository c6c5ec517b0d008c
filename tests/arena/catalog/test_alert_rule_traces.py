"""The IoT alert-rule task's traces and expected alerts are what its generator writes, and the
generator's rule is the one the statement describes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

LAB = Path(__file__).resolve().parents[3] / "problem_sets" / "iot" / "alert-rule" / "lab"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_traces", LAB / "make_traces.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_traces_are_the_generators_output(tmp_path: Path) -> None:
    _generator().write(tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in LAB.glob("*.jsonl"))
    for name in written:
        assert (tmp_path / name).read_text() == (LAB / name).read_text(), name


def test_an_alert_clears_only_below_the_low_threshold() -> None:
    readings = [
        ("s", v) for v in ["31", "31", "31", "31", "31", "29", "29", "29", "29", "29", "27"]
    ]
    readings += [("s", v) for v in ["27", "27", "27", "27"]]
    alerts = [json.loads(a["payload"]) for a in _generator().expected(readings)]
    assert alerts == [
        {"sensor": "s", "state": "alert", "avg": 31.0},
        {"sensor": "s", "state": "clear", "avg": 27.8},
    ]


def test_text_is_not_a_reading_and_five_readings_come_first() -> None:
    readings = [("s", v) for v in ["45.0", "ERR", "", "31,5", "40", "40", "40"]]
    assert _generator().expected(readings) == []
    alerts = _generator().expected([*readings, ("s", "40")])
    assert [json.loads(a["payload"])["avg"] for a in alerts] == [41.0]
