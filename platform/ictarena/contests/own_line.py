"""A participant's frozen board made from the public one (pure): their own line live, put
in its place, the others' ranks moved by what that line did and does (a rank is one plus the
lines ranked strictly before it), and the columns' statistics corrected for that line. Equal
to the board ranked and counted whole (:meth:`ictarena.contests.standings._Kept.whole_board`,
tested), at a fraction of its cost: 50 participants reloading a 1000-line board would each
rank and count it whole."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from ictarena.contests.board import Board, Cell, Column, Line
from ictarena.contests.lines import LineData, with_stats
from ictarena.contests.scoring import Standing


def with_own_line(public: Board, shown: Line, live: LineData, pass_score: float | None) -> Board:
    """``public`` with the line ``shown`` (its entry's public line) replaced by ``live``."""
    own = live.entry_id
    was = Standing(shown.total, shown.penalty, shown.last_s).key()
    now = Standing(live.total, live.penalty, live.last_s).key()
    others: list[Line] = []
    ahead = 0
    for line in public.lines:
        if line.entry_id == own:
            continue
        key = Standing(line.total, line.penalty, line.last_s).key()
        moved = line.rank - (was < key) + (now < key)
        others.append(line if moved == line.rank else replace(line, rank=moved))
        ahead += key < now
    mine = Line(
        ahead + 1,
        live.entry_id,
        live.name,
        live.team,
        live.members,
        live.rounds,
        live.total,
        live.penalty,
        live.last_s,
        None if pass_score is None else live.total >= pass_score - 1e-9,
        live.cells,
    )

    def order(line: Line) -> tuple[int, str, int]:
        return (line.rank, line.name.casefold(), line.entry_id)

    others.insert(bisect_left(others, order(mine), key=order), mine)
    infos = tuple(
        replace(
            info,
            columns=tuple(
                _corrected(c, own, shown.cells, live.cells, others) for c in info.columns
            ),
        )
        for info in public.rounds
    )
    return replace(public, rounds=infos, lines=tuple(others))


def _corrected(
    column: Column,
    own: int,
    shown: dict[tuple[int, int], Cell],
    live: dict[tuple[int, int], Cell],
    lines: list[Line],
) -> Column:
    """The public column's statistics with one line's shown cell replaced by its live one.
    Who solved first is counted again (over the lines in order) only where that line is or
    may become it."""
    key = (column.round_id, column.task_id)
    before, after = shown.get(key), live.get(key)
    if column.first_entry_id == own or (after is not None and after.first and after.solved):
        return with_stats(column, lines)

    def counts(cell: Cell | None) -> tuple[int, int, int]:
        if cell is None:
            return 0, 0, 0
        tries = cell.tries + cell.pending
        return (1 if tries else 0), (1 if cell.solved else 0), tries

    (t0, s0, n0), (t1, s1, n1) = counts(before), counts(after)
    return replace(
        column,
        tried=column.tried - t0 + t1,
        solved=column.solved - s0 + s1,
        tries=column.tries - n0 + n1,
    )
