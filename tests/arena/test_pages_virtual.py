"""The virtual participation and upsolving pages: a student starts a virtual run of an ended
contest and reads the official lines as they stood at their elapsed time, in English and in
Chinese; who may see and do what (anonymous, a stranger, a participant, the jury); hostile
requests (a running or unscheduled contest, one the student may not see, no CSRF token, a
second start, a virtual submission without a run, the jury's pages); and upsolving from the
task page, which leaves the board and its version as they were."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    ContestPractice,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    Scoring,
    VirtualRun,
)
from ictarena.contests.standings import forget
from ictarena.db import Database, utcnow
from ictarena.submissions.contest_cells import rebuild_contest
from ictarena.submissions.models import Judging, JudgingStatus, Submission
from ictarena.workers.queue import InProcessQueue
from ictjudge.wire import Verdict
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site
from tests.arena.test_pages_zh import _catalogue, _leftovers

Client = tuple[httpx.AsyncClient, InProcessQueue]
SLUG = "past-mock"
PAGE = f"/contests/{SLUG}"
TASK = f"{PAGE}/rounds/1/tasks/A"
ERROR_RE = re.compile(r'<p class="error" role="alert"[^>]*>([^<]*)</p>')


@dataclass
class Cast:
    coach: User
    early: User  # solved A at minute 0
    late: User  # solved A at minute 50
    eligible: User  # in the cohort, did not take part
    stranger: User
    contest: Contest
    lab: Round


@pytest.fixture(autouse=True)
def fresh_boards() -> None:
    forget()


async def _cast(
    db: Database, site: Site, users: UserFactory, *, start: timedelta, length: timedelta
) -> Cast:
    """An ICPC lab round with the code task as A, ``start`` from now for ``length``; two
    participants who solved A at its minutes 0 and 50, a cohort with one more student."""
    coach = await users(Role.COACH)
    early, late, eligible, stranger = [await users() for _ in range(4)]
    now = utcnow()
    async with db.session() as session:
        cohort = Cohort(name="Past", coach_id=coach.id, invite_code="PAST-CODE")
        session.add(cohort)
        contest = Contest(slug=SLUG, title="Past mock", created_by=coach.id, team_size=1)
        session.add(contest)
        await session.flush()
        session.add(ContestCohort(contest_id=contest.id, cohort_id=cohort.id))
        for student in (early, late, eligible):
            session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
        lab = Round(contest_id=contest.id, position=1, name="Final 2026", kind=RoundKind.CODE,
                    scoring=Scoring.ICPC, weight=100, starts_at=now + start,
                    ends_at=now + start + length)  # fmt: skip
        session.add(lab)
        await session.flush()
        assert site.code.live_dataset_id is not None
        session.add(RoundTask(round_id=lab.id, task_id=site.code.id,
                              dataset_id=site.code.live_dataset_id, label="A"))  # fmt: skip
        for student, minute in ((early, 0), (late, 50)):
            entry = Entry(contest_id=contest.id, name=student.display_name)
            session.add(entry)
            await session.flush()
            place = Participation(contest_id=contest.id, user_id=student.id, entry_id=entry.id)
            session.add(place)
            await session.flush()
            made = Submission(user_id=student.id, task_id=site.code.id, files={"a.cpp": "x"},
                              language="cpp", participation_id=place.id, entry_id=entry.id,
                              round_id=lab.id, created_at=lab.starts_at + timedelta(minutes=minute,
                              seconds=1))  # fmt: skip
            session.add(made)
            await session.flush()
            session.add(Judging(submission_id=made.id, dataset_id=site.code.live_dataset_id,
                                status=JudgingStatus.DONE, verdict=Verdict.AC, score=100.0,
                                max_score=100.0))  # fmt: skip
        await session.flush()
        await rebuild_contest(session, contest.id)
        await session.commit()
    return Cast(coach, early, late, eligible, stranger, contest, lab)


async def _ended(db: Database, site: Site, users: UserFactory) -> Cast:
    return await _cast(db, site, users, start=timedelta(hours=-3), length=timedelta(hours=2))


async def _as(http: httpx.AsyncClient, user: User, locale: str = "en") -> None:
    http.cookies.clear()
    await log_in(http, user.username)
    if locale != "en":
        http.cookies.set("arena_lang", locale)


async def _post(http: httpx.AsyncClient, page: str, url: str, **data: str) -> httpx.Response:
    token = await csrf_of(http, page)
    return await http.post(url, data={"csrf_token": token, **data})


async def _move_run(db: Database, user: User, started: datetime) -> None:
    async with db.transaction() as session:
        await session.execute(
            update(VirtualRun).where(VirtualRun.user_id == user.id).values(started_at=started)
        )


def _row(page: str, entry_marker: str) -> str:
    match = re.search(r"<tr[^>]*" + entry_marker + r"[^>]*>.*?</tr>", page, re.S)
    assert match, entry_marker
    return match.group(0)


async def test_a_virtual_run_shows_the_official_lines_at_its_elapsed_time_in_both_languages(
    client: Client, site: Site, users: UserFactory, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _ended(committed_db, site, users)
    await _as(http, cast.eligible)
    contest_page = await http.get(PAGE)
    assert 'id="virtual-link"' in contest_page.text
    before = await http.get(f"{PAGE}/virtual")
    assert before.status_code == 200 and 'id="virtual-start"' in before.text
    started = await _post(http, f"{PAGE}/virtual", f"{PAGE}/virtual/start")
    assert started.status_code == 303 and started.headers["location"] == f"{PAGE}/virtual"
    # ten minutes into the run: the early solve shows, the one at minute 50 does not yet
    await _move_run(committed_db, cast.eligible, utcnow() - timedelta(minutes=10))
    page = (await http.get(f"{PAGE}/virtual")).text
    early = await _entry_of(committed_db, cast.early)
    late = await _entry_of(committed_db, cast.late)
    assert "solved" in _row(page, f'data-entry="{early}"')
    assert "solved" not in _row(page, f'data-entry="{late}"')
    own = _row(page, 'id="virtual-own"')
    assert "virtual" in own and cast.eligible.display_name in own
    # an hour in: both solves show
    await _move_run(committed_db, cast.eligible, utcnow() - timedelta(minutes=60))
    page = (await http.get(f"{PAGE}/virtual")).text
    assert "solved" in _row(page, f'data-entry="{late}"')
    # the task page takes virtual submissions while the run's round is open
    task = (await http.get(TASK)).text
    assert 'id="virtual-note"' in task and f'action="{TASK}/virtual' in task
    # in Chinese: nothing left in English on the pages of the run
    await _as(http, cast.eligible, "zh_Hans")
    catalogue = _catalogue()
    for path in (PAGE, f"{PAGE}/virtual", TASK):
        shown = await http.get(path)
        assert shown.status_code == 200 and '<html lang="zh-Hans">' in shown.text, path
        assert _leftovers(shown.text, catalogue) == [], path
    assert "虚拟" in (await http.get(f"{PAGE}/virtual")).text


async def _entry_of(db: Database, user: User) -> int:
    async with db.session() as session:
        found = await session.scalar(
            select(Participation.entry_id).where(Participation.user_id == user.id)
        )
        assert found is not None
        return int(found)


async def test_who_may_see_and_start_a_virtual_run(
    client: Client, site: Site, users: UserFactory, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _ended(committed_db, site, users)
    http.cookies.clear()
    anonymous = await http.get(f"{PAGE}/virtual")
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["location"]
    await _as(http, cast.stranger)
    assert (await http.get(f"{PAGE}/virtual")).status_code == 404
    await _as(http, cast.early)  # took part: told why, no Start
    page = (await http.get(f"{PAGE}/virtual")).text
    assert 'id="virtual-start"' not in page and "You took part in this contest" in page
    refused = await _post(http, f"{PAGE}/virtual", f"{PAGE}/virtual/start")
    assert refused.status_code == 400
    assert "You took part in this contest" in ERROR_RE.findall(refused.text)[0]
    # the eligible student starts; the jury then sees them listed apart, with no Start
    await _as(http, cast.eligible)
    await _post(http, f"{PAGE}/virtual", f"{PAGE}/virtual/start")
    await _as(http, cast.coach)
    jury = (await http.get(f"{PAGE}/virtual")).text
    assert 'id="virtual-start"' not in jury
    listed = re.search(r'<table id="virtual-results">.*?</table>', jury, re.S)
    assert listed and cast.eligible.display_name in listed.group(0)
    # the official board knows nothing of it
    board = (await http.get(f"{PAGE}/scoreboard.json")).json()
    assert {line["name"] for line in board["lines"]} == {
        cast.early.display_name,
        cast.late.display_name,
    }


async def test_hostile_starts_and_submissions_are_refused_with_a_reason(
    client: Client, site: Site, users: UserFactory, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(
        committed_db, site, users, start=timedelta(minutes=-5), length=timedelta(hours=2)
    )
    await _as(http, cast.eligible)
    running = await _post(http, f"{PAGE}/virtual", f"{PAGE}/virtual/start")
    assert running.status_code == 400
    assert "opens once the contest has ended" in ERROR_RE.findall(running.text)[0]
    # a contest the jury has not scheduled yet: no rounds
    async with committed_db.transaction() as session:
        session.add(Contest(slug="unscheduled", title="Later", created_by=cast.coach.id,
                            open_registration=True))  # fmt: skip
    later = await _post(http, f"{PAGE}/virtual", "/contests/unscheduled/virtual/start")
    assert later.status_code == 400
    assert "opens once the contest has ended" in ERROR_RE.findall(later.text)[0]
    async with committed_db.transaction() as session:
        await session.execute(
            update(Round)
            .where(Round.id == cast.lab.id)
            .values(starts_at=utcnow() - timedelta(hours=3), ends_at=utcnow() - timedelta(hours=1))
        )
    forget()
    await _as(http, cast.stranger)  # may not see the contest at all
    hidden = await _post(http, "/contests", f"{PAGE}/virtual/start")
    assert hidden.status_code == 404
    await _as(http, cast.eligible)
    forged = await http.post(f"{PAGE}/virtual/start", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    no_run = await _post(http, TASK, f"{TASK}/virtual", language="cpp", source="verdict=AC")
    assert no_run.status_code == 403 and "Virtual participation page first" in no_run.text
    assert (await _post(http, f"{PAGE}/virtual", f"{PAGE}/virtual/start")).status_code == 303
    again = await _post(http, f"{PAGE}/virtual", f"{PAGE}/virtual/start")
    assert again.status_code == 400
    assert "already started" in ERROR_RE.findall(again.text)[0]
    # a virtual participant is no jury: the jury's pages stay closed, the board is public
    assert (await http.get(f"{PAGE}/admin")).status_code in (403, 404)
    assert (await http.get(f"{PAGE}/admin/people")).status_code in (403, 404)
    assert (await http.get(f"{PAGE}/scoreboard.json")).json()["view"] == "public"
    assert (await http.get(f"{PAGE}/scoreboard.json?view=jury")).json()["view"] == "public"


async def test_upsolving_from_the_task_page_leaves_the_board_alone(
    client: Client, site: Site, users: UserFactory, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _ended(committed_db, site, users)
    async with committed_db.session() as session:
        version = (await session.get(Contest, cast.contest.id)).board_version  # type: ignore[union-attr]
    await _as(http, cast.late)  # a participant upsolves
    board = (await http.get(f"{PAGE}/scoreboard.json")).json()
    task = (await http.get(TASK)).text
    assert "Upsolving: this submission does not change the standings." in task
    await _as(http, cast.late, "zh_Hans")
    chinese = (await http.get(TASK)).text
    assert 'id="upsolve-note"' in chinese and _leftovers(chinese, _catalogue()) == []
    await _as(http, cast.late)
    made = await _post(http, TASK, f"{TASK}/upsolve", language="cpp", source="verdict=AC")
    assert made.status_code == 303 and made.headers["location"].startswith("/submissions/")
    submission_id = int(made.headers["location"].rsplit("/", 1)[1])
    assert (await http.get(made.headers["location"])).status_code == 200
    assert f"/submissions/{submission_id}" in (await http.get(TASK)).text  # listed on the task
    assert f"/submissions/{submission_id}" in (await http.get("/submissions")).text  # history
    async with committed_db.session() as session:
        mark = await session.get(ContestPractice, submission_id)
        assert mark is not None and mark.run_id is None
        contest = await session.get(Contest, cast.contest.id)
        assert contest is not None and contest.board_version == version
    forget()
    assert (await http.get(f"{PAGE}/scoreboard.json")).json()["lines"] == board["lines"]
    # before the end, there is no upsolving
    async with committed_db.transaction() as session:
        await session.execute(
            update(Round)
            .where(Round.id == cast.lab.id)
            .values(ends_at=utcnow() + timedelta(hours=1))
        )
    await _as(http, cast.eligible)
    refused = await http.post(
        f"{TASK}/upsolve",
        data={"csrf_token": await csrf_of(http, "/contests"), "language": "cpp", "source": "x"},
    )
    assert (
        refused.status_code == 400 and "Upsolving opens once the contest has ended" in refused.text
    )
