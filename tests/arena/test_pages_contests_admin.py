"""The jury's contest pages over HTTP, the contest itself: creating one (by hand, as a mock
exam, as a clone), its settings, who may reach the pages, and the jury's controls (reveal the
frozen board, publish the tasks). Every form is tried with good and bad input: a bad one
answers 400 with the message on its field and writes nothing. Hostile requests (a student,
another coach, a form without its CSRF token) are refused and write nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ictarena.contests.models import (
    Contest,
    ContestCohort,
    ContestJury,
    Entry,
    Participation,
    Round,
    RoundKind,
    RoundTask,
    ScoreCell,
    WindowType,
)
from ictarena.db import Database
from ictarena.events.models import AuditEntry
from ictarena.settings import Settings
from tests.arena.contests.exam_bank import manifest as exam_manifest
from tests.arena.contests_admin_world import (
    ADMIN,
    SLUG,
    Cast,
    Client,
    cast_fixture,  # noqa: F401  (the fixture ``cast``)
    count,
    field_error,
    one,
    post,
    stage,
    switch,
)
from tests.arena.helpers import csrf_of, log_in
from tests.arena.pages import Site, add_task

CONTEST_FORM = {
    "title": "Autumn mock",
    "slug": "autumn-mock",
    "description": "Two rounds.",
    "track": "",
    "team_size": "2",
    "unfreeze_at": "2026-10-01T18:30",
    "hidden_tasks": "1",
}


async def test_a_coach_creates_a_contest_with_its_cohorts_jury_and_unfreeze_time(
    client: Client, cast: Cast, committed_db: Database
) -> None:
    http, _queue = client
    await log_in(http, cast.li.username)
    page = (await http.get("/contests/new")).text
    assert '<label for="c-title">' in page and 'name="cohorts"' in page
    assert "New HCIA/HCIP mock exam" in page and "Asia/Shanghai" in page
    form = {**CONTEST_FORM, "cohorts": str(cast.cohort_id), "jury": str(cast.wu.id)}
    response = await post(http, "/contests/new", "/contests/new", form)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/contests/autumn-mock/admin"
    contest = await one(committed_db, Contest, Contest.slug == "autumn-mock")
    assert isinstance(contest, Contest)
    assert contest.created_by == cast.li.id and contest.team_size == 2 and contest.hidden_tasks
    assert not contest.open_registration and contest.track_id is None
    # typed in the platform's zone (Asia/Shanghai, UTC+8), stored in UTC
    assert contest.unfreeze_at == datetime(2026, 10, 1, 10, 30, tzinfo=UTC)
    assert await count(committed_db, ContestCohort, ContestCohort.contest_id == contest.id) == 1
    assert await count(committed_db, ContestJury, ContestJury.user_id == cast.wu.id) == 1
    page = (await http.get(response.headers["location"])).text
    assert "Contest created." in page and 'value="2026-10-01T18:30"' in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"title": ""}, "c-title", id="no-title"),
        pytest.param({"team_size": "three"}, "c-team_size", id="team-size-not-a-number"),
        pytest.param({"team_size": "40"}, "c-team_size", id="team-size-too-big"),
        pytest.param({"unfreeze_at": "next tuesday"}, "c-unfreeze_at", id="bad-time"),
        pytest.param({"track": "99999"}, "c-track", id="unknown-track"),
        pytest.param({"jury": "99999"}, "c-jury", id="unknown-coach"),
        pytest.param({"slug": "Not A Slug!"}, "c-slug", id="bad-slug"),
    ],
)
async def test_a_wrong_contest_form_is_refused_on_its_field_and_writes_nothing(
    client: Client, cast: Cast, committed_db: Database, changes: dict[str, str], field: str
) -> None:
    http, _queue = client
    await log_in(http, cast.li.username)
    response = await post(http, "/contests/new", "/contests/new", {**CONTEST_FORM, **changes})
    assert response.status_code == 400
    assert field_error(response.text, field), response.text
    assert "Nothing was saved" in response.text
    assert 'value="Two rounds."' not in response.text  # a textarea keeps it as its content
    assert "Two rounds." in response.text  # what was typed is shown back
    assert await count(committed_db, Contest) == 0


async def test_a_taken_slug_is_refused_on_the_slug(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2))
    http, _queue = client
    await log_in(http, cast.li.username)
    response = await post(http, "/contests/new", "/contests/new", {**CONTEST_FORM, "slug": SLUG})
    assert response.status_code == 400 and field_error(response.text, "c-slug")
    assert await count(committed_db, Contest) == 1


async def test_the_jury_edits_the_settings_and_other_people_are_refused(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2))
    http, _queue = client
    form = {**CONTEST_FORM, "slug": SLUG, "title": "Spring mock, revised", "team_size": "3"}
    for coach in (cast.wu, cast.admin):  # a named juror and an admin may
        await switch(http, coach)
        page = (await http.get(ADMIN)).text
        assert "Theory round" in page and "Lab round" in page and "Reveal" not in page[:0]
        response = await post(http, ADMIN, ADMIN, form)
        assert response.status_code == 303, response.text
    contest = await one(committed_db, Contest, Contest.slug == SLUG)
    assert isinstance(contest, Contest) and contest.title == "Spring mock, revised"

    await switch(http, cast.li)
    response = await post(http, ADMIN, ADMIN, {**form, "team_size": "0"})
    assert response.status_code == 400 and field_error(response.text, "c-team_size")
    contest = await one(committed_db, Contest, Contest.slug == SLUG)
    assert isinstance(contest, Contest) and contest.team_size == 3


ADMIN_PAGES = [ADMIN, f"{ADMIN}/clone", f"{ADMIN}/people", f"{ADMIN}/rounds/new"]
ADMIN_POSTS = [
    ADMIN, f"{ADMIN}/clone", f"{ADMIN}/reveal", f"{ADMIN}/publish", f"{ADMIN}/rounds/new",
    f"{ADMIN}/people/enter", f"{ADMIN}/people/teams", f"{ADMIN}/people/extra",
    f"{ADMIN}/people/excuse",
]  # fmt: skip


async def test_students_and_other_coaches_are_refused_everywhere(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    contest = await stage(
        committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2)
    )
    http, _queue = client
    rounds = f"{ADMIN}/rounds"
    async with committed_db.session() as session:
        first = await session.scalar(select(Round.id).where(Round.contest_id == contest.id))
    pages = [*ADMIN_PAGES, f"{rounds}/{first}"]
    posts = [*ADMIN_POSTS, f"{rounds}/{first}", f"{rounds}/{first}/tasks",
             f"{rounds}/{first}/tasks/{site.code.id}/remove"]  # fmt: skip
    audit_before = await count(committed_db, AuditEntry)
    for intruder in (cast.ada, cast.zhao):
        await switch(http, intruder)
        token = await csrf_of(http, "/account")
        assert (await http.get("/contests/new")).status_code == (
            403 if intruder is cast.ada else 200
        )
        for url in pages:
            assert (await http.get(url)).status_code == 403, (intruder.username, url)
        hostile = {"csrf_token": token, "title": "Hacked", "slug": "hacked", "step": "all",
                   "usernames": "ada", "name": "Blue", "minutes": "600", "entry": "1",
                   "participation": "1", "round": str(first), "excused": "1",
                   "task_id": str(site.code.id), "label": "Z", "points": "1"}  # fmt: skip
        for url in posts:
            response = await http.post(url, data=hostile)
            assert response.status_code == 403, (intruder.username, url)
    # no round 0, no contest "hacked", nothing else changed
    assert await count(committed_db, Contest, Contest.title == "Spring mock") == 1
    assert await count(committed_db, Contest) == 1
    assert await count(committed_db, RoundTask) == 2
    assert await count(committed_db, AuditEntry) == audit_before
    # the jury's own form without its token
    await switch(http, cast.li)
    response = await http.post(ADMIN, data={**CONTEST_FORM, "slug": SLUG})
    assert response.status_code == 403
    response = await http.post(f"{ADMIN}/reveal", data={"step": "all"})
    assert response.status_code == 403
    assert await count(committed_db, Contest, Contest.title == "Spring mock") == 1
    # the anonymous are sent to log in; an unknown contest is not found
    http.cookies.clear()
    assert (await http.get(ADMIN)).status_code == 303
    await log_in(http, cast.li.username)
    assert (await http.get("/contests/no-such-contest/admin")).status_code == 404


async def test_cloning_shifts_every_time(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2))
    http, _queue = client
    await log_in(http, cast.li.username)
    clone = f"{ADMIN}/clone"
    response = await post(http, clone, clone, {"title": "Copy", "slug": SLUG, "days": "7",
                                                "hours": "0"})  # fmt: skip
    assert response.status_code == 400 and field_error(response.text, "k-slug")
    response = await post(http, clone, clone, {"title": "Copy", "slug": "copy", "days": "x",
                                                "hours": "0"})  # fmt: skip
    assert response.status_code == 400 and field_error(response.text, "k-days")
    assert await count(committed_db, Contest) == 1
    response = await post(http, clone, clone, {"title": "Copy", "slug": "copy", "days": "7",
                                                "hours": "2"})  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/contests/copy/admin"
    async with committed_db.session() as session:
        pairs = (
            await session.execute(
                select(Contest.slug, Round.position, Round.starts_at)
                .join(Round, Round.contest_id == Contest.id)
                .order_by(Round.position)
            )
        ).all()
    starts = {(slug, position): at for slug, position, at in pairs}
    assert starts[("copy", 1)] - starts[(SLUG, 1)] == timedelta(days=7, hours=2)
    assert await count(committed_db, RoundTask) == 4


async def _freeze_cells(db: Database, contest: Contest, cast: Cast) -> None:
    """Two frozen cells, each with a try after the freeze."""
    async with db.session() as session:
        rounds = (await session.scalars(select(Round).where(Round.contest_id == contest.id))).all()
        entry = await session.scalar(select(Entry.id).where(Entry.contest_id == contest.id))
        assert entry is not None
        for rnd in rounds:
            task = await session.scalar(
                select(RoundTask.task_id).where(RoundTask.round_id == rnd.id)
            )
            assert task is not None
            member = 0
            if not rnd.shared:
                found = await session.scalar(
                    select(Participation.id).where(Participation.user_id == cast.ada.id)
                )
                assert found is not None
                member = found
            session.add(
                ScoreCell(round_id=rnd.id, task_id=task, entry_id=entry, member_id=member,
                          contest_id=contest.id, tries=1, solved=True, score=100.0,
                          public_pending=1)
            )  # fmt: skip
        await session.commit()


async def test_the_board_is_not_revealed_before_the_end(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    contest = await stage(
        committed_db, cast, site, start=-timedelta(hours=2), length=timedelta(hours=3)
    )
    await _freeze_cells(committed_db, contest, cast)
    http, _queue = client
    await log_in(http, cast.li.username)
    page = (await http.get(ADMIN)).text
    assert "Reveal the next cell" not in page and "once the contest has ended" in page
    for step in ("next", "all"):
        response = await post(http, ADMIN, f"{ADMIN}/reveal", {"step": step})
        assert response.status_code == 400 and "after the contest has ended" in response.text
    assert await count(committed_db, ScoreCell, ScoreCell.revealed.is_(True)) == 0
    after = await one(committed_db, Contest, Contest.id == contest.id)
    assert isinstance(after, Contest) and after.revealed_at is None


async def test_the_jury_reveals_the_frozen_board_one_cell_then_all(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    contest = await stage(
        committed_db, cast, site, start=-timedelta(hours=4), length=timedelta(hours=3)
    )
    await _freeze_cells(committed_db, contest, cast)
    http, _queue = client
    await log_in(http, cast.wu.username)
    page = (await http.get(ADMIN)).text
    assert "Reveal the next cell" in page
    reveal = f"{ADMIN}/reveal"
    assert (await post(http, ADMIN, reveal, {"step": "sideways"})).status_code == 400
    assert (await post(http, ADMIN, reveal, {"step": "next"})).status_code == 303
    assert await count(committed_db, ScoreCell, ScoreCell.revealed.is_(True)) == 1
    after = await one(committed_db, Contest, Contest.id == contest.id)
    assert isinstance(after, Contest) and after.revealed_at is None
    assert (await post(http, ADMIN, reveal, {"step": "all"})).status_code == 303
    after = await one(committed_db, Contest, Contest.id == contest.id)
    assert isinstance(after, Contest) and after.revealed_at is not None
    page = (await http.get(ADMIN)).text
    assert "Reveal the next cell" not in page and "Revealed on" in page


async def test_tasks_are_published_to_practice_only_after_the_end(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    contest = await stage(
        committed_db, cast, site, start=-timedelta(hours=1), length=timedelta(hours=3)
    )
    http, _queue = client
    await log_in(http, cast.li.username)
    page = (await http.get(ADMIN)).text
    assert "Publish the tasks to practice" not in page
    response = await post(http, ADMIN, f"{ADMIN}/publish", {})
    assert response.status_code == 400
    after = await one(committed_db, Contest, Contest.id == contest.id)
    assert isinstance(after, Contest) and after.published_at is None

    async with committed_db.session() as session:
        for rnd in (await session.scalars(select(Round))).all():
            rnd.starts_at -= timedelta(hours=5)
            rnd.ends_at -= timedelta(hours=5)
        await session.commit()
    page = (await http.get(ADMIN)).text
    assert "Publish the tasks to practice" in page
    assert (await post(http, ADMIN, f"{ADMIN}/publish", {})).status_code == 303
    after = await one(committed_db, Contest, Contest.id == contest.id)
    assert isinstance(after, Contest) and after.published_at is not None
    page = (await http.get(ADMIN)).text
    assert "Published to practice on" in page


async def test_the_pages_speak_chinese(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2))
    http, _queue = client
    await log_in(http, cast.li.username)
    token = await csrf_of(http, "/contests/new")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    for url in ("/contests/new", ADMIN, f"{ADMIN}/people", f"{ADMIN}/rounds/new"):
        response = await http.get(url)
        assert response.status_code == 200 and 'lang="zh-Hans"' in response.text, url


EXAM_FORM = {
    "exam_title": "HCIA mock 1",
    "exam_slug": "hcia-mock-1",
    "exam_opens_at": "2026-12-20T09:00",
    "exam_closes_at": "2026-12-20T12:00",
}


async def test_the_mock_exam_button_makes_a_timed_exam_out_of_1000(
    client: Client, cast: Cast, site: Site, committed_db: Database, settings: Settings
) -> None:
    async with committed_db.session() as session:
        bank = await add_task(session, settings.tasks_dir, site.modules[5], "exam-mini", "exam",
                              exam_manifest(), max_score=1000.0)  # fmt: skip
        await session.commit()
    http, _queue = client
    await log_in(http, cast.li.username)
    new, exam = "/contests/new", "/contests/new/exam"
    page = (await http.get(new)).text
    assert f'<option value="{bank.id}">Task exam-mini (exam-mini)</option>' in page
    response = await post(http, new, exam, EXAM_FORM)  # no bank chosen
    assert response.status_code == 400 and field_error(response.text, "x-exam_task")
    wrong = {**EXAM_FORM, "exam_task": bank.id, "exam_closes_at": "2026-12-20T08:00"}
    response = await post(http, new, exam, wrong)  # closes before it opens: the domain says
    assert response.status_code == 400 and field_error(response.text, "x-exam_closes_at")
    assert 'value="hcia-mock-1"' in response.text  # what was typed is kept
    assert await count(committed_db, Contest) == 0 and await count(committed_db, Round) == 0

    response = await post(http, new, exam, {**EXAM_FORM, "exam_task": bank.id})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/contests/hcia-mock-1/admin"
    contest = await one(committed_db, Contest, Contest.slug == "hcia-mock-1")
    assert isinstance(contest, Contest) and contest.created_by == cast.li.id
    assert (contest.kind.value, contest.scale, contest.pass_score) == ("exam", 1000.0, 600.0)
    paper = await one(committed_db, Round, Round.contest_id == contest.id)
    assert isinstance(paper, Round) and paper.window is WindowType.PERSONAL
    assert paper.duration_min == 90 and paper.kind is RoundKind.THEORY
    assert paper.starts_at == datetime(2026, 12, 20, 1, 0, tzinfo=UTC)
