"""Reading a configuration into command lines: what ``display current-configuration`` prints,
or a console session pasted from eNSP.

A session is recognised by its prompts (``<R1>``, ``[R1]``, ``[R1-GigabitEthernet0/0/1]``,
``[~R1]``, ``[*R1]``): then only prompted lines are commands and everything else is the device's
output (``display`` results, ``Info:`` notes), which is not configuration, except what
``display current-configuration`` prints: that is the configuration itself. Without prompts
every line is a command. ``#`` lines separate blocks and ``!`` lines are comments in VRP's own
output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ictjudge.labs.network.dialect import LineProblem

MAX_BYTES = 64 * 1024
MAX_LINES = 4000
MAX_LINE = 500
PROMPT = re.compile(r"^\s*(?:<[^<>\s]+>|\[[~*]?[^\[\]\s]+\])")
VERSION = re.compile(r"^\s*\[V\d{3}R\d{3}\w*\]\s*$")  # the first line of a display, not a prompt
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Token:
    text: str
    column: int  # 1-based, in the line as written


@dataclass(frozen=True)
class Line:
    """One command: its line number, its words, and the text as written (prompt removed)."""

    number: int
    text: str
    tokens: tuple[Token, ...]
    user: bool = False  # typed at a ``<R1>`` prompt: the user view, where nothing is configured

    @property
    def column(self) -> int:
        return self.tokens[0].column if self.tokens else 1


def read(text: str) -> tuple[list[Line], list[LineProblem]]:
    """The command lines of ``text``, and the lines that cannot be read at all."""
    if len(text.encode()) > MAX_BYTES:
        return [], [LineProblem(0, f"the configuration is larger than {MAX_BYTES // 1024} KiB")]
    raw = text.splitlines()
    if len(raw) > MAX_LINES:
        return [], [LineProblem(0, f"the configuration has more than {MAX_LINES} lines")]
    session = any(PROMPT.match(line) and not VERSION.match(line) for line in raw)
    lines: list[Line] = []
    problems: list[LineProblem] = []
    configuration = False  # in the output of ``display current-configuration``
    for number, line in enumerate(raw, start=1):
        if VERSION.match(line):
            continue
        start, user = 0, False
        if session:
            prompt = PROMPT.match(line)
            if prompt is None and not configuration:
                continue
            if prompt is not None:
                start, user = prompt.end(), prompt.group().strip().startswith("<")
                configuration = _shows_configuration(line[start:].split())
        if len(line) > MAX_LINE:
            problems.append(
                LineProblem(number, f"longer than {MAX_LINE} characters", line, column=1)
            )
            continue
        bad = next(
            (i for i, c in enumerate(line) if (ord(c) < 32 and c != "\t") or c == "\x7f"), -1
        )
        if bad >= 0:
            problems.append(
                LineProblem(number, "contains a control character", line, column=bad + 1)
            )
            continue
        body = line[start:]
        if body.strip().startswith(("#", "!")):
            continue
        tokens = tuple(Token(m.group(), start + m.start() + 1) for m in _WORD.finditer(body))
        if tokens:
            lines.append(Line(number, line, tokens, user))
    return lines, problems


def _shows_configuration(words: list[str]) -> bool:
    """Whether a command is ``display current-configuration``, abbreviated or not."""
    if len(words) != 2 or len(words[0]) < 3 or len(words[1]) < 2:
        return False
    display, current = (w.lower() for w in words)
    return "display".startswith(display) and "current-configuration".startswith(current)
