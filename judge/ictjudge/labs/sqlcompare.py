"""Comparing query results (pure functions).

Rows are compared as a multiset unless the order matters; the column count always, the names
only when the task says; NULL equals NULL; numbers at the task's precision (and ``1`` equals
``1.0``, since drivers differ on numeric types). Feedback shows a few missing and unexpected
rows when the task allows it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ictjudge.labs.spec import Compare

_ORDER_BY = re.compile(r"\border\s+by\b", re.IGNORECASE)
_STRIP = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.DOTALL)
DIFF_ROWS = 5


def orders_at_top_level(query: str) -> bool:
    """True when the query's outermost SELECT has an ORDER BY (not one inside parentheses)."""
    text = _STRIP.sub("", query)
    depth = 0
    outer = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            outer.append(char)
    return bool(_ORDER_BY.search("".join(outer)))


def _cell(value: Any, precision: int | None) -> Any:
    if value is None or isinstance(value, bool):
        return value
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if precision is not None:
        number = number.quantize(Decimal(1).scaleb(-precision))
    return number.normalize() if number != 0 else Decimal(0)


def _key(row: list[Any], precision: int | None) -> tuple[Any, ...]:
    return tuple(_cell(v, precision) for v in row)


def _show(row: tuple[Any, ...]) -> str:
    return "(" + ", ".join("NULL" if v is None else str(v) for v in row) + ")"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    feedback: str


def compare(
    expected_columns: list[str],
    expected_rows: list[list[Any]],
    got_columns: list[str],
    got_rows: list[list[Any]],
    rules: Compare,
    ordered: bool,
) -> Outcome:
    if len(got_columns) != len(expected_columns):
        return Outcome(
            False, f"{len(got_columns)} columns returned, {len(expected_columns)} expected"
        )
    if rules.column_names:
        wanted = [c.lower() for c in expected_columns]
        if [c.lower() for c in got_columns] != wanted:
            return Outcome(False, f"columns {got_columns}, expected {expected_columns}")
    expected = [_key(r, rules.float_precision) for r in expected_rows]
    got = [_key(r, rules.float_precision) for r in got_rows]
    if ordered:
        if expected == got:
            return Outcome(True, "")
        if Counter(expected) == Counter(got):
            return Outcome(False, "the right rows in the wrong order")
    elif Counter(expected) == Counter(got):
        return Outcome(True, "")
    missing = list((Counter(expected) - Counter(got)).elements())
    extra = list((Counter(got) - Counter(expected)).elements())
    feedback = f"{len(got)} rows returned, {len(expected)} expected"
    if rules.show_diff:
        if missing:
            feedback += "; missing: " + ", ".join(_show(r) for r in missing[:DIFF_ROWS])
        if extra:
            feedback += "; unexpected: " + ", ".join(_show(r) for r in extra[:DIFF_ROWS])
    return Outcome(False, feedback)
