"""The world of the jury's contest page tests: Li created "Spring mock" and named Wu on its
jury; Zhao is a coach who is not on it; Ada and Bo are students in team Red. The contest is
staged straight in the tables, so that the pages under test are not also the set-up. Helpers
post a form with its CSRF token and read the message shown on a field."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import Role, User
from ictarena.contests.models import (
    Contest,
    ContestJury,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    ScoreMode,
    Scoring,
    WindowType,
)
from ictarena.db import Database, utcnow
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site

Client = tuple[httpx.AsyncClient, InProcessQueue]
SLUG = "spring-mock"
ADMIN = f"/contests/{SLUG}/admin"


@dataclass
class Cast:
    admin: User
    li: User  # the creator
    wu: User  # a coach named on the jury
    zhao: User  # a coach who is not
    ada: User
    bo: User
    cohort_id: int


@pytest.fixture(name="cast")
async def cast_fixture(users: UserFactory, site: Site) -> Cast:
    """The people of the tests (import this fixture into a test module to use ``cast``)."""
    admin = await users(Role.ADMIN, "root")
    li, wu, zhao = [await users(Role.COACH, name) for name in ("coach.li", "coach.wu", "zhao")]
    ada, bo = await users(username="ada"), await users(username="bo.chen")
    cohort = await users.cohort(li, "Datacom 2026")
    return Cast(admin, li, wu, zhao, ada, bo, cohort.id)


async def stage(
    db: Database, cast: Cast, site: Site, *, start: timedelta, length: timedelta
) -> Contest:
    """ "Spring mock" straight in the tables: a theory round and an ICPC lab round (freeze 30
    minutes) that start ``start`` from now, task A the code task; team Red (Ada, Bo)."""
    now = utcnow()
    async with db.session() as session:
        contest = Contest(slug=SLUG, title="Spring mock", created_by=cast.li.id, team_size=3)
        session.add(contest)
        await session.flush()
        session.add(ContestJury(contest_id=contest.id, user_id=cast.wu.id))
        for position, kind, scoring in ((1, RoundKind.THEORY, Scoring.EXAM),
                                        (2, RoundKind.LAB, Scoring.ICPC)):  # fmt: skip
            rnd = Round(
                contest_id=contest.id, position=position, name=f"{kind.value.title()} round",
                kind=kind, scoring=scoring,
                mode=ScoreMode.BEST if scoring is Scoring.EXAM else ScoreMode.SUBTASK,
                weight=30.0 if kind is RoundKind.THEORY else 40.0, window=WindowType.FIXED,
                starts_at=now + start, ends_at=now + start + length, freeze_min=30,
            )  # fmt: skip
            session.add(rnd)
            await session.flush()
            task = site.quiz if kind is RoundKind.THEORY else site.code
            assert task.live_dataset_id is not None
            session.add(RoundTask(round_id=rnd.id, task_id=task.id,
                                  dataset_id=task.live_dataset_id, label="A"))  # fmt: skip
        red = Entry(contest_id=contest.id, name="Red", team=True, invite_code="RED-CODE-1")
        session.add(red)
        await session.flush()
        for student in (cast.ada, cast.bo):
            session.add(Participation(contest_id=contest.id, user_id=student.id, entry_id=red.id))
        await session.commit()
        return contest


async def count(db: Database, model: type, *where: object) -> int:
    async with db.session() as session:
        query = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
        return int(await session.scalar(query) or 0)


async def one(db: Database, model: type, *where: object) -> object:
    async with db.session() as session:
        return (await session.scalars(select(model).where(*where))).one()  # type: ignore[arg-type]


async def post(
    http: httpx.AsyncClient, page: str, url: str, data: Mapping[str, object]
) -> httpx.Response:
    """``data`` posted to ``url`` with the CSRF token of the form on ``page``."""
    token = await csrf_of(http, page)
    return await http.post(url, data={"csrf_token": token, **{k: str(v) for k, v in data.items()}})


async def switch(http: httpx.AsyncClient, user: User) -> None:
    """Log in as ``user`` afresh (the previous login's cookies dropped)."""
    http.cookies.clear()
    await log_in(http, user.username)


def field_error(page: str, field_id: str) -> str:
    """The message shown on the field with id ``field_id`` (marked invalid and described by
    it); "" when the field has none."""
    prefix, _, name = field_id.rpartition("-")
    error_id = f"{prefix}-e-{name}" if prefix else f"e-{name}"
    match = re.search(rf'<p id="{re.escape(error_id)}" class="error" role="alert">(.*?)</p>', page)
    if match is None:
        return ""
    assert f'aria-describedby="{error_id}"' in page, field_id
    return html.unescape(match.group(1))
