"""Intake limits under pressure, and line endings: fifty concurrent submissions from one student
against the real intake on SQLite and PostgreSQL, and CRLF from the editors' text areas stored
as LF for the bundled Linux and nftables tasks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ictarena.accounts import services as accounts
from ictarena.accounts import throttle
from ictarena.accounts.models import Role, User
from ictarena.catalog.packages.importer import import_catalogue
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.tracks import seed_bundled_tracks
from ictarena.db import Database
from ictarena.errors import InvalidInput, Throttled
from ictarena.settings import Settings
from ictarena.submissions.models import Submission
from ictarena.submissions.services import IntakeRules, normalise_newlines, submit
from tests.arena.catalog.builders import BUNDLED_SETS
from tests.arena.helpers import PASSWORD
from tests.arena.pipeline.conftest import make_code_task

SETS = Path(__file__).resolve().parents[3] / "problem_sets"
T0 = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\r", "a\nb\n"),
        ("a\r\r\nb", "a\n\nb"),
        ("a\n\rb", "a\n\nb"),
        ("no newline", "no newline"),
        ("already\nunix\n", "already\nunix\n"),
        ("", ""),
    ],
    ids=["crlf", "lone-cr", "cr-crlf", "lf-cr", "none", "lf", "empty"],
)
def test_line_endings_are_normalised_to_lf(sent: str, stored: str) -> None:
    assert normalise_newlines(sent) == stored


async def _submit_once(db: Database, user_id: int, task_id: int, rules: IntakeRules, n: int) -> str:
    """One submission in its own session and transaction, as the web app makes it."""
    async with db.session() as session:
        user = await session.get(User, user_id)
        assert user is not None
        try:
            await submit(
                session, user, task_id, "cpp", {"a.cpp": f"// {n}\nint main() {{}}\n"}, rules
            )
        except Throttled as exc:
            await session.rollback()
            return f"throttled {exc.params['limit']}"
        await session.commit()
        return "accepted"


async def test_fifty_concurrent_submissions_get_the_minute_s_ten_accepted(
    any_db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clock stands still, so that however slow the machine, the fifty share one minute.
    monkeypatch.setattr(throttle, "utcnow", lambda: T0)
    async with any_db.session() as session:
        task = await make_code_task(session, settings.tasks_dir)
        student = await accounts.create_user(session, "student", PASSWORD, Role.STUDENT)
        await session.commit()
    rules = IntakeRules(per_minute=10, languages=("cpp",))
    outcomes = await asyncio.gather(
        *(_submit_once(any_db, student.id, task.task.id, rules, n) for n in range(50))
    )
    assert sorted(outcomes) == ["accepted"] * 10 + ["throttled 10"] * 40
    async with any_db.session() as session:
        stored = await session.scalar(select(func.count()).select_from(Submission))
    assert stored == 10


async def test_the_limit_is_per_student_and_per_minute(
    any_db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [T0]
    monkeypatch.setattr(throttle, "utcnow", lambda: now[0])
    async with any_db.session() as session:
        task = await make_code_task(session, settings.tasks_dir)
        first = await accounts.create_user(session, "first", PASSWORD, Role.STUDENT)
        second = await accounts.create_user(session, "second", PASSWORD, Role.STUDENT)
        await session.commit()
    rules = IntakeRules(per_minute=3, languages=("cpp",))
    attempts = [_submit_once(any_db, first.id, task.task.id, rules, n) for n in range(4)]
    assert [await a for a in attempts] == ["accepted"] * 3 + ["throttled 3"]
    assert await _submit_once(any_db, second.id, task.task.id, rules, 0) == "accepted"
    now[0] = T0.replace(minute=1)
    assert await _submit_once(any_db, first.id, task.task.id, rules, 5) == "accepted"


@pytest.fixture
async def labs(any_db: Database, settings: Settings) -> dict[str, int]:
    """The bundled nftables Linux task and the nftables ACL network lab, imported."""
    catalogue = read_paths(
        [SETS / "openeuler" / "nftables-firewall", SETS / "datacom" / "acl-guest-filter"]
    )
    assert [str(e) for e in catalogue.errors] == []
    async with any_db.session() as session:
        await seed_bundled_tracks(session, BUNDLED_SETS)
        report = await import_catalogue(session, catalogue, settings.tasks_dir)
        await session.commit()
    return {change.slug: change.task_id for change in report.changes}


async def test_crlf_from_the_editors_is_stored_as_lf(
    any_db: Database, labs: dict[str, int]
) -> None:
    linux = (SETS / "openeuler" / "nftables-firewall" / "solutions" / "accepted").iterdir()
    script = next(p for p in sorted(linux) if p.is_file()).read_text()
    acl = SETS / "datacom" / "acl-guest-filter" / "solutions" / "accepted"
    [folder] = [p for p in acl.iterdir() if p.is_dir()][:1]
    device = {p.name: p.read_text() for p in sorted(folder.iterdir())}
    assert "\r" not in script + "".join(device.values()) and "r1.nft" in device

    def crlf(text: str) -> str:
        return text.replace("\n", "\r\n")

    async with any_db.session() as session:
        coach = await accounts.create_user(session, "coach", PASSWORD, Role.COACH)
        rules = IntakeRules()
        on_linux, _ = await submit(
            session, coach, labs["euler-nftables-firewall"], None, {"x.sh": crlf(script)}, rules
        )
        on_network, _ = await submit(
            session,
            coach,
            labs["datacom-acl-guest-filter"],
            None,
            {name: crlf(text) for name, text in device.items()},
            rules,
        )
        await session.commit()
    async with any_db.session() as session:
        stored_linux = await session.get(Submission, on_linux.id)
        stored_network = await session.get(Submission, on_network.id)
        assert stored_linux is not None and stored_network is not None
        assert list(stored_linux.files.values()) == [script]
        assert stored_network.files == device


async def test_the_size_limit_counts_the_stored_lf_text(
    any_db: Database, settings: Settings
) -> None:
    async with any_db.session() as session:
        task = await make_code_task(session, settings.tasks_dir)  # code_kb: 64
        coach = await accounts.create_user(session, "coach", PASSWORD, Role.COACH)
        rules = IntakeRules(languages=("cpp",))
        sent = "x;\r\n" * 20_000  # 80 000 bytes as sent, 60 000 once stored
        submission, _ = await submit(session, coach, task.task.id, "cpp", {"a.cpp": sent}, rules)
        assert submission.size_bytes == 60_000
        with pytest.raises(InvalidInput, match="submission_too_large"):
            await submit(session, coach, task.task.id, "cpp", {"a.cpp": "x;\n" * 22_000}, rules)
