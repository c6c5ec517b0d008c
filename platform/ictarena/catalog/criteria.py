"""Entry criteria of a tier: what a student must show before a coach promotes them into it.

Kept as data: shipped in each problem set's ``track.yaml``, stored on the tier
(:attr:`ictarena.catalog.models.Tier.criteria`), editable by an admin. Every part is optional
and they combine (all must hold):

``modules_done``
    modules of the tier below that must be done: ``all`` of them, or a list of module ids.
``points``
    practice points earned in the track, at least.
``competencies``
    per competency, the least percentage (0–100) over the tiers the student holds.
``contest``
    the best result in a mock contest of the track: ``percentile`` (0–100, higher is better)
    and/or ``score`` (the contest score reached).
``rating``
    a rating of at least this.

The JSON stored on the tier is :meth:`EntryCriteria.to_json`; an empty object means no entry
criteria (the Associate tier, or a tier only a coach's override opens).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ictarena.catalog.models import Competency

Percent = Annotated[float, Field(ge=0, le=100)]


class ContestCriterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    percentile: float | None = Field(None, ge=0, le=100)
    score: float | None = Field(None, ge=0)


class EntryCriteria(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    modules_done: Literal["all"] | list[str] | None = None
    points: float | None = Field(None, ge=0)
    competencies: dict[Competency, Percent] = Field(default_factory=dict)
    contest: ContestCriterion | None = None
    rating: float | None = Field(None, ge=0)

    @property
    def empty(self) -> bool:
        return not (
            self.modules_done
            or self.points
            or self.competencies
            or (self.contest and (self.contest.percentile is not None or self.contest.score))
            or self.rating
        )

    def to_json(self) -> dict[str, Any]:
        """The stored form: only the parts that are set, competencies by their value."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> EntryCriteria:
        return cls.model_validate(data or {})


@dataclass(frozen=True)
class Difference:
    """One part of two sets of criteria that differs: ``field`` is ``modules_done``,
    ``points``, ``competencies.<competency>``, ``contest.percentile``, ``contest.score`` or
    ``rating``; a value is None where that side does not ask for it."""

    field: str
    shipped: Any
    current: Any

    def __str__(self) -> str:
        return f"{self.field} {shown(self.shipped)} (you have {shown(self.current)})"


def flatten(criteria: EntryCriteria) -> dict[str, Any]:
    """Each criterion of ``criteria`` under its field name (see :class:`Difference`)."""
    contest = criteria.contest or ContestCriterion()
    flat: dict[str, Any] = {
        "modules_done": criteria.modules_done or None,
        "points": criteria.points,
        **{f"competencies.{c.value}": v for c, v in criteria.competencies.items()},
        "contest.percentile": contest.percentile,
        "contest.score": contest.score,
        "rating": criteria.rating,
    }
    return {k: v for k, v in flat.items() if v is not None}


def differences(shipped: EntryCriteria, current: EntryCriteria) -> list[Difference]:
    """What ``current`` (an admin's edit) changed from ``shipped`` (the track file), in a
    stable order: the order of the fields, competencies in the order of :class:`Competency`."""
    left, right = flatten(shipped), flatten(current)
    order = ["modules_done", "points", *(f"competencies.{c.value}" for c in Competency)]
    order += ["contest.percentile", "contest.score", "rating"]
    return [
        Difference(name, left.get(name), right.get(name))
        for name in order
        if _canonical(left.get(name)) != _canonical(right.get(name))
    ]


def _canonical(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


def shown(value: Any) -> str:
    """A criterion's value as the import report writes it."""
    if value is None:
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
