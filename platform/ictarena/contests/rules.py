"""What makes a contest's and a round's settings valid, checked whole before anything is
written, and shared by the jury's pages, the contest file and clones.

A contest has a slug of lower-case letters, digits and dashes (unique), a title, a team size
from 1 to 12, a positive scale with a pass mark on it, and a track that exists; its jury are
coaches or admins. A round task has a label of up to 8 letters or digits and positive
points. A round:

- Ends after it starts (aware times).
- A personal-timer round has a duration; a fixed one has none.
- The freeze is shorter than the time a subject has (the window, or the timer).
- The weight is a percentage; the ICPC penalty a number of minutes.
- The scoring rule and its variant agree: ICPC has none (stored as the column's default),
  IOI is ``subtask`` or ``submission``, exam is ``best`` or ``last``.
- A blueprint (how an exam paper is drawn) belongs to exam rounds only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, Role, User
from ictarena.catalog.models import Track
from ictarena.contests.models import (
    Contest,
    ContestKind,
    Round,
    RoundKind,
    ScoreMode,
    Scoring,
    WindowType,
)
from ictarena.errors import Conflict, InvalidInput

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
LABEL_RE = re.compile(r"^[A-Z0-9]{1,8}$")
MAX_TEAM_SIZE = 12
MAX_POINTS = 100_000.0
RESERVED_SLUGS = frozenset({"new"})  # /contests/new is the form that creates one


@dataclass(frozen=True)
class ContestPlan:
    """A contest's settings as one value, validated whole (:func:`check_contest`)."""

    slug: str
    title: str
    description: str = ""
    kind: ContestKind = ContestKind.COMPETITION
    track_id: int | None = None
    open_registration: bool = False
    team_size: int = 3
    hidden_tasks: bool = True
    scale: float = 100.0
    pass_score: float | None = None
    unfreeze_at: datetime | None = None
    rated: bool = False


CONTEST_FIELDS = tuple(f.name for f in fields(ContestPlan))


def plain(value: Any) -> Any:
    """A value as the audit log's JSON holds it."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list | set):
        return sorted(value)
    return value.value if hasattr(value, "value") else value


async def check_contest(
    session: AsyncSession, plan: ContestPlan, contest_id: int | None = None
) -> ContestPlan:
    """Validate ``plan`` (normalising the slug and title); raise InvalidInput on a field."""
    slug = plan.slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise InvalidInput("contest_slug_invalid", field="slug")
    if slug in RESERVED_SLUGS:
        raise Conflict("contest_slug_taken", field="slug", slug=slug)
    title = " ".join(plan.title.split())
    if not 1 <= len(title) <= 200:
        raise InvalidInput("contest_title_invalid", field="title")
    if not 1 <= plan.team_size <= MAX_TEAM_SIZE:
        raise InvalidInput("contest_team_size_invalid", field="team_size", max=MAX_TEAM_SIZE)
    if not 0 < plan.scale <= MAX_POINTS:
        raise InvalidInput("contest_scale_invalid", field="scale")
    if plan.pass_score is not None and not 0 <= plan.pass_score <= plan.scale:
        raise InvalidInput("contest_pass_score_invalid", field="pass_score", scale=plan.scale)
    if plan.track_id is not None and await session.get(Track, plan.track_id) is None:
        raise InvalidInput("contest_track_unknown", field="track_id")
    if plan.unfreeze_at is not None and plan.unfreeze_at.tzinfo is None:
        raise InvalidInput("contest_time_invalid", field="unfreeze_at")
    clash = await session.scalar(select(Contest.id).where(Contest.slug == slug))
    if clash is not None and clash != contest_id:
        raise Conflict("contest_slug_taken", field="slug", slug=slug)
    return replace(plan, slug=slug, title=title)


async def check_people(
    session: AsyncSession, cohort_ids: Iterable[int], jury_ids: Iterable[int]
) -> tuple[list[int], list[int]]:
    cohorts = list(dict.fromkeys(cohort_ids))
    jury = list(dict.fromkeys(jury_ids))
    found = set(await session.scalars(select(Cohort.id).where(Cohort.id.in_(cohorts))))
    if len(found) != len(cohorts):
        raise InvalidInput("contest_cohort_unknown", field="cohort_ids")
    coaches = set(
        await session.scalars(
            select(User.id).where(User.id.in_(jury), User.role.in_([Role.COACH, Role.ADMIN]))
        )
    )
    if len(coaches) != len(jury):
        raise InvalidInput("contest_jury_not_coach", field="jury_ids")
    return cohorts, jury


MODES: dict[Scoring, tuple[ScoreMode, ...]] = {
    Scoring.ICPC: (ScoreMode.SUBTASK,),  # no variant: the column's default, ignored
    Scoring.IOI: (ScoreMode.SUBTASK, ScoreMode.SUBMISSION),
    Scoring.EXAM: (ScoreMode.BEST, ScoreMode.LAST),
}
MAX_MINUTES = 31 * 24 * 60
MAX_PENALTY = 1000


@dataclass(frozen=True)
class RoundPlan:
    """A round's settings (its columns but the contest and the position)."""

    name: str
    kind: RoundKind
    scoring: Scoring
    mode: ScoreMode | None
    weight: float
    window: WindowType
    starts_at: datetime
    ends_at: datetime
    duration_min: int | None = None
    freeze_min: int | None = None
    penalty_min: int = 20
    blueprint: dict[str, Any] | None = None

    @classmethod
    def of(cls, round: Round) -> RoundPlan:
        return cls(**{f.name: getattr(round, f.name) for f in fields(cls)})

    def columns(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def check_round(plan: RoundPlan) -> RoundPlan:
    """``plan`` validated, with its name tidied and its mode made explicit; raise InvalidInput
    naming the field at fault."""
    name = " ".join(plan.name.split())
    if not 1 <= len(name) <= 120:
        raise InvalidInput("contest_round_name_invalid", field="name")
    try:
        kind, scoring, window = RoundKind(plan.kind), Scoring(plan.scoring), WindowType(plan.window)
    except ValueError:
        raise InvalidInput("contest_round_setting_unknown", field="scoring") from None
    mode = ScoreMode(plan.mode) if plan.mode is not None else MODES[scoring][0]
    if mode not in MODES[scoring]:
        if scoring is Scoring.ICPC:
            raise InvalidInput("contest_round_mode_icpc", field="mode")
        raise InvalidInput(
            "contest_round_mode_invalid",
            field="mode",
            scoring=scoring.value.upper() if scoring is Scoring.IOI else scoring.value,
            modes=", ".join(m.value for m in MODES[scoring]),
        )
    for field in ("starts_at", "ends_at"):
        if getattr(plan, field).tzinfo is None:
            raise InvalidInput("contest_time_invalid", field=field)
    if plan.ends_at <= plan.starts_at:
        raise InvalidInput("contest_round_ends_before_start", field="ends_at")
    window_min = (plan.ends_at - plan.starts_at).total_seconds() / 60
    if window is WindowType.PERSONAL:
        if plan.duration_min is None:
            raise InvalidInput("contest_round_duration_needed", field="duration_min")
        if not 1 <= plan.duration_min <= MAX_MINUTES:
            raise InvalidInput("contest_round_duration_invalid", field="duration_min")
        time_min = float(plan.duration_min)
    else:
        if plan.duration_min is not None:
            raise InvalidInput("contest_round_duration_fixed", field="duration_min")
        time_min = window_min
    if plan.freeze_min is not None and not 0 <= plan.freeze_min < time_min:
        raise InvalidInput("contest_round_freeze_invalid", field="freeze_min")
    if not 0 <= plan.weight <= 100:
        raise InvalidInput("contest_round_weight_invalid", field="weight")
    if not 0 <= plan.penalty_min <= MAX_PENALTY:
        raise InvalidInput("contest_round_penalty_invalid", field="penalty_min")
    if plan.blueprint is not None and scoring is not Scoring.EXAM:
        raise InvalidInput("contest_round_blueprint_exam_only", field="blueprint")
    return RoundPlan(
        name=name,
        kind=kind,
        scoring=scoring,
        mode=mode,
        weight=float(plan.weight),
        window=window,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        duration_min=plan.duration_min,
        freeze_min=plan.freeze_min,
        penalty_min=plan.penalty_min,
        blueprint=plan.blueprint,
    )
