"""Ratings in the pages: the jury publishes an ended rated contest's ratings from its admin
page; the contest page shows each participant's rating change; a student's progress page shows
their rating with its history (a chart and the same numbers as a table). Refused: a student
publishing, a contest that is not rated or has not ended."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from ictarena.contests.models import Contest
from ictarena.db import Database
from tests.arena.helpers import UserFactory, csrf_of
from tests.arena.pages import Site
from tests.arena.test_pages_contests import Client, _cast, as_user

ADMIN = "/contests/spring-mock/admin"


async def test_the_jury_publishes_ratings_and_the_pages_show_them(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    ended = (timedelta(minutes=-120), timedelta(minutes=-60))
    cast = await _cast(committed_db, site, users, theory=ended, lab=ended)
    await as_user(http, cast.coach)
    token = await csrf_of(http, ADMIN)
    refused = await http.post(f"{ADMIN}/ratings", data={"csrf_token": token})
    assert refused.status_code == 400 and "This contest is not rated" in refused.text
    async with committed_db.transaction() as session:
        await session.execute(update(Contest).values(rated=True))
    page = await http.get(ADMIN)
    assert "Publish the ratings" in page.text
    await as_user(http, cast.solo)  # hostile: a participant cannot publish
    student_token = await csrf_of(http, "/contests/spring-mock")
    forged = await http.post(f"{ADMIN}/ratings", data={"csrf_token": student_token})
    assert forged.status_code in (403, 404)
    await as_user(http, cast.coach)
    token = await csrf_of(http, ADMIN)
    published = await http.post(f"{ADMIN}/ratings", data={"csrf_token": token})
    assert published.status_code == 303
    assert "Ratings published on" in (await http.get(ADMIN)).text

    await as_user(http, cast.solo)
    contest = (await http.get("/contests/spring-mock")).text
    shifts = re.search(r'<table id="rating-shifts">.*?</table>', contest, re.S)
    assert shifts is not None
    for name in (cast.solo.display_name, cast.ada.display_name, cast.bo.display_name):
        assert name in shifts.group(0)
    progress = (await http.get("/progress")).text
    assert 'id="rating-now"' in progress and 'class="rating-chart"' in progress
    assert 'id="rating-history"' in progress and "Spring mock" in progress
    now = re.search(r'id="rating-now">(\d+)<', progress)
    assert now is not None and 1400 < int(now.group(1)) < 1700


async def test_ratings_wait_for_the_end(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)  # running now
    async with committed_db.transaction() as session:
        await session.execute(update(Contest).values(rated=True))
    await as_user(http, cast.coach)
    page = await http.get(ADMIN)
    assert "its ratings can be published once it has ended" in page.text
    token = await csrf_of(http, ADMIN)
    early = await http.post(f"{ADMIN}/ratings", data={"csrf_token": token})
    assert early.status_code == 400 and "once the contest has ended" in early.text
    await as_user(http, cast.solo)
    assert 'id="rating-now"' not in (await http.get("/progress")).text
