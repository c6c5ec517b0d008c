"""Similarity of configurations and scripts (network lab configs, shell scripts, SQL), for
the jury's plagiarism review.

Two copies of one answer rarely differ in what matters: a renamed interface description, other
addresses, another comment, more blank lines. So a text is first *normalised* into tokens:
comments dropped (``#`` and ``!`` lines of configurations and scripts, ``--`` and ``/* */``
in SQL), letters lowered, every IPv4 or IPv6 address (with its prefix length or mask) one
``ADDR`` token, every other number ``NUM``, every quoted string ``STR``, whitespace gone. Each
token remembers where it stood in the original text, for highlighting.

Then the token sequences are compared by *winnowing* (Schleimer, Wilkerson and Aiken, 2003):
every run of ``K`` tokens is hashed, and of each window of ``WINDOW`` consecutive hashes the
smallest is kept as a fingerprint; a shared run of at least ``K + WINDOW - 1`` tokens is then
always found. Fingerprints of the task's template (what every answer starts from: a device's
current configuration) are dropped from both sides first, so two answers that agree only in
the template are not alike. A text's similarity to another is the share of its fingerprinted
tokens that lie in runs both share; a pair's is the larger of the two (a short answer copied
whole into a longer one is a copy).

Everything here is pure: no database, no I/O, the same result in every process (the hashes
are CRC-32s, not Python's salted ``hash``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

K = 5  # tokens per hashed run
WINDOW = 4  # hashes per winnowing window: shared runs of K + WINDOW - 1 = 8 tokens are found

Span = tuple[int, int]  # [start, end) character offsets in the original text


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised token and where it stood in the original text."""

    text: str
    start: int
    end: int


# Comments by the syntax of the text: configurations and scripts use # (and ! in router
# configurations) to the end of the line; SQL uses -- and /* */.
_HASH_COMMENT = r"(?:#|!)[^\n]*"
_SQL_COMMENT = r"--[^\n]*|/\*.*?(?:\*/|\Z)"
_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?"
_IPV6 = r"(?=[0-9a-f:]*\d)(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:/\d{1,3})?"
_TOKEN = (
    rf"(?P<addr>{_IPV4}|{_IPV6})"
    r"|(?P<str>'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
    r"|(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<word>[^\W\d]\w*(?:[-.]\w+)*)"
    r"|(?P<punct>[^\w\s])"
)
_SCRIPT = re.compile(rf"(?P<comment>{_HASH_COMMENT})|{_TOKEN}", re.IGNORECASE | re.DOTALL)
_SQL = re.compile(rf"(?P<comment>{_SQL_COMMENT})|{_TOKEN}", re.IGNORECASE | re.DOTALL)


def tokenize(text: str, syntax: str = "text") -> list[Token]:
    """The normalised tokens of ``text``; ``syntax`` ``sql`` strips SQL's comments, any other
    (``frr``, ``shell``, ``nftables``, ``text``) the ``#`` and ``!`` comments of
    configurations and scripts."""
    pattern = _SQL if syntax == "sql" else _SCRIPT
    found: list[Token] = []
    for match in pattern.finditer(text):
        kind = match.lastgroup
        if kind == "comment" or kind is None:
            continue
        start, end = match.span()
        if kind == "addr":
            value = "ADDR"
        elif kind == "str":
            value = "STR"
        elif kind == "num":
            value = "NUM"
        else:
            value = match.group().lower()
        found.append(Token(value, start, end))
    return found


def _hashes(tokens: Sequence[Token]) -> list[int]:
    """The CRC-32 of every run of ``K`` tokens, in order."""
    words = [t.text for t in tokens]
    return [zlib.crc32("\x1f".join(words[i : i + K]).encode()) for i in range(len(words) - K + 1)]


def winnow(hashes: Sequence[int], window: int = WINDOW) -> dict[int, list[int]]:
    """The fingerprints of a hash sequence: of each window of ``window`` hashes the smallest
    (the rightmost of equals), mapped to the positions where it was chosen."""
    chosen: dict[int, list[int]] = {}
    if not hashes:
        return chosen
    if len(hashes) <= window:
        at = min(range(len(hashes)), key=lambda i: (hashes[i], -i))
        return {hashes[at]: [at]}
    last = -1
    for left in range(len(hashes) - window + 1):
        at = min(range(left, left + window), key=lambda i: (hashes[i], -i))
        if at != last:
            chosen.setdefault(hashes[at], []).append(at)
            last = at
    return chosen


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A text's tokens and winnowed fingerprints (the template's removed)."""

    tokens: tuple[Token, ...]
    prints: dict[int, list[int]]  # fingerprint -> token positions where its run starts
    coverage: int  # how many tokens some kept fingerprint's run covers


def template_prints(template: str, syntax: str = "text") -> frozenset[int]:
    """Every run hash of a template (not winnowed: all of them, so that no fingerprint an
    answer takes from the template survives)."""
    return frozenset(_hashes(tokenize(template, syntax)))


def fingerprint(text: str, syntax: str = "text", template: Iterable[int] = ()) -> Fingerprint:
    """``text``'s fingerprint, without the runs of ``template`` (see :func:`template_prints`)."""
    tokens = tuple(tokenize(text, syntax))
    dropped = frozenset(template)
    prints = {h: at for h, at in winnow(_hashes(tokens)).items() if h not in dropped}
    covered: set[int] = set()
    for positions in prints.values():
        for at in positions:
            covered.update(range(at, at + K))
    return Fingerprint(tokens, prints, len(covered))


@dataclass(frozen=True, slots=True)
class Match:
    """How alike two texts are: each side's share of its fingerprinted tokens that both share,
    and the character spans of the shared runs in each original text."""

    first: float
    second: float
    first_spans: tuple[Span, ...]
    second_spans: tuple[Span, ...]

    @property
    def similarity(self) -> float:
        return max(self.first, self.second)


def _spans(print_: Fingerprint, shared: Iterable[int]) -> tuple[int, tuple[Span, ...]]:
    """How many tokens the shared fingerprints' runs cover, and those runs as merged
    character spans of the original text."""
    covered: set[int] = set()
    for h in shared:
        for at in print_.prints[h]:
            covered.update(range(at, at + K))
    spans: list[Span] = []
    for i in sorted(covered):
        token = print_.tokens[i]
        if spans and (i - 1) in covered:
            spans[-1] = (spans[-1][0], token.end)
        else:
            spans.append((token.start, token.end))
    return len(covered), tuple(spans)


def compare(a: Fingerprint, b: Fingerprint) -> Match:
    """How alike two fingerprinted texts are (see the module's docstring)."""
    shared = a.prints.keys() & b.prints.keys()
    if not shared:
        return Match(0.0, 0.0, (), ())
    count_a, spans_a = _spans(a, shared)
    count_b, spans_b = _spans(b, shared)
    return Match(
        count_a / a.coverage if a.coverage else 0.0,
        count_b / b.coverage if b.coverage else 0.0,
        spans_a,
        spans_b,
    )


def similarity(a: str, b: str, syntax: str = "text", template: str = "") -> float:
    """The similarity of two texts on 0..1, the template's runs excluded (a convenience over
    :func:`fingerprint` and :func:`compare`)."""
    dropped = template_prints(template, syntax) if template else frozenset()
    return compare(fingerprint(a, syntax, dropped), fingerprint(b, syntax, dropped)).similarity
