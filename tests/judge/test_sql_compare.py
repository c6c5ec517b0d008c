"""Comparing query results: NULLs, types, tolerance, order, names and the diff (pure)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ictjudge.labs.sql.compare import DIFF_ROWS, Table, compare, tolerance_of
from ictjudge.labs.sql.spec import Compare

EXACT = Compare()


def same(expected: list[list[Any]], got: list[list[Any]], rules: Compare = EXACT) -> bool:
    width = len((expected or got or [[None]])[0])
    columns = [f"c{i}" for i in range(width)]
    return compare(Table(columns, expected), Table(columns, got), rules, False).ok


@pytest.mark.parametrize(
    ("expected", "got", "equal"),
    [
        ([[None]], [[None]], True),
        ([[None]], [[0]], False),
        ([[None]], [[""]], False),
        ([[None]], [["NULL"]], False),
        ([[True]], [[1]], False),
        ([[False]], [[0]], False),
        ([[True]], [[True]], True),
        ([[1]], [["1.00"]], True),
        ([[1]], [[1.0]], True),
        ([["007"]], [["7"]], False),
        ([[1], [None]], [[None], [1]], True),
        ([[1], [1]], [[1]], False),
    ],
    ids=[
        "null-null", "null-zero", "null-empty", "null-text", "bool-one", "bool-zero",
        "bool-bool", "number-text", "int-float", "text-columns-stay-text", "null-multiset",
        "duplicates-count",
    ],
)  # fmt: skip
def test_null_and_type_rules(expected: list[list[Any]], got: list[list[Any]], equal: bool) -> None:
    assert same(expected, got) is equal


def test_a_column_is_numeric_when_either_side_says_so() -> None:
    reference = Table(["n"], [[Decimal("2.50")]], ["number"])
    as_text = Table(["n"], [["2.5"]], ["text"])
    assert compare(reference, as_text, EXACT, False).ok
    both_text = Table(["n"], [["2.50"]], ["text"])
    assert not compare(both_text, as_text, EXACT, False).ok


@pytest.mark.parametrize(
    ("rules", "expected", "got", "equal"),
    [
        (Compare(float_precision=2), 0.135, 0.13499, True),  # rounding would split these
        (Compare(float_precision=2), 1.005, 1.0, True),
        (Compare(float_precision=2), 1.006, 1.0, False),
        (Compare(float_precision=0), 10, 10.4, True),
        (Compare(float_precision=0), 10, 10.6, False),
        (Compare(tolerance=0.01), 99.99, 100.0, True),
        (Compare(tolerance=0.01), 99.98, 100.0, False),
        (EXACT, 0.1, 0.10000001, False),
    ],
    ids=["boundary", "half-unit", "past-half-unit", "integers", "integers-far", "absolute",
         "absolute-far", "exact"],
)  # fmt: skip
def test_numbers_agree_within_the_tolerance(
    rules: Compare, expected: float, got: float, equal: bool
) -> None:
    assert same([["x", expected]], [["x", got]], rules) is equal


def test_tolerance_pairs_rows_as_a_multiset() -> None:
    rules = Compare(float_precision=1)
    expected = [["r1", 1.0], ["r1", 2.0], ["r2", 3.0], [None, 4.0]]
    got = [[None, 4.04], ["r2", 2.96], ["r1", 1.96], ["r1", 1.02]]
    assert same(expected, got, rules)
    assert not same(expected, [["r1", 1.0], ["r1", 1.0], ["r2", 3.0], [None, 4.0]], rules)
    assert tolerance_of(Compare(float_precision=3, tolerance=0.1)) == Decimal("0.1")


def test_order_matters_only_when_asked() -> None:
    a = Table(["x"], [[1], [2], [3]])
    b = Table(["x"], [[1], [3], [2]])
    assert compare(a, b, EXACT, False).ok
    outcome = compare(a, b, EXACT, True)
    assert not outcome.ok
    assert (
        outcome.feedback
        == "The rows are right, but in the wrong order. Row 2 is (3); expected (2)."
    )
    assert outcome.notes[1].key == "Row %(row)s is %(got)s; expected %(expected)s."
    assert outcome.notes[1].params == {"row": 2, "got": "(3)", "expected": "(2)"}
    quiet = compare(a, b, Compare(show_diff=False), True)
    assert quiet.feedback == "The rows are right, but in the wrong order."


def test_column_count_always_and_names_on_request() -> None:
    assert compare(Table(["a"], [[1]]), Table(["a", "b"], [[1, 2]]), EXACT, False).feedback == (
        "Columns returned: 2; expected: 1."
    )
    assert compare(Table(["Total"], [[1]]), Table(["x"], [[1]]), EXACT, False).ok
    named = Compare(column_names=True)
    assert compare(Table(["Total"], [[1]]), Table(["total"], [[1]]), named, False).ok
    assert not compare(Table(["total"], [[1]]), Table(["sum"], [[1]]), named, False).ok


def test_the_diff_is_small_and_can_be_hidden() -> None:
    expected = Table(["id", "note"], [[i, "x" * 100] for i in range(20)])
    got = Table(["id", "note"], [[i + 100, None] for i in range(20)])
    outcome = compare(expected, got, EXACT, False)
    assert outcome.feedback.startswith("Rows returned: 20; expected: 20. Missing rows: (0, xxx")
    assert "Unexpected rows: (100, NULL)" in outcome.feedback
    assert outcome.feedback.count("(") == 2 * DIFF_ROWS
    assert "x" * 100 not in outcome.feedback and "…" in outcome.feedback
    hidden = compare(expected, got, Compare(show_diff=False), False)
    assert hidden.feedback == "Rows returned: 20; expected: 20."
