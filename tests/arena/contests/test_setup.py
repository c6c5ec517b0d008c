"""Setting a contest up: validation before anything is written, rounds and their rules, tasks
pinned to the dataset live when they were added, edits while the contest runs (audited),
clones moved in time, and publishing the tasks to practice after the end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Dataset
from ictarena.contests import access, entries, setup
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    ContestJury,
    ContestKind,
    Round,
    RoundKind,
    ScoreMode,
    Scoring,
    WindowType,
)
from ictarena.db import Database, utcnow
from ictarena.errors import Conflict, Forbidden, InvalidInput, NotFound
from ictarena.events.models import AuditEntry
from tests.arena.contests.staging import catalogue, cohort, person


@pytest.fixture
async def db_session(any_db: Database) -> AsyncIterator[AsyncSession]:
    async with any_db.sessionmaker() as session:
        yield session


def later(hours: float) -> datetime:
    """Hours from now, to the minute (rounds in the future have not started)."""
    return (utcnow() + timedelta(hours=hours)).replace(second=0, microsecond=0)


async def audited(session: AsyncSession, action: str) -> list[AuditEntry]:
    return list(
        await session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


async def count(session: AsyncSession, model: type[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def new_contest(session: AsyncSession, coach: User, **fields: Any) -> Contest:
    values: dict[str, Any] = {"slug": "spring-mock", "title": "Spring mock"} | fields
    contest = await setup.create_contest(session, coach, **values)
    await session.commit()
    return contest


def lab_round(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Lab",
        "kind": RoundKind.LAB,
        "scoring": Scoring.ICPC,
        "mode": None,
        "weight": 70.0,
        "window": WindowType.FIXED,
        "starts_at": later(2),
        "ends_at": later(4),
        "freeze_min": 30,
    }
    return values | fields


# --- the contest ------------------------------------------------------------------------------


async def test_a_coach_creates_a_contest_with_its_cohorts_and_jury(
    db_session: AsyncSession,
) -> None:
    coach, other = await person(db_session, Role.COACH), await person(db_session, Role.COACH)
    group = await cohort(db_session, coach)
    contest = await new_contest(
        db_session,
        coach,
        slug=" Spring-Mock ",
        title="  Spring   mock ",
        cohort_ids=[group.id, group.id],
        jury_ids=[other.id],
    )
    assert (contest.slug, contest.title, contest.created_by) == (
        "spring-mock",
        "Spring mock",
        coach.id,
    )
    assert await access.is_jury(db_session, other, contest)
    assert await db_session.get(ContestCohort, (contest.id, group.id)) is not None
    assert [e.target for e in await audited(db_session, "contest.create")] == [
        f"contest:{contest.id}"
    ]


@pytest.mark.parametrize(
    ("fields", "field", "key"),
    [
        pytest.param({"slug": "a"}, "slug", "contest_slug_invalid", id="short-slug"),
        pytest.param({"slug": "spring mock"}, "slug", "contest_slug_invalid", id="space"),
        pytest.param({"slug": "-x-"}, "slug", "contest_slug_invalid", id="leading-dash"),
        pytest.param({"slug": "new"}, "slug", "contest_slug_taken", id="the-new-form"),
        pytest.param({"title": "   "}, "title", "contest_title_invalid", id="blank-title"),
        pytest.param({"team_size": 0}, "team_size", "contest_team_size_invalid", id="team-0"),
        pytest.param({"team_size": 13}, "team_size", "contest_team_size_invalid", id="team-13"),
        pytest.param({"scale": 0}, "scale", "contest_scale_invalid", id="scale-0"),
        pytest.param({"pass_score": 101}, "pass_score", "contest_pass_score_invalid", id="pass"),
        pytest.param({"track_id": 999_999}, "track_id", "contest_track_unknown", id="track"),
        pytest.param(
            {"cohort_ids": [999_999]}, "cohort_ids", "contest_cohort_unknown", id="cohort"
        ),
        pytest.param({"jury_ids": ["student"]}, "jury_ids", "contest_jury_not_coach", id="jury"),
        pytest.param(
            {"unfreeze_at": datetime(2026, 1, 1)}, "unfreeze_at", "contest_time_invalid", id="naive"
        ),
    ],
)
async def test_a_bad_contest_is_refused_on_its_field_with_nothing_written(
    db_session: AsyncSession, fields: dict[str, Any], field: str, key: str
) -> None:
    coach, student = await person(db_session, Role.COACH), await person(db_session)
    await db_session.commit()
    if fields.get("jury_ids") == ["student"]:
        fields = {"jury_ids": [student.id]}
    with pytest.raises(InvalidInput) as refused:
        await setup.create_contest(
            db_session, coach, **({"slug": "ok-slug", "title": "Ok"} | fields)
        )
    assert (refused.value.message, refused.value.field) == (key, field)
    assert await count(db_session, Contest) == 0


async def test_slugs_are_unique_and_students_create_nothing(db_session: AsyncSession) -> None:
    coach, student = await person(db_session, Role.COACH), await person(db_session)
    await new_contest(db_session, coach)
    with pytest.raises(Conflict) as taken:
        await setup.create_contest(db_session, coach, slug="spring-mock", title="Again")
    assert taken.value.message == "contest_slug_taken"
    with pytest.raises(Forbidden):
        await setup.create_contest(db_session, student, slug="mine", title="Mine")


async def test_updates_are_the_jurys_and_audited_with_before_and_after(
    db_session: AsyncSession,
) -> None:
    coach, stranger = await person(db_session, Role.COACH), await person(db_session, Role.COACH)
    named = await person(db_session, Role.COACH)
    contest = await new_contest(db_session, coach)
    with pytest.raises(Forbidden):
        await setup.update_contest(db_session, stranger, contest, title="Mine now")
    await setup.update_contest(
        db_session, coach, contest, title="Autumn mock", team_size=2, jury_ids=[named.id]
    )
    await db_session.commit()
    assert (contest.title, contest.team_size) == ("Autumn mock", 2)
    assert await db_session.get(ContestJury, (contest.id, named.id)) is not None
    (change,) = await audited(db_session, "contest.update")
    assert change.details["before"] == {"title": "Spring mock", "team_size": 3, "jury": []}
    assert change.details["after"] == {"title": "Autumn mock", "team_size": 2, "jury": [named.id]}
    # Saving the same values writes no audit entry.
    await setup.update_contest(db_session, coach, contest, title="Autumn mock")
    await db_session.commit()
    assert len(await audited(db_session, "contest.update")) == 1
    with pytest.raises(TypeError):
        await setup.update_contest(db_session, coach, contest, created_by=stranger.id)


# --- rounds -----------------------------------------------------------------------------------


async def test_rounds_are_appended_in_order_with_their_rule(db_session: AsyncSession) -> None:
    coach = await person(db_session, Role.COACH)
    contest = await new_contest(db_session, coach)
    theory = await setup.add_round(
        db_session,
        coach,
        contest,
        **lab_round(
            name="Written",
            kind=RoundKind.THEORY,
            scoring=Scoring.EXAM,
            weight=30,
            window=WindowType.PERSONAL,
            duration_min=90,
            freeze_min=None,
        ),
    )
    lab = await setup.add_round(db_session, coach, contest, **lab_round())
    await db_session.commit()
    assert [(r.position, r.name) for r in await access.rounds(db_session, contest.id)] == [
        (1, "Written"),
        (2, "Lab"),
    ]
    assert (theory.mode, lab.mode) == (ScoreMode.BEST, ScoreMode.SUBTASK)  # the defaults
    # The weights add up to 100: no room for more.
    with pytest.raises(InvalidInput) as over:
        await setup.add_round(db_session, coach, contest, **lab_round(name="More", weight=1))
    assert (over.value.message, over.value.field) == ("contest_weights_over", "weight")


@pytest.mark.parametrize(
    ("fields", "field", "key"),
    [
        pytest.param({"name": " "}, "name", "contest_round_name_invalid", id="no-name"),
        pytest.param(
            {"ends_at": later(2)}, "ends_at", "contest_round_ends_before_start", id="empty"
        ),
        pytest.param(
            {"ends_at": later(1)}, "ends_at", "contest_round_ends_before_start", id="backwards"
        ),
        pytest.param(
            {"window": WindowType.PERSONAL},
            "duration_min",
            "contest_round_duration_needed",
            id="personal-without-duration",
        ),
        pytest.param(
            {"duration_min": 60}, "duration_min", "contest_round_duration_fixed", id="fixed-dur"
        ),
        pytest.param({"freeze_min": 120}, "freeze_min", "contest_round_freeze_invalid", id="fz"),
        pytest.param(
            {"window": WindowType.PERSONAL, "duration_min": 30, "freeze_min": 30},
            "freeze_min",
            "contest_round_freeze_invalid",
            id="freeze-whole-timer",
        ),
        pytest.param({"weight": 101}, "weight", "contest_round_weight_invalid", id="weight"),
        pytest.param({"weight": -1}, "weight", "contest_round_weight_invalid", id="negative"),
        pytest.param({"penalty_min": -5}, "penalty_min", "contest_round_penalty_invalid", id="pen"),
        pytest.param(
            {"mode": ScoreMode.BEST}, "mode", "contest_round_mode_icpc", id="icpc-has-no-mode"
        ),
        pytest.param(
            {"scoring": Scoring.IOI, "mode": ScoreMode.LAST},
            "mode",
            "contest_round_mode_invalid",
            id="ioi-last",
        ),
        pytest.param(
            {"scoring": Scoring.EXAM, "mode": ScoreMode.SUBTASK},
            "mode",
            "contest_round_mode_invalid",
            id="exam-subtask",
        ),
        pytest.param(
            {"blueprint": {"pick": []}},
            "blueprint",
            "contest_round_blueprint_exam_only",
            id="blueprint-icpc",
        ),
        pytest.param(
            {"starts_at": datetime(2030, 1, 1)}, "starts_at", "contest_time_invalid", id="naive"
        ),
    ],
)
async def test_a_bad_round_is_refused_on_its_field_with_nothing_written(
    db_session: AsyncSession, fields: dict[str, Any], field: str, key: str
) -> None:
    coach = await person(db_session, Role.COACH)
    contest = await new_contest(db_session, coach)
    with pytest.raises(InvalidInput) as refused:
        await setup.add_round(db_session, coach, contest, **lab_round(**fields))
    assert (refused.value.message, refused.value.field) == (key, field)
    assert await count(db_session, Round) == 0


async def test_a_running_rounds_window_may_move_but_not_its_rule(
    db_session: AsyncSession,
) -> None:
    coach = await person(db_session, Role.COACH)
    contest = await new_contest(db_session, coach)
    running = await setup.add_round(
        db_session, coach, contest, **lab_round(starts_at=later(-1), ends_at=later(1))
    )
    await db_session.commit()
    new_end = later(1.5)
    await setup.update_round(db_session, coach, running, ends_at=new_end, freeze_min=15)
    await db_session.commit()
    assert running.ends_at == new_end
    (change,) = await audited(db_session, "contest.round.update")
    assert change.details["started"] is True
    assert set(change.details["after"]) == {"ends_at", "freeze_min"}
    with pytest.raises(InvalidInput) as locked:
        await setup.update_round(db_session, coach, running, scoring=Scoring.IOI)
    assert locked.value.message == "contest_round_started_locked"
    with pytest.raises(InvalidInput):
        await setup.update_round(db_session, coach, running, ends_at=later(-2))


# --- round tasks --------------------------------------------------------------------------------


async def test_a_round_task_pins_the_dataset_live_when_it_was_added(
    db_session: AsyncSession,
) -> None:
    coach = await person(db_session, Role.COACH)
    tasks = await catalogue(db_session, 3)
    contest = await new_contest(db_session, coach)
    lab = await setup.add_round(db_session, coach, contest, **lab_round())
    pinned = tasks[0].live_dataset_id
    row = await setup.set_round_task(db_session, coach, lab, tasks[0].id, label="a", points=100)
    await db_session.commit()
    assert (row.dataset_id, row.label, row.position) == (pinned, "A", 0)
    # The task is re-imported: a new live dataset. The round still judges with the old one.
    newer = Dataset(task_id=tasks[0].id, version=2, content_hash="f" * 64)
    db_session.add(newer)
    await db_session.flush()
    tasks[0].live_dataset_id = newer.id
    await db_session.commit()
    again = await setup.set_round_task(db_session, coach, lab, tasks[0].id, label="A", points=50)
    await db_session.commit()
    assert (again.dataset_id, again.points) == (pinned, 50)
    with pytest.raises(Conflict) as taken:
        await setup.set_round_task(db_session, coach, lab, tasks[1].id, label="A", points=10)
    assert taken.value.message == "contest_task_label_taken"
    for label, points, key in [
        ("A-1", 10, "label"),
        ("TOOLONGXX", 10, "label"),
        ("B", 0, "points"),
    ]:
        with pytest.raises(InvalidInput) as bad:
            await setup.set_round_task(
                db_session, coach, lab, tasks[1].id, label=label, points=points
            )
        assert bad.value.field == key
    tasks[2].live_dataset_id = None
    await db_session.commit()
    with pytest.raises(InvalidInput) as unready:
        await setup.set_round_task(db_session, coach, lab, tasks[2].id, label="C", points=10)
    assert unready.value.message == "task_not_ready"
    with pytest.raises(NotFound):
        await setup.set_round_task(db_session, coach, lab, 999_999, label="D", points=10)
    assert [e.details["label"] for e in await audited(db_session, "contest.task.set")] == ["A", "A"]


async def test_tasks_leave_a_round_only_before_it_starts(db_session: AsyncSession) -> None:
    coach = await person(db_session, Role.COACH)
    tasks = await catalogue(db_session, 1)
    contest = await new_contest(db_session, coach)
    future = await setup.add_round(db_session, coach, contest, **lab_round(weight=50))
    running = await setup.add_round(
        db_session,
        coach,
        contest,
        **lab_round(name="Now", weight=50, starts_at=later(-1), ends_at=later(1)),
    )
    for round in (future, running):
        await setup.set_round_task(db_session, coach, round, tasks[0].id, label="A", points=1)
    await db_session.commit()
    await setup.remove_round_task(db_session, coach, future, tasks[0].id)
    with pytest.raises(InvalidInput) as locked:
        await setup.remove_round_task(db_session, coach, running, tasks[0].id)
    assert locked.value.message == "contest_round_started_locked"
    with pytest.raises(NotFound):
        await setup.remove_round_task(db_session, coach, future, tasks[0].id)


# --- clones and publishing ------------------------------------------------------------------------


async def test_a_clone_moves_every_time_and_takes_nobody_along(db_session: AsyncSession) -> None:
    coach = await person(db_session, Role.COACH)
    group = await cohort(db_session, coach)
    tasks = await catalogue(db_session, 2)
    unfreeze = later(6)
    contest = await new_contest(db_session, coach, cohort_ids=[group.id], unfreeze_at=unfreeze)
    lab = await setup.add_round(db_session, coach, contest, **lab_round())
    for index, task in enumerate(tasks):
        await setup.set_round_task(
            db_session, coach, lab, task.id, label=chr(65 + index), points=10 * (index + 1)
        )
    await db_session.commit()
    week = timedelta(days=7)
    copy = await setup.clone_contest(
        db_session, coach, contest, slug="spring-mock-2", title="Spring mock II", shift=week
    )
    await db_session.commit()
    assert (copy.unfreeze_at, copy.team_size, copy.created_by) == (unfreeze + week, 3, coach.id)
    (round,) = await access.rounds(db_session, copy.id)
    assert (round.starts_at, round.ends_at, round.freeze_min) == (
        lab.starts_at + week,
        lab.ends_at + week,
        30,
    )
    rows = await access.round_tasks(db_session, round.id)
    assert [(r.label, r.points, r.task_id) for r in rows] == [
        ("A", 10, tasks[0].id),
        ("B", 20, tasks[1].id),
    ]
    assert await db_session.get(ContestCohort, (copy.id, group.id)) is not None
    with pytest.raises(Conflict):
        await setup.clone_contest(
            db_session, coach, contest, slug="spring-mock-2", title="Again", shift=week
        )


async def test_an_exam_contest(db_session: AsyncSession) -> None:
    admin = await person(db_session, Role.ADMIN)
    exam = await new_contest(
        db_session, admin, kind=ContestKind.EXAM, team_size=1, scale=1000, pass_score=600
    )
    assert (exam.kind, exam.scale, exam.pass_score) == (ContestKind.EXAM, 1000, 600)
    sitting = await setup.add_round(
        db_session,
        admin,
        exam,
        **lab_round(
            kind=RoundKind.THEORY,
            scoring=Scoring.EXAM,
            mode=ScoreMode.LAST,
            weight=100,
            window=WindowType.PERSONAL,
            duration_min=90,
            freeze_min=None,
            blueprint={"pick": [{"competency": "x", "count": 1}]},
        ),
    )
    assert sitting.blueprint == {"pick": [{"competency": "x", "count": 1}]}
    assert sitting.starts_at.tzinfo is UTC or sitting.starts_at.utcoffset() == timedelta(0)


async def test_a_window_extended_while_running_lets_the_participants_submit_longer(
    db_session: AsyncSession,
) -> None:
    coach, student = await person(db_session, Role.COACH), await person(db_session)
    tasks = await catalogue(db_session, 1)
    contest = await new_contest(db_session, coach, open_registration=True)
    lab = await setup.add_round(
        db_session, coach, contest, **lab_round(starts_at=later(-1), ends_at=later(1))
    )
    await setup.set_round_task(db_session, coach, lab, tasks[0].id, label="A", points=1)
    await entries.register(db_session, student, contest)
    await db_session.commit()
    past_the_end, new_end = lab.ends_at + timedelta(minutes=15), lab.ends_at + timedelta(hours=1)
    with pytest.raises(InvalidInput):
        await access.entitlement(db_session, student, contest.id, lab.id, tasks[0].id, past_the_end)
    await setup.update_round(db_session, coach, lab, ends_at=new_end)
    await db_session.commit()
    granted = await access.entitlement(
        db_session, student, contest.id, lab.id, tasks[0].id, past_the_end
    )
    assert granted.window.end == new_end
    (change,) = await audited(db_session, "contest.round.update")
    assert change.actor_id == coach.id and change.details["started"] is True
