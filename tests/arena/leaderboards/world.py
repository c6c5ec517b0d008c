"""A small catalogue, students and practice judgings recorded through the real recording path,
for the leaderboard tests."""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.accounts.passwords import hash_password
from ictarena.catalog.models import Dataset, Module, Task, Tier, Track
from ictarena.db import Database
from ictarena.submissions import recording, rejudging
from ictarena.submissions.models import Judging, Submission
from ictarena.submissions.reports import NormalReport
from tests.arena.helpers import PASSWORD

ZONE = ZoneInfo("Asia/Shanghai")
_serial = itertools.count(1)


@dataclass
class World:
    track: Track
    tiers: list[Tier]
    tasks: list[Task]
    students: list[User]
    admin: User
    other_track: Track | None = None
    placement: dict[int, tuple[int, int]] = field(default_factory=dict)  # task -> (track, tier)


_hashes: list[str] = []


async def user(session: AsyncSession, role: Role = Role.STUDENT, name: str | None = None) -> User:
    """A user who logs in with :data:`PASSWORD` (hashed once: argon2 is slow on purpose)."""
    number = next(_serial)
    if not _hashes:
        _hashes.append(await hash_password(PASSWORD))
    created = User(
        username=f"{role.value}-lb{number}",
        display_name=name or f"{role.value.title()} {number}",
        password_hash=_hashes[0],
        role=role,
    )
    session.add(created)
    await session.flush()
    return created


async def build_world(
    session: AsyncSession, difficulties: tuple[int, ...] = (1, 3, 5), students: int = 3
) -> World:
    """One track with two tiers (the last task sits in the second tier), and a second track
    holding one more task, so track and tier boards differ from the global one."""
    number = next(_serial)
    track = Track(slug=f"lb{number}", name_en=f"Track {number}", name_zh=f"方向 {number}")
    other = Track(slug=f"lb{number}x", name_en=f"Other {number}", name_zh=f"其他 {number}")
    session.add_all([track, other])
    await session.flush()
    tiers = [
        Tier(
            track_id=track.id,
            level=level,
            slug=f"t{level}",
            name_en=f"Tier {level}",
            name_zh=f"级 {level}",
        )
        for level in (1, 2)
    ]
    other_tier = Tier(track_id=other.id, level=1, slug="t1", name_en="Tier 1", name_zh="级 1")
    session.add_all([*tiers, other_tier])
    await session.flush()
    modules = [
        Module(tier_id=tier.id, slug=f"lb{number}-m{tier.level}", title_en="M", title_zh="模")
        for tier in tiers
    ]
    modules.append(Module(tier_id=other_tier.id, slug=f"lb{number}-x", title_en="X", title_zh="X"))
    session.add_all(modules)
    await session.flush()
    tasks: list[Task] = []
    placement: dict[int, tuple[int, int]] = {}
    for index, level in enumerate(difficulties):
        module = modules[1] if index == len(difficulties) - 1 else modules[0]
        if index == len(difficulties) - 2 and len(difficulties) > 2:
            module = modules[2]
        task = Task(
            slug=f"lb{number}-{index}",
            type="code",
            module_id=module.id,
            title_en=f"Task {index}",
            title_zh=f"题目 {index}",
            difficulty=level,
        )
        session.add(task)
        await session.flush()
        dataset = Dataset(task_id=task.id, version=1, content_hash=f"{number:060d}{index:04d}")
        session.add(dataset)
        await session.flush()
        task.live_dataset_id = dataset.id
        tasks.append(task)
        tier = next(t for t in [*tiers, other_tier] if t.id == module.tier_id)
        placement[task.id] = (tier.track_id, tier.id)
    people = [await user(session) for _ in range(students)]
    admin = await user(session, Role.ADMIN)
    await session.commit()
    return World(track, tiers, tasks, people, admin, other, placement)


async def practise(
    db: Database,
    user_id: int,
    task: Task,
    at: datetime,
    verdict: str,
    score: float | None,
    *,
    max_score: float = 100.0,
    reference: bool = False,
    zone: ZoneInfo = ZONE,
) -> tuple[int, int]:
    """A practice submission made at ``at`` and its judging recorded through
    :func:`ictarena.submissions.recording.record_result`; returns (submission, judging) ids."""
    async with db.transaction() as session:
        submission = Submission(
            user_id=user_id, task_id=task.id, files={}, created_at=at, is_reference=reference
        )
        session.add(submission)
        await session.flush()
        assert task.live_dataset_id is not None
        judging = Judging(submission_id=submission.id, dataset_id=task.live_dataset_id)
        session.add(judging)
        await session.flush()
        ids = (submission.id, judging.id)
    await finish(db, ids[1], verdict, score, max_score, zone)
    return ids


async def finish(
    db: Database,
    judging_id: int,
    verdict: str,
    score: float | None,
    max_score: float = 100.0,
    zone: ZoneInfo = ZONE,
) -> None:
    """Record a judge's final report, or a judge error for ``JE``."""
    async with db.transaction() as session:
        if verdict == "JE":
            assert await recording.record_error(session, judging_id, "judge host lost")
            return
        report = NormalReport(verdict=verdict, score=score, max_score=max_score)
        assert await recording.record_result(session, judging_id, report, "test", zone=zone)


async def _everyone(
    session: AsyncSession, keys: Collection[tuple[int, ...]]
) -> set[tuple[int, ...]]:
    return set(keys)  # tier locks are not what these tests are about


async def rejudge(
    db: Database,
    admin: User,
    submission_id: int,
    verdict: str,
    score: float | None,
    *,
    apply: bool = True,
    zone: ZoneInfo = ZONE,
) -> None:
    """Rejudge one submission through the real rejudging service, its new judging finishing
    with ``verdict``; then apply (or cancel) the rejudging."""
    async with db.transaction() as session:
        actor = await session.get(User, admin.id)
        assert actor is not None
        created, _users = await rejudging.create_rejudging(
            session, actor, submission_ids=[submission_id], allowed=_everyone
        )
        rejudging_id = created.id
        rows = await rejudging.preview(session, rejudging_id)
        judging_id = rows[0].new.id
    await finish(db, judging_id, verdict, score, zone=zone)
    async with db.transaction() as session:
        actor = await session.get(User, admin.id)
        assert actor is not None
        if apply:
            await rejudging.apply_rejudging(session, actor, rejudging_id, zone)
        else:
            await rejudging.cancel_rejudging(session, actor, rejudging_id)
