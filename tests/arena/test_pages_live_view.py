"""The jury's live view of a running contest: a waiting submission in its round's queue, the
backlog, who has not started a personal timer and whose time runs, extra time given in place
(back to the live view, the end moved) — and none of it for participants, coaches off the jury,
strangers or anonymous readers."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from ictarena.accounts.models import Role
from ictarena.contests.models import Entry, WindowType
from ictarena.db import Database
from ictarena.submissions.models import Judging, JudgingStatus
from tests.arena.helpers import UserFactory, csrf_of
from tests.arena.pages import Site
from tests.arena.test_pages_contests import AC, Client, _cast, _submit, as_user

LIVE = "/contests/spring-mock/admin/live"


async def test_the_jury_follows_the_queue_the_idle_and_the_clocks_and_gives_extra_time(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, queue = client
    cast = await _cast(committed_db, site, users, lab_window=WindowType.PERSONAL)
    await as_user(http, cast.ada)  # starts the team's timer and submits; nothing judges it here
    lab = f"/contests/spring-mock/rounds/{cast.lab.position}"
    token = await csrf_of(http, "/contests/spring-mock")
    assert (await http.post(f"{lab}/start", data={"csrf_token": token})).status_code == 303
    sent = await _submit(http, f"{lab}/tasks/A", AC)
    assert sent.status_code == 303, sent.text
    await queue.join()
    async with committed_db.transaction() as session:  # a busy judge: the verdict is not in yet
        await session.execute(
            update(Judging).values(status=JudgingStatus.QUEUED, verdict=None, score=None)
        )

    await as_user(http, cast.coach)
    admin = await http.get("/contests/spring-mock/admin")
    assert f'href="{LIVE}"' in admin.text
    page = await http.get(LIVE)
    assert page.status_code == 200, page.text
    text = page.text
    assert 'id="backlog-contest">1 queued, 0 being judged' in text
    section = text[text.index(f'id="round-{cast.lab.id}-live"') :]
    assert "1 submission · 0 judged · 1 waiting" in section
    queue = re.search(r"<table class=\"queue\">.*?</table>", section, re.S)
    assert queue and "Routers" in queue.group(0) and "Queued" in queue.group(0)
    assert cast.ada.username in queue.group(0) and "data-pending-submission" in queue.group(0)
    idle = re.search(r'<ul class="names not-started">.*?</ul>', section, re.S)
    assert idle and cast.solo.display_name in idle.group(0) and "Routers" not in idle.group(0)
    clocks = re.search(r'<table class="clocks">.*?</table>', section, re.S)
    assert clocks and "Routers" in clocks.group(0)

    token = await csrf_of(http, LIVE)
    given = await http.post(
        "/contests/spring-mock/admin/people/extra",
        data={"csrf_token": token, "entry": str(cast.routers.id), "minutes": "7", "back": "live"},
    )
    assert given.status_code == 303
    assert given.headers["location"] == f"{LIVE}#extra-e{cast.routers.id}"
    async with committed_db.session() as session:
        routers = await session.get(Entry, cast.routers.id)
        assert routers is not None and routers.extra_minutes == 7
    again = await http.get(LIVE)
    clocks = re.search(r'<table class="clocks">.*?</table>', again.text, re.S)
    assert clocks and '<td class="num">7</td>' in clocks.group(0)
    # A refusal shows next to the same form on the people page, nothing written.
    token = await csrf_of(http, LIVE)
    refused = await http.post(
        "/contests/spring-mock/admin/people/extra",
        data={"csrf_token": token, "entry": str(cast.routers.id), "minutes": "-3", "back": "live"},
    )
    assert refused.status_code == 400 and f'id="extra-e{cast.routers.id}"' in refused.text


async def test_nobody_off_the_jury_reads_the_live_view(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users, lab=(timedelta(minutes=-5), timedelta(hours=1)))
    other_coach = await users(Role.COACH)
    for reader in (cast.ada, cast.solo, cast.stranger, other_coach):
        await as_user(http, reader)
        response = await http.get(LIVE)
        assert response.status_code in (403, 404), reader.username
        assert "Judging backlog" not in response.text
    await as_user(http, None)
    anonymous = await http.get(LIVE)
    assert anonymous.status_code in (302, 303, 401)
    await as_user(http, cast.coach)
    assert (await http.get("/contests/no-such-mock/admin/live")).status_code == 404
