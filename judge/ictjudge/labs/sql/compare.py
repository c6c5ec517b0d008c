"""Comparing query results (pure functions).

Rows are compared as a multiset unless the order matters; the column count always, the names
only when the task says. NULL equals NULL and nothing else; a boolean is never a number. A column
is numeric when either side's column type is numeric (or, for a check's ``expect``, when the
expected cells are numbers): its text cells are read as decimals, so ``1``, ``1.0`` and ``'1.00'``
are equal, and numbers agree within the task's tolerance (``tolerance``, or half a unit of the
last of ``float_precision`` decimal places). Feedback shows a few missing and unexpected rows when
the task allows it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ictjudge.labs.sql.spec import Compare
from ictjudge.texts import N_, Note, english, note

_ORDER_BY = re.compile(r"\border\s+by\b", re.IGNORECASE)
_STRIP = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.DOTALL)
DIFF_ROWS = 5
SHOWN_CELL = 60  # characters of a cell shown in feedback

Cell = tuple[Any, ...]
"""A typed cell: ``("null",)``, ``("bool", b)``, ``("num", Decimal)`` or ``("text", s)``."""
Row = tuple[Cell, ...]


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


@dataclass(frozen=True)
class Table:
    """A result: column names, column kinds (``number``, ``bool``, ``text``; None when unknown,
    as for a check's ``expect``) and rows of JSON values."""

    columns: list[str]
    rows: list[list[Any]]
    types: list[str] | None = None


@dataclass(frozen=True)
class Outcome:
    ok: bool
    notes: list[Note] = field(default_factory=list)

    @property
    def feedback(self) -> str:
        return english(self.notes)


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _numeric_columns(width: int, *tables: Table) -> list[bool]:
    numeric = [False] * width
    for table in tables:
        for index in range(width):
            if table.types is not None and index < len(table.types):
                numeric[index] |= table.types[index] == "number"
            else:
                numeric[index] |= any(
                    index < len(row) and _is_number(row[index]) for row in table.rows
                )
    return numeric


def _cell(value: Any, numeric: bool) -> Cell:
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool", value)
    if numeric or _is_number(value):
        number = _decimal(value)
        if number is not None:
            return ("num", number.normalize() if number else Decimal(0))
    return ("text", str(value))


def _rows(table: Table, numeric: list[bool]) -> list[Row]:
    return [tuple(_cell(v, n) for v, n in zip(row, numeric, strict=False)) for row in table.rows]


def _show_cell(cell: Cell) -> str:
    if cell[0] == "null":
        return "NULL"
    if cell[0] == "bool":
        return "true" if cell[1] else "false"
    text = str(cell[1]) if cell[0] == "text" else format(cell[1], "f")
    return text if len(text) <= SHOWN_CELL else text[: SHOWN_CELL - 1] + "…"


def _show(row: Row) -> str:
    return "(" + ", ".join(_show_cell(c) for c in row) + ")"


def tolerance_of(rules: Compare) -> Decimal:
    """How far apart two numbers may be and still be equal."""
    tolerance = Decimal(0)
    if rules.float_precision is not None:
        tolerance = Decimal(5).scaleb(-rules.float_precision - 1)
    if rules.tolerance is not None:
        tolerance = max(tolerance, Decimal(str(rules.tolerance)))
    return tolerance


def _same(a: Row, b: Row, tolerance: Decimal) -> bool:
    for x, y in zip(a, b, strict=True):
        if x[0] == "num" and y[0] == "num":
            if abs(x[1] - y[1]) > tolerance:
                return False
        elif x != y:
            return False
    return True


def _shape(row: Row) -> Row:
    """The row with its numbers blanked: rows that may match within a tolerance share it."""
    return tuple(("num",) if c[0] == "num" else c for c in row)


def _numbers(row: Row) -> tuple[Decimal, ...]:
    return tuple(c[1] for c in row if c[0] == "num")


def _match(expected: list[Row], got: list[Row], tolerance: Decimal) -> tuple[list[Row], list[Row]]:
    """(missing, unexpected) rows of a multiset comparison within ``tolerance``.

    Exact matches first; the rest are grouped by their non-numeric cells and paired in sorted
    order, which finds a pairing whenever each row's numbers are closer to its partner's than to
    any other row's.
    """
    missing = Counter(expected) - Counter(got)
    extra = Counter(got) - Counter(expected)
    if not tolerance or not missing or not extra:
        return list(missing.elements()), list(extra.elements())
    wanted: dict[Row, list[Row]] = defaultdict(list)
    given: dict[Row, list[Row]] = defaultdict(list)
    for row in missing.elements():
        wanted[_shape(row)].append(row)
    for row in extra.elements():
        given[_shape(row)].append(row)
    left: list[Row] = []
    right: list[Row] = []
    for shape in wanted.keys() | given.keys():
        a = sorted(wanted.get(shape, []), key=_numbers)
        b = sorted(given.get(shape, []), key=_numbers)
        i = j = 0
        while i < len(a) and j < len(b):
            if _same(a[i], b[j], tolerance):
                i += 1
                j += 1
            elif _numbers(a[i]) < _numbers(b[j]):
                left.append(a[i])
                i += 1
            else:
                right.append(b[j])
                j += 1
        left += a[i:]
        right += b[j:]
    return left, right


def _in_order(rows: list[Row], chosen: list[Row]) -> list[Row]:
    """``chosen`` (a sub-multiset of ``rows``) in the order its rows appear in ``rows``."""
    left = Counter(chosen)
    out = []
    for row in rows:
        if left[row] > 0:
            left[row] -= 1
            out.append(row)
    return out


def compare(expected: Table, got: Table, rules: Compare, ordered: bool) -> Outcome:
    """Compare ``got`` with ``expected`` under the task's rules."""
    if len(got.columns) != len(expected.columns):
        key = N_("Columns returned: %(got)s; expected: %(expected)s.")
        return Outcome(False, [note(key, got=len(got.columns), expected=len(expected.columns))])
    if rules.column_names:
        wanted = [c.lower() for c in expected.columns]
        if [c.lower() for c in got.columns] != wanted:
            key = N_("The columns are named %(got)s; expected %(expected)s.")
            names = {"got": ", ".join(got.columns), "expected": ", ".join(expected.columns)}
            return Outcome(False, [note(key, **names)])
    numeric = _numeric_columns(len(expected.columns), expected, got)
    want = _rows(expected, numeric)
    have = _rows(got, numeric)
    tolerance = tolerance_of(rules)
    missing, extra = _match(want, have, tolerance)
    if not missing and not extra:
        if not ordered or len(want) != len(have):
            return Outcome(True)
        for index, (a, b) in enumerate(zip(want, have, strict=True)):
            if not _same(a, b, tolerance):
                notes = [note(N_("The rows are right, but in the wrong order."))]
                if rules.show_diff:
                    key = N_("Row %(row)s is %(got)s; expected %(expected)s.")
                    notes.append(note(key, row=index + 1, got=_show(b), expected=_show(a)))
                return Outcome(False, notes)
        return Outcome(True)
    missing, extra = _in_order(want, missing), _in_order(have, extra)
    key = N_("Rows returned: %(got)s; expected: %(expected)s.")
    notes = [note(key, got=len(have), expected=len(want))]
    if rules.show_diff:
        if missing:
            notes.append(note(N_("Missing rows: %(rows)s"), rows=_shown(missing)))
        if extra:
            notes.append(note(N_("Unexpected rows: %(rows)s"), rows=_shown(extra)))
    return Outcome(False, notes)


def _shown(rows: list[Row]) -> str:
    text = ", ".join(_show(r) for r in rows[:DIFF_ROWS])
    return text + (" …" if len(rows) > DIFF_ROWS else "")
