"""JSON subset matching, for items that compare a ``show … json`` output with what they expect."""

from __future__ import annotations

import json
import re
from typing import Any


def subset_mismatch(expected: Any, actual: Any, path: str = "") -> str | None:
    """Where ``actual`` fails to contain ``expected``, or None when it does.

    Mappings: every expected key must be present and match; extra keys are ignored; a key whose
    expected value is ``null`` must be absent. Lists: every expected element must match a
    different actual element, in any order. ``{"$regex": "…"}`` matches strings by search.
    Numbers compare by value; everything else by equality.
    """
    where = path or "the output"
    if isinstance(expected, dict) and set(expected) == {"$regex"}:
        if isinstance(actual, str) and re.search(str(expected["$regex"]), actual):
            return None
        return f"{where}: {actual!r} does not match /{expected['$regex']}/"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: expected an object, got {_short(actual)}"
        for key, value in expected.items():
            step = (
                f"{path}.{key}"
                if re.fullmatch(r"[A-Za-z_][\w-]*", str(key))
                else f"{path}[{key!r}]"
            )
            if value is None:
                if key in actual:
                    return f"{step.lstrip('.')}: should be absent, found {_short(actual[key])}"
                continue
            if key not in actual:
                return f"{step.lstrip('.')}: missing"
            problem = subset_mismatch(value, actual[key], step.lstrip("."))
            if problem:
                return problem
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{where}: expected a list, got {_short(actual)}"
        if _assign(expected, actual) is None:
            for index, item in enumerate(expected):
                if all(subset_mismatch(item, candidate) for candidate in actual):
                    return f"{where}[{index}]: no element matches {_short(item)}"
            return f"{where}: {len(expected)} elements cannot each match a different element"
        return None
    if isinstance(expected, bool) or isinstance(actual, bool):
        same = expected is actual
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        same = float(expected) == float(actual)
    else:
        same = expected == actual
    return None if same else f"{where}: expected {_short(expected)}, got {_short(actual)}"


def _assign(expected: list[Any], actual: list[Any]) -> dict[int, int] | None:
    """A matching of each expected element to a distinct actual element (augmenting paths)."""
    fits = [[j for j, a in enumerate(actual) if subset_mismatch(e, a) is None] for e in expected]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(expected)):
        if not place(i, set()):
            return None
    return {i: j for j, i in owner.items()}


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."
