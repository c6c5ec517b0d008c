"""Virtual participation of a past contest in a real browser, in English and in Chinese,
against the real stack (the Docker judge runs the program).

A contest ended an hour ago: one ICPC round of two hours with the MAC address normaliser, two
official lines that solved it at the round's minutes 0 and 50 (staged in the server's
database through the domain, as the jury's pages and the judge would have left them). A
student of its cohort, who did not take part, opens the contest's Virtual participation page
and presses Start; their run is then moved ten minutes into the past (through the domain, to
stand for the time spent), so the board shows the line that solved at minute 0 as solved and
the one at minute 50 not yet. The student types the program into the real editor on the task
page, which says the submission counts in the virtual participation; it is judged, and their
line, marked virtual, sits between the two official ones."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import select, update

from ictarena.accounts.models import Cohort, Role, User
from ictarena.catalog.models import Task
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    Scoring,
    VirtualRun,
)
from ictarena.db import Database, utcnow
from ictarena.submissions.contest_cells import rebuild_contest
from ictarena.submissions.models import Judging, JudgingStatus, Submission
from ictjudge.wire import Verdict
from tests.browser.conftest import LOCALES, Server, check_page, said, shots, visit
from tests.browser.test_contest_journeys import CODE, EDITOR, _coach_with_squad, _student

pytestmark = [pytest.mark.browser, pytest.mark.docker]
T = TypeVar("T")
_names = itertools.count(1)


def _in_database(server: Server, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run ``work`` on the server's database, in a thread of its own (Playwright's sync API
    holds this thread's event loop)."""

    async def run() -> T:
        database = Database.from_url(f"sqlite+aiosqlite:///{server.data_dir / 'arena.db'}")
        try:
            return await work(database)
        finally:
            await database.dispose()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def _past_contest(server: Server, slug: str, squad: str, lang: str) -> None:
    """The ended contest, for the cohort ``squad``, with Early's solve at minute 0 and Late's
    at minute 50."""

    async def stage(db: Database) -> None:
        now = utcnow()
        async with db.transaction() as session:
            task = await session.scalar(select(Task).where(Task.slug == CODE[0]))
            cohort = await session.scalar(select(Cohort).where(Cohort.name == squad))
            assert task is not None and task.live_dataset_id is not None and cohort is not None
            contest = Contest(slug=slug, title=f"Autumn mock {lang}", created_by=cohort.coach_id,
                              team_size=1, hidden_tasks=False)  # fmt: skip
            session.add(contest)
            await session.flush()
            session.add(ContestCohort(contest_id=contest.id, cohort_id=cohort.id))
            final = Round(contest_id=contest.id, position=1, name="Final", kind=RoundKind.CODE,
                          scoring=Scoring.ICPC, weight=100, starts_at=now - timedelta(hours=3),
                          ends_at=now - timedelta(hours=1))  # fmt: skip
            session.add(final)
            await session.flush()
            session.add(RoundTask(round_id=final.id, task_id=task.id,
                                  dataset_id=task.live_dataset_id, label="A"))  # fmt: skip
            for name, minute in (("Early Bird", 0), ("Late Owl", 50)):
                person = User(username=f"v{next(_names)}.{lang}.{minute}", display_name=name,
                              password_hash="!", role=Role.STUDENT)  # fmt: skip
                session.add(person)
                entry = Entry(contest_id=contest.id, name=name)
                session.add(entry)
                await session.flush()
                place = Participation(contest_id=contest.id, user_id=person.id,
                                      entry_id=entry.id)  # fmt: skip
                session.add(place)
                await session.flush()
                made = Submission(user_id=person.id, task_id=task.id, language="python3",
                                  files={"main.py": "print()"}, participation_id=place.id,
                                  entry_id=entry.id, round_id=final.id,
                                  created_at=final.starts_at + timedelta(minutes=minute,
                                                                         seconds=20))  # fmt: skip
                session.add(made)
                await session.flush()
                session.add(Judging(submission_id=made.id, dataset_id=task.live_dataset_id,
                                    status=JudgingStatus.DONE, verdict=Verdict.AC,
                                    score=100.0, max_score=100.0))  # fmt: skip
            await session.flush()
            await rebuild_contest(session, contest.id)

    _in_database(server, stage)


def _rewind(server: Server, slug: str, minutes: int) -> None:
    """Move the contest's virtual runs ``minutes`` into the past (time spent in the run)."""

    async def move(db: Database) -> None:
        async with db.transaction() as session:
            contest_id = await session.scalar(select(Contest.id).where(Contest.slug == slug))
            await session.execute(
                update(VirtualRun)
                .where(VirtualRun.contest_id == contest_id)
                .values(started_at=utcnow() - timedelta(minutes=minutes))
            )

    _in_database(server, move)


def _lines(page: Any) -> dict[str, dict[str, str]]:
    """The virtual board's lines by name: rank cell text, the task cell's class, own or not."""
    lines = {}
    for row in page.locator("#virtual-board tbody tr").all():
        name = row.locator("th.entry-name").inner_text().split("(")[0].split("（")[0].strip()
        lines[name] = {
            "rank": row.locator("td").first.inner_text().strip(),
            "cell": row.locator("td.cell").first.get_attribute("class") or "",
            "own": "yes" if row.get_attribute("id") == "virtual-own" else "",
        }
    return lines


@pytest.mark.parametrize("lang", list(LOCALES))
def test_a_virtual_participation_of_a_past_contest(server: Server, browser: Any, lang: str) -> None:
    squad = f"Replay squad {lang}"
    _coach, code = _coach_with_squad(browser, server, f"replay.coach.{lang}", squad, lang)
    slug = f"autumn-mock-{lang}"
    _past_contest(server, slug, squad, lang)
    student = _student(browser, server, code, "Qin Yue", lang)
    texts = ["Virtual participation", "Start virtual participation", "virtual"]
    if lang == "zh":  # the pages must really speak Chinese
        assert all(said(text, "zh") != text for text in texts)

    visit(student, server.url + f"/contests/{slug}")
    student.click("#virtual-link")
    check_page(student)
    assert said("Virtual participation", lang) in student.inner_text("h1")
    student.click("#virtual-start")
    student.wait_for_url(f"**/contests/{slug}/virtual")
    check_page(student)
    assert student.locator("p.flash").count() == 1
    assert student.locator("#virtual-rounds").count() == 1

    _rewind(server, slug, 10)  # ten minutes into the run
    visit(student, server.url + f"/contests/{slug}/virtual")
    lines = _lines(student)
    assert "solved" in lines["Early Bird"]["cell"]  # solved at minute 0
    assert "solved" not in lines["Late Owl"]["cell"]  # at minute 50: not yet
    assert lines["Qin Yue"]["own"] == "yes"
    shots(student, f"virtual-board-before-{lang}")

    # the task page: the real editor, and the note that this is the virtual participation
    student.click("#virtual-rounds a[href$='/rounds/1/tasks/A']")
    check_page(student)
    assert student.locator("#virtual-note").count() == 1
    assert student.locator(".countdown[data-deadline]").count() == 1  # the run's time left
    accepted = next((CODE[1] / "solutions" / "accepted").glob("*.py"))
    text = accepted.read_text()
    student.select_option("#language", "python3")
    student.click(EDITOR)
    student.keyboard.press("Control+A")
    student.keyboard.press("Delete")
    student.locator(EDITOR).fill(text)
    assert student.input_value("#source") == text
    student.click("form.code-form button.primary")
    student.wait_for_url("**/submissions/*")
    check_page(student)
    assert student.locator("p.flash").count() == 1
    student.wait_for_selector("#verdict.verdict-AC", timeout=120_000)

    visit(student, server.url + f"/contests/{slug}/virtual")
    lines = _lines(student)
    mine = lines["Qin Yue"]
    assert "solved" in mine["cell"] and said("virtual", lang) in mine["rank"]
    assert mine["rank"].startswith("2")  # behind the solve at minute 0, ahead of minute 50's
    assert lines["Early Bird"]["rank"] == "1" and lines["Late Owl"]["rank"] == "3"
    shots(student, f"virtual-board-after-{lang}")
    # the official scoreboard knows nothing of the virtual line
    visit(student, server.url + f"/contests/{slug}/scoreboard")
    names = student.locator("#board tbody th.entry-name").all_inner_texts()
    assert len(names) == 2 and not any("Qin Yue" in name for name in names)
