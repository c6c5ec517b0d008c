"""The packet-filter and NAT part of a router: an nftables ruleset, applied inside the router's
own network namespace (so it filters and translates that router's traffic and nothing else).

:func:`check` refuses what must not reach ``nft`` before anything runs; the syntax itself is
checked by ``nft --check`` in the lab, and its errors come back with their line numbers
(:func:`problems`).
"""

from __future__ import annotations

import re

from ictjudge.labs.network.dialect import MAX_LINE, LineProblem

_ERROR = re.compile(r"^[^:\n]*:(\d+):\d+(?:-\d+)?: Error: (.*)$")


def check(text: str) -> list[LineProblem]:
    """Lines refused before anything runs: includes (they read files), control characters."""
    problems: list[LineProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if len(line) > MAX_LINE:
            problems.append(LineProblem(number, f"longer than {MAX_LINE} characters", line))
        elif any((ord(c) < 32 and c != "\t") or ord(c) == 127 for c in line):
            problems.append(LineProblem(number, "contains a control character", line))
        elif re.match(r"^include\b", stripped):
            problems.append(
                LineProblem(number, "includes read files: write the rules in this file", line)
            )
    return problems


def problems(output: str, text: str) -> list[LineProblem]:
    """``nft``'s error messages, one per line of the ruleset they point at."""
    lines = text.splitlines()
    out: list[LineProblem] = []
    for raw in output.splitlines():
        match = _ERROR.match(raw.strip())
        if match:
            number = int(match.group(1))
            source = lines[number - 1] if 0 < number <= len(lines) else ""
            out.append(LineProblem(number, match.group(2).strip(), source))
    if not out and output.strip():
        out.append(LineProblem(0, output.strip().splitlines()[0][:300]))
    return out
