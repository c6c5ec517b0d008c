"""Students' ratings from rated contests (pure): openskill's Plackett–Luce model.

Each rated contest is one match: its final standings' lines, in rank order, are the teams (a
team contest's line rates each of its members; a student alone is a team of one), and equal
ranks tie. A student who has not been rated starts at openskill's prior (``mu`` 25, ``sigma``
25/3). The **displayed rating** is openskill's conservative ordinal ``mu − 3·sigma`` under a
linear map, so that a new student shows :data:`BASE`::

    display = BASE + SCALE · (mu − 3·sigma)          (1500 + 40 · ordinal)

The replay is deterministic: the same contests in the same order, with the same standings,
give the same ratings to the last digit (the model has no randomness, and teams and members
are always given in the same order).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openskill.models import PlackettLuce

BASE = 1500
SCALE = 40
MODEL = PlackettLuce()
PRIOR = (MODEL.mu, MODEL.sigma)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a contest's final standings: its rank and its members' user ids."""

    rank: int
    members: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Change:
    user_id: int
    rank: int
    before: tuple[float, float]  # (mu, sigma)
    after: tuple[float, float]


def display(mu: float, sigma: float) -> int:
    """The rating people see (see the module's note)."""
    return round(BASE + SCALE * (mu - 3 * sigma))


def rate(held: dict[int, tuple[float, float]], lines: Sequence[Line]) -> list[Change]:
    """One contest: every member's rating before and after, from ``held`` (the ratings so
    far; students missing from it start at the prior). Lines without members are left out;
    a contest with fewer than two lines changes nothing."""
    lines = [line for line in lines if line.members]
    if len(lines) < 2:
        return []
    ordered = sorted(lines, key=lambda line: (line.rank, line.members))
    teams = [
        [MODEL.rating(*held.get(member, PRIOR)) for member in line.members] for line in ordered
    ]
    rated = MODEL.rate(teams, ranks=[line.rank for line in ordered])
    changes = []
    for line, team in zip(ordered, rated, strict=True):
        for member, after in zip(line.members, team, strict=True):
            before = held.get(member, PRIOR)
            changes.append(Change(member, line.rank, before, (after.mu, after.sigma)))
    return changes


def replay(contests: Iterable[Sequence[Line]]) -> list[list[Change]]:
    """Every contest's changes, in order, each starting from the ratings the ones before it
    left."""
    held: dict[int, tuple[float, float]] = {}
    history = []
    for lines in contests:
        changes = rate(held, lines)
        for change in changes:
            held[change.user_id] = change.after
        history.append(changes)
    return history
