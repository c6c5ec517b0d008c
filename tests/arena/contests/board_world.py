"""A contest staged in the tables for the scoreboard tests: a team of two, a student alone, a
theory round and a lab round; submissions recorded through the real recording path."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
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
from ictarena.db import Database
from ictarena.submissions import contest_cells, recording
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.reports import NormalReport

ZONE = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_serial = itertools.count(1)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@dataclass
class Stage:
    contest: Contest
    theory: Round
    lab: Round
    tasks: list[Task]  # theory: tasks[0]; lab: tasks[1:]
    team: Entry
    solo: Entry
    ann: Participation  # in the team
    bob: Participation  # in the team
    cat: Participation  # alone
    users: dict[int, int]  # participation id -> user id
    admin: User


async def _person(session: AsyncSession, role: Role = Role.STUDENT) -> User:
    number = next(_serial)
    user = User(
        username=f"bw{role.value}{number}",
        display_name=f"{role.value.title()} {number}",
        password_hash="!",
        role=role,
    )
    session.add(user)
    await session.flush()
    return user


async def stage(
    session: AsyncSession,
    *,
    lab_scoring: Scoring = Scoring.ICPC,
    lab_mode: ScoreMode = ScoreMode.SUBTASK,
    lab_window: WindowType = WindowType.FIXED,
    freeze: int | None = 60,
    lab_tasks: int = 2,
) -> Stage:
    """A contest: theory 0–90 min (written 30 %, exam scoring, one task of 100 points), then a
    lab 100–400 min (70 %, ``lab_scoring``, freeze ``freeze`` min before each subject's end)."""
    number = next(_serial)
    admin = await _person(session, Role.ADMIN)
    track = Track(slug=f"bw{number}", name_en=f"Track {number}", name_zh=f"方向 {number}")
    session.add(track)
    await session.flush()
    tier = Tier(track_id=track.id, level=1, slug="t1", name_en="Tier 1", name_zh="级 1")
    session.add(tier)
    await session.flush()
    module = Module(tier_id=tier.id, slug=f"bw{number}", title_en="M", title_zh="模")
    session.add(module)
    await session.flush()
    tasks = []
    for index in range(1 + lab_tasks):
        task = Task(
            slug=f"bw{number}-{index}",
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
    contest = Contest(
        slug=f"bw{number}", title=f"Mock {number}", created_by=admin.id, track_id=track.id
    )
    session.add(contest)
    await session.flush()
    theory = Round(
        contest_id=contest.id,
        position=1,
        name="Written",
        kind=RoundKind.THEORY,
        scoring=Scoring.EXAM,
        mode=ScoreMode.BEST,
        weight=30,
        starts_at=at(0),
        ends_at=at(90),
    )
    lab = Round(
        contest_id=contest.id,
        position=2,
        name="Lab",
        kind=RoundKind.LAB,
        scoring=lab_scoring,
        mode=lab_mode,
        weight=70,
        window=lab_window,
        starts_at=at(100),
        ends_at=at(400),
        duration_min=120 if lab_window is WindowType.PERSONAL else None,
        freeze_min=freeze,
    )
    session.add_all([theory, lab])
    await session.flush()
    for index, task in enumerate(tasks):
        assert task.live_dataset_id is not None
        session.add(
            RoundTask(
                round_id=theory.id if index == 0 else lab.id,
                task_id=task.id,
                dataset_id=task.live_dataset_id,
                label="W" if index == 0 else chr(ord("A") + index - 1),
                position=index,
            )
        )
    team = Entry(contest_id=contest.id, name=f"Team {number}", team=True)
    solo = Entry(contest_id=contest.id, name=f"Solo {number}")
    session.add_all([team, solo])
    await session.flush()
    people = [await _person(session) for _ in range(3)]
    ann, bob, cat = (
        Participation(contest_id=contest.id, user_id=people[0].id, entry_id=team.id),
        Participation(contest_id=contest.id, user_id=people[1].id, entry_id=team.id),
        Participation(contest_id=contest.id, user_id=people[2].id, entry_id=solo.id),
    )
    session.add_all([ann, bob, cat])
    await session.flush()
    users = {p.id: p.user_id for p in (ann, bob, cat)}
    await session.commit()
    return Stage(contest, theory, lab, tasks, team, solo, ann, bob, cat, users, admin)


async def submit(
    db: Database, st: Stage, who: Participation, round: Round, task: Task, minute: float
) -> tuple[int, int]:
    """A contest submission made at ``minute``, its pending try stored on the board at once
    (as intake does); returns (submission, judging) ids."""
    async with db.transaction() as session:
        submission = Submission(
            user_id=st.users[who.id],
            task_id=task.id,
            files={},
            created_at=at(minute),
            participation_id=who.id,
            entry_id=who.entry_id,
            round_id=round.id,
        )
        session.add(submission)
        await session.flush()
        assert task.live_dataset_id is not None
        judging = Judging(submission_id=submission.id, dataset_id=task.live_dataset_id)
        session.add(judging)
        await session.flush()
        await contest_cells.refresh_cell(session, submission)
        return submission.id, judging.id


async def judge(
    db: Database,
    judging_id: int,
    verdict: str,
    score: float | None = None,
    max_score: float = 100.0,
    raw: dict[str, Any] | None = None,
) -> None:
    """Record a judge's final report (``JE``: a judge error)."""
    async with db.transaction() as session:
        if verdict == "JE":
            assert await recording.record_error(session, judging_id, "judge host lost")
            return
        if score is None:
            score = max_score if verdict == "AC" else 0.0
        report = NormalReport(verdict=verdict, score=score, max_score=max_score, raw=raw or {})
        assert await recording.record_result(session, judging_id, report, "test", zone=ZONE)
