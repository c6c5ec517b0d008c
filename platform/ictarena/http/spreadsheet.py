"""CSV downloads meant for spreadsheet programs.

UTF-8 with a byte-order mark (so Excel reads Chinese names), every cell quoted, and every text
cell that a spreadsheet would read as a formula made inert, as OWASP advises against CSV
injection: a cell that begins with ``= + - @``, a tab or a carriage return (or the full-width
``＝ ＋ － ＠`` that some spreadsheet programs also accept) gets a leading single quote. Numbers
the platform computes are written as numbers; times are written to the second, in UTC."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from starlette.responses import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

Cell = str | int | float | datetime | None


def cell(value: Cell) -> str | int | float:
    """One value as it is written: text made inert, times to the second, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    if isinstance(value, int | float):
        return value
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(header: Sequence[Cell], rows: Iterable[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([cell(value) for value in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def csv_response(filename: str, header: Sequence[Cell], rows: Iterable[Sequence[Cell]]) -> Response:
    """A download named ``filename`` (ASCII, chosen by the platform, never by a user)."""
    return Response(
        csv_text(header, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
