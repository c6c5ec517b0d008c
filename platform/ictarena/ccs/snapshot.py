"""A contest as the API serves it, read in one go: its rounds and tasks, entries and members,
sittings, submissions with their counting judgings and runs, clarifications, the cohorts it
draws from, and the boards (public and jury) from :mod:`ictarena.contests.standings`. Plain
rows; :mod:`.objects` and :mod:`.feed` turn them into the API's objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Cohort, CohortMember, User
from ictarena.catalog.models import Dataset, Task
from ictarena.contests.models import (
    Clarification,
    Contest,
    ContestCohort,
    ContestJury,
    Entry,
    Participation,
    Round,
    RoundTask,
    Sitting,
)
from ictarena.contests.standings import Board, View, scoreboard
from ictarena.submissions.models import Judging, JudgingStatus, Run, Submission


@dataclass(frozen=True)
class Problem:
    round: Round
    task_id: int
    slug: str
    label: str
    title: str
    position: int
    points: float
    time_limit_s: float | None
    tests: int


@dataclass(frozen=True)
class Member:
    participation: Participation
    username: str
    display_name: str
    cohort_ids: frozenset[int]


@dataclass(frozen=True)
class Judged:
    """A contest submission and the judging that counts for it (None: none yet)."""

    submission: Submission
    judging: Judging | None
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class JuryMember:
    user_id: int
    username: str
    display_name: str
    admin: bool


@dataclass
class Snapshot:
    contest: Contest
    rounds: list[Round]
    problems: list[Problem]
    entries: list[Entry]
    members: list[Member]
    sittings: dict[tuple[int, int, int], datetime | None]  # (round, entry, member) -> start
    submissions: list[Judged]
    clarifications: list[Clarification]
    cohorts: list[Cohort]
    jury: list[JuryMember]
    max_extra_min: int
    now: datetime
    boards: dict[View, Board] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.round_by_id = {r.id: r for r in self.rounds}
        self.entry_by_id = {e.id: e for e in self.entries}
        self.place_by_id = {m.participation.id: m.participation for m in self.members}


def _manifest_facts(manifest: dict[str, Any] | None) -> tuple[float | None, int]:
    """A code dataset's time limit (seconds) and number of tests; other tasks have neither."""
    if not isinstance(manifest, dict):
        return None, 0
    limits = manifest.get("limits")
    time_s = limits.get("time_s") if isinstance(limits, dict) else None

    def count(group: Any) -> int:
        if not isinstance(group, dict):
            return 0
        tests = group.get("tests") or []
        groups = group.get("groups") or []
        return (len(tests) if isinstance(tests, list) else 0) + sum(
            count(g) for g in (groups if isinstance(groups, list) else [])
        )

    return (float(time_s) if isinstance(time_s, int | float) else None), count(manifest.get("root"))


async def read(session: AsyncSession, contest: Contest, now: datetime, jury: bool) -> Snapshot:
    """Everything the API shows of ``contest`` at ``now``; the jury's board only for the jury."""
    rounds = list(
        await session.scalars(
            select(Round).where(Round.contest_id == contest.id).order_by(Round.position)
        )
    )
    by_round = {r.id: r for r in rounds}
    rows = (
        await session.execute(
            select(RoundTask, Task.slug, Task.title_en, Dataset.manifest)
            .join(Task, Task.id == RoundTask.task_id)
            .join(Dataset, Dataset.id == RoundTask.dataset_id)
            .where(RoundTask.round_id.in_(list(by_round)))
        )
    ).all()
    labels = [rt.label for rt, *_ in rows]
    unique = len(set(labels)) == len(labels)
    problems: list[Problem] = []
    for rt, slug, title, manifest in sorted(
        rows, key=lambda row: (by_round[row[0].round_id].position, row[0].position, row[0].label)
    ):
        rnd = by_round[rt.round_id]
        time_s, tests = _manifest_facts(manifest)
        problems.append(
            Problem(
                rnd,
                rt.task_id,
                slug,
                rt.label if unique else f"{rnd.position}{rt.label}",
                title,
                len(problems) + 1,
                rt.points,
                time_s,
                tests,
            )
        )
    # An entry the jury excluded (plagiarism review) is on no board: nor is it a team here,
    # and its submissions are not shown, so a board rebuilt from the feed is the served one.
    entries = list(
        await session.scalars(
            select(Entry)
            .where(Entry.contest_id == contest.id, Entry.excluded.is_(False))
            .order_by(Entry.id)
        )
    )
    kept = [e.id for e in entries]
    cohorts = list(
        await session.scalars(
            select(Cohort)
            .join(ContestCohort, ContestCohort.cohort_id == Cohort.id)
            .where(ContestCohort.contest_id == contest.id)
            .order_by(Cohort.id)
        )
    )
    cohort_ids = [c.id for c in cohorts]
    people = (
        await session.execute(
            select(Participation, User.username, User.display_name)
            .join(User, User.id == Participation.user_id)
            .where(Participation.contest_id == contest.id, Participation.entry_id.in_(kept))
            .order_by(Participation.id)
        )
    ).all()
    belongs: dict[int, set[int]] = {}
    if cohort_ids:
        for user_id, cohort_id in await session.execute(
            select(CohortMember.user_id, CohortMember.cohort_id).where(
                CohortMember.cohort_id.in_(cohort_ids)
            )
        ):
            belongs.setdefault(user_id, set()).add(cohort_id)
    members = [
        Member(p, username, name, frozenset(belongs.get(p.user_id, set())))
        for p, username, name in people
    ]
    sittings = {
        (s.round_id, s.entry_id, s.member_id): s.started_at
        for s in await session.scalars(select(Sitting).where(Sitting.round_id.in_(list(by_round))))
    }
    submissions = list(
        await session.scalars(
            select(Submission)
            .where(
                Submission.round_id.in_(list(by_round)),
                Submission.entry_id.in_(kept),
                Submission.is_reference.is_(False),
            )
            .order_by(Submission.created_at, Submission.id)
        )
    )
    judgings: dict[int, Judging] = {}
    for judging in await session.scalars(
        select(Judging)
        .where(
            Judging.submission_id.in_([s.id for s in submissions]),
            Judging.valid.is_(True),
            Judging.status != JudgingStatus.CANCELLED,
        )
        .order_by(Judging.id)
    ):
        judgings[judging.submission_id] = judging  # the newest valid one counts
    runs: dict[int, list[Run]] = {}
    if jury:  # the runs are the jury's alone (see ictarena.ccs.sight)
        for run in await session.scalars(
            select(Run)
            .where(Run.judging_id.in_([j.id for j in judgings.values()]))
            .order_by(Run.judging_id, Run.position)
        ):
            runs.setdefault(run.judging_id, []).append(run)
    judged = [
        Judged(
            s,
            judgings.get(s.id),
            tuple(runs.get(judgings[s.id].id, ())) if s.id in judgings else (),
        )
        for s in submissions
    ]
    clarifications = list(
        await session.scalars(
            select(Clarification)
            .where(Clarification.contest_id == contest.id)
            .order_by(Clarification.created_at, Clarification.id)
        )
    )
    named = select(ContestJury.user_id).where(ContestJury.contest_id == contest.id)
    jury_rows = (
        await session.execute(
            select(User.id, User.username, User.display_name, User.role)
            .where((User.id == contest.created_by) | User.id.in_(named))
            .order_by(User.id)
        )
    ).all()
    entry_extra = max((e.extra_minutes or 0 for e in entries), default=0)
    member_extra = max((m.participation.extra_minutes or 0 for m in members), default=0)
    snapshot = Snapshot(
        contest,
        rounds,
        problems,
        entries,
        members,
        sittings,
        judged,
        clarifications,
        cohorts,
        [JuryMember(i, u, d, str(role) == "admin") for i, u, d, role in jury_rows],
        entry_extra + member_extra,
        now,
    )
    snapshot.boards[View.PUBLIC] = await scoreboard(session, contest, View.PUBLIC, None, now)
    if jury:
        snapshot.boards[View.JURY] = await scoreboard(session, contest, View.JURY, None, now)
    return snapshot


async def head(session: AsyncSession, contest: Contest, now: datetime) -> Snapshot:
    """Only what the contest object needs (its rounds): for listing contests."""
    rounds = list(
        await session.scalars(
            select(Round).where(Round.contest_id == contest.id).order_by(Round.position)
        )
    )
    return Snapshot(contest, rounds, [], [], [], {}, [], [], [], [], 0, now)


async def has_rounds(session: AsyncSession, contest_id: int) -> bool:
    """Has the contest a round (without one it has no times to serve yet)?"""
    found = await session.scalar(select(func.count(Round.id)).where(Round.contest_id == contest_id))
    return bool(found)
