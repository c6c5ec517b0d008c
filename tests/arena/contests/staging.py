"""Rows for contest tests: people, a small catalogue of tasks with live datasets, and a contest
staged directly in the tables (so that the services under test are not also the set-up)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.catalog.models import Dataset, Module, Task, Tier, Track
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    ScoreMode,
    Scoring,
    WindowType,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_serial = itertools.count(1)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


async def person(session: AsyncSession, role: Role = Role.STUDENT, name: str = "") -> User:
    number = next(_serial)
    user = User(
        username=name or f"{role.value}{number}",
        display_name=(name or f"{role.value} {number}").title(),
        password_hash="!",  # never logs in
        role=role,
    )
    session.add(user)
    await session.flush()
    return user


async def cohort(session: AsyncSession, coach: User, *members: User, name: str = "") -> Cohort:
    number = next(_serial)
    group = Cohort(name=name or f"Class {number}", coach_id=coach.id, invite_code=f"ch{number}")
    session.add(group)
    await session.flush()
    session.add_all(CohortMember(cohort_id=group.id, user_id=m.id) for m in members)
    await session.flush()
    return group


async def catalogue(session: AsyncSession, count: int = 3) -> list[Task]:
    """``count`` tasks with a live dataset each, in one track (slugs ``c<n>-<i>``)."""
    number = next(_serial)
    track = Track(slug=f"ct{number}", name_en=f"Track {number}", name_zh=f"方向 {number}")
    session.add(track)
    await session.flush()
    tier = Tier(track_id=track.id, level=1, slug="t1", name_en="Tier 1", name_zh="级 1")
    session.add(tier)
    await session.flush()
    module = Module(tier_id=tier.id, slug=f"cm{number}", title_en="M", title_zh="模")
    session.add(module)
    await session.flush()
    tasks = []
    for index in range(count):
        task = Task(
            slug=f"c{number}-{index}",
            type="code",
            module_id=module.id,
            title_en=f"Task {index}",
            title_zh=f"题目 {index}",
        )
        session.add(task)
        await session.flush()
        dataset = Dataset(task_id=task.id, version=1, content_hash=f"{number:060d}{index:04d}")
        session.add(dataset)
        await session.flush()
        task.live_dataset_id = dataset.id
        tasks.append(task)
    await session.flush()
    return tasks


async def contest(session: AsyncSession, creator: User, **fields: object) -> Contest:
    number = next(_serial)
    row = Contest(
        slug=f"mock{number}",
        title=f"Mock {number}",
        created_by=creator.id,
        **fields,
    )
    session.add(row)
    await session.flush()
    return row


async def round_(
    session: AsyncSession,
    contest: Contest,
    position: int,
    *,
    kind: RoundKind = RoundKind.LAB,
    window: WindowType = WindowType.FIXED,
    start: float = 0,
    end: float = 300,
    duration: int | None = None,
    freeze: int | None = None,
    tasks: list[Task] = (),  # type: ignore[assignment]
) -> Round:
    row = Round(
        contest_id=contest.id,
        position=position,
        name=f"Round {position}",
        kind=kind,
        scoring=Scoring.IOI,
        mode=ScoreMode.SUBTASK,
        window=window,
        starts_at=at(start),
        ends_at=at(end),
        duration_min=duration,
        freeze_min=freeze,
    )
    session.add(row)
    await session.flush()
    for index, task in enumerate(tasks):
        assert task.live_dataset_id is not None
        session.add(
            RoundTask(
                round_id=row.id,
                task_id=task.id,
                dataset_id=task.live_dataset_id,
                label=chr(ord("A") + index),
                position=index,
            )
        )
    await session.flush()
    return row


async def enter(
    session: AsyncSession, contest: Contest, *members: User, team: str | None = None
) -> list[Participation]:
    """One entry for ``members``: a team named ``team``, or one student alone."""
    entry = Entry(
        contest_id=contest.id,
        name=team or members[0].display_name,
        team=team is not None,
    )
    session.add(entry)
    await session.flush()
    places = [
        Participation(contest_id=contest.id, user_id=m.id, entry_id=entry.id) for m in members
    ]
    session.add_all(places)
    await session.flush()
    return places
