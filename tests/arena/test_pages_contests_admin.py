"""The jury's contest pages over HTTP: creating a contest, its rounds and tasks, the people
taking part, and the jury's controls (reveal, move a dataset, publish).

Li created "Spring mock" and named Wu on its jury; Zhao is a coach who is not on it. Ada and
Bo are students. Every form is tried with good and bad input: a bad one answers 400 with the
message on its field and writes nothing. Hostile requests (a student, another coach, a form
without its CSRF token) are refused and write nothing."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Dataset, Task
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
    ScoreMode,
    Scoring,
    Sitting,
    WindowType,
)
from ictarena.db import Database, utcnow
from ictarena.events.models import AuditEntry
from ictarena.settings import Settings
from ictarena.submissions.models import Rejudging
from ictarena.workers.queue import InProcessQueue
from tests.arena.contests.exam_bank import manifest as exam_manifest
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import ZONE, Site, add_task

Client = tuple[httpx.AsyncClient, InProcessQueue]
SLUG = "spring-mock"
ADMIN = f"/contests/{SLUG}/admin"


@dataclass
class Cast:
    admin: User
    li: User  # the creator
    wu: User  # a coach named on the jury
    zhao: User  # a coach who is not
    ada: User
    bo: User
    cohort_id: int


@pytest.fixture
async def cast(users: UserFactory, site: Site) -> Cast:
    admin = await users(Role.ADMIN, "root")
    li, wu, zhao = [await users(Role.COACH, name) for name in ("coach.li", "coach.wu", "zhao")]
    ada, bo = await users(username="ada"), await users(username="bo.chen")
    cohort = await users.cohort(li, "Datacom 2026")
    return Cast(admin, li, wu, zhao, ada, bo, cohort.id)


async def stage(
    db: Database, cast: Cast, site: Site, *, start: timedelta, length: timedelta
) -> Contest:
    """ "Spring mock" straight in the tables: a theory round and an ICPC lab round (freeze 30
    minutes) that start ``start`` from now, task A the code task; team Red (Ada, Bo)."""
    now = utcnow()
    async with db.session() as session:
        contest = Contest(slug=SLUG, title="Spring mock", created_by=cast.li.id, team_size=3)
        session.add(contest)
        await session.flush()
        session.add(ContestJury(contest_id=contest.id, user_id=cast.wu.id))
        for position, kind, scoring in ((1, RoundKind.THEORY, Scoring.EXAM),
                                        (2, RoundKind.LAB, Scoring.ICPC)):  # fmt: skip
            rnd = Round(
                contest_id=contest.id, position=position, name=f"{kind.value.title()} round",
                kind=kind, scoring=scoring,
                mode=ScoreMode.BEST if scoring is Scoring.EXAM else ScoreMode.SUBTASK,
                weight=30.0 if kind is RoundKind.THEORY else 40.0, window=WindowType.FIXED,
                starts_at=now + start, ends_at=now + start + length, freeze_min=30,
            )  # fmt: skip
            session.add(rnd)
            await session.flush()
            task = site.quiz if kind is RoundKind.THEORY else site.code
            assert task.live_dataset_id is not None
            session.add(RoundTask(round_id=rnd.id, task_id=task.id,
                                  dataset_id=task.live_dataset_id, label="A"))  # fmt: skip
        red = Entry(contest_id=contest.id, name="Red", team=True, invite_code="RED-CODE-1")
        session.add(red)
        await session.flush()
        for student in (cast.ada, cast.bo):
            session.add(Participation(contest_id=contest.id, user_id=student.id, entry_id=red.id))
        await session.commit()
        return contest


async def count(db: Database, model: type, *where: object) -> int:
    async with db.session() as session:
        query = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
        return int(await session.scalar(query) or 0)


async def one(db: Database, model: type, *where: object) -> object:
    async with db.session() as session:
        return (await session.scalars(select(model).where(*where))).one()  # type: ignore[arg-type]


async def post(
    http: httpx.AsyncClient, page: str, url: str, data: Mapping[str, object]
) -> httpx.Response:
    """``data`` posted to ``url`` with the CSRF token of the form on ``page``."""
    token = await csrf_of(http, page)
    return await http.post(url, data={"csrf_token": token, **{k: str(v) for k, v in data.items()}})


async def switch(http: httpx.AsyncClient, user: User) -> None:
    """Log in as ``user`` afresh (the previous login's cookies dropped)."""
    http.cookies.clear()
    await log_in(http, user.username)


def field_error(page: str, field_id: str) -> str:
    """The message shown on the field with id ``field_id`` (marked invalid and described by
    it); "" when the field has none."""
    prefix, _, name = field_id.rpartition("-")
    error_id = f"{prefix}-e-{name}" if prefix else f"e-{name}"
    match = re.search(rf'<p id="{re.escape(error_id)}" class="error" role="alert">(.*?)</p>', page)
    if match is None:
        return ""
    assert f'aria-describedby="{error_id}"' in page, field_id
    return html.unescape(match.group(1))


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


ROUND_FORM = {
    "name": "Lab final",
    "kind": "lab",
    "scoring": "icpc",
    "mode": "subtask",
    "weight": "30",
    "window": "fixed",
    "starts_at": "2026-11-02T09:00",
    "ends_at": "2026-11-02T13:00",
    "duration_min": "",
    "freeze_min": "60",
    "penalty_min": "20",
}


async def test_rounds_are_added_with_times_in_the_platforms_zone(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    contest = await stage(
        committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2)
    )
    http, _queue = client
    await log_in(http, cast.li.username)
    new = f"{ADMIN}/rounds/new"
    page = (await http.get(new)).text
    assert '<label for="r-starts_at">Starts (Asia/Shanghai)</label>' in page
    response = await post(http, new, new, ROUND_FORM)
    assert response.status_code == 303, response.text
    added = await one(committed_db, Round, Round.name == "Lab final")
    assert isinstance(added, Round) and added.contest_id == contest.id and added.position == 3
    assert added.starts_at == datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    assert added.ends_at == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)
    assert added.scoring is Scoring.ICPC and added.freeze_min == 60 and added.weight == 30.0
    assert response.headers["location"] == f"{ADMIN}/rounds/{added.id}"
    page = (await http.get(response.headers["location"])).text
    assert 'value="2026-11-02T09:00"' in page and "Round added." in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"name": ""}, "r-name", id="no-name"),
        pytest.param({"weight": "150"}, "r-weight", id="weight-over-100"),
        pytest.param({"starts_at": "2026-13-40T09:00"}, "r-starts_at", id="no-such-day"),
        pytest.param({"starts_at": "0001-01-01T00:00"}, "r-starts_at", id="year-one"),
        pytest.param({"starts_at": "2026-11-02T09:00+08:00"}, "r-starts_at", id="an-offset"),
        pytest.param({"ends_at": "2026-11-02T08:00"}, "r-ends_at", id="ends-before-start"),
        pytest.param({"window": "personal"}, "r-duration_min", id="personal-no-duration"),
        pytest.param({"scoring": "ioi", "mode": "last"}, "r-mode", id="mode-of-another-rule"),
        pytest.param({"kind": "essay"}, "r-kind", id="unknown-kind"),
        pytest.param({"freeze_min": "-5"}, "r-freeze_min", id="negative-freeze"),
    ],
)
async def test_a_wrong_round_form_is_refused_on_its_field_and_writes_nothing(
    client: Client,
    cast: Cast,
    site: Site,
    committed_db: Database,
    changes: dict[str, str],
    field: str,
) -> None:
    await stage(committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2))
    http, _queue = client
    await log_in(http, cast.li.username)
    new = f"{ADMIN}/rounds/new"
    response = await post(http, new, new, {**ROUND_FORM, **changes})
    assert response.status_code == 400
    assert field_error(response.text, field), response.text
    assert await count(committed_db, Round) == 2


async def test_a_window_edited_after_the_start_is_audited(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=-timedelta(hours=1), length=timedelta(hours=3))
    lab = await one(committed_db, Round, Round.kind == RoundKind.LAB)
    assert isinstance(lab, Round)
    http, _queue = client
    await log_in(http, cast.wu.username)
    url = f"{ADMIN}/rounds/{lab.id}"
    page = (await http.get(url)).text
    match = re.search(r'id="r-ends_at" name="ends_at" type="datetime-local" value="([^"]+)"', page)
    assert match is not None
    later = datetime.fromisoformat(match.group(1)) + timedelta(minutes=30)
    starts = re.search(r'id="r-starts_at" name="starts_at" type="datetime-local" value="([^"]+)"',
                       page)  # fmt: skip
    assert starts is not None
    form = {**ROUND_FORM, "name": lab.name, "kind": "lab", "scoring": "icpc", "weight": "40",
            "starts_at": starts.group(1), "ends_at": later.strftime("%Y-%m-%dT%H:%M"),
            "freeze_min": "30"}  # fmt: skip
    response = await post(http, url, url, form)
    assert response.status_code == 303, response.text
    moved = await one(committed_db, Round, Round.id == lab.id)
    assert isinstance(moved, Round)
    assert moved.ends_at == later.replace(tzinfo=ZONE).astimezone(UTC)  # typed in the zone
    entry = await one(committed_db, AuditEntry, AuditEntry.action == "contest.round.update")
    assert isinstance(entry, AuditEntry) and entry.actor_id == cast.wu.id
    assert entry.details["started"] is True and "ends_at" in entry.details["after"]
    # after the start the scoring rule stays: refused on its field, nothing written
    response = await post(http, url, url, {**form, "scoring": "ioi"})
    assert response.status_code == 400 and field_error(response.text, "r-scoring")
    assert await count(committed_db, AuditEntry, AuditEntry.action == "contest.round.update") == 1


async def test_tasks_are_found_added_with_label_and_points_and_removed(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2))
    lab = await one(committed_db, Round, Round.kind == RoundKind.LAB)
    assert isinstance(lab, Round)
    http, _queue = client
    await log_in(http, cast.li.username)
    url = f"{ADMIN}/rounds/{lab.id}"
    page = (await http.get(url + "?q=ospf")).text
    assert "ospf-pair" in page and "top-customers" not in page
    page = (await http.get(url + "?q=%E9%A2%98%E7%9B%AE%20top")).text  # 题目 top: Chinese titles
    assert "top-customers" in page and "ospf-pair" not in page
    # A wrong label and points: nothing added
    tasks = f"{url}/tasks"
    response = await post(http, url, tasks, {"task_id": site.network.id, "label": "",
                                             "points": "lots"})  # fmt: skip
    assert response.status_code == 400
    assert field_error(response.text, f"p{site.network.id}-label")
    assert field_error(response.text, f"p{site.network.id}-points")
    assert await count(committed_db, RoundTask, RoundTask.round_id == lab.id) == 1
    response = await post(http, url, tasks, {"task_id": 99999, "label": "B", "points": "50"})
    assert response.status_code == 400 and "Nothing was saved" in response.text
    assert await count(committed_db, RoundTask, RoundTask.round_id == lab.id) == 1

    response = await post(http, url, tasks, {"task_id": site.network.id, "label": "B",
                                             "points": "250"})  # fmt: skip
    assert response.status_code == 303, response.text
    added = await one(committed_db, RoundTask, RoundTask.task_id == site.network.id)
    assert isinstance(added, RoundTask)
    assert (added.label, added.points) == ("B", 250.0)
    assert added.dataset_id == site.network.live_dataset_id  # pinned
    remove = f"{tasks}/{site.network.id}/remove"
    assert (await post(http, url, remove, {})).status_code == 303
    assert await count(committed_db, RoundTask, RoundTask.round_id == lab.id) == 1
    # ids no table holds are simply not found
    assert (await post(http, url, f"{tasks}/{10**20}/remove", {})).status_code == 404
    assert (await http.get(f"{url}?track={10**20}&q=%25")).status_code == 200
    response = await post(http, url, tasks, {"task_id": 10**20, "label": "C", "points": "1"})
    assert response.status_code == 400


async def test_students_are_entered_teams_created_and_invite_codes_shown(
    client: Client, cast: Cast, site: Site, users: UserFactory, committed_db: Database
) -> None:
    contest = await stage(
        committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2)
    )
    for name in ("cy.wang", "di.liu"):
        await users(username=name)
    http, _queue = client
    await log_in(http, cast.li.username)
    people = f"{ADMIN}/people"
    page = (await http.get(people)).text
    assert "RED-CODE-1" in page and "ada" in page
    for names, field in (("cy.wang nobody", "n-usernames"), ("coach.wu", "n-usernames"),
                         ("", "n-usernames")):  # fmt: skip
        response = await post(http, people, f"{people}/enter", {"usernames": names})
        assert response.status_code == 400 and field_error(response.text, field), names
    assert await count(committed_db, Participation) == 2
    response = await post(http, people, f"{people}/enter", {"usernames": "cy.wang, DI.LIU"})
    assert response.status_code == 303
    listed = await count(committed_db, Participation, Participation.listed.is_(True),
                         Participation.contest_id == contest.id)  # fmt: skip
    assert listed == 2
    page = (await http.get(people)).text
    assert "cy.wang" in page and "di.liu" in page and "entered by name" in page

    response = await post(http, people, f"{people}/teams", {"name": "", "members": ""})
    assert response.status_code == 400 and field_error(response.text, "t-name")
    response = await post(http, people, f"{people}/teams", {"name": "Red", "members": ""})
    assert response.status_code == 400 and field_error(response.text, "t-name")  # taken
    response = await post(http, people, f"{people}/teams",
                          {"name": "Blue", "members": "ghost"})  # fmt: skip
    assert response.status_code == 400 and field_error(response.text, "t-members")
    assert await count(committed_db, Entry, Entry.name == "Blue") == 0
    response = await post(
        http, people, f"{people}/teams", {"name": "Blue", "members": "cy.wang di.liu"}
    )
    assert response.status_code == 303, response.text
    blue = await one(committed_db, Entry, Entry.name == "Blue")
    assert isinstance(blue, Entry) and blue.team and blue.invite_code
    page = (await http.get(people)).text
    assert blue.invite_code in page


async def test_extra_time_after_the_start_is_audited(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=-timedelta(hours=1), length=timedelta(hours=3))
    red = await one(committed_db, Entry, Entry.name == "Red")
    ada = await one(committed_db, Participation, Participation.user_id == cast.ada.id)
    assert isinstance(red, Entry) and isinstance(ada, Participation)
    http, _queue = client
    await log_in(http, cast.wu.username)
    people = f"{ADMIN}/people"
    response = await post(http, people, f"{people}/extra", {"entry": red.id, "minutes": "x"})
    assert response.status_code == 400
    assert field_error(response.text, f"extra-e{red.id}-minutes")
    response = await post(http, people, f"{people}/extra", {"entry": red.id, "minutes": "15"})
    assert response.status_code == 303
    response = await post(
        http, people, f"{people}/extra", {"participation": ada.id, "minutes": "10"}
    )
    assert response.status_code == 303
    red_after = await one(committed_db, Entry, Entry.id == red.id)
    ada_after = await one(committed_db, Participation, Participation.id == ada.id)
    assert isinstance(red_after, Entry) and red_after.extra_minutes == 15
    assert isinstance(ada_after, Participation) and ada_after.extra_minutes == 10
    audited = await count(committed_db, AuditEntry, AuditEntry.actor_id == cast.wu.id,
                          AuditEntry.action == "contest.extra_time")  # fmt: skip
    assert audited == 2
    # another contest's entry is not found here
    response = await post(http, people, f"{people}/extra", {"entry": 99999, "minutes": "5"})
    assert response.status_code == 404


async def test_a_member_is_excused_from_the_theory_round(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=-timedelta(hours=1), length=timedelta(hours=3))
    theory = await one(committed_db, Round, Round.kind == RoundKind.THEORY)
    lab = await one(committed_db, Round, Round.kind == RoundKind.LAB)
    bo = await one(committed_db, Participation, Participation.user_id == cast.bo.id)
    assert isinstance(theory, Round) and isinstance(lab, Round) and isinstance(bo, Participation)
    http, _queue = client
    await log_in(http, cast.li.username)
    people = f"{ADMIN}/people"
    data = {"round": theory.id, "participation": bo.id, "excused": "1"}
    assert (await post(http, people, f"{people}/excuse", data)).status_code == 303
    seat = await one(committed_db, Sitting, Sitting.member_id == bo.id)
    assert isinstance(seat, Sitting) and seat.excused
    page = (await http.get(people)).text
    assert "Take the excuse back" in page
    response = await post(http, people, f"{people}/excuse", {**data, "round": lab.id})
    assert response.status_code == 400  # a lab round is shared: nobody is excused from it
    assert await count(committed_db, AuditEntry, AuditEntry.action == "contest.excuse") == 1


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


async def test_moving_a_task_to_a_new_dataset_opens_a_rejudging_preview(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=-timedelta(hours=1), length=timedelta(hours=3))
    lab = await one(committed_db, Round, Round.kind == RoundKind.LAB)
    assert isinstance(lab, Round)
    async with committed_db.session() as session:
        task = await session.get(Task, site.code.id)
        assert task is not None
        newer = Dataset(task_id=task.id, version=2, content_hash="f" * 64, manifest={})
        session.add(newer)
        await session.commit()
        newer_id = newer.id
    http, _queue = client
    url = f"{ADMIN}/rounds/{lab.id}"
    move = f"{url}/tasks/{site.code.id}/dataset"
    await log_in(http, cast.li.username)  # the creator is a coach: rejudging is an admin's
    assert (await post(http, url, move, {"dataset": newer_id})).status_code == 403
    await switch(http, cast.admin)
    page = (await http.get(url)).text
    assert "Move (preview a rejudging)" in page and "version 1" in page
    response = await post(http, url, move, {"dataset": 424242})
    assert response.status_code == 400 and "Nothing was saved" in response.text
    assert await count(committed_db, Rejudging) == 0
    response = await post(http, url, move, {"dataset": newer_id})
    assert response.status_code == 303, response.text
    rejudging = await one(committed_db, Rejudging)
    assert isinstance(rejudging, Rejudging) and rejudging.status == "preview"
    assert response.headers["location"] == f"/admin/rejudgings/{rejudging.id}"
    pinned = await one(committed_db, RoundTask, RoundTask.round_id == lab.id)
    assert isinstance(pinned, RoundTask) and pinned.dataset_id == site.code.live_dataset_id
    assert (await http.get(response.headers["location"])).status_code == 200


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
