"""The coach's cohort page shows how busy the cohort is, week by week in the platform's time
zone, and who has not submitted for a week; only the cohort's coach (or an admin) sees it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from ictarena.accounts.models import CohortMember, Role, User
from ictarena.db import Database, utcnow
from ictarena.leaderboards.models import BoardTotal
from ictarena.progression.cohort_activity import Week, cohort_activity, week_starts
from ictarena.settings import Settings
from ictarena.submissions.models import Submission
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, log_in
from tests.arena.pages import Site, build_site

Client = tuple[httpx.AsyncClient, InProcessQueue]
SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_weeks_start_on_monday_midnight_in_the_platforms_zone() -> None:
    # Sunday 17:00 UTC is already Monday 01:00 in Beijing: a new week there.
    starts = week_starts(utc("2026-11-29 17:00"), SHANGHAI, weeks=3)
    assert starts == [utc("2026-11-15 16:00"), utc("2026-11-22 16:00"), utc("2026-11-29 16:00")]
    assert week_starts(utc("2026-11-29 15:59"), SHANGHAI, weeks=1) == [utc("2026-11-22 16:00")]


def test_week_boundaries_follow_a_daylight_saving_change() -> None:
    # Berlin moves from UTC+1 to UTC+2 on Sunday 29 March 2026.
    starts = week_starts(utc("2026-04-01 12:00"), BERLIN, weeks=2)
    assert starts == [utc("2026-03-22 23:00"), utc("2026-03-29 22:00")]


async def _submit(db: Database, task_id: int, *at: tuple[User, datetime]) -> None:
    async with db.session() as session:
        for user, when in at:
            session.add(Submission(user_id=user.id, task_id=task_id, files={}, created_at=when))
        await session.commit()


async def test_activity_counts_each_week_and_lists_the_quiet_students(
    any_db: Database, settings: Settings
) -> None:
    site = await build_site(any_db, settings.tasks_dir)
    users = UserFactory(any_db.sessionmaker())
    early, busy, gone, never, outsider = [await users() for _ in range(5)]
    now = utc("2026-12-05 12:00")  # a Saturday; this week began Monday 30 November in Beijing
    await _submit(
        any_db,
        site.code.id,
        (early, utc("2026-11-29 15:00")),  # Sunday 23:00 in Beijing: the week before
        (early, utc("2026-11-29 17:00")),  # Monday 01:00 in Beijing: this week
        (busy, utc("2026-12-04 09:00")),
        (busy, utc("2026-12-04 10:00")),
        (gone, utc("2026-09-01 10:00")),  # before the 12 weeks shown
        (outsider, utc("2026-12-04 10:00")),  # not in the cohort
    )
    students = [busy, early, gone, never]
    async with any_db.session() as session:
        activity = await cohort_activity(session, students, now, SHANGHAI)
    assert len(activity.weeks) == 12
    assert activity.weeks[0].start == date(2026, 9, 14)
    assert activity.weeks[-2:] == [Week(date(2026, 11, 23), 1, 1), Week(date(2026, 11, 30), 3, 2)]
    assert all(week.submissions == 0 for week in activity.weeks[:-2])
    assert activity.busiest == 3
    assert [(q.student.id, q.last_submission) for q in activity.quiet] == [
        (never.id, None),
        (gone.id, utc("2026-09-01 10:00")),
    ]


async def test_a_cohort_without_students_has_empty_weeks(
    any_db: Database, settings: Settings
) -> None:
    async with any_db.session() as session:
        activity = await cohort_activity(session, [], utc("2026-12-05 12:00"), SHANGHAI, weeks=4)
    assert [week.submissions for week in activity.weeks] == [0, 0, 0, 0]
    assert activity.quiet == [] and activity.busiest == 0


async def _cohort(db: Database, users: UserFactory, *members: User) -> tuple[User, int]:
    coach = await users(Role.COACH)
    cohort = await users.cohort(coach)
    async with db.session() as session:
        session.add_all(CohortMember(cohort_id=cohort.id, user_id=m.id) for m in members)
        await session.commit()
    return coach, cohort.id


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize("language", ["en", "zh-CN"])
async def test_the_coach_sees_the_weeks_and_the_quiet_students(
    client: Client, users: UserFactory, site: Site, committed_db: Database, language: str
) -> None:
    http, _queue = client
    active, quiet, silent = await users(), await users(), await users()
    coach, cohort_id = await _cohort(committed_db, users, active, quiet, silent)
    now = utcnow()
    # Two moments inside the current week in Beijing, whatever the hour the test runs at (an hour
    # ago may be last week there just after Monday midnight).
    begun = now - week_starts(now, SHANGHAI, weeks=1)[0]
    await _submit(
        committed_db,
        site.code.id,
        (active, now - begun / 3),
        (active, now - begun * 2 / 3),
        (quiet, now - timedelta(days=9)),
    )
    await log_in(http, coach.username)
    response = await http.get(f"/coach/cohorts/{cohort_id}", headers={"Accept-Language": language})
    assert response.status_code == 200
    weeks = _section(response.text, "activity-title")
    assert len(re.findall(r'<th scope="row">\d{4}-\d{2}-\d{2}</th>', weeks)) == 12
    assert "Asia/Shanghai" in weeks
    this_week = weeks.split('<th scope="row">', 2)[1]  # the newest week comes first
    assert re.findall(r'<td class="num">(\d+)', this_week) == ["2", "1"]
    idle = _section(response.text, "quiet-title")
    assert silent.username in idle and quiet.username in idle
    assert active.username not in idle
    assert idle.index(silent.username) < idle.index(quiet.username)  # never submitted first


@pytest.mark.parametrize("intruder", [Role.COACH, Role.STUDENT], ids=str)
async def test_nobody_else_sees_a_cohorts_activity(
    client: Client, users: UserFactory, site: Site, committed_db: Database, intruder: Role
) -> None:
    http, _queue = client
    member = await users(username="secretive-student")
    _coach, cohort_id = await _cohort(committed_db, users, member)
    await log_in(http, (await users(intruder)).username)
    response = await http.get(f"/coach/cohorts/{cohort_id}")
    # Another coach's cohort does not exist for them (as for every cohort route); a student
    # is refused the coaches' pages outright.
    assert response.status_code == (404 if intruder is Role.COACH else 403)
    assert "secretive-student" not in response.text


async def test_the_coach_sees_the_top_of_the_cohorts_board_and_a_link_to_all_of_it(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    first, second, idle = await users(), await users(), await users()
    stranger = await users()  # more points, but in no cohort of this coach
    coach, cohort_id = await _cohort(committed_db, users, first, second, idle)
    now = utcnow()
    async with committed_db.session() as session:
        for student, points, solved in ((first, 70.0, 3), (second, 12.5, 0), (stranger, 99.0, 4)):
            session.add(
                BoardTotal(
                    board="all",
                    period="all",
                    user_id=student.id,
                    points=points,
                    solved=solved,
                    last_solve_at=now if solved else None,
                    reached_at=now,
                )
            )
        await session.commit()
    await log_in(http, coach.username)
    page = (await http.get(f"/coach/cohorts/{cohort_id}")).text
    top = _section(page, "board-title")
    rows = [re.sub(r"<[^>]+>", " ", row).split() for row in top.split("<tr>")[2:]]
    assert [row[:4] for row in rows] == [
        ["1", first.display_name, "70", "3"],
        ["2", second.display_name, "12.50", "0"],
    ]
    assert stranger.display_name not in top and idle.display_name not in top
    assert f'href="/leaderboards?scope=cohort&amp;cohort={cohort_id}"' in top
