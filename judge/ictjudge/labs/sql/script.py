"""Splitting a student's SQL script into statements, the way ``psql`` (and openGauss's ``gsql``)
does, so that each statement runs and commits on its own unless the script opens a transaction.

A semicolon ends a statement only outside quotes (``'…'``, ``E'…'`` with backslash escapes,
``"…"``, dollar quotes ``$tag$…$tag$``), comments (``--``, nested ``/* … */``) and parentheses,
and outside the body of ``CREATE FUNCTION|PROCEDURE … BEGIN ATOMIC … END``. A pure function;
the grader sends the statements to the sandbox one at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$")
_WORD = re.compile(r"[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*")


@dataclass(frozen=True)
class Statement:
    """One statement of a script and the line it starts on (1-based)."""

    line: int
    text: str


class ScriptError(ValueError):
    """A script the grader refuses before running it (with the line to blame)."""


def _routine_header(words: list[str]) -> bool:
    """True for ``CREATE [OR REPLACE] FUNCTION|PROCEDURE``: only there do BEGIN … END nest."""
    if not words or words[0] != "create":
        return False
    kind = words[3:4] if words[1:3] == ["or", "replace"] else words[1:2]
    return kind in (["function"], ["procedure"])


def split(script: str) -> list[Statement]:
    """The statements of ``script`` in order; empty ones (only blanks and comments) are dropped.

    Raises :class:`ScriptError` for a NUL character (the server protocol cannot carry one).
    """
    if "\0" in script:
        line = script.count("\n", 0, script.index("\0")) + 1
        raise ScriptError(f"line {line}: the script contains a NUL character")
    statements: list[Statement] = []
    n = len(script)
    i = 0
    depth = 0  # parentheses
    begin_depth = 0  # BEGIN ATOMIC … END inside a routine definition
    words: list[str] = []  # the statement's first words, lower case
    meaningful = False  # anything but blanks and comments since the last statement
    first_at = 0  # where the statement's first meaningful character is

    line, counted = 1, 0  # the line at offset ``counted``, advanced as statements are found

    def finish(end: int) -> None:
        nonlocal meaningful, words, depth, begin_depth, line, counted
        if meaningful:
            line += script.count("\n", counted, first_at)
            counted = first_at
            text = script[first_at:end].strip()  # leading comments dropped
            statements.append(Statement(line, text))
        meaningful = False
        words = []
        depth = 0
        begin_depth = 0

    def mark(at: int) -> None:
        nonlocal meaningful, first_at
        if not meaningful:
            meaningful = True
            first_at = at

    while i < n:
        char = script[i]
        if char == "-" and script.startswith("--", i):
            end = script.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if char == "/" and script.startswith("/*", i):
            nesting = 1
            i += 2
            while i < n and nesting:
                if script.startswith("/*", i):
                    nesting += 1
                    i += 2
                elif script.startswith("*/", i):
                    nesting -= 1
                    i += 2
                else:
                    i += 1
            continue
        if char.isspace():
            i += 1
            continue
        if char == ";" and depth == 0 and begin_depth == 0:
            finish(i)
            i += 1
            continue
        mark(i)
        if char == "'":
            escapes = i > 0 and script[i - 1] in "eE" and not _word_before(script, i - 1)
            i = _end_of_quote(script, i, "'", escapes)
            continue
        if char == '"':
            i = _end_of_quote(script, i, '"', False)
            continue
        if char == "$":
            match = _DOLLAR_TAG.match(script, i)
            if match and not _word_before(script, i):
                close = script.find(match.group(0), match.end())
                i = n if close < 0 else close + len(match.group(0))
                continue
            i += 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        else:
            word = _WORD.match(script, i)
            if word and not _word_before(script, i):
                lower = word.group(0).lower()
                if len(words) < 4:
                    words.append(lower)
                if _routine_header(words):
                    if lower in ("begin", "case"):
                        begin_depth += 1
                    elif lower == "end" and begin_depth > 0:
                        begin_depth -= 1
                i = word.end()
                continue
        i += 1
    finish(n)
    return statements


def _word_before(script: str, i: int) -> bool:
    """True when ``script[i]`` continues an identifier or number (``a$b$``, ``x'…'`` is not E)."""
    return i > 0 and (script[i - 1].isalnum() or script[i - 1] in "_$")


def _end_of_quote(script: str, i: int, quote: str, backslashes: bool) -> int:
    """The index after the quoted text that starts at ``i`` (the end of the script if open)."""
    n = len(script)
    i += 1
    while i < n:
        char = script[i]
        if backslashes and char == "\\":
            i += 2
            continue
        if char == quote:
            if i + 1 < n and script[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return n
