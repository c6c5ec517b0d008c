"""The jury's page of the people of a contest over HTTP: students entered by username, teams
created with their members (invite codes shown), extra minutes and excuses after the start,
each audited. A bad form answers 400 with the message on its field and writes nothing."""

from __future__ import annotations

from datetime import timedelta

from ictarena.contests.models import (
    Entry,
    Participation,
    Round,
    RoundKind,
    Sitting,
)
from ictarena.db import Database
from ictarena.events.models import AuditEntry
from tests.arena.contests_admin_world import (
    ADMIN,
    Cast,
    Client,
    cast_fixture,  # noqa: F401  (the fixture ``cast``)
    count,
    field_error,
    one,
    post,
    stage,
)
from tests.arena.helpers import UserFactory, log_in
from tests.arena.pages import Site


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
