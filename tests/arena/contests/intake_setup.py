"""A running contest for the intake and rejudging tests, staged in the tables around the real
clock (contest intake reads the server's time, so windows are placed around ``utcnow()``), a
job queue that keeps what it is given, and judgings finished through the real recording path.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.bank import Bank, Blueprint
from ictarena.catalog.models import Dataset, Module, Task, Tier, Track
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    ScoreCell,
    ScoreMode,
    Scoring,
    WindowType,
)
from ictarena.db import Database, utcnow
from ictarena.events.notifier import Notifier
from ictarena.intake.service import Outlets
from ictarena.submissions import recording
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.reports import NormalReport
from ictarena.submissions.services import IntakeRules

ZONE = ZoneInfo("UTC")
RULES = IntakeRules(languages=("cpp", "python3"), per_minute=100)
QUIZ = {
    "questions": [
        {
            "id": "q1",
            "kind": "single",
            "points": 2,
            "text": {"en": "Router layer?", "zh": "路由器在哪一层？"},
            "options": [
                {"id": "a", "text": {"en": "L2", "zh": "二层"}},
                {"id": "b", "text": {"en": "L3", "zh": "三层"}, "correct": True},
            ],
        }
    ]
}
_serial = itertools.count(1)


def exam_manifest(routing: str = "b") -> dict[str, Any]:
    """An exam bank of two topics of eight questions (``b`` is right, or ``routing`` in the
    routing topic); a paper: 5 + 5 questions of 100 points."""
    questions = [
        {
            "id": f"{topic}-{n}",
            "topic": topic,
            "competency": "protocol_comprehension",
            "kind": "single",
            "text": {"en": f"{topic} {n}?", "zh": f"{topic} {n}？"},
            "options": [
                {
                    "id": o,
                    "text": {"en": o, "zh": o},
                    "correct": o == (routing if topic == "routing" else "b"),
                }
                for o in "abc"
            ],
        }
        for topic in ("routing", "switching")
        for n in range(8)
    ]
    plan = {"sections": [{"topic": t, "count": 5, "points": 100} for t in ("routing", "switching")]}
    return {
        "format": 1,
        "task_type": "exam",
        "bank": Bank.model_validate({"questions": questions}).model_dump(mode="json"),
        "blueprint": Blueprint.model_validate(plan).model_dump(mode="json"),
    }


class Jobs:
    """A job queue that keeps the jobs it is given (nothing runs them)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, dict[str, Any]]] = []

    async def enqueue(self, function: str, job_id: str, **kwargs: Any) -> bool:
        if any(known == job_id for known, _kwargs in self.jobs):
            return False
        self.jobs.append((job_id, kwargs))
        return True

    async def exists(self, job_id: str) -> bool:
        return any(known == job_id for known, _kwargs in self.jobs)

    async def ping(self) -> None:
        return None

    async def depth(self) -> int:
        return len(self.jobs)

    async def close(self) -> None:
        return None


def outlets(queue: Jobs | None = None) -> Outlets:
    return Outlets(queue=queue or Jobs(), notifier=Notifier(), judge_cap=2, zone=ZONE)


def minutes(n: float) -> datetime:
    """``n`` minutes from the server's now."""
    return utcnow() + timedelta(minutes=n)


async def person(session: AsyncSession, role: Role = Role.STUDENT) -> User:
    number = next(_serial)
    user = User(
        username=f"ci-{role.value}{number}",
        display_name=f"{role.value.title()} {number}",
        password_hash="!",
        role=role,
    )
    session.add(user)
    await session.flush()
    return user


async def new_dataset(
    session: AsyncSession, task: Task, manifest: Mapping[str, Any] | None = None
) -> Dataset:
    """Another version of ``task``'s data (not made live)."""
    versions = (
        await session.scalars(select(Dataset.version).where(Dataset.task_id == task.id))
    ).all()
    version = max(versions, default=0) + 1
    dataset = Dataset(
        task_id=task.id,
        version=version,
        content_hash=f"{task.id:032d}{version:032d}",
        manifest=dict(manifest or {"limits": {"code_kb": 64}, "languages": None}),
    )
    session.add(dataset)
    await session.flush()
    return dataset


async def task(
    session: AsyncSession,
    tier: Tier,
    *,
    type: str = "code",
    visible: bool = True,
    manifest: Mapping[str, Any] | None = None,
) -> Task:
    number = next(_serial)
    module = Module(tier_id=tier.id, slug=f"ci-mod{number}", title_en="M", title_zh="模")
    session.add(module)
    await session.flush()
    row = Task(
        slug=f"ci-task{number}",
        type=type,
        module_id=module.id,
        title_en=f"Task {number}",
        title_zh=f"题目 {number}",
        visible=visible,
    )
    session.add(row)
    await session.flush()
    dataset = await new_dataset(session, row, manifest)
    row.live_dataset_id = dataset.id
    await session.flush()
    return row


async def tiers(session: AsyncSession) -> list[Tier]:
    """A track with three tiers (students hold none: tiers above the first are locked)."""
    number = next(_serial)
    track = Track(slug=f"ci-track{number}", name_en=f"Track {number}", name_zh=f"方向 {number}")
    session.add(track)
    await session.flush()
    rows = [
        Tier(track_id=track.id, level=level, slug=f"t{level}", name_en=f"T{level}", name_zh="级")
        for level in (1, 2, 3)
    ]
    session.add_all(rows)
    await session.flush()
    return rows


@dataclass
class Stage:
    """A contest whose first round (a shared ICPC lab round) runs now, and whose second
    (an individual theory round with a quiz) starts in an hour. Team ``red`` has two members,
    ``blue`` one; ``outsider`` is a student who did not register."""

    contest: Contest
    lab: Round
    theory: Round
    tasks: list[Task]  # [0], [1] in the lab round; [2] (a quiz) in the theory round
    loose: Task  # in no round
    red: Entry
    blue: Entry
    members: dict[str, User]
    places: dict[str, Participation]
    coach: User
    admin: User
    track_id: int
    extra: dict[str, Any] = field(default_factory=dict)


async def participate(
    session: AsyncSession, contest: Contest, entry: Entry, user: User
) -> Participation:
    place = Participation(contest_id=contest.id, user_id=user.id, entry_id=entry.id)
    session.add(place)
    await session.flush()
    return place


async def stage(session: AsyncSession) -> Stage:
    """See :class:`Stage`; flushed, not committed."""
    coach = await person(session, Role.COACH)
    admin = await person(session, Role.ADMIN)
    levels = await tiers(session)
    hidden = await task(session, levels[2], visible=False)  # hidden and above any tier held
    plain = await task(session, levels[0])
    quiz = await task(session, levels[0], type="quiz", manifest={"quiz": QUIZ})
    loose = await task(session, levels[0])
    contest = Contest(
        slug=f"ci-mock{next(_serial)}",
        title="Mock",
        created_by=coach.id,
        track_id=levels[0].track_id,
    )
    session.add(contest)
    await session.flush()
    lab = Round(
        contest_id=contest.id,
        position=1,
        name="Lab",
        kind=RoundKind.LAB,
        scoring=Scoring.ICPC,
        mode=ScoreMode.SUBTASK,
        weight=70,
        window=WindowType.FIXED,
        starts_at=minutes(-30),
        ends_at=minutes(30),
        freeze_min=10,
    )
    theory = Round(
        contest_id=contest.id,
        position=2,
        name="Theory",
        kind=RoundKind.THEORY,
        scoring=Scoring.EXAM,
        mode=ScoreMode.BEST,
        weight=30,
        window=WindowType.FIXED,
        starts_at=minutes(60),
        ends_at=minutes(90),
    )
    session.add_all([lab, theory])
    await session.flush()
    for round, position, row in ((lab, 0, hidden), (lab, 1, plain), (theory, 0, quiz)):
        assert row.live_dataset_id is not None
        session.add(
            RoundTask(
                round_id=round.id,
                task_id=row.id,
                dataset_id=row.live_dataset_id,
                label="AB"[position],
                points=100,
                position=position,
            )
        )
    red = Entry(contest_id=contest.id, name="Red", team=True, invite_code=f"red{contest.id}")
    blue = Entry(contest_id=contest.id, name="Blue", team=True, invite_code=f"blue{contest.id}")
    session.add_all([red, blue])
    await session.flush()
    members = {name: await person(session) for name in ("ann", "bob", "cat", "outsider")}
    places = {
        "ann": await participate(session, contest, red, members["ann"]),
        "bob": await participate(session, contest, red, members["bob"]),
        "cat": await participate(session, contest, blue, members["cat"]),
    }
    return Stage(
        contest=contest,
        lab=lab,
        theory=theory,
        tasks=[hidden, plain, quiz],
        loose=loose,
        red=red,
        blue=blue,
        members=members,
        places=places,
        coach=coach,
        admin=admin,
        track_id=levels[0].track_id,
    )


async def finish(db: Database, judging_id: int, verdict: str) -> None:
    """Record a judge's final report through the real recording path."""
    async with db.transaction() as session:
        score = 100.0 if verdict == "AC" else 0.0
        report = NormalReport(verdict=verdict, score=score, max_score=100.0)
        assert await recording.record_result(session, judging_id, report, "test", zone=ZONE)


async def judging_of(session: AsyncSession, submission_id: int) -> Judging:
    judging = await session.scalar(
        select(Judging)
        .where(Judging.submission_id == submission_id, Judging.valid.is_(True))
        .order_by(Judging.id.desc())
    )
    assert judging is not None
    return judging


async def cell(session: AsyncSession, round: Round, task_id: int, entry: Entry) -> ScoreCell | None:
    """The shared round's cell of ``entry`` on ``task_id``, read afresh."""
    row: ScoreCell | None = await session.scalar(
        select(ScoreCell)
        .where(
            ScoreCell.round_id == round.id,
            ScoreCell.task_id == task_id,
            ScoreCell.entry_id == entry.id,
        )
        .execution_options(populate_existing=True)
    )
    return row


async def submissions(session: AsyncSession) -> list[Submission]:
    return list((await session.scalars(select(Submission).order_by(Submission.id))).all())
