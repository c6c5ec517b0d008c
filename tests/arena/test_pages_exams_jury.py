"""A mock exam's results for its jury: every participant's paper (graded, drawn and not handed
in, not started) with score, pass or fail and share by competency; the group's share by
competency; the CSV; one participant's result with their answers next to the key — and none
of it for anyone off the jury (participants, other coaches, strangers, anonymous readers)."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from ictarena.accounts.models import Role
from ictarena.contests.models import Participation
from ictarena.db import Database
from tests.arena.helpers import UserFactory, csrf_of
from tests.arena.pages import Site
from tests.arena.test_pages_exams import (
    EXAM,
    KEY_TEXTS,
    Client,
    _answers,
    _cast,
    _question_ids,
    _start,
    as_user,
)

RESULTS = "/contests/hcia-mock/admin/exam"


async def test_the_jury_reads_every_paper_the_groups_shares_and_one_paper_with_its_key(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.ann)  # every routing question right: 500 of 1000
    paper = await _start(http)
    routing = {qid for qid in _question_ids(paper) if qid.startswith("routing")}
    token = await csrf_of(http, EXAM)
    answers = {"csrf_token": token, "multiple": "", **_answers(paper, routing)}
    assert (await http.post(EXAM, data=answers)).status_code == 303
    await as_user(http, cast.bob)  # draws his paper, hands nothing in
    await _start(http)

    await as_user(http, cast.coach)  # the contest's creator: on its jury
    admin = await http.get("/contests/hcia-mock/admin")
    assert f'href="{RESULTS}"' in admin.text
    page = await http.get(RESULTS)
    assert page.status_code == 200, page.text
    text = page.text
    assert "1 paper graded" in text and "0 of 1 passed (pass mark 600)" in text
    ann = re.search(r'<tr data-state="graded">.*?</tr>', text, re.S)
    bob = re.search(r'<tr data-state="sitting">.*?</tr>', text, re.S)
    assert ann and cast.ann.display_name in ann.group(0) and "<strong>500</strong>" in ann.group(0)
    assert "Not passed" in ann.group(0) and "100%" in ann.group(0)  # routing: all of it
    assert bob and cast.bob.display_name in bob.group(0) and "Drawn, not handed in" in bob.group(0)
    assert 'id="group-shares"' in text and "Protocol comprehension" in text
    assert not any(key in text for key in KEY_TEXTS)

    download = await http.get(RESULTS + ".csv")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    table = csv.DictReader(io.StringIO(download.text.lstrip("\ufeff")))  # Excel's BOM
    rows = {row["username"]: row for row in table}
    assert rows[cast.ann.username]["state"] == "graded"
    assert (
        float(rows[cast.ann.username]["score"]) == 500 and rows[cast.ann.username]["passed"] == "no"
    )
    assert rows[cast.bob.username]["state"] == "sitting" and rows[cast.bob.username]["score"] == ""

    async with committed_db.session() as session:
        rows = await session.execute(select(Participation.user_id, Participation.id))
        places = {user_id: place for user_id, place in rows}
    one = await http.get(f"{RESULTS}/{places[cast.ann.id]}")  # the exam still runs: the key too
    assert one.status_code == 200
    assert f"Result of {cast.ann.display_name}" in one.text
    assert 'id="exam-score">500</strong>' in one.text and 'id="breakdown-competency"' in one.text
    assert one.text.count('class="review-item') == 10 and "Expected" in one.text
    unsent = await http.get(f"{RESULTS}/{places[cast.bob.id]}")
    assert unsent.status_code == 200 and "Drawn, not handed in" in unsent.text


async def test_nobody_off_the_jury_reads_the_results(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.ann)
    await _start(http)
    async with committed_db.session() as session:
        place = await session.scalar(
            select(Participation.id).where(Participation.user_id == cast.ann.id)
        )
    paths = [RESULTS, RESULTS + ".csv", f"{RESULTS}/{place}"]
    other_coach = await users(Role.COACH)
    for reader in (cast.ann, cast.stranger, other_coach):
        await as_user(http, reader)
        for path in paths:
            refused = await http.get(path)
            assert refused.status_code in (403, 404), (reader.username, path)
            assert "Expected" not in refused.text and "exam-sheets" not in refused.text
    await as_user(http, None)
    for path in paths:
        assert (await http.get(path)).status_code == 303  # to the login page
    # the jury, asking for a participation that is not in this contest, or no such one
    await as_user(http, cast.coach)
    assert (await http.get(f"{RESULTS}/{place + 1000}")).status_code == 404
    assert (await http.get("/contests/no-such-contest/admin/exam")).status_code == 404


async def test_the_results_page_speaks_chinese(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await _cast(committed_db, site, users)
    await as_user(http, cast.coach)
    page = await http.get(RESULTS, headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200
    assert '<html lang="zh-Hans">' in page.text and "<h1>考试成绩：" in page.text
    assert "已抽卷，未交卷" not in page.text and "未开始" in page.text  # nobody has started
