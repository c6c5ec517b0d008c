"""A submission stored through the driver (:mod:`ictarena.submissions.rows`) is the submission
the ORM stores: the same rows in the three tables, the same objects in the session, the same
claims, in the session's own transaction. Each test runs both paths; ``orm`` is the driver's
connection refused, as on SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Table, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.db import Database
from ictarena.events.models import Event
from ictarena.submissions import dispatch, rows, services
from ictarena.submissions.models import Judging, JudgingStatus, Submission
from tests.arena.helpers import UserFactory
from tests.arena.pipeline.conftest import TaskFixture

pytestmark = pytest.mark.postgres

RULES = services.IntakeRules(languages=("cpp", "python"))
FILES = {"a.cpp": "int main() {\r\n  return 0;\r\n}\r\n"}


@pytest.fixture(params=["driver", "orm"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "orm":

        async def refused(session: AsyncSession) -> None:
            return None

        monkeypatch.setattr(rows, "driver_connection", refused)
    return str(request.param)


@pytest.fixture
async def coach(students: UserFactory) -> User:
    return await students(Role.COACH)


@pytest.fixture
async def session(committed_db: Database) -> AsyncIterator[AsyncSession]:
    async with committed_db.session() as opened:
        yield opened


def _columns(obj: Any, leave_out: set[str]) -> dict[str, Any]:
    table: Table = type(obj).__table__
    return {c.name: getattr(obj, c.key) for c in table.columns if c.name not in leave_out}


async def _stored(session: AsyncSession, submission_id: int) -> dict[str, Any]:
    """The three rows of a submission as the database holds them, read afresh."""
    session.expunge_all()
    submission = await session.get(Submission, submission_id)
    judging = await session.scalar(select(Judging).where(Judging.submission_id == submission_id))
    event = await session.scalar(
        select(Event).where(Event.subject == f"submission:{submission_id}")
    )
    assert submission is not None and judging is not None and event is not None
    return {
        "submission": _columns(submission, {"id", "created_at"}),
        "judging": _columns(judging, {"id", "submission_id", "queued_at"}),
        "event": _columns(event, {"id", "subject", "payload", "created_at"}),
        "event payload": {**event.payload, "judging": event.payload["judging"] == judging.id},
        "times in order": submission.created_at <= judging.queued_at <= event.created_at,
    }


async def test_both_paths_store_the_same_rows_and_leave_the_same_objects(
    committed_db: Database, code_task: TaskFixture, coach: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored: dict[str, dict[str, Any]] = {}
    for name in ("driver", "orm"):
        if name == "orm":

            async def refused(session: AsyncSession) -> None:
                return None

            monkeypatch.setattr(rows, "driver_connection", refused)
        async with committed_db.session() as session:
            submission, judging = await services.submit(
                session, coach, code_task.task.id, "cpp", FILES, RULES, ip="198.51.100.7"
            )
            assert inspect(submission).persistent and inspect(judging).persistent
            assert judging.submission is submission
            if name == "driver":
                # every column loaded and the judging's runs known (none): what the intake,
                # the instant grader or a page reads next needs no trip to the database
                assert not inspect(submission).unloaded and not inspect(judging).unloaded
                assert judging.runs == []
                # loaded, not changed: a commit writes nothing more, and a change is seen
                assert not session.new and not session.dirty
                judging.error = "probe"
                assert list(session.dirty) == [judging]
                judging.error = None
                held = (
                    _columns(submission, {"id", "created_at"}),
                    _columns(judging, {"id", "submission_id", "queued_at"}),
                )
            await session.commit()
            stored[name] = await _stored(session, submission.id)
    # what the session held is what was stored
    assert held == (stored["driver"]["submission"], stored["driver"]["judging"])
    assert stored["driver"] == stored["orm"]
    assert stored["driver"]["submission"]["files"] == {"a.cpp": "int main() {\n  return 0;\n}\n"}
    assert stored["driver"]["judging"]["status"] is JudgingStatus.QUEUED
    assert stored["driver"]["event payload"] == {"judging": True, "status": "queued"}
    assert stored["driver"]["times in order"] is True


async def test_a_contest_stamp_sets_the_time_and_the_dataset(
    path: str, session: AsyncSession, code_task: TaskFixture, coach: User
) -> None:
    at = datetime(2026, 5, 1, 9, 30, 15, 123456, tzinfo=UTC)
    stamp = services.ContestStamp(None, None, None, code_task.dataset.id, at=at)
    submission, judging = await services.submit(
        session, coach, code_task.task.id, "python", {"a.py": "print(1)"}, RULES, stamp=stamp
    )
    await session.commit()
    assert submission.created_at == at
    session.expunge_all()
    again = await session.get(Submission, submission.id)
    assert again is not None and again.created_at == at and again.language == "python"
    assert judging.queued_at > at  # stored now, stamped at the entitlement's time


async def test_a_rollback_takes_the_rows_with_it(
    path: str, session: AsyncSession, code_task: TaskFixture, coach: User
) -> None:
    submission, _judging = await services.submit(
        session, coach, code_task.task.id, "cpp", FILES, RULES
    )
    submission_id = submission.id
    await session.rollback()
    session.expunge_all()
    assert await session.get(Submission, submission_id) is None
    assert await session.scalar(select(Event.id)) is None


async def test_the_claim_keeps_the_cap_and_the_order(
    path: str, session: AsyncSession, code_task: TaskFixture, coach: User
) -> None:
    judgings = []
    for _ in range(3):
        _submission, judging = await services.submit(
            session, coach, code_task.task.id, "cpp", FILES, RULES
        )
        judgings.append(judging.id)
        claimed = await dispatch.claim_ready(session, coach.id, cap=2)
        if len(judgings) <= 2:
            assert claimed == [judging.id]
            assert judging.enqueued_at is not None  # the held object knows
        else:
            assert claimed == []
    await session.commit()
    # the first finishes: the waiting one is claimed, and only it
    await session.execute(
        update(Judging).where(Judging.id == judgings[0]).values(status=JudgingStatus.DONE)
    )
    assert await dispatch.claim_ready(session, coach.id, cap=2) == [judgings[2]]
    assert await dispatch.claim_ready(session, coach.id, cap=2) == []
    await session.commit()
    enqueued = await session.scalars(
        select(Judging.enqueued_at).where(Judging.id.in_(judgings)).order_by(Judging.id)
    )
    assert all(at is not None for at in enqueued)


async def test_the_driver_is_used_only_inside_an_open_transaction_on_postgresql(
    committed_db: Database, tmp_path: Path
) -> None:
    async with committed_db.session() as session:
        assert await rows.driver_connection(session) is None  # nothing read yet
        await session.scalar(select(Submission.id))
        assert await rows.driver_connection(session) is not None
    lite = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'lite.db'}")
    try:
        async with lite.session() as session:
            assert await rows.driver_connection(session) is None
    finally:
        await lite.dispose()


async def test_a_time_is_written_as_the_columns_hold_it(
    session: AsyncSession, code_task: TaskFixture, coach: User
) -> None:
    """Naive UTC, whatever the zone of the aware time given (the contest clock's zone)."""
    east = datetime(2026, 5, 1, 17, 0, tzinfo=UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    stamp = services.ContestStamp(None, None, None, code_task.dataset.id, at=east)
    submission, _ = await services.submit(
        session, coach, code_task.task.id, "cpp", FILES, RULES, stamp=stamp
    )
    await session.commit()
    session.expunge_all()
    again = await session.get(Submission, submission.id)
    assert again is not None
    assert again.created_at == datetime(2026, 5, 1, 17, 0, tzinfo=UTC)
    assert again.created_at - east == timedelta(0)


async def test_the_claim_counts_only_the_students_own_unfinished_judgings(
    path: str,
    session: AsyncSession,
    code_task: TaskFixture,
    coach: User,
    students: UserFactory,
) -> None:
    other = await students(Role.COACH)
    for _ in range(2):  # the other user's two in flight
        _submission, judging = await services.submit(
            session, other, code_task.task.id, "cpp", FILES, RULES
        )
        assert await dispatch.claim_ready(session, other.id, cap=2) == [judging.id]
    finished = []
    for status in (JudgingStatus.DONE, JudgingStatus.ERROR, JudgingStatus.CANCELLED):
        _submission, judging = await services.submit(
            session, coach, code_task.task.id, "cpp", FILES, RULES
        )
        assert await dispatch.claim_ready(session, coach.id, cap=2) == [judging.id]
        await session.execute(update(Judging).where(Judging.id == judging.id).values(status=status))
        finished.append(judging.id)
    # neither the other user's judgings nor the coach's finished ones take the coach's room
    mine = []
    for _ in range(3):
        _submission, judging = await services.submit(
            session, coach, code_task.task.id, "cpp", FILES, RULES
        )
        mine.append(judging.id)
    assert await dispatch.claim_ready(session, coach.id, cap=2) == mine[:2]
    assert await dispatch.claim_ready(session, other.id, cap=2) == []


async def test_a_judging_stored_without_its_user_takes_its_submissions(
    session: AsyncSession, code_task: TaskFixture, coach: User
) -> None:
    submission, judging = await services.submit(
        session, coach, code_task.task.id, "cpp", FILES, RULES
    )
    again = Judging(submission_id=submission.id, dataset_id=judging.dataset_id, seq=1)
    session.add(again)
    await session.flush()
    stored = await session.scalars(
        select(Judging.user_id).where(Judging.id.in_([judging.id, again.id]))
    )
    assert stored.all() == [coach.id, coach.id]


async def test_the_claims_generic_plan_reads_the_two_partial_indexes(
    session: AsyncSession, code_task: TaskFixture, coach: User
) -> None:
    """The statuses are written into the claim's SQL, so the plan PostgreSQL keeps for the
    prepared statement (a generic one) may use the indexes that hold only unfinished judgings;
    were they bound, it could not. (Sequential scans are turned off: on a table this small the
    planner would rightly prefer one.)"""
    await services.submit(session, coach, code_task.task.id, "cpp", FILES, RULES)
    driver = await rows.driver_connection(session)
    assert driver is not None
    await driver.execute("SET LOCAL enable_seqscan = off")
    await driver.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    claim = dispatch._CLAIM_COMPILED
    await driver.execute(f"PREPARE claim AS {claim.sql}")
    values = claim.args(student=coach.id, cap=2, now=datetime.now(UTC))
    literals = ", ".join(f"'{v}'" if isinstance(v, str | datetime) else str(v) for v in values)
    try:
        plan = "\n".join(row[0] for row in await driver.fetch(f"EXPLAIN EXECUTE claim({literals})"))
    finally:
        await driver.execute("DEALLOCATE claim")
    assert "ix_judgings_in_flight" in plan, plan
    assert "ix_judgings_waiting" in plan, plan
