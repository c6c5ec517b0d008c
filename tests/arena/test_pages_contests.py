"""The participant's and the public contest pages, for each state of a contest and each role:
the list, the contest page before the start, running and ended, registering and teams, the
personal timer's Start (twice), a contest task on its pinned dataset, submitting and every
refused submission (after the end from a page left open, another round, a forged entry, a
non-participant), and the scoreboard and its exports while frozen (nothing of a frozen result
reaches a participant or an anonymous visitor; the jury sees it live)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.catalog.models import Dataset
from ictarena.contests.models import (
    Contest,
    ContestCohort,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    Scoring,
    Sitting,
    WindowType,
)
from ictarena.contests.standings import forget
from ictarena.db import Database, utcnow
from ictarena.http.routes.live import BadChannel, authorise
from ictarena.submissions.models import Submission
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site

Client = tuple[httpx.AsyncClient, InProcessQueue]
AC = "int main() { return 0; } // verdict=AC"
WA = "int main() { return 1; } // verdict=WA"


@dataclass
class Cast:
    coach: User
    solo: User  # takes part alone
    ada: User  # team "Routers"
    bo: User  # team "Routers"
    eligible: User  # in the contest's cohort, not registered
    stranger: User  # in no cohort of the contest
    contest: Contest
    theory: Round
    lab: Round
    routers: Entry


@pytest.fixture(autouse=True)
def fresh_boards() -> None:
    forget()  # boards are kept per process by version: each test starts from its database


async def _cast(
    db: Database,
    site: Site,
    users: UserFactory,
    *,
    theory: tuple[timedelta, timedelta] = (timedelta(minutes=-5), timedelta(minutes=30)),
    lab: tuple[timedelta, timedelta] = (timedelta(minutes=-5), timedelta(minutes=60)),
    lab_window: WindowType = WindowType.FIXED,
    freeze_min: int | None = None,
    open_registration: bool = False,
) -> Cast:
    """A two-round mock (a theory round with the quiz, an ICPC lab round with the code task,
    30/70) with a cohort, a team of two, a student alone, one eligible and one stranger."""
    coach = await users(Role.COACH)
    solo, ada, bo, eligible, stranger = [await users() for _ in range(5)]
    now = utcnow()
    async with db.session() as session:
        cohort = Cohort(name="Mock", coach_id=coach.id, invite_code="MOCK-CODE")
        session.add(cohort)
        contest = Contest(
            slug="spring-mock",
            title="Spring mock",
            created_by=coach.id,
            open_registration=open_registration,
            team_size=2,
        )
        session.add(contest)
        await session.flush()
        session.add(ContestCohort(contest_id=contest.id, cohort_id=cohort.id))
        for student in (solo, ada, bo, eligible):
            session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
        first = Round(
            contest_id=contest.id,
            position=1,
            name="Theory",
            kind=RoundKind.THEORY,
            scoring=Scoring.EXAM,
            weight=30,
            starts_at=now + theory[0],
            ends_at=now + theory[1],
        )
        second = Round(
            contest_id=contest.id,
            position=2,
            name="Lab",
            kind=RoundKind.CODE,
            scoring=Scoring.ICPC,
            weight=70,
            window=lab_window,
            duration_min=10 if lab_window is WindowType.PERSONAL else None,
            starts_at=now + lab[0],
            ends_at=now + lab[1],
            freeze_min=freeze_min,
        )
        session.add_all([first, second])
        await session.flush()
        assert site.quiz.live_dataset_id and site.code.live_dataset_id
        session.add(
            RoundTask(
                round_id=first.id,
                task_id=site.quiz.id,
                dataset_id=site.quiz.live_dataset_id,
                label="A",
                points=4,
            )
        )
        session.add(
            RoundTask(
                round_id=second.id,
                task_id=site.code.id,
                dataset_id=site.code.live_dataset_id,
                label="A",
                points=100,
            )
        )
        routers = Entry(contest_id=contest.id, name="Routers", team=True, invite_code="ROUTERS1")
        alone = Entry(contest_id=contest.id, name=solo.display_name)
        session.add_all([routers, alone])
        await session.flush()
        session.add_all(
            [
                Participation(contest_id=contest.id, user_id=ada.id, entry_id=routers.id),
                Participation(contest_id=contest.id, user_id=bo.id, entry_id=routers.id),
                Participation(contest_id=contest.id, user_id=solo.id, entry_id=alone.id),
            ]
        )
        await session.commit()
    return Cast(coach, solo, ada, bo, eligible, stranger, contest, first, second, routers)


async def as_user(http: httpx.AsyncClient, user: User | None) -> None:
    http.cookies.clear()
    if user is not None:
        assert (await log_in(http, user.username)).status_code == 303


async def _post(http: httpx.AsyncClient, page: str, action: str, **data: str) -> httpx.Response:
    token = await csrf_of(http, page)
    return await http.post(action, data={"csrf_token": token, **data})


async def _submit(http: httpx.AsyncClient, path: str, source: str, **extra: str) -> httpx.Response:
    """Submit a code answer through the task page's own form (its CSRF token in the URL)."""
    page = await http.get(path)
    assert page.status_code == 200, page.text
    action = re.search(r'<form method="post" action="([^"]+)" enctype', page.text)
    assert action, "no answer form"
    return await http.post(
        action.group(1).replace("&amp;", "&"),
        files={"source": (None, source), "language": (None, "cpp")}
        | {k: (None, v) for k, v in extra.items()},
    )


async def _count(db: Database, model: type, **where: object) -> int:
    async with db.session() as session:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return int(await session.scalar(query) or 0)


TASK = "/contests/spring-mock/rounds/2/tasks/A"


# The list and the contest page ------------------------------------------------------------


async def test_the_list_shows_the_contests_each_reader_may_see(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    for reader, standing in ((cast.solo, "Taking part"), (cast.eligible, "You may register")):
        await as_user(http, reader)
        page = (await http.get("/contests")).text
        assert "Spring mock" in page and "Running now" in page and standing in page
        assert '<a href="/contests"' in page  # the main navigation links the list
    await as_user(http, cast.coach)
    assert "Jury" in (await http.get("/contests")).text
    await as_user(http, cast.stranger)
    assert "Spring mock" not in (await http.get("/contests")).text
    assert (await http.get("/contests/spring-mock")).status_code == 404
    await as_user(http, None)
    assert (await http.get("/contests")).status_code == 303  # to the login page


async def test_before_the_start_the_page_says_when_and_hides_the_tasks(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    later = (timedelta(hours=2), timedelta(hours=3))
    cast = await _cast(committed_db, site, users, theory=later, lab=later)
    await as_user(http, cast.eligible)
    page = await http.get("/contests/spring-mock")
    assert "has not started yet" in page.text and "Register on my own" in page.text
    assert 'class="countdown" data-deadline="' in page.text and 'data-now="' in page.text
    assert "/rounds/1/tasks/A" not in page.text
    assert (await http.get("/contests/spring-mock/rounds/1/tasks/A")).status_code == 404
    registered = await _post(http, "/contests/spring-mock", "/contests/spring-mock/register")
    assert registered.status_code == 303
    page = await http.get("/contests/spring-mock")
    assert "You take part on your own." in page.text and "Register on my own" not in page.text
    await as_user(http, cast.coach)  # the jury reads the tasks before the start
    assert (await http.get("/contests/spring-mock/rounds/1/tasks/A")).status_code == 200


async def test_students_form_a_team_and_join_it_with_its_code(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    later = (timedelta(hours=2), timedelta(hours=3))
    cast = await _cast(committed_db, site, users, theory=later, lab=later)
    await as_user(http, cast.eligible)
    wrong = await _post(
        http, "/contests/spring-mock", "/contests/spring-mock/join", invite_code="NOPE"
    )
    assert wrong.status_code == 400 and 'role="alert"' in wrong.text
    full = await _post(
        http, "/contests/spring-mock", "/contests/spring-mock/join", invite_code="ROUTERS1"
    )
    assert full.status_code == 400  # Routers has its two members already
    formed = await _post(
        http, "/contests/spring-mock", "/contests/spring-mock/team", team_name="Switches"
    )
    assert formed.status_code == 303, formed.text
    page = (await http.get("/contests/spring-mock")).text
    assert "You take part in the team Switches." in page
    code = re.search(r'<code id="team-code">([^<]+)</code>', page)
    assert code is not None


# A running contest: tasks, the pinned dataset, submitting ------------------------------------


async def test_a_running_round_lists_its_tasks_and_takes_a_submission(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, queue = client
    cast = await _cast(committed_db, site, users)
    # The task is re-imported mid-contest: the round still judges (and shows) the pinned one.
    async with committed_db.session() as session:
        newer = Dataset(
            task_id=site.code.id,
            version=2,
            content_hash="f" * 64,
            manifest={"languages": None},
            statement_en="A CHANGED statement",
            statement_zh="改过的题面",
            max_score=100.0,
        )
        session.add(newer)
        await session.flush()
        await session.execute(
            update(type(site.code))
            .where(type(site.code).id == site.code.id)
            .values(live_dataset_id=newer.id)
        )
        await session.commit()
    await as_user(http, cast.ada)
    page = (await http.get("/contests/spring-mock?round=2")).text
    assert "You take part in the team Routers." in page and TASK in page
    task_page = (await http.get(TASK)).text
    assert "<strong>two</strong>" in task_page and "CHANGED" not in task_page
    assert f'action="{TASK}/submit?csrf_token=' in task_page
    assert 'data-draft="contest:spring-mock:A"' in task_page
    sent = await _submit(http, TASK, AC)
    assert sent.status_code == 303, sent.text
    await queue.join()
    async with committed_db.session() as session:
        stored = await session.scalar(select(Submission).where(Submission.round_id == cast.lab.id))
        assert stored is not None and stored.entry_id == cast.routers.id
    # The teammate sees the team's submission and its verdict in the shared round.
    await as_user(http, cast.bo)
    page = (await http.get("/contests/spring-mock?round=2")).text
    assert "verdict-AC" in page and "a teammate" in page


async def test_the_contest_tasks_form_selects_the_tasks_own_python(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    """The round's task page offers first what its pinned dataset names, as the practice page
    does."""
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    async with committed_db.session() as session:
        await session.execute(
            update(Dataset)
            .where(Dataset.id == site.code.live_dataset_id)
            .values(manifest={"languages": None, "python": "python3"})
        )
        await session.commit()
    await as_user(http, cast.solo)
    page = (await http.get(TASK)).text
    assert '<option value="cpp">C++17</option><option value="python3" selected>' in page


async def test_a_submission_after_the_end_is_refused_even_from_a_page_left_open(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.solo)
    page = await http.get(TASK)
    action = re.search(r'<form method="post" action="([^"]+)" enctype', page.text)
    assert action
    async with committed_db.session() as session:  # the round ends while the page is open
        await session.execute(update(Round).where(Round.id == cast.lab.id).values(ends_at=utcnow()))
        await session.commit()
    late = await http.post(
        action.group(1).replace("&amp;", "&"),
        files={"source": (None, AC), "language": (None, "cpp")},
    )
    assert late.status_code == 400
    assert 'id="refusal" data-field="round"' in late.text
    assert "Your time in the round “Lab” ended at" in late.text
    assert await _count(committed_db, Submission, round_id=cast.lab.id) == 0
    # The page now says so, and offers no form.
    page = await http.get(TASK)
    assert "submissions are closed" in page.text and "/submit?" not in page.text


async def test_submitting_to_another_round_or_for_another_entry_reaches_nothing(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    later = (timedelta(hours=2), timedelta(hours=3))
    cast = await _cast(committed_db, site, users, lab=later)
    await as_user(http, cast.ada)
    token = await csrf_of(http, "/contests/spring-mock")
    # Round 2 has not started: its task is not shown and a post to it is refused.
    assert (await http.get(TASK)).status_code == 404
    early = await http.post(
        f"{TASK}/submit?csrf_token={token}",
        files={"source": (None, AC), "language": (None, "cpp")},
    )
    assert early.status_code == 400 and 'data-field="round"' in early.text
    assert "The round “Lab” starts at" in early.text
    # A label that is not in round 1.
    missing = await http.post(
        f"/contests/spring-mock/rounds/1/tasks/B/submit?csrf_token={token}",
        files={"source": (None, AC), "language": (None, "cpp")},
    )
    assert missing.status_code == 404
    # A forged entry or round in the form changes nothing: the entry is the submitter's own.
    await as_user(http, cast.solo)
    sent = await http.post(
        "/contests/spring-mock/rounds/1/tasks/A/submit",
        data={
            "csrf_token": await csrf_of(http, "/contests/spring-mock"),
            "answer:mask": "255.255.255.0",
            "entry_id": str(cast.routers.id),
            "round_id": str(cast.lab.id),
        },
    )
    assert sent.status_code == 303, sent.text
    async with committed_db.session() as session:
        stored = await session.scalar(select(Submission).where(Submission.user_id == cast.solo.id))
        assert stored is not None and stored.round_id == cast.theory.id
        assert stored.entry_id != cast.routers.id
    assert await _count(committed_db, Submission, round_id=cast.lab.id) == 0


async def test_a_non_participant_cannot_submit(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.eligible)  # may see the contest, has not registered
    assert (await http.get(TASK)).status_code == 404  # no statement for onlookers while running
    page = (await http.get("/contests/spring-mock")).text
    assert ">Register</button>" in page and "Form a team" not in page  # teams are fixed now
    token = await csrf_of(http, "/contests/spring-mock")
    refused = await http.post(
        f"{TASK}/submit?csrf_token={token}",
        files={"source": (None, AC), "language": (None, "cpp")},
    )
    assert refused.status_code == 403 and 'id="refusal"' in refused.text
    assert "You are not taking part in this contest." in refused.text
    await as_user(http, cast.stranger)  # may not even see it
    token = await csrf_of(http, "/tasks")
    hidden = await http.post(
        f"{TASK}/submit?csrf_token={token}",
        files={"source": (None, AC), "language": (None, "cpp")},
    )
    assert hidden.status_code == 404
    assert await _count(committed_db, Submission) == 0


async def test_start_twice_starts_the_timer_once(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users, lab_window=WindowType.PERSONAL)
    await as_user(http, cast.ada)
    page = (await http.get("/contests/spring-mock?round=2")).text
    assert "/contests/spring-mock/rounds/2/start" in page and "data-once" in page
    assert TASK not in page  # the tasks show once the timer runs
    first = await _post(
        http, "/contests/spring-mock?round=2", "/contests/spring-mock/rounds/2/start"
    )
    assert first.status_code == 303
    async with committed_db.session() as session:
        started = await session.scalar(select(Sitting.started_at))
    await as_user(http, cast.bo)  # the teammate presses too: the team shares one timer
    again = await _post(http, "/contests/spring-mock", "/contests/spring-mock/rounds/2/start")
    assert again.status_code in (303, 400)
    async with committed_db.session() as session:
        rows = (await session.execute(select(Sitting.started_at))).scalars().all()
    assert rows == [started]
    page = (await http.get("/contests/spring-mock?round=2")).text
    assert TASK in page and "Time left" in page


# The scoreboard while frozen ------------------------------------------------------------------


async def _late_accepted(
    http: httpx.AsyncClient, queue: InProcessQueue, db: Database, cast: Cast
) -> None:
    """The solo student's accepted run after the freeze point, and a rejected one before."""
    await as_user(http, cast.solo)
    assert (await _submit(http, TASK, AC)).status_code == 303
    await queue.join()


async def test_a_frozen_board_keeps_a_late_result_from_everyone_but_the_jury(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, queue = client
    # The lab round ends in 10 minutes and freezes 20 minutes before: frozen already.
    cast = await _cast(
        committed_db,
        site,
        users,
        lab=(timedelta(minutes=-30), timedelta(minutes=10)),
        freeze_min=20,
        open_registration=True,
    )
    await _late_accepted(http, queue, committed_db, cast)
    readers: list[tuple[str, User | None]] = [("teammate of another entry", cast.ada)]
    readers.append(("anonymous", None))
    for who, reader in readers:
        await as_user(http, reader)
        board = await http.get("/contests/spring-mock/scoreboard")
        assert board.status_code == 200, who
        assert "The board is frozen." in board.text, who
        assert "1 try" in board.text and "pending" in board.text, who
        assert 'class="cell solved' not in board.text, who
        exported = await http.get("/contests/spring-mock/scoreboard.json")
        assert exported.status_code == 200, who
        assert exported.json()["frozen"] is True, who
        cells = [c for line in exported.json()["lines"] for c in line["cells"]]
        assert cells and not any(c["solved"] for c in cells), who
        assert any(c["hidden"] and c["pending"] == 1 for c in cells), who
        table = await http.get("/contests/spring-mock/scoreboard.csv")
        assert table.status_code == 200 and "?1" in table.text and "+" not in table.text, who
    # The participant sees their own line live.
    await as_user(http, cast.solo)
    own = (await http.get("/contests/spring-mock/scoreboard")).text
    assert "Your own line is live." in own and 'class="cell solved' in own
    # The jury sees the live board.
    await as_user(http, cast.coach)
    jury = (await http.get("/contests/spring-mock/scoreboard")).text
    assert "Jury view" in jury and 'class="cell solved first' in jury
    view = re.search(r'<p class="board-view" id="board-view">(.*?)</p>', jury, re.S)
    assert view, jury
    assert "Others still see the frozen board." in view.group(1)
    assert "1 cell is still hidden." in view.group(1)
    exported = (await http.get("/contests/spring-mock/scoreboard.json")).json()
    assert any(c["solved"] for line in exported["lines"] for c in line["cells"])
    assert '"\'+"' in (await http.get("/contests/spring-mock/scoreboard.csv")).text  # inert


async def test_once_revealed_everyone_sees_the_result(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, queue = client
    cast = await _cast(
        committed_db,
        site,
        users,
        lab=(timedelta(minutes=-30), timedelta(minutes=10)),
        freeze_min=20,
        open_registration=True,
    )
    await _late_accepted(http, queue, committed_db, cast)
    async with committed_db.session() as session:
        await session.execute(
            update(Contest)
            .where(Contest.id == cast.contest.id)
            .values(revealed_at=utcnow(), board_version=Contest.board_version + 1)
        )
        await session.commit()
    await as_user(http, None)
    board = (await http.get("/contests/spring-mock/scoreboard")).text
    assert "Every result is shown." in board and 'class="cell solved first' in board


async def test_the_board_of_a_closed_contest_is_not_public(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    await _cast(committed_db, site, users)  # registration by cohort only
    await as_user(http, None)
    for path in ("", ".json", ".csv"):
        response = await http.get(f"/contests/spring-mock/scoreboard{path}")
        assert response.status_code == 404, path


async def test_the_contest_channel_is_for_those_who_may_see_the_board(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    cast = await _cast(committed_db, site, users)
    async with committed_db.session() as session:
        channels = await authorise(session, cast.ada, [f"contest:{cast.contest.id}"])
        assert [c.name for c in channels] == [f"contest:{cast.contest.id}"]
        for forged in (f"contest:{cast.contest.id + 1}", "contest:x", "contest:" + "9" * 41):
            with pytest.raises(BadChannel):
                await authorise(session, cast.ada, [forged])
        with pytest.raises(BadChannel):
            await authorise(session, cast.stranger, [f"contest:{cast.contest.id}"])


async def test_times_read_in_the_platforms_zone(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.solo)
    page = (await http.get("/contests")).text
    assert "Asia/Shanghai" in page
    start = cast.theory.starts_at + timedelta(hours=8)  # Shanghai is UTC+8
    assert datetime.strftime(start, "%Y-%m-%d %H:%M") in page


async def test_the_pages_speak_chinese_and_an_onlooker_reads_an_open_board(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users, open_registration=True)
    await as_user(http, cast.ada)
    token = await csrf_of(http, "/contests")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    for path in (
        "/contests",
        "/contests/spring-mock?round=2",
        TASK,
        "/contests/spring-mock/scoreboard",
    ):
        page = await http.get(path)
        assert page.status_code == 200 and '<html lang="zh-Hans">' in page.text, path
    task = (await http.get(TASK)).text
    assert "计算 <math" in task  # the pinned dataset's Chinese statement
    # Anyone may read the board of a contest with open registration, without the live stream.
    await as_user(http, None)
    board = (await http.get("/contests/spring-mock/scoreboard")).text
    assert "Routers" in board and "/static/contest.js" in board and "/static/live.js" not in board
    assert (await http.get("/contests/spring-mock")).status_code == 303  # the page needs a login
