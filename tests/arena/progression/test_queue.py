"""The coach's promotion queue: who meets every criterion, then who is close, with the
criteria snapshot; bulk approval; and the same queue on the command line."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarena.accounts.models import User
from ictarena.catalog.models import Tier
from ictarena.cli.main import app
from ictarena.db import Database
from ictarena.progression.queue import bulk_approve, promotion_queue
from ictarena.progression.tiers import held_level
from tests.arena.progression.conftest import Course, People, give, join, make_user

runner = CliRunner()


async def _class(db: Database, course: Course, people: People) -> dict[str, User]:
    """``ada`` is ready, ``bob`` is close, ``cyd`` is far: the Professional tier asks for every
    Associate module and 90 % in protocol comprehension."""
    async with db.session() as session:
        tier = await session.get(Tier, course.tiers[2].id)
        assert tier is not None
        tier.criteria = {"modules_done": "all", "competencies": {"protocol_comprehension": 90}}
        await session.commit()
    bob = await make_user(db, "bob")
    cyd = await make_user(db, "cyd")
    for student in (bob, cyd):
        await join(db, student, people.cohort)
    for slug in ("basics-code", "basics-quiz", "routing-code", "routing-quiz"):
        await give(db, people.student.id, course.tasks[slug], 1.0)
    for slug in ("basics-code", "basics-quiz", "routing-code"):
        await give(db, bob.id, course.tasks[slug], 1.0)  # 75 % of 90: close
    for slug in ("basics-code", "basics-quiz"):
        await give(db, cyd.id, course.tasks[slug], 1.0)  # routing not done, 50 %: far
    return {"ada": people.student, "bob": bob, "cyd": cyd}


async def test_the_queue_lists_ready_then_close_with_their_criteria(
    any_db: Database, course: Course, people: People
) -> None:
    await _class(any_db, course, people)
    async with any_db.session() as session:
        coach = await session.get(User, people.coach.id)
        assert coach is not None
        queue = await promotion_queue(session, coach, people.cohort.id)
    ready = [(r.student.username, r.readiness.track.slug) for r in queue.ready]
    close = [(r.student.username, r.readiness.track.slug) for r in queue.close]
    assert ready == [("ada", "netpath")]
    assert close == [("bob", "netpath")]
    bo = queue.close[0].readiness
    assert bo.closeness == pytest.approx((1 + 75 / 90) / 2)
    assert [(p.key, p.have, p.need, p.met) for p in bo.progress] == [
        ("modules_done", 2.0, 2.0, True),
        ("competency:protocol_comprehension", 75.0, 90.0, False),
    ]
    snapshot = queue.to_json()
    assert snapshot["cohort"] == {"id": people.cohort.id, "name": "Class A"}
    assert snapshot["close"][0]["criteria"][1]["key"] == "competency:protocol_comprehension"


async def test_bulk_approval_promotes_the_ready_ones_only(
    any_db: Database, course: Course, people: People
) -> None:
    students = await _class(any_db, course, people)
    async with any_db.session() as session:
        coach = await session.get(User, people.coach.id)
        assert coach is not None
        outcome = await bulk_approve(session, coach, people.cohort.id)
        await session.commit()
        assert ([p.user_id for p in outcome.promoted], outcome.skipped) == ([students["ada"].id], 0)
        levels = {
            name: await held_level(session, s.id, course.track.id) for name, s in students.items()
        }
        assert levels == {"ada": 2, "bob": 1, "cyd": 1}
        again = await bulk_approve(session, coach, people.cohort.id)
        assert (again.promoted, again.skipped) == ([], 0)


def _env(monkeypatch: pytest.MonkeyPatch, db: Database, data_dir: Path) -> None:
    monkeypatch.setenv("ARENA_DATA_DIR", str(data_dir))
    monkeypatch.setenv("ARENA_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    monkeypatch.delenv("ARENA_MODE", raising=False)


async def test_the_command_line_prints_the_queue_as_a_table_or_json(
    any_db: Database,
    course: Course,
    people: People,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    await _class(any_db, course, people)
    _env(monkeypatch, any_db, tmp_path)
    cohort = str(people.cohort.id)
    table = await asyncio.to_thread(
        runner.invoke, app, ["promotions", "candidates", "--cohort", cohort]
    )
    assert table.exit_code == 0, table.output
    assert "ada" in table.output and "bob" in table.output and "cyd" not in table.output
    assert "professional" in table.output
    as_json = await asyncio.to_thread(
        runner.invoke, app, ["promotions", "candidates", "--cohort", cohort, "--json"]
    )
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert [row["student"]["username"] for row in data["ready"]] == ["ada"]
    assert [row["student"]["username"] for row in data["close"]] == ["bob"]
    assert data["ready"][0]["met"] is True and data["ready"][0]["next"] == "professional"


async def test_an_unknown_cohort_is_a_clear_error(
    any_db: Database, course: Course, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _env(monkeypatch, any_db, tmp_path)
    result = await asyncio.to_thread(
        runner.invoke, app, ["promotions", "candidates", "--cohort", "424242"]
    )
    assert result.exit_code == 1
    assert "no cohort with id 424242" in result.output and "Traceback" not in result.output
    bad = await asyncio.to_thread(
        runner.invoke, app, ["promotions", "candidates", "--cohort", "abc"]
    )
    assert bad.exit_code == 2 and "Traceback" not in bad.output
