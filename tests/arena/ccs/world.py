"""A compressed ICPC contest for the Contest API's tests, staged in the tables and played
through the domain: one lab round of three tasks (0–300 min, freeze 60 min before the end,
unfreeze at 330 min), teams Red (Ann, Bob) and Blue (Dan) and Cat alone, submissions judged
through the real recording path, questions, answers and an announcement. The judgings' times
are set to a minute after each submission: the contest happens at ``t0``, compressed, while
the recording happens now."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ictarena.accounts import services as accounts
from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Dataset, Module, Task, Tier, Track
from ictarena.contests import clarifications
from ictarena.contests.models import (
    Audience,
    Contest,
    ContestCohort,
    ContestJury,
    Entry,
    Participation,
    Reply,
    Round,
    RoundKind,
    RoundTask,
    Scoring,
)
from ictarena.db import Database
from ictarena.submissions import contest_cells, recording
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.reports import NormalReport
from tests.arena.contests.board_world import ZONE
from tests.arena.helpers import PASSWORD

_serial = itertools.count(1)
# (minute, entrant, task label, verdict or None: not judged yet). Freeze at 240.
PLAY = [
    (10, "red", "A", "WA"),
    (15, "cat", "A", "AC"),
    (20, "red", "A", "AC"),
    (30, "red", "B", "CE"),
    (50, "red", "B", "AC"),
    (60, "blue", "A", "RE"),
    (100, "cat", "B", "TLE"),
    (120, "blue", "B", "JE"),
    (200, "cat", "C", None),
    (245, "blue", "A", "WA"),  # after the freeze
    (250, "cat", "B", "AC"),  # after the freeze: Cat's B stays hidden
    (260, "blue", "A", "AC"),  # after the freeze
    (280, "red", "C", None),
]


@dataclass
class World:
    t0: datetime
    contest: Contest
    round: Round
    tasks: dict[str, Task]
    entries: dict[str, Entry]
    people: dict[str, User]  # ann, bob, cat, dan, coach (jury), admin (creator), stranger
    submissions: list[int] = field(default_factory=list)

    def at(self, minutes: float) -> datetime:
        return self.t0 + timedelta(minutes=minutes)


async def build(
    db: Database,
    t0: datetime,
    *,
    open_registration: bool = True,
    play: bool = True,
    until: float = 1e9,
) -> World:
    """The contest at ``t0``, played up to minute ``until`` (the board holds what was stored,
    so a test reading an earlier moment stops the play there)."""
    number = next(_serial)
    tag = f"ccs{number}x{int(t0.timestamp()) % 100000}"
    async with db.transaction() as session:
        people: dict[str, User] = {}
        for name, role in (
            ("admin", Role.ADMIN),
            ("coach", Role.COACH),
            ("ann", Role.STUDENT),
            ("bob", Role.STUDENT),
            ("cat", Role.STUDENT),
            ("dan", Role.STUDENT),
            ("stranger", Role.COACH),
        ):
            user = await accounts.create_user(session, f"{tag}{name}", PASSWORD, role)
            user.display_name = f"{name.title()} {tag}"
            people[name] = user
        await session.flush()
        track = Track(slug=tag, name_en=f"Track {tag}", name_zh=f"方向 {tag}")
        session.add(track)
        await session.flush()
        tier = Tier(track_id=track.id, level=1, slug="t1", name_en="Tier 1", name_zh="级 1")
        session.add(tier)
        await session.flush()
        module = Module(tier_id=tier.id, slug=tag, title_en="M", title_zh="模")
        session.add(module)
        await session.flush()
        tasks: dict[str, Task] = {}
        for index, label in enumerate("ABC"):
            task = Task(
                slug=f"{tag}-{label.lower()}",
                type="code",
                module_id=module.id,
                title_en=f"Problem {label}",
                title_zh=f"题目 {label}",
            )
            session.add(task)
            await session.flush()
            dataset = Dataset(
                task_id=task.id,
                version=1,
                content_hash=f"{number:056d}{index:08d}",
                manifest={"limits": {"time_s": 2.0}, "root": {"tests": [{}, {}], "groups": []}},
            )
            session.add(dataset)
            await session.flush()
            task.live_dataset_id = dataset.id
            tasks[label] = task
        contest = Contest(
            slug=tag,
            title=f"Regional mock {tag}",
            created_by=people["admin"].id,
            track_id=track.id,
            open_registration=open_registration,
            unfreeze_at=t0 + timedelta(minutes=330),
            created_at=t0 - timedelta(days=1),
            updated_at=t0 - timedelta(days=1),
        )
        session.add(contest)
        await session.flush()
        session.add(ContestJury(contest_id=contest.id, user_id=people["coach"].id))
        rnd = Round(
            contest_id=contest.id,
            position=1,
            name="Lab",
            kind=RoundKind.LAB,
            scoring=Scoring.ICPC,
            weight=100,
            starts_at=t0,
            ends_at=t0 + timedelta(minutes=300),
            freeze_min=60,
        )
        session.add(rnd)
        await session.flush()
        for index, (label, task) in enumerate(tasks.items()):
            assert task.live_dataset_id is not None
            session.add(
                RoundTask(
                    round_id=rnd.id,
                    task_id=task.id,
                    dataset_id=task.live_dataset_id,
                    label=label,
                    position=index,
                )
            )
        cohort = await accounts.create_cohort(session, people["coach"], f"Datacom {tag}")
        session.add(ContestCohort(contest_id=contest.id, cohort_id=cohort.id))
        entries = {
            "red": Entry(contest_id=contest.id, name=f"Red {tag}", team=True),
            "blue": Entry(contest_id=contest.id, name=f"Blue {tag}", team=True),
            "cat": Entry(contest_id=contest.id, name=f"Cat {tag}"),
        }
        session.add_all(entries.values())
        await session.flush()
        for name, entry in (("ann", "red"), ("bob", "red"), ("dan", "blue"), ("cat", "cat")):
            session.add(
                Participation(
                    contest_id=contest.id, user_id=people[name].id, entry_id=entries[entry].id
                )
            )
            if name != "dan":
                await accounts.join_cohort(session, people[name], cohort.invite_code)
        for entry in entries.values():
            entry.created_at = t0 - timedelta(hours=2)
    world = World(t0, contest, rnd, tasks, entries, people)
    if play:
        await play_contest(db, world, until)
    return world


async def submit(db: Database, world: World, entrant: str, label: str, minute: float) -> int:
    """A submission at ``minute``, stored as intake stores it (its pending try on the board)."""
    who = {"red": "ann", "blue": "dan", "cat": "cat"}[entrant]
    async with db.transaction() as session:
        user = world.people[who]
        place = await session.scalar(
            select(Participation.id).where(
                Participation.contest_id == world.contest.id, Participation.user_id == user.id
            )
        )
        task = world.tasks[label]
        submission = Submission(
            user_id=user.id,
            task_id=task.id,
            language="cpp",
            files={"main.cpp": f"// {entrant} {label} at {minute}\nint main() {{}}\n"},
            created_at=world.at(minute),
            participation_id=place,
            entry_id=world.entries[entrant].id,
            round_id=world.round.id,
        )
        session.add(submission)
        await session.flush()
        assert task.live_dataset_id is not None
        session.add(Judging(submission_id=submission.id, dataset_id=task.live_dataset_id))
        await session.flush()
        await contest_cells.refresh_cell(session, submission)
        return submission.id


async def verdict(
    db: Database, world: World, submission_id: int, minute: float, given: str
) -> None:
    """Record ``given`` for a submission through the recording path, judged at ``minute``."""
    async with db.session() as session:
        judging_id = await session.scalar(
            select(Judging.id)
            .where(Judging.submission_id == submission_id)
            .order_by(Judging.id.desc())
        )
    async with db.transaction() as session:
        if given == "JE":
            assert await recording.record_error(session, int(judging_id), "judge host lost")
        else:
            runs = [
                {"name": "sample/1", "group": "sample", "verdict": "AC", "cpu_ms": 12.0},
                {"name": "secret/1", "group": "secret", "verdict": given, "cpu_ms": 340.0},
            ]
            if given == "CE":
                runs = []
            report = NormalReport(
                verdict=given, score=100.0 if given == "AC" else 0.0, max_score=100.0, runs=runs
            )
            assert await recording.record_result(
                session, int(judging_id), report, "test", zone=ZONE
            )
    async with db.transaction() as session:
        await session.execute(
            update(Judging)
            .where(Judging.id == judging_id)
            .values(started_at=world.at(minute - 0.5), finished_at=world.at(minute))
        )


async def play_contest(db: Database, world: World, until: float = 1e9) -> None:
    for minute, entrant, label, given in PLAY:
        if minute + 1 > until:
            break
        number = await submit(db, world, entrant, label, minute)
        world.submissions.append(number)
        if given is not None:
            await verdict(db, world, number, minute + 1, given)
    async with db.transaction() as session:
        contest = await session.get(Contest, world.contest.id)
        assert contest is not None
        ann = await session.get(User, world.people["ann"].id)
        cat = await session.get(User, world.people["cat"].id)
        coach = await session.get(User, world.people["coach"].id)
        assert ann is not None and cat is not None and coach is not None
        task_a = (world.round.id, world.tasks["A"].id)
        asked = await clarifications.ask(
            session, ann, contest, "Is the input sorted?", task_a, world.at(30)
        )
        await clarifications.answer(
            session, coach, contest, asked.id, Reply.TEXT, "No.", Audience.ENTRY, world.at(35)
        )
        general = await clarifications.ask(
            session, cat, contest, "May we use the STL?\nAll of it?", None, world.at(40)
        )
        await clarifications.answer(
            session,
            coach,
            contest,
            general.id,
            Reply.STATEMENT,
            "",
            Audience.EVERYONE,
            world.at(45),
        )
        await clarifications.announce(
            session, coach, contest, "Problem C's limits are fixed.", True, world.at(50)
        )
        await clarifications.ask(session, cat, contest, "Unanswered question", None, world.at(90))
