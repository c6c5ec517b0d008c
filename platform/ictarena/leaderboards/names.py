"""The name a student shows on the global boards, which they choose on their account page.

Their cohort's board shows their display name, which their coach knows them by; everyone else
sees the board name when one is set. It must be readable text: no control or formatting
characters (a right-to-left override could disguise it), at most :data:`MAX_LENGTH`
characters, spaces collapsed.
"""

from __future__ import annotations

import unicodedata

from ictarena.accounts.models import User
from ictarena.errors import InvalidInput

MAX_LENGTH = 40
FIELD = "board_name"
# Control, format, private-use, surrogate and unassigned characters, and line separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def clean_board_name(raw: str) -> str | None:
    """The board name to store for ``raw``: None (use the display name) when blank. Raises
    InvalidInput naming the field and, for a refused character, its position."""
    for position, char in enumerate(raw, start=1):
        if unicodedata.category(char) in REFUSED_CATEGORIES:
            raise InvalidInput("board_name_control", field=FIELD, position=position)
    name = " ".join(raw.split())
    if not name:
        return None
    if len(name) > MAX_LENGTH:
        raise InvalidInput("board_name_too_long", field=FIELD, max=MAX_LENGTH, length=len(name))
    return name


def printable(raw: str) -> str:
    """``raw`` without the characters a board name may not hold, to show it back in the form."""
    return "".join(c for c in raw if unicodedata.category(c) not in REFUSED_CATEGORIES)


def set_board_name(user: User, raw: str) -> str | None:
    """Set (or, when blank, clear) ``user``'s board name; the caller commits."""
    user.board_name = clean_board_name(raw)
    return user.board_name
