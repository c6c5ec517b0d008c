"""The scoreboard page's table body, each line's row kept as rendered HTML.

A 1000-line board is 12 000 cells: rendering them all through Jinja for every reader costs
far more than reading the board, and 50 readers reload it every second. A line's row (all but
its rank) depends only on the line's values, the board's columns, the locale and whether it is
the reader's own line, so it is rendered once and kept until one of those changes; a page
then joins the kept rows with the ranks. The kept boards (:mod:`ictarena.contests.standings`)
hand an unchanged entry the very same cells from one version to the next, and a line's cells
are never changed in place, so "the same cells object, and the same name, totals and rank
keys" is a complete test that the row is unchanged (the row keeps the line it was made from,
so the identity cannot be reused by another object).

Each view keeps rows apart: the public board's line of an entry (frozen cells hidden) and its
live line (a participant's own, or the jury's) are different lines, with different cells, and
the own flag is part of the key, so a participant's live row is never served to anyone else.
"""

from __future__ import annotations

from jinja2 import Template
from markupsafe import Markup

from ictarena.contests.board import Board, Line, View

KEPT_ROWS = 12_000  # rows of all contests and locales; the oldest go first

_Layout = tuple[object, ...]
_rows: dict[tuple[_Layout, int, bool, bool], tuple[Line, str]] = {}


def _same(held: Line, line: Line) -> bool:
    return (
        held.cells is line.cells
        and held.name == line.name
        and held.team == line.team
        and held.members == line.members
        and held.rounds == line.rounds
        and held.total == line.total
        and held.penalty == line.penalty
        and held.passed == line.passed
    )


def table_rows(template: Template, board: Board, own: int | None, locale: str) -> Markup:
    """The ``<tr>`` of every line of ``board`` in order (``own``: the reader's own entry,
    marked), each row but its rank made by ``template`` or taken from the kept rows."""
    icpc = any(r.scoring.value == "icpc" for r in board.rounds)
    layout: _Layout = (
        board.contest_id,
        locale,
        board.pass_score is not None,
        tuple((r.id, r.scoring, tuple(c.task_id for c in r.columns)) for r in board.rounds),
    )
    jury = board.view is View.JURY  # its lines are live: kept apart from the public ones
    parts: list[str] = []
    for line in board.lines:
        me = line.entry_id == own
        key = (layout, line.entry_id, me, jury)
        held = _rows.get(key)
        if held is None or not _same(held[0], line):
            body = template.render(line=line, me=me, board=board, icpc=icpc)
            held = (line, body)
            _rows.pop(key, None)
            while len(_rows) >= KEPT_ROWS:
                _rows.pop(next(iter(_rows)))
            _rows[key] = held
        opening = '<tr class="me" aria-current="true">' if me else "<tr>"
        parts.append(f'{opening}\n      <td class="num">{line.rank}</td>\n{held[1]}\n    </tr>')
    return Markup("\n    ".join(parts))  # the rows come from the autoescaped template


def forget() -> None:
    """Drop the kept rows (tests)."""
    _rows.clear()
