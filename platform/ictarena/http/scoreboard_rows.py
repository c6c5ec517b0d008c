"""The scoreboard page's board section, kept as compressed parts (:mod:`ictarena.http.stitched`).

A 1000-line board is 12 000 cells and about 0.9 MB of HTML, and 50 readers reload it every
second. Three levels of keeping make a page cost little more than its own header:

- **Rows.** A line's row (all but its rank) depends only on the line's values, the board's
  columns, the locale and whether it is the reader's own line, so it is rendered once and kept
  until one of those changes. The kept boards (:mod:`ictarena.contests.standings`) hand an
  unchanged entry the very same cells from one version to the next, and a line's cells are
  never changed in place, so "the same cells object, and the same name, totals and rank keys"
  is a complete test that the row is unchanged (the row keeps the line it was made from, so the
  identity cannot be reused by another object).
- **Blocks** of :data:`BLOCK_LINES` rows, compressed, keyed by their rows' text, ranks and own
  flags: a verdict changes one line, and a participant's board differs from the public one
  only around their own line, so most blocks are shared by every reader and every version.
- **Sections**: the whole ``_scoreboard.html`` of a board object as parts, for a reader's own
  entry and locale. A board object is one version in one view, so a reader who reloads an
  unchanged board gets the kept section whole.

Each view keeps rows apart: the public board's line of an entry (frozen cells hidden) and its
live line (a participant's own, or the jury's) are different lines, with different cells, and
the own flag and the jury flag are part of the keys, so a participant's live row is never
served to anyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from jinja2 import Template

from ictarena.contests.board import Board, Line, View
from ictarena.http.stitched import Part, around, part

KEPT_ROWS = 12_000  # rows of all contests and locales; the oldest go first
KEPT_BLOCKS = 600  # ~45 KB of text each
KEPT_SECTIONS = 160  # a kept board object holds its lines: the kept boards are 64 per contest
BLOCK_LINES = 50
_MINE = '<tr class="me" aria-current="true">'

K = TypeVar("K")
V = TypeVar("V")
_Layout = tuple[object, ...]
_rows: dict[tuple[_Layout, int, bool, bool], tuple[Line, str, int]] = {}
_blocks: dict[tuple[object, ...], Part] = {}
Parts = tuple[Part, ...]
_sections: dict[tuple[int, int | None, str, str], tuple[Board, Parts]] = {}


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


def _keep(kept: dict[K, V], key: K, value: V, room: int) -> V:
    kept.pop(key, None)
    while len(kept) >= room:
        kept.pop(next(iter(kept)))
    kept[key] = value
    return value


def _row_bodies(
    template: Template, board: Board, own: int | None, locale: str
) -> tuple[list[str], int]:
    """Each line's row but its rank, from the kept rows or made by ``template``; and how many
    of the board's cells are hidden (pending after a freeze point)."""
    icpc = any(r.scoring.value == "icpc" for r in board.rounds)
    layout: _Layout = (
        board.contest_id,
        locale,
        board.pass_score is not None,
        tuple((r.id, r.scoring, tuple(c.task_id for c in r.columns)) for r in board.rounds),
    )
    jury = board.view is View.JURY  # its lines are live: kept apart from the public ones
    bodies: list[str] = []
    hidden = 0
    for line in board.lines:
        me = line.entry_id == own
        key = (layout, line.entry_id, me, jury)
        held = _rows.get(key)
        if held is None or not _same(held[0], line):
            body = template.render(line=line, me=me, board=board, icpc=icpc)
            count = sum(1 for cell in line.cells.values() if cell.hidden)
            held = _keep(_rows, key, (line, body, count), KEPT_ROWS)
        bodies.append(held[1])
        hidden += held[2]
    return bodies, hidden


def _block(rows: tuple[tuple[str, int, bool], ...]) -> Part:
    held = _blocks.get(rows)
    if held is not None:
        return held
    text = "".join(
        f'{_MINE if me else "<tr>"}\n      <td class="num">{rank}</td>\n{body}\n    </tr>\n    '
        for body, rank, me in rows
    )
    return _keep(_blocks, rows, part(text), KEPT_BLOCKS)


def table_rows(
    template: Template, board: Board, own: int | None, locale: str
) -> tuple[list[Part], int]:
    """The ``<tr>`` of every line of ``board`` in order (``own``: the reader's own entry,
    marked), as compressed blocks of :data:`BLOCK_LINES` rows; and the board's hidden cells."""
    bodies, hidden = _row_bodies(template, board, own, locale)
    rows = [
        (body, line.rank, line.entry_id == own)
        for body, line in zip(bodies, board.lines, strict=True)
    ]
    blocks = [
        _block(tuple(rows[start : start + BLOCK_LINES]))
        for start in range(0, len(rows), BLOCK_LINES)
    ]
    return blocks, hidden


def kept_section(board: Board, own: int | None, locale: str, title: str) -> Parts | None:
    """The section kept for this board object, reader's entry, locale and contest title."""
    held = _sections.get((id(board), own, locale, title))
    return held[1] if held is not None and held[0] is board else None


def keep_section(
    row_template: Template,
    board: Board,
    own: int | None,
    locale: str,
    title: str,
    frame: Callable[[int], str],
) -> Parts:
    """The board's section as parts, kept (see :func:`kept_section`). ``frame(hidden)``
    renders ``_scoreboard.html`` with :data:`ictarena.http.stitched.SLOT` for its rows, given
    how many of the board's cells are hidden."""
    blocks, hidden = table_rows(row_template, board, own, locale)
    parts = tuple(around(frame(hidden), blocks))
    return _keep(_sections, (id(board), own, locale, title), (board, parts), KEPT_SECTIONS)[1]


def forget() -> None:
    """Drop the kept rows, blocks and sections (tests)."""
    _rows.clear()
    _blocks.clear()
    _sections.clear()
