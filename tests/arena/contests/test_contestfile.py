"""A contest from a YAML file: a good file creates everything; a bad one gets every problem
located (``contest.yaml:12: rounds[1].starts_at: …``) and creates nothing. Then the commands
``arena contest create`` and ``arena contest clone`` on a real SQLite install."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Task
from ictarena.cli.main import app
from ictarena.contests import access
from ictarena.contests.contestfile import (
    ContestFileInvalid,
    create_from_file,
    parse_shift,
    read_contest_file,
    where,
)
from ictarena.contests.models import Contest, Entry, Participation, Round, RoundTask, Scoring
from ictarena.db import Database
from tests.arena.contests.staging import catalogue, cohort, person

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 2, 1, tzinfo=UTC)

GOOD = """\
slug: spring-mock
title: Spring mock
team_size: 2
unfreeze_at: 2026-03-01 17:00
cohorts: [Class A]
jury: [coach2]
students: [cy]
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
      - {task: TASK0, label: A, points: 100}
  - name: Lab
    scoring: icpc
    weight: 70
    starts_at: 2026-03-01T13:00:00+08:00
    ends_at: 2026-03-01T15:00:00+08:00
    freeze_min: 30
    tasks:
      - {task: TASK1, label: A}
      - {task: TASK2, label: B, points: 50}
teams:
  - {name: Blue, members: [ann, bo]}
"""


@pytest.fixture
async def db_session(any_db: Database) -> AsyncIterator[AsyncSession]:
    async with any_db.sessionmaker() as session:
        yield session


async def people_and_tasks(session: AsyncSession) -> tuple[User, list[Task]]:
    coach = await person(session, Role.COACH, name="coach1")
    await person(session, Role.COACH, name="coach2")
    pupils = [await person(session, name=n) for n in ("ann", "bo", "cy")]
    await cohort(session, coach, *pupils, name="Class A")
    tasks = await catalogue(session, 3)
    await session.commit()
    return coach, tasks


def write(tmp_path: Path, text: str, tasks: list[Task]) -> Path:
    for index, task in enumerate(tasks):
        text = text.replace(f"TASK{index}", task.slug)
    path = tmp_path / "contest.yaml"
    path.write_text(text)
    return path


async def count(session: AsyncSession, model: type[object]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def load(
    session: AsyncSession, tmp_path: Path, text: str, coach: User, tasks: list[Task]
) -> Contest:
    spec, node = read_contest_file(write(tmp_path, text, tasks))
    try:
        contest = await create_from_file(session, coach, spec, node, zone=ZONE, now=NOW)
    except ContestFileInvalid:
        await session.rollback()
        raise
    await session.commit()
    return contest


async def test_a_good_file_creates_the_whole_contest(
    db_session: AsyncSession, tmp_path: Path
) -> None:
    coach, tasks = await people_and_tasks(db_session)
    contest = await load(db_session, tmp_path, GOOD, coach, tasks)
    assert (contest.slug, contest.team_size, contest.created_by) == ("spring-mock", 2, coach.id)
    # A time without an offset is in the platform's zone: 17:00 in Shanghai is 09:00 UTC.
    assert contest.unfreeze_at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    written, lab = await access.rounds(db_session, contest.id)
    assert (written.duration_min, written.scoring, written.weight) == (90, Scoring.EXAM, 30)
    assert written.starts_at == datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
    assert (lab.starts_at, lab.freeze_min) == (datetime(2026, 3, 1, 5, 0, tzinfo=UTC), 30)
    rows = await access.round_tasks(db_session, lab.id)
    assert [(r.label, r.points, r.dataset_id) for r in rows] == [
        ("A", 100, tasks[1].live_dataset_id),
        ("B", 50, tasks[2].live_dataset_id),
    ]
    names = {u.username: u for u in await db_session.scalars(select(User))}
    assert await access.is_jury(db_session, names["coach2"], contest)
    assert await access.eligible(db_session, names["ann"], contest)  # by the cohort
    blue = await db_session.scalar(select(Entry).where(Entry.name == "Blue"))
    assert blue is not None and blue.team
    members = await db_session.scalars(
        select(Participation.user_id).where(Participation.entry_id == blue.id)
    )
    assert set(members) == {names["ann"].id, names["bo"].id}
    cy = await access.participation(db_session, contest.id, names["cy"].id)
    assert cy is not None and cy.listed


BAD = [
    pytest.param(
        GOOD.replace("    ends_at: 2026-03-01 11:00", "    ends_at: 2026-03-01 08:00"),
        ["contest.yaml:16: rounds[0].ends_at: contest_round_ends_before_start"],
        id="round-ends-before-it-starts",
    ),
    pytest.param(
        GOOD.replace("    starts_at: 2026-03-01T13:00:00+08:00", "    starts_at: soon"),
        ["contest.yaml:23: rounds[1].starts_at: Input should be a valid datetime"],
        id="not-a-time",
    ),
    pytest.param(
        GOOD.replace("    weight: 70", "    weight: 80"),
        ["contest.yaml:22: rounds[1].weight: contest_weights_over (left=70.0)"],
        id="weights-over-100",
    ),
    pytest.param(
        GOOD.replace("    duration_min: 90\n", ""),
        ["contest.yaml:9: rounds[0].duration_min: contest_round_duration_needed"],
        id="personal-without-duration",
    ),
    pytest.param(
        GOOD.replace("    scoring: icpc", "    scoring: icpc\n    mode: last"),
        ["contest.yaml:22: rounds[1].mode: contest_round_mode_icpc"],
        id="icpc-with-a-mode",
    ),
    pytest.param(
        GOOD.replace("{task: TASK2, label: B, points: 50}", "{task: TASK2, label: A}"),
        ["contest.yaml:28: rounds[1].tasks[1].label: contest_task_label_taken (label=A)"],
        id="label-twice",
    ),
    pytest.param(
        GOOD.replace("{name: Blue, members: [ann, bo]}", "{name: Blue, members: [ann, bo, cy]}"),
        ["contest.yaml:30: teams[0].members: contest_team_full (size=2)"],
        id="team-too-large",
    ),
    pytest.param(
        GOOD.replace("slug: spring-mock", "slug: Spring Mock!"),
        ["contest.yaml:1: slug: contest_slug_invalid"],
        id="bad-slug",
    ),
    pytest.param(
        GOOD.replace("team_size: 2", "team_size: 2\nteamsize: 3"),
        ["contest.yaml:4: teamsize: unknown field (check its spelling)"],
        id="misspelt-field",
    ),
    pytest.param(
        GOOD.replace("    kind: theory", "    kind: essay"),
        ["contest.yaml:10: rounds[0].kind: Input should be 'theory', 'lab', 'code' or 'mixed'"],
        id="unknown-kind",
    ),
    pytest.param(
        GOOD.replace("cohorts: [Class A]", "cohorts: [Class Z]")
        .replace("[ann, bo]", "[ann, nobody]")
        .replace("{task: TASK1, label: A}", "{task: no-such-task, label: A}"),
        [
            "contest.yaml:5: cohorts[0]: no cohort 'Class Z'",
            "contest.yaml:30: teams[0].members[1]: no user 'nobody'",
            "contest.yaml:27: rounds[1].tasks[0].task: no task 'no-such-task'",
        ],
        id="every-unknown-name-at-once",
    ),
    pytest.param(
        "slug: x\n  title: [",
        ["contest.yaml:2:8: mapping values are not allowed here"],
        id="not-yaml",
    ),
    pytest.param("- just\n- a list\n", ["contest.yaml:1: Input should be"], id="not-a-mapping"),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
async def test_a_bad_file_is_refused_with_located_errors_and_nothing_created(
    db_session: AsyncSession, tmp_path: Path, text: str, expected: list[str]
) -> None:
    coach, tasks = await people_and_tasks(db_session)
    with pytest.raises(ContestFileInvalid) as refused:
        await load(db_session, tmp_path, text, coach, tasks)
    got = [str(e) for e in refused.value.errors]
    assert len(got) == len(expected), got
    for line, start in zip(sorted(got), sorted(expected), strict=True):
        assert line.startswith(start), got
    for model in (Contest, Round, RoundTask, Entry, Participation):
        assert await count(db_session, model) == 0, model


def test_locations_read_as_paths() -> None:
    assert where(["rounds", 1, "starts_at"]) == "rounds[1].starts_at"
    assert where(["teams", 0, "members", 2]) == "teams[0].members[2]"
    assert where(["slug"]) == "slug"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("7d", 7 * 1440), ("1d12h", 2160), ("-90m", -90), ("2w", 20160), ("+3h", 180)],
)
def test_shifts(text: str, minutes: int) -> None:
    assert parse_shift(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "7", "d", "7x", "1.5d", "7d-"])
def test_bad_shifts(text: str) -> None:
    with pytest.raises(ValueError):
        parse_shift(text)


# --- the commands ------------------------------------------------------------------------------

runner = CliRunner()


async def _stage(url: str) -> list[Task]:
    db = Database.from_url(url, poolclass=NullPool)
    try:
        async with db.sessionmaker() as session:
            _, tasks = await people_and_tasks(session)
            return tasks
    finally:
        await db.dispose()


async def _contests(url: str) -> list[tuple[str, int, datetime]]:
    db = Database.from_url(url, poolclass=NullPool)
    try:
        async with db.sessionmaker() as session:
            rows = await session.execute(
                select(Contest.slug, Contest.created_by, func.min(Round.starts_at))
                .join(Round, Round.contest_id == Contest.id)
                .group_by(Contest.id)
                .order_by(Contest.id)
            )
            return [(slug, by, start.replace(tzinfo=UTC)) for slug, by, start in rows]
    finally:
        await db.dispose()


def test_the_commands_create_check_and_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARENA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ARENA_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARENA_MODE", raising=False)
    monkeypatch.setenv("ARENA_TIMEZONE", "Asia/Shanghai")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    url = f"sqlite+aiosqlite:///{(tmp_path / 'arena.db').resolve()}"
    tasks = asyncio.run(_stage(url))
    future = GOOD.replace("2026-03-01", "2030-03-01")  # teams form before the first start
    path = write(tmp_path, future, tasks)
    bad = tmp_path / "bad.yaml"
    bad.write_text(future.replace("coach2", "ghost"))

    refused = runner.invoke(app, ["contest", "create", str(bad), "--by", "coach1"])
    assert refused.exit_code == 1
    assert "bad.yaml:6: jury[0]: no user 'ghost'" in refused.output
    assert "Nothing was created" in refused.output
    checked = runner.invoke(app, ["contest", "create", str(path), "--by", "coach1", "--check"])
    assert checked.exit_code == 0, checked.output
    assert "is valid" in checked.output
    assert asyncio.run(_contests(url)) == []

    nobody = runner.invoke(app, ["contest", "create", str(path)])  # no admin yet: --by needed
    assert nobody.exit_code == 2 and "no admin yet" in nobody.output
    created = runner.invoke(app, ["contest", "create", str(path), "--by", "coach1"])
    assert created.exit_code == 0, created.output
    assert "Created contest 'spring-mock'" in created.output
    student = runner.invoke(app, ["contest", "create", str(path), "--by", "ann"])
    assert student.exit_code == 2 and "not a coach or an admin" in student.output

    cloned = runner.invoke(
        app, ["contest", "clone", "spring-mock", "autumn-mock", "--shift", "7d", "--by", "coach1"]
    )
    assert cloned.exit_code == 0, cloned.output
    again = runner.invoke(
        app, ["contest", "clone", "spring-mock", "autumn-mock", "--shift", "7d", "--by", "coach1"]
    )
    assert again.exit_code == 1 and "autumn-mock" in again.output
    wrong = runner.invoke(
        app, ["contest", "clone", "spring-mock", "winter-mock", "--shift", "soon", "--by", "coach1"]
    )
    assert wrong.exit_code == 1 and "--shift" in wrong.output
    (spring, _, spring_start), (autumn, _, autumn_start) = asyncio.run(_contests(url))
    assert (spring, autumn) == ("spring-mock", "autumn-mock")
    assert autumn_start - spring_start == timedelta(days=7)
    assert spring_start == datetime(2030, 3, 1, 1, 0, tzinfo=UTC)
