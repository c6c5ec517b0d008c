"""A board as a table (for the CSV download) and as JSON, pure functions of a
:class:`~ictarena.contests.standings.Board`: they export exactly what that view shows, so a
frozen board's export hides what its page hides.

The table's header is in the reader's language (``gettext`` reads the request's locale); the
web layer writes it with :func:`ictarena.http.spreadsheet.csv_response`, which makes formula-like
names inert. A cell reads as contest people write it: ICPC ``+`` (solved first try), ``+2``
(solved after two rejections), ``-3`` (three rejected), ``?2`` (two pending tries); scored
rounds write the points, with ``?N`` for pending tries.
"""

from __future__ import annotations

from typing import Any

from ictarena.contests.scoring import EPSILON
from ictarena.contests.standings import Board, Cell
from ictarena.i18n import N_, gettext

Value = str | int | float | None

RANK = N_("Rank")
NAME = N_("Name")
MEMBERS = N_("Members")
TOTAL = N_("Total")
PENALTY = N_("Penalty")
PASSED = N_("Passed")
YES, NO = N_("Yes"), N_("No")


def mark(cell: Cell | None, icpc: bool) -> str:
    """A cell as contest people write it (see the module's docstring)."""
    if cell is None:
        return ""
    waiting = f"?{cell.pending}" if cell.pending else ""
    if icpc:
        if cell.solved:
            rejected = cell.tries - 1
            return ("+" + (str(rejected) if rejected else "")) + (f" {waiting}" if waiting else "")
        text = f"-{cell.tries}" if cell.tries else ""
        return " ".join(part for part in (text, waiting) if part)
    if cell.tries == 0 and not cell.pending:
        return ""
    points = _number(cell.score)
    return " ".join(part for part in (str(points) if cell.tries else "", waiting) if part)


def _number(value: float) -> float | int:
    rounded = round(value, 2)
    return int(rounded) if abs(rounded - round(rounded)) < EPSILON else rounded


def board_table(board: Board) -> tuple[list[Value], list[list[Value]]]:
    """(header, rows): rank, name, members, per round its tasks' cells and its normalised
    total, then the total, the ICPC penalty and, for an exam with a pass mark, passed."""
    header: list[Value] = [gettext(RANK), gettext(NAME), gettext(MEMBERS)]
    for info in board.rounds:
        header += [f"{info.name} {c.label}" for c in info.columns]
        header.append(info.name)
    header += [gettext(TOTAL), gettext(PENALTY)]
    if board.pass_score is not None:
        header.append(gettext(PASSED))
    rows: list[list[Value]] = []
    for line in board.lines:
        row: list[Value] = [line.rank, line.name, ", ".join(line.members)]
        for info, total in zip(board.rounds, line.rounds, strict=True):
            icpc = info.scoring == "icpc"
            row += [mark(line.cells.get((info.id, c.task_id)), icpc) for c in info.columns]
            row.append(_number(total.normalised))
        row += [_number(line.total), line.penalty]
        if board.pass_score is not None:
            row.append(gettext(YES) if line.passed else gettext(NO))
        rows.append(row)
    return header, rows


def board_json(board: Board) -> dict[str, Any]:
    """The board as JSON: rounds with their columns and statistics, lines with their cells."""
    return {
        "contest": board.contest_id,
        "version": board.version,
        "view": str(board.view),
        "frozen": board.frozen,
        "scale": board.scale,
        "pass_score": board.pass_score,
        "rounds": [
            {
                "id": info.id,
                "name": info.name,
                "kind": info.kind,
                "scoring": str(info.scoring),
                "weight": info.weight,
                "tasks": [
                    {
                        "task": c.task_id,
                        "label": c.label,
                        "title": {"en": c.title_en, "zh_Hans": c.title_zh},
                        "points": c.points,
                        "tried": c.tried,
                        "solved": c.solved,
                        "tries": c.tries,
                        "first": c.first_entry_id,
                    }
                    for c in info.columns
                ],
            }
            for info in board.rounds
        ],
        "lines": [
            {
                "rank": line.rank,
                "entry": line.entry_id,
                "name": line.name,
                "team": line.team,
                "members": list(line.members),
                "total": line.total,
                "penalty": line.penalty,
                "passed": line.passed,
                "rounds": [
                    {
                        "round": info.id,
                        "raw": total.raw,
                        "normalised": total.normalised,
                        "penalty": total.penalty,
                    }
                    for info, total in zip(board.rounds, line.rounds, strict=True)
                ],
                "cells": [
                    {
                        "round": info.id,
                        "task": c.task_id,
                        "label": c.label,
                        "tries": cell.tries,
                        "pending": cell.pending,
                        "solved": cell.solved,
                        "solved_s": cell.solved_s,
                        "penalty": cell.penalty,
                        "score": cell.score,
                        "first": cell.first,
                        "hidden": cell.hidden,
                    }
                    for info in board.rounds
                    for c in info.columns
                    if (cell := line.cells.get((info.id, c.task_id))) is not None
                ],
            }
            for line in board.lines
        ],
    }
