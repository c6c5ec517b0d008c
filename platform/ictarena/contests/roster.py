"""What the jury's pages read about one contest: who takes part (entries with their members,
who is excused from which round), who may take part (cohorts, jury), and the choices the
forms offer (tasks of the catalogue matching a search, a task's datasets, coaches, students by
username). Read-only: every change goes through :mod:`ictarena.contests.setup` and
:mod:`ictarena.contests.entries`, which validate and audit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Dataset, Module, Task, Tier, Track
from ictarena.contests.models import (
    ContestCohort,
    ContestJury,
    Entry,
    Participation,
    Sitting,
)
from ictarena.contests.papers import EXAM_TYPE

SEARCH_LIMIT = 30


@dataclass(frozen=True)
class Member:
    participation: Participation
    user: User


@dataclass(frozen=True)
class EntryLine:
    """An entry (a team, or a student alone) with its members, by username."""

    entry: Entry
    members: list[Member] = field(default_factory=list)


@dataclass(frozen=True)
class Roster:
    entries: list[EntryLine]
    excused: frozenset[tuple[int, int]]  # (round id, participation id)

    @property
    def teams(self) -> list[EntryLine]:
        return [line for line in self.entries if line.entry.team]

    @property
    def participants(self) -> list[Member]:
        found = [m for line in self.entries for m in line.members]
        return sorted(found, key=lambda m: m.user.username)


@dataclass(frozen=True)
class TaskChoice:
    """A task of the catalogue as the task picker shows it."""

    task: Task
    track_slug: str
    module_slug: str


async def roster(session: AsyncSession, contest_id: int) -> Roster:
    """Every entry of the contest (teams first, then by name) with its members."""
    entries = (
        await session.scalars(
            select(Entry)
            .where(Entry.contest_id == contest_id)
            .order_by(Entry.team.desc(), Entry.name, Entry.id)
        )
    ).all()
    lines = {entry.id: EntryLine(entry) for entry in entries}
    rows = await session.execute(
        select(Participation, User)
        .join(User, User.id == Participation.user_id)
        .where(Participation.contest_id == contest_id)
        .order_by(User.username)
    )
    for participation, user in rows:
        line = lines.get(participation.entry_id)
        if line is not None:
            line.members.append(Member(participation, user))
    excused = await session.execute(
        select(Sitting.round_id, Sitting.member_id)
        .join(Entry, Entry.id == Sitting.entry_id)
        .where(Entry.contest_id == contest_id, Sitting.excused.is_(True))
    )
    return Roster(list(lines.values()), frozenset((r, m) for r, m in excused))


async def cohort_ids(session: AsyncSession, contest_id: int) -> list[int]:
    return list(
        (
            await session.scalars(
                select(ContestCohort.cohort_id).where(ContestCohort.contest_id == contest_id)
            )
        ).all()
    )


async def jury_ids(session: AsyncSession, contest_id: int) -> list[int]:
    return list(
        (
            await session.scalars(
                select(ContestJury.user_id).where(ContestJury.contest_id == contest_id)
            )
        ).all()
    )


async def coaches(session: AsyncSession) -> Sequence[User]:
    """Active coaches and admins, who may be named on a contest's jury."""
    return (
        await session.scalars(
            select(User)
            .where(User.role.in_((Role.COACH, Role.ADMIN)), User.is_active.is_(True))
            .order_by(User.username)
        )
    ).all()


async def tracks(session: AsyncSession) -> Sequence[Track]:
    return (await session.scalars(select(Track).order_by(Track.position, Track.slug))).all()


async def users_by_username(session: AsyncSession, names: Iterable[str]) -> dict[str, User]:
    """The accounts named (lower-cased usernames); unknown names are simply absent."""
    wanted = {name.strip().lower() for name in names if name.strip()}
    if not wanted:
        return {}
    found = await session.scalars(select(User).where(func.lower(User.username).in_(wanted)))
    return {user.username.lower(): user for user in found}


async def find_tasks(
    session: AsyncSession, text: str, track_id: int | None = None
) -> list[TaskChoice]:
    """Tasks with a live dataset whose title (either language) or slug contains ``text``,
    optionally only those of one track; at most :data:`SEARCH_LIMIT`."""
    query = (
        select(Task, Track.slug, Module.slug)
        .join(Module, Module.id == Task.module_id)
        .join(Tier, Tier.id == Module.tier_id)
        .join(Track, Track.id == Tier.track_id)
        .where(Task.live_dataset_id.is_not(None))
        .order_by(Track.position, Tier.level, Module.slug, Task.position, Task.slug)
        .limit(SEARCH_LIMIT)
    )
    words = text.strip().lower()[:64]
    if words:
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                func.lower(Task.slug).like(pattern, escape="\\"),
                func.lower(Task.title_en).like(pattern, escape="\\"),
                Task.title_zh.like(pattern, escape="\\"),
            )
        )
    if track_id is not None:
        query = query.where(Track.id == track_id)
    rows = await session.execute(query)
    return [TaskChoice(task, track, module) for task, track, module in rows]


async def tasks_by_id(session: AsyncSession, task_ids: Iterable[int]) -> dict[int, Task]:
    ids = set(task_ids)
    if not ids:
        return {}
    return {t.id: t for t in await session.scalars(select(Task).where(Task.id.in_(ids)))}


async def datasets(session: AsyncSession, task_id: int) -> Sequence[Dataset]:
    """A task's dataset versions, newest first (the choices of "move to a new dataset")."""
    return (
        await session.scalars(
            select(Dataset).where(Dataset.task_id == task_id).order_by(Dataset.version.desc())
        )
    ).all()


async def exam_banks(session: AsyncSession) -> Sequence[Task]:
    """Exam tasks (question banks) with a live dataset: what a mock exam is drawn from."""
    return (
        await session.scalars(
            select(Task)
            .where(Task.type == EXAM_TYPE, Task.live_dataset_id.is_not(None))
            .order_by(Task.slug)
        )
    ).all()
