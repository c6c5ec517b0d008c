"""Entry criteria against a student's facts: the one pure function that says, criterion by
criterion, how far a student is from the next tier (:func:`evaluate`), and how close they are
overall (:func:`closeness`).

The rules are :class:`ictarena.catalog.criteria.EntryCriteria` (data, per tier); the facts are
gathered in bulk by :mod:`ictarena.progression.facts`. Neither side knows the other's storage,
so every rule can be tested with a table of facts and no database.

Each criterion gets a stable key, the same in the snapshot stored with a coach's decision, in
the student's panel and in the coach's queue:

``modules_done``                       modules of the tier below done (have / need modules)
``points``                             practice points in the track
``competency:<competency>``            a competency's percentage over the held tiers
``contest_percentile``, ``contest_score``  the best mock-contest result in the track
``rating``                             the student's rating

A fact that does not exist yet (no mock contest taken, no rating) leaves its criterion unmet,
with ``have`` None.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ictarena.catalog.criteria import EntryCriteria

CLOSE = 0.8  # "close": at least this share of the way on average (the coach's queue)
_BELOW_ONE = math.nextafter(1.0, 0.0)


@dataclass(frozen=True)
class ContestResult:
    """A student's best result in the mock contests of a track."""

    percentile: float  # 0–100, higher is better
    score: float


@dataclass(frozen=True)
class Facts:
    """What is known of one student in one track, for the entry criteria of its next tier.

    ``tier_below_modules`` are the modules (by slug) of the tier below the target that have
    tasks: what ``modules_done: all`` asks for. ``competencies`` are percentages over the tiers
    the student holds. ``contest`` and ``rating`` stay None until the student has one.
    """

    done_modules: frozenset[str] = frozenset()
    tier_below_modules: tuple[str, ...] = ()
    points: float = 0.0
    competencies: Mapping[str, float] = field(default_factory=dict)
    contest: ContestResult | None = None
    rating: float | None = None


@dataclass(frozen=True)
class CriterionProgress:
    """One criterion: what the student has, what is needed, and whether it holds.

    ``details`` names what is missing (the module slugs not done yet); ``have`` is None when
    the fact does not exist yet (no contest taken, no rating).
    """

    key: str
    have: float | None
    need: float
    met: bool
    details: tuple[str, ...] = ()

    @property
    def ratio(self) -> float:
        """The share of the way done, 0–1; exactly 1 only when met."""
        if self.met:
            return 1.0
        if self.have is None or self.need <= 0:
            return 0.0
        return max(0.0, min(self.have / self.need, _BELOW_ONE))

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "have": self.have,
            "need": self.need,
            "met": self.met,
            "details": list(self.details),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CriterionProgress:
        have = data.get("have")
        return cls(
            key=str(data["key"]),
            have=None if have is None else float(have),
            need=float(data["need"]),
            met=bool(data["met"]),
            details=tuple(str(d) for d in data.get("details", ())),
        )


def _at_least(key: str, have: float | None, need: float) -> CriterionProgress:
    return CriterionProgress(key, have, need, have is not None and have >= need)


def evaluate(facts: Facts, criteria: EntryCriteria) -> list[CriterionProgress]:
    """Every criterion of ``criteria`` with the student's progress, in a fixed order (modules,
    points, competencies by name, contest percentile, contest score, rating). Parts that are
    not set are left out, so empty criteria give an empty list."""
    progress: list[CriterionProgress] = []
    if criteria.modules_done:
        wanted = (
            list(facts.tier_below_modules)
            if criteria.modules_done == "all"
            else list(dict.fromkeys(criteria.modules_done))
        )
        missing = tuple(slug for slug in wanted if slug not in facts.done_modules)
        done = len(wanted) - len(missing)
        progress.append(
            CriterionProgress("modules_done", float(done), float(len(wanted)), not missing, missing)
        )
    if criteria.points:
        progress.append(_at_least("points", facts.points, criteria.points))
    for competency in sorted(criteria.competencies, key=lambda c: c.value):
        need = criteria.competencies[competency]
        percent = facts.competencies.get(competency.value, 0.0)
        progress.append(_at_least(f"competency:{competency.value}", percent, need))
    contest = criteria.contest
    if contest is not None and contest.percentile is not None:
        have = facts.contest.percentile if facts.contest else None
        progress.append(_at_least("contest_percentile", have, contest.percentile))
    if contest is not None and contest.score:
        have = facts.contest.score if facts.contest else None
        progress.append(_at_least("contest_score", have, contest.score))
    if criteria.rating:
        progress.append(_at_least("rating", facts.rating, criteria.rating))
    return progress


def all_met(progress: Sequence[CriterionProgress]) -> bool:
    """Every criterion holds. No criteria at all is not "met": such a tier opens only by a
    coach's override."""
    return bool(progress) and all(p.met for p in progress)


def closeness(progress: Sequence[CriterionProgress]) -> float:
    """The mean of each criterion's share of the way (``min(have / need, 1)``): 1.0 exactly
    when every criterion is met, 0.0 when there are none."""
    if not progress:
        return 0.0
    if all(p.met for p in progress):
        return 1.0
    return min(sum(p.ratio for p in progress) / len(progress), _BELOW_ONE)


def is_close(progress: Sequence[CriterionProgress]) -> bool:
    """Not every criterion is met, but the student is at least :data:`CLOSE` of the way."""
    return not all_met(progress) and closeness(progress) >= CLOSE
