"""A contest described in a YAML file, created in one transaction (``arena contest create``).

::

    slug: spring-mock
    title: Spring mock
    track: datacom                 # a track's id; omitted: a mixed contest
    team_size: 3
    unfreeze_at: 2026-03-01 16:00  # times without an offset are in the platform's time zone
    cohorts: [Class A]             # cohort names (or ids); students: and jury: are usernames
    jury: [coach2]
    rounds:
      - name: Written
        kind: theory
        scoring: exam
        mode: best
        weight: 30
        window: personal
        starts_at: 2026-03-01 09:00
        ends_at: 2026-03-01 11:00
        duration_min: 90
        tasks:
          - {task: datacom-quiz-1, label: A, points: 100}
      - name: Lab
        scoring: icpc
        weight: 70
        starts_at: 2026-03-01 13:00
        ends_at: 2026-03-01 15:00
        freeze_min: 30
        tasks: [{task: ospf-lab, label: A}, {task: vlan-lab, label: B}]
    teams:
      - {name: Blue, members: [ann, bo]}

Every problem is reported with where it is, as ``contest.yaml:12: rounds[1].starts_at: …``:
the file's shape first (pydantic), then the names it refers to, then the domain's own rules
(the same checks as the jury's pages, run by the same functions). Nothing is written unless
all of it is right: the caller's transaction is rolled back on :class:`ContestFileInvalid`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, User
from ictarena.catalog.models import Task, Track
from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import line_of, load_yaml
from ictarena.contests import entries, setup
from ictarena.contests.models import Contest, ContestKind, RoundKind, ScoreMode, Scoring, WindowType
from ictarena.errors import ArenaError

Loc = Sequence[int | str]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TaskSpec(_Model):
    task: str = Field(min_length=1, max_length=64, description="the task's id (slug)")
    label: str = Field(min_length=1, max_length=8)
    points: float = 100.0


class RoundSpec(_Model):
    name: str
    kind: RoundKind = RoundKind.LAB
    scoring: Scoring = Scoring.IOI
    mode: ScoreMode | None = None
    weight: float = 100.0
    window: WindowType = WindowType.FIXED
    starts_at: datetime
    ends_at: datetime
    duration_min: int | None = None
    freeze_min: int | None = None
    penalty_min: int = 20
    blueprint: dict[str, Any] | None = None
    tasks: list[TaskSpec] = Field(default_factory=list, max_length=100)


class TeamSpec(_Model):
    name: str
    members: list[str] = Field(default_factory=list)


class ContestSpec(_Model):
    slug: str
    title: str
    description: str = ""
    kind: ContestKind = ContestKind.COMPETITION
    track: str | None = None
    open_registration: bool = False
    team_size: int = 3
    hidden_tasks: bool = True
    scale: float | None = Field(None, description="default: 1000 for an exam, else 100")
    pass_score: float | None = None
    unfreeze_at: datetime | None = None
    rated: bool = False
    cohorts: list[str | int] = Field(default_factory=list)
    students: list[str] = Field(default_factory=list)
    jury: list[str] = Field(default_factory=list)
    rounds: list[RoundSpec] = Field(default_factory=list, max_length=50)
    teams: list[TeamSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class FileError:
    """One located problem: ``file:line: where: message``."""

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{place}: {self.where}: {self.message}" if self.where else f"{place}: {self.message}"
        )


class ContestFileInvalid(Exception):
    """The file is wrong; ``errors`` lists every problem found. Nothing was created."""

    def __init__(self, errors: Sequence[FileError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def where(loc: Loc) -> str:
    """``rounds[1].starts_at`` for ``("rounds", 1, "starts_at")``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _explain_key(error: ArenaError) -> str:
    params = ", ".join(f"{k}={v}" for k, v in error.params.items())
    return f"{error.message} ({params})" if params else error.message


class _Report:
    def __init__(self, label: str, node: yaml.Node | None) -> None:
        self.label, self.node = label, node
        self.errors: list[FileError] = []

    def add(self, loc: Loc, message: str) -> None:
        self.errors.append(FileError(self.label, line_of(self.node, loc), where(loc), message))

    def check(self) -> None:
        if self.errors:
            raise ContestFileInvalid(self.errors)


def read_contest_file(path: Path) -> tuple[ContestSpec, yaml.Node | None]:
    """The file's spec and node tree; raise :class:`ContestFileInvalid` for a file that is not
    YAML, not a mapping, or not the shape of a contest."""
    label = path.name
    problems = Problems("")
    try:
        data, node = load_yaml(path, label, problems)
    except OSError as exc:
        raise ContestFileInvalid([FileError(label, None, "", exc.strerror or str(exc))]) from None
    if problems:
        raise ContestFileInvalid(
            [FileError(p.file, None, p.where, p.message) for p in problems.errors]
        )
    report = _Report(label, node)
    try:
        spec = ContestSpec.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = [p for p in error["loc"] if isinstance(p, int) or "[" not in p]
            message = str(error["msg"]).removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown field (check its spelling)"
            report.add(loc, message)
        report.check()
        raise  # pragma: no cover - check() raised
    return spec, node


def _aware(value: datetime, zone: tzinfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


@dataclass
class _Names:
    """The names the file refers to, resolved to ids."""

    track_id: int | None
    cohorts: list[int]
    users: dict[str, User]
    tasks: dict[str, int]


async def _resolve(session: AsyncSession, spec: ContestSpec, report: _Report) -> _Names:
    track_id = None
    if spec.track is not None:
        track_id = await session.scalar(select(Track.id).where(Track.slug == spec.track))
        if track_id is None:
            report.add(["track"], f"no track {spec.track!r}")
    cohort_ids: list[int] = []
    for index, ref in enumerate(spec.cohorts):
        if isinstance(ref, int):
            found = list(await session.scalars(select(Cohort.id).where(Cohort.id == ref)))
        else:
            found = list(await session.scalars(select(Cohort.id).where(Cohort.name == ref)))
        if len(found) == 1:
            cohort_ids.append(found[0])
        elif not found:
            report.add(["cohorts", index], f"no cohort {ref!r}")
        else:
            report.add(["cohorts", index], f"{len(found)} cohorts are called {ref!r}: use an id")
    names = {*spec.students, *spec.jury, *(m for t in spec.teams for m in t.members)}
    users = {
        u.username: u for u in await session.scalars(select(User).where(User.username.in_(names)))
    }
    lists: list[tuple[Loc, list[str]]] = [(["students"], spec.students), (["jury"], spec.jury)]
    lists += [(["teams", i, "members"], t.members) for i, t in enumerate(spec.teams)]
    for loc, usernames in lists:
        for index, username in enumerate(usernames):
            if username not in users:
                report.add([*loc, index], f"no user {username!r}")
    slugs = {t.task for r in spec.rounds for t in r.tasks}
    rows = await session.execute(select(Task.slug, Task.id).where(Task.slug.in_(slugs)))
    tasks: dict[str, int] = {slug: task_id for slug, task_id in rows}
    for r, round in enumerate(spec.rounds):
        for t, task in enumerate(round.tasks):
            if task.task not in tasks:
                report.add(["rounds", r, "tasks", t, "task"], f"no task {task.task!r}")
    return _Names(track_id, cohort_ids, users, tasks)


_CONTEST_FIELDS = {"track_id": "track", "cohort_ids": "cohorts", "jury_ids": "jury"}


async def create_from_file(
    session: AsyncSession,
    actor: User,
    spec: ContestSpec,
    node: yaml.Node | None,
    *,
    label: str = "contest.yaml",
    zone: tzinfo,
    now: datetime,
    explain: Callable[[ArenaError], str] = _explain_key,
) -> Contest:
    """Create the contest ``spec`` describes, as ``actor``, in the caller's transaction; raise
    :class:`ContestFileInvalid` (the caller rolls back) at the first problem the domain finds,
    after every unresolved name. ``explain`` turns a domain error into text."""
    report = _Report(label, node)
    names = await _resolve(session, spec, report)
    report.check()

    async def step(loc: Loc, fields: dict[str, str], action: Any) -> Any:
        try:
            return await action
        except ArenaError as exc:
            field = getattr(exc, "field", None)
            at = [*loc, fields.get(field, field)] if field else list(loc)
            report.add(at, explain(exc))
            report.check()

    scale = spec.scale if spec.scale is not None else (
        1000.0 if spec.kind is ContestKind.EXAM else 100.0
    )  # fmt: skip
    contest: Contest = await step(
        [],
        _CONTEST_FIELDS,
        setup.create_contest(
            session,
            actor,
            slug=spec.slug,
            title=spec.title,
            description=spec.description,
            kind=spec.kind,
            track_id=names.track_id,
            open_registration=spec.open_registration,
            team_size=spec.team_size,
            hidden_tasks=spec.hidden_tasks,
            scale=scale,
            pass_score=spec.pass_score,
            unfreeze_at=None if spec.unfreeze_at is None else _aware(spec.unfreeze_at, zone),
            rated=spec.rated,
            cohort_ids=names.cohorts,
            jury_ids=[names.users[u].id for u in spec.jury],
        ),
    )
    for r, round_spec in enumerate(spec.rounds):
        values = round_spec.model_dump(exclude={"tasks"})
        values["starts_at"] = _aware(round_spec.starts_at, zone)
        values["ends_at"] = _aware(round_spec.ends_at, zone)
        round = await step(["rounds", r], {}, setup.add_round(session, actor, contest, **values))
        for t, task in enumerate(round_spec.tasks):
            await step(
                ["rounds", r, "tasks", t],
                {"task_id": "task"},
                setup.set_round_task(
                    session,
                    actor,
                    round,
                    names.tasks[task.task],
                    label=task.label,
                    points=task.points,
                    position=t,
                ),
            )
    if spec.students:
        ids = [names.users[u].id for u in spec.students]
        await step(["students"], {}, entries.enter_students(session, actor, contest, ids))
    for k, team in enumerate(spec.teams):
        members = [names.users[u].id for u in team.members]
        await step(
            ["teams", k],
            {},
            entries.create_team(session, actor, contest, team.name, members, now=now),
        )
    return contest


SHIFT_UNITS = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "m": 1}


def parse_shift(text: str) -> timedelta:
    """``7d``, ``1d12h``, ``-90m``, ``2w``: a time shift; ValueError otherwise."""
    value = text.strip().lower()
    sign = -1 if value.startswith("-") else 1
    value = value.lstrip("+-")
    minutes, number = 0, ""
    for char in value:
        if char.isdigit():
            number += char
        elif char in SHIFT_UNITS and number:
            minutes += int(number) * SHIFT_UNITS[char]
            number = ""
        else:
            raise ValueError(f"{text!r} is not a shift such as 7d, 12h, 90m or 1d12h")
    if number or not value:
        raise ValueError(f"{text!r} is not a shift such as 7d, 12h, 90m or 1d12h")
    return timedelta(minutes=sign * minutes)
