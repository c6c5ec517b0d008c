"""What addresses the app accepts, checked before any route runs.

Integer path parameters (``{id:int}``) match only ids the database can hold (0 … 2^31 − 1, the
ids are 32-bit integers), so ``/submissions/18446744073709551616`` is a 404 instead of an
overflow deep in a query; and a NUL
or other C0 control character in the path or the query string is a 400, since no text the app
stores or looks up may contain one (PostgreSQL refuses NUL in text outright).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request

MAX_ID = 2**31 - 1  # the ids' column type (INTEGER) on PostgreSQL


def bounded_digits(limit: int) -> str:
    """A regular expression matching the decimal numbers 0 … ``limit`` (no sign, no leading
    zeros beyond a lone 0)."""
    digits = str(limit)
    width = len(digits)
    if width == 1:
        return f"[0-{digits}]"
    alternatives = [f"0|[1-9][0-9]{{0,{width - 2}}}"]  # fewer digits than the limit
    for i, digit in enumerate(digits):  # as many digits, below the limit from position i
        low = 1 if i == 0 else 0
        if int(digit) - 1 >= low:
            alternatives.append(f"{digits[:i]}[{low}-{int(digit) - 1}][0-9]{{{width - i - 1}}}")
    alternatives.append(digits)
    return "|".join(alternatives)


class IdConvertor(Convertor[int]):
    """``int`` path parameters bounded to the database's integer range."""

    regex = f"(?:{bounded_digits(MAX_ID)})"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        value = int(value)
        assert 0 <= value <= MAX_ID, "ids are 0 … 2^31 - 1"
        return str(value)


def register_convertors() -> None:
    """Make ``{name:int}`` in every route of the app an :class:`IdConvertor` (routes compile
    their paths when they are declared, so this runs when ``ictarena.http`` is imported)."""
    register_url_convertor("int", IdConvertor())


_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")


def control_characters(scope: Any) -> bool:
    """True when the path or the decoded query string holds a C0 control character or DEL."""
    path = scope.get("path", "")
    if any(ord(char) < 0x20 or char == "\x7f" for char in path):
        return True
    query = scope.get("query_string", b"").replace(b"+", b" ")
    return bool(_CONTROL.search(unquote_to_bytes(query)))


class UrlGuard:
    """Answer 400 with a page to a request whose address carries a control character."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and control_characters(scope):
            from ictarena.http.errors import error_page
            from ictarena.i18n import N_

            response = error_page(
                Request(scope), 400, N_("The address contains a control character.")
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
