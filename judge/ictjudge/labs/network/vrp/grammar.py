"""Command forms and the matching of a typed line against them, with VRP's abbreviations.

A form is written like the command reference: ``ip address <address:ip> <mask:mask>``, with
``[ ... ]`` for optional parts, ``( a | b )`` for alternatives and ``word@name`` for a keyword
whose choice is kept under ``name``. Every keyword may be abbreviated to any prefix that no
other keyword valid at that point shares; like VRP, keywords win over values, and an ambiguous
prefix is an error that lists the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from ipaddress import AddressValueError, IPv4Address

from ictjudge.labs.network.vrp import names
from ictjudge.labs.network.vrp.reading import Token

Found = list[tuple[object, int]]  # (value, tokens consumed)


@dataclass(frozen=True)
class Kind:
    """A kind of value: how it reads one or more words."""

    description: str
    read: Callable[[Sequence[Token], int], Found]


@dataclass(frozen=True)
class Keyword:
    word: str
    capture: str = ""


@dataclass(frozen=True)
class Slot:
    name: str
    kind: Kind


Element = Keyword | Slot


@dataclass(frozen=True)
class Form:
    """One way of writing a command, and what it does."""

    elements: tuple[Element, ...]
    action: str
    undo: bool
    hidden: bool = False  # accepted, but not offered in the lists of what is expected


@dataclass(frozen=True)
class Match:
    """A line matched to a form: the values by name, each with the index of its first word."""

    action: str
    undo: bool
    words: tuple[str, ...]
    values: dict[str, tuple[object, int]] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str) -> object:
        return self.values[name][0]

    def number(self, name: str) -> int:
        value = self.get(name)
        assert isinstance(value, int)
        return value

    def ip(self, name: str) -> IPv4Address:
        value = self.get(name)
        assert isinstance(value, IPv4Address)
        return value

    def word(self, name: str) -> str:
        value = self.get(name)
        assert isinstance(value, str)
        return value

    def vlans(self, name: str) -> frozenset[int]:
        value = self.get(name)
        assert isinstance(value, frozenset)
        return frozenset(int(v) for v in value)

    def at(self, name: str) -> int:
        """The index of the word that gave ``name`` (the command's first when it was left out)."""
        return self.values[name][1] if name in self.values else 0


@dataclass(frozen=True)
class Failure:
    """Why a line matches no form: at which word, and what would have been accepted there."""

    index: int
    reason: str  # "unknown", "ambiguous", "incomplete"
    expected: tuple[str, ...]


# -- kinds of values --------------------------------------------------------------------------


def _one(parse: Callable[[str], object | None]) -> Callable[[Sequence[Token], int], Found]:
    def read(tokens: Sequence[Token], i: int) -> Found:
        value = parse(tokens[i].text)
        return [] if value is None else [(value, 1)]

    return read


def _decimal(text: str) -> bool:
    """ASCII digits only: ``int()`` would read other scripts' digits, VRP does not."""
    return text.isascii() and text.isdigit()


def _int(text: str) -> int | None:
    return int(text) if _decimal(text) and len(text) <= 10 else None


def _ip(text: str) -> IPv4Address | None:
    try:
        return IPv4Address(text)
    except AddressValueError:
        return None


def _mask(text: str) -> int | None:
    """A prefix length, written as one (``24``) or as a mask (``255.255.255.0``)."""
    if _decimal(text):
        return int(text) if int(text) <= 32 else None
    address = _ip(text)
    if address is None:
        return None
    bits = f"{int(address):032b}"
    return bits.count("1") if "01" not in bits else None


def _wildcard(text: str) -> IPv4Address | None:
    """A wildcard mask; ``0`` is VRP's short form of ``0.0.0.0`` (one host)."""
    return IPv4Address(0) if text == "0" else _ip(text)


def _interface(tokens: Sequence[Token], i: int) -> Found:
    out: Found = []
    glued = names.split_glued(tokens[i].text)
    if glued and (name := names.canonical(*glued)):
        out.append((name, 1))
    if i + 1 < len(tokens) and (name := names.canonical(tokens[i].text, tokens[i + 1].text)):
        out.append((name, 2))
    return out


def _text(tokens: Sequence[Token], i: int) -> Found:
    """The rest of the line, its inner spacing kept (a description is shown as typed)."""
    text = tokens[i].text
    for before, token in zip(tokens[i:], tokens[i + 1 :], strict=False):
        text += " " * (token.column - before.column - len(before.text)) + token.text
    return [(text, len(tokens) - i)]


_RANGE = re.compile(r"^[0-9]{1,4}$")


def _vlans(tokens: Sequence[Token], i: int) -> Found:
    """``10 20 to 30``: VLAN ids and ranges, to the end of the line."""
    words = [t.text.lower() for t in tokens[i:]]
    out: set[int] = set()
    k = 0
    while k < len(words):
        if not _RANGE.match(words[k]):
            return []
        low = int(words[k])
        if k + 2 < len(words) and "to".startswith(words[k + 1]) and _RANGE.match(words[k + 2]):
            high = int(words[k + 2])
            if not 1 <= low <= high <= 4094:
                return []
            out.update(range(low, high + 1))
            k += 3
        else:
            if not 1 <= low <= 4094:
                return []
            out.add(low)
            k += 1
    return [(frozenset(out), len(words))]


def _area(text: str) -> IPv4Address | None:
    return IPv4Address(int(text)) if _decimal(text) and int(text) < 2**32 else _ip(text)


KINDS: dict[str, Kind] = {
    "int": Kind("a number", _one(_int)),
    "ip": Kind("an IPv4 address", _one(_ip)),
    "mask": Kind("a mask (255.255.255.0) or prefix length (24)", _one(_mask)),
    "wildcard": Kind("a wildcard (0.0.0.255)", _one(_wildcard)),
    "area": Kind("an area (0 or 0.0.0.0)", _one(_area)),
    "interface": Kind(f"an interface ({names.EXAMPLES})", _interface),
    "word": Kind("a word", _one(lambda text: text)),
    "text": Kind("text", _text),
    "vlans": Kind("VLAN ids (10 20 to 30)", _vlans),
}


# -- forms --------------------------------------------------------------------------------------


def forms(spec: str, action: str, undo: bool = False, hidden: bool = False) -> list[Form]:
    """Every form ``spec`` describes (optional parts and alternatives expanded)."""
    words = spec.replace("[", " [ ").replace("]", " ] ").replace("(", " ( ").replace(")", " ) ")
    words = words.replace("|", " | ")
    tokens = words.split()
    variants, end = _sequence(tokens, 0)
    assert end == len(tokens), spec
    prefix: tuple[Element, ...] = (Keyword("undo"),) if undo else ()
    return [Form(prefix + v, action, undo, hidden) for v in variants]


def _sequence(tokens: list[str], i: int) -> tuple[list[tuple[Element, ...]], int]:
    out: list[tuple[Element, ...]] = [()]
    while i < len(tokens) and tokens[i] not in ("]", ")", "|"):
        item, i = _item(tokens, i)
        out = [a + b for a in out for b in item]
    return out, i


def _item(tokens: list[str], i: int) -> tuple[list[tuple[Element, ...]], int]:
    token = tokens[i]
    if token == "[":
        inner, i = _sequence(tokens, i + 1)
        assert tokens[i] == "]"
        return [(), *inner], i + 1
    if token == "(":
        alternatives: list[tuple[Element, ...]] = []
        while True:
            inner, i = _sequence(tokens, i + 1)
            alternatives += inner
            if tokens[i] == ")":
                return alternatives, i + 1
            assert tokens[i] == "|"
    if token.startswith("<"):
        name, _, kind = token.strip("<>").partition(":")
        return [(Slot(name, KINDS[kind]),)], i + 1
    word, _, capture = token.partition("@")
    return [(Keyword(word, capture),)], i + 1


def describe(element: Element) -> str:
    return element.word if isinstance(element, Keyword) else element.kind.description


# -- matching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    order: int
    form: Form
    position: int  # in the form
    index: int  # in the tokens
    words: tuple[str, ...]
    values: tuple[tuple[str, object, int], ...]

    def advance(self, word: str, consumed: int, value: tuple[str, object, int] | None) -> _State:
        values = self.values + ((value,) if value else ())
        return _State(
            self.order,
            self.form,
            self.position + 1,
            self.index + consumed,
            (*self.words, word),
            values,
        )


def match(candidates: Sequence[Form], tokens: Sequence[Token]) -> Match | Failure:
    """The first form (in order) the whole line matches, or the furthest failure."""
    states = [_State(n, f, 0, 0, (), ()) for n, f in enumerate(candidates)]
    done: list[_State] = []
    failures: list[Failure] = []
    while states:
        here = min(s.index for s in states)
        group = [s for s in states if s.index == here]
        states = [s for s in states if s.index != here]
        if here == len(tokens):
            done += [s for s in group if s.position == len(s.form.elements)]
            waiting = [
                describe(s.form.elements[s.position])
                for s in group
                if s not in done and not s.form.hidden
            ]
            if any(s not in done for s in group):
                failures.append(Failure(here, "incomplete", _unique(waiting)))
            continue
        live = [s for s in group if s.position < len(s.form.elements)]
        if len(live) < len(group):
            failures.append(Failure(here, "unknown", ()))
        states += _step(live, tokens, here, failures)
    if done:
        best = min(done, key=lambda s: s.order)
        values = {name: (value, index) for name, value, index in best.values}
        return Match(best.form.action, best.form.undo, best.words, values)
    rank = {"incomplete": 0, "unknown": 1, "ambiguous": 2}
    return max(failures, key=lambda f: (f.index, rank[f.reason], bool(f.expected)))


def _step(
    live: list[_State], tokens: Sequence[Token], here: int, failures: list[Failure]
) -> list[_State]:
    word = tokens[here].text.lower()
    keywords = [s for s in live if isinstance(s.form.elements[s.position], Keyword)]

    def keyword(s: _State) -> Keyword:
        element = s.form.elements[s.position]
        assert isinstance(element, Keyword)
        return element

    exact = [s for s in keywords if keyword(s).word == word]
    prefixed = _unique([keyword(s).word for s in keywords if keyword(s).word.startswith(word)])
    chosen = word if exact else prefixed[0] if len(prefixed) == 1 else ""
    if not exact and len(prefixed) > 1:
        failures.append(Failure(here, "ambiguous", tuple(sorted(prefixed))))
        return []
    out: list[_State] = []
    if chosen:
        for s in keywords:
            k = keyword(s)
            if k.word == chosen:
                out.append(s.advance(chosen, 1, (k.capture, chosen, here) if k.capture else None))
        return out
    for s in live:
        element = s.form.elements[s.position]
        if isinstance(element, Slot):
            for value, consumed in element.kind.read(tokens, here):
                text = (
                    value
                    if isinstance(value, str)
                    else " ".join(t.text for t in tokens[here : here + consumed])
                )
                out.append(s.advance(text, consumed, (element.name, value, here)))
    if not out:
        expected = _unique(
            [describe(s.form.elements[s.position]) for s in live if not s.form.hidden]
        )
        failures.append(Failure(here, "unknown", expected))
    return out


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
