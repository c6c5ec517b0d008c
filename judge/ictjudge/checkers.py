"""Output checking, as the Kattis default output validator does it.

Tokens are compared case-insensitively (ASCII letters) and whitespace-insensitively unless the
flags ``case_sensitive`` / ``space_change_sensitive`` are given; with the latter, every run of
whitespace, leading and trailing ones included, must be the answer's byte for byte. With
``float_tolerance E`` (or ``float_relative_tolerance`` / ``float_absolute_tolerance``), a token
of the answer that is a finite number in decimal or scientific notation accepts any number
within the tolerance (``2e2`` for ``200``); other tokens, ``inf`` and ``nan`` among them, are
compared as strings, as Kattis's default validator does. Custom output validators run in their
own sandbox (see :mod:`ictjudge.validators`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ictjudge.texts import N_, Note, note

_SPACE = re.compile(rb"\s+")
_SPACE_KEEP = re.compile(rb"(\s+)")


@dataclass(frozen=True)
class Flags:
    case_sensitive: bool = False
    space_change_sensitive: bool = False
    float_absolute: float | None = None
    float_relative: float | None = None

    @classmethod
    def parse(cls, flags: tuple[str, ...] | list[str]) -> Flags:
        words = [w for flag in flags for w in str(flag).split()]
        case = space = False
        absolute = relative = None
        i = 0
        while i < len(words):
            word = words[i]
            if word == "case_sensitive":
                case = True
            elif word == "space_change_sensitive":
                space = True
            elif word in (
                "float_tolerance",
                "float_absolute_tolerance",
                "float_relative_tolerance",
            ):
                if i + 1 >= len(words):
                    raise ValueError(f"{word} needs a value")
                value = _number(words[i + 1].encode())
                if value is None or value < 0:
                    raise ValueError(f"{word} needs a non-negative number, not {words[i + 1]!r}")
                i += 1
                if word in ("float_tolerance", "float_absolute_tolerance"):
                    absolute = value
                if word in ("float_tolerance", "float_relative_tolerance"):
                    relative = value
            else:
                raise ValueError(f"unknown default validator flag {word!r}")
            i += 1
        return cls(case, space, absolute, relative)


_DECIMAL = re.compile(rb"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_HEX = re.compile(rb"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?")


def _number(token: bytes) -> float | None:
    """The value of a floating-point token as the default validator reads one (C's ``%lf``
    taking the whole token), or None: not a number, or infinite or NaN once read."""
    try:
        if _DECIMAL.fullmatch(token):
            value = float(token)
        elif _HEX.fullmatch(token):
            value = float.fromhex(token.decode())
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _token_ok(answer: bytes, team: bytes, flags: Flags) -> bool:
    if flags.float_absolute is not None or flags.float_relative is not None:
        expected = _number(answer)
        if expected is not None:
            got = _number(team)
            if got is None:
                return False
            diff = abs(expected - got)
            if flags.float_absolute is not None and diff <= flags.float_absolute:
                return True
            return flags.float_relative is not None and diff <= flags.float_relative * abs(expected)
    if flags.case_sensitive:
        return answer == team
    return answer.lower() == team.lower()


def compare(answer: bytes, team: bytes, flags: Flags) -> tuple[bool, Note | None]:
    """(accepted, the judge's message) for a team output against the answer."""
    if flags.space_change_sensitive:
        a_parts = _SPACE_KEEP.split(answer)
        t_parts = _SPACE_KEEP.split(team)
        for index, (a, t) in enumerate(zip(a_parts, t_parts, strict=False)):
            if index % 2 == 1:
                if a != t:
                    return False, note(N_("The whitespace differs from the expected output."))
            elif not _token_ok(a, t, flags):
                key = N_("Wrong answer: expected %(expected)s, got %(got)s.")
                return False, note(key, expected=_show(a), got=_show(t))
        if len(a_parts) != len(t_parts):
            return False, note(N_("The output's length differs (whitespace counts here)."))
        return True, None
    expected = _SPACE.split(answer.strip())
    got = _SPACE.split(team.strip())
    if expected == [b""]:
        expected = []
    if got == [b""]:
        got = []
    for index, (a, t) in enumerate(zip(expected, got, strict=False)):
        if not _token_ok(a, t, flags):
            key = N_(
                "Wrong answer on line %(line)s: token %(token)s is %(got)s, expected %(expected)s."
            )
            line = team.count(b"\n", 0, _offset(team, index)) + 1
            return False, note(key, line=line, token=index + 1, got=_show(t), expected=_show(a))
    if len(got) > len(expected):
        key = N_("Too much output: %(got)s tokens, expected %(expected)s.")
        return False, note(key, got=len(got), expected=len(expected))
    if len(got) < len(expected):
        key = N_("Too little output: %(got)s tokens, expected %(expected)s.")
        return False, note(key, got=len(got), expected=len(expected))
    return True, None


def _offset(team: bytes, index: int) -> int:
    """Where the ``index``-th token (from 0) of ``team`` starts."""
    for number, match in enumerate(re.finditer(rb"\S+", team)):
        if number == index:
            return match.start()
    return len(team)


def _show(token: bytes) -> str:
    text = token[:40].decode("utf-8", "replace")
    return repr(text + ("…" if len(token) > 40 else ""))
