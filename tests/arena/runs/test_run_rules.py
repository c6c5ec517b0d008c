"""The checks in front of a run on a custom input, and its rate limit (no Docker needed)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import Role, ThrottleCounter
from ictarena.accounts.throttle import Scope, take_run_slot
from ictarena.catalog.models import Dataset
from ictarena.db import Database, utcnow
from ictarena.errors import InvalidInput, Throttled
from ictarena.intake.runs import RunRules, check_input, check_program
from tests.arena.helpers import UserFactory

RULES = RunRules(
    max_input_bytes=64 * 1024,
    max_source_bytes=256 * 1024,
    per_minute=3,
    languages=("cpp", "python3"),
)


def _dataset(manifest: dict[str, object]) -> Dataset:
    return Dataset(task_id=1, version=1, content_hash="0" * 64, manifest=manifest)


def test_the_input_keeps_its_text_with_newlines_as_the_program_reads_them() -> None:
    assert check_input("1 2\r\n3 4\r", 64) == "1 2\n3 4\n"
    assert check_input("", 64) == ""  # a program may read nothing
    assert check_input("数" * 21, 64) == "数" * 21  # 63 bytes of UTF-8


def test_an_input_over_the_limit_is_refused_on_its_field_with_the_limit() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_input("x" * (64 * 1024 + 1), 64 * 1024)
    assert refused.value.message == "run_input_too_large"
    assert refused.value.field == "input" and refused.value.params == {"max_kb": 64}
    with pytest.raises(InvalidInput):  # counted in bytes, not characters
        check_input("数" * 22, 64)


def test_the_program_is_checked_as_a_submission_is() -> None:
    manifest: dict[str, object] = {"languages": ["python3"], "limits": {"code_kb": 1}}
    language, files = check_program(_dataset(manifest), "python3", {"a.py": "print(1)\r\n"}, RULES)
    assert language == "python3" and files == {"a.py": "print(1)\n"}
    cases: list[tuple[str | None, dict[str, str | bytes], str, str]] = [
        ("cpp", {"a.cpp": "int main(){}"}, "language_not_allowed", "language"),
        (None, {"a.py": "print(1)"}, "language_not_allowed", "language"),
        ("java", {"A.java": "class A{}"}, "language_not_allowed", "language"),
        ("python3", {"a.py": "  \n\t"}, "run_source_empty", "source"),
        ("python3", {"a.py": "#" * 1025}, "run_source_too_large", "source"),
        ("python3", {"a.py": b"\xff\xfe"}, "submission_not_text", "source"),
    ]
    for language_id, given, key, field in cases:
        with pytest.raises(InvalidInput) as refused:
            check_program(_dataset(manifest), language_id, given, RULES)
        assert (refused.value.message, refused.value.field) == (key, field), language_id


def test_any_language_the_judge_runs_when_the_task_names_none() -> None:
    for language_id in ("cpp", "python3"):
        chosen, _ = check_program(_dataset({}), language_id, {"main": "x"}, RULES)
        assert chosen == language_id


async def test_runs_are_counted_per_user_and_refused_past_the_minutes_limit(
    any_db: Database,
) -> None:
    committed_db = any_db
    async with committed_db.session() as session:
        users = UserFactory(session)
        alice, bob = await users(Role.STUDENT, "alice"), await users(Role.STUDENT, "bob")
    now = utcnow()
    for _ in range(3):
        async with committed_db.transaction() as session:
            await take_run_slot(session, alice.id, 3, now)
    with pytest.raises(Throttled) as refused:
        async with committed_db.transaction() as session:
            await take_run_slot(session, alice.id, 3, now + timedelta(seconds=10))
    assert refused.value.message == "run_rate" and refused.value.params["limit"] == 3
    assert 1 <= refused.value.retry_after <= 50
    async with committed_db.transaction() as session:  # another user has their own minute
        await take_run_slot(session, bob.id, 3, now)
    async with committed_db.transaction() as session:  # a new minute, a new count
        await take_run_slot(session, alice.id, 3, now + timedelta(seconds=61))
    async with committed_db.session() as session:
        counted = await session.scalar(
            select(ThrottleCounter.count).where(
                ThrottleCounter.scope == Scope.CUSTOM_RUN.value,
                ThrottleCounter.key == str(alice.id),
            )
        )
        rows = await session.scalar(select(func.count()).select_from(ThrottleCounter))
    assert counted == 1 and rows == 2


async def test_a_burst_of_runs_at_once_starts_no_more_than_the_limit(any_db: Database) -> None:
    """Each reservation reads and writes the counter in one locked statement: eight requests
    at once, with three runs a minute, get three slots and five refusals."""
    async with any_db.session() as session:
        student = await UserFactory(session)(Role.STUDENT, "burst")
    now = utcnow()

    async def one() -> bool:
        try:
            async with any_db.transaction() as session:
                await take_run_slot(session, student.id, 3, now)
        except Throttled:
            return False
        return True

    outcomes = await asyncio.gather(*(one() for _ in range(8)))
    assert sum(outcomes) == 3
