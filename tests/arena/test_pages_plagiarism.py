"""The jury's plagiarism review page: the jury sees the copied pair (and not the different
program) side by side with the shared runs marked, flags it with a note, excludes the entry
from the scoreboard and includes it again, each logged; refusals are located; a hostile
entry name and note are escaped; nobody off the jury reads or writes anything."""

from __future__ import annotations

import re

import httpx

from ictarena.accounts.models import Role
from ictarena.contests.models import EntryExclusion, PairState, PlagiarismPair
from ictarena.db import Database
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site
from tests.arena.plagiarism_world import REVIEW, SLUG, copied_pair, stage_review

Client = tuple[httpx.AsyncClient, InProcessQueue]
HOSTILE = '<script>alert("x")</script>'


async def _as(http: httpx.AsyncClient, username: str | None) -> None:
    http.cookies.clear()
    if username is not None:
        assert (await log_in(http, username)).status_code == 303


async def _post(http: httpx.AsyncClient, url: str, **data: str) -> httpx.Response:
    token = await csrf_of(http, REVIEW)
    return await http.post(url, data={"csrf_token": token, **data})


async def test_the_jury_reviews_flags_and_excludes_a_copied_entry(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await stage_review(committed_db, users, site.code, cat_name=HOSTILE)
    await _as(http, cast.coach.username)
    admin = await http.get(f"/contests/{SLUG}/admin")
    assert f'href="{REVIEW}"' in admin.text
    page = await http.get(REVIEW)
    assert page.status_code == 200, page.text
    assert "3 answers compared" in page.text
    rows = re.findall(r'<tr data-pair="(\d+)" data-state="open"', page.text)
    assert len(rows) == 1  # Red and Cat; Dan's program is another one
    assert HOSTILE not in page.text and "&lt;script&gt;" in page.text
    pair = await copied_pair(committed_db, cast)
    assert rows == [str(pair)]
    everything = await http.get(REVIEW + "?threshold=0")
    assert everything.text.count("<tr data-pair=") >= 1
    shown = await http.get(f"{REVIEW}?pair={pair}")
    assert shown.status_code == 200 and 'id="pair"' in shown.text
    assert shown.text.count('class="pair-sides"') == 1 and "<mark>" in shown.text
    assert 'id="review-form"' in shown.text and "exclude-form" not in shown.text

    # Flagging needs a note; the refusal keeps what was typed and says why.
    refused = await _post(http, f"{REVIEW}/pairs/{pair}", state="flagged", note="", pair=str(pair))
    assert refused.status_code == 400 and "Say in the note why" in refused.text
    flagged = await _post(
        http, f"{REVIEW}/pairs/{pair}", state="flagged", note=HOSTILE, pair=str(pair)
    )
    assert flagged.status_code == 303
    page = await http.get(flagged.headers["location"])
    assert "Review of the pair saved." in page.text
    assert HOSTILE not in page.text and 'data-state="flagged"' in page.text
    assert page.text.count("exclude-form") == 2  # one form per side of a flagged pair

    board = await http.get(f"/contests/{SLUG}/scoreboard")
    assert "Red" in board.text and "&lt;script&gt;" in board.text
    excluded = await _post(
        http,
        f"{REVIEW}/entries/{cast.solo_cat}",
        action="exclude",
        reason="copied Red's program",
        pair=str(pair),
    )
    assert excluded.status_code == 303
    page = await http.get(excluded.headers["location"])
    assert "The entry is excluded from the standings." in page.text
    log = re.search(r'<table id="exclusion-log">.*?</table>', page.text, re.S)
    assert (
        log and "copied Red&#39;s program" in log.group(0) and cast.coach.username in log.group(0)
    )
    board = await http.get(f"/contests/{SLUG}/scoreboard")
    assert "Red" in board.text and "&lt;script&gt;" not in board.text
    again = await _post(http, f"{REVIEW}/entries/{cast.solo_cat}", action="exclude", reason="x")
    assert again.status_code == 400 and "already excluded" in again.text
    included = await _post(
        http, f"{REVIEW}/entries/{cast.solo_cat}", action="include", reason="appeal upheld"
    )
    assert included.status_code == 303
    board = await http.get(f"/contests/{SLUG}/scoreboard")
    assert "&lt;script&gt;" in board.text
    async with committed_db.session() as session:
        stored = await session.get(PlagiarismPair, pair)
        assert stored is not None and stored.state is PairState.FLAGGED
        assert stored.note == HOSTILE
        count = len(list(await session.scalars(EntryExclusion.__table__.select())))
        assert count == 2


async def test_refusals_are_located(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await stage_review(committed_db, users, site.code)
    await _as(http, cast.coach.username)
    assert (await http.get(REVIEW + "?threshold=150")).status_code == 400
    assert (await http.get(REVIEW + "?task=1:99999")).status_code == 404
    assert (await http.get(REVIEW + "?pair=99999")).status_code == 404
    pair = await copied_pair(committed_db, cast)
    bad = await _post(http, f"{REVIEW}/pairs/{pair}", state="guilty", note="")
    assert bad.status_code == 400 and "Choose cleared, flagged or open." in bad.text
    long = await _post(http, f"{REVIEW}/pairs/{pair}", state="cleared", note="x" * 1001)
    assert long.status_code == 400 and "Keep it to 1000 characters." in long.text
    unflagged = await _post(
        http, f"{REVIEW}/entries/{cast.solo_cat}", action="exclude", reason="copy"
    )
    assert unflagged.status_code == 400 and "Only an entry of a flagged pair" in unflagged.text
    no_reason = await _post(http, f"{REVIEW}/entries/{cast.solo_cat}", action="exclude")
    assert no_reason.status_code == 400 and "Say why" in no_reason.text
    assert (await _post(http, f"{REVIEW}/pairs/99999", state="cleared")).status_code == 404
    assert (await _post(http, f"{REVIEW}/entries/99999", reason="x")).status_code == 404
    async with committed_db.session() as session:
        stored = await session.get(PlagiarismPair, pair)
        assert stored is not None and stored.state is PairState.OPEN and stored.note == ""


async def test_nobody_off_the_jury_reads_or_writes(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await stage_review(committed_db, users, site.code)
    await _as(http, cast.coach.username)
    await http.get(REVIEW)
    pair = await copied_pair(committed_db, cast)
    other_coach = await users(Role.COACH)
    for reader in (cast.ann, cast.cat, other_coach):
        await _as(http, reader.username)
        page = await http.get(f"{REVIEW}?pair={pair}")
        assert page.status_code in (403, 404), reader.username
        assert "pair-sides" not in page.text and "cin &gt;&gt;" not in page.text
        token = await csrf_of(http, "/contests")
        for action, data in (
            (f"{REVIEW}/pairs/{pair}", {"state": "cleared", "note": "fine"}),
            (f"{REVIEW}/entries/{cast.solo_cat}", {"action": "exclude", "reason": "x"}),
        ):
            response = await http.post(action, data={"csrf_token": token, **data})
            assert response.status_code in (403, 404), (reader.username, action)
    await _as(http, None)
    assert (await http.get(REVIEW)).status_code == 303  # to the login page
    async with committed_db.session() as session:
        stored = await session.get(PlagiarismPair, pair)
        assert stored is not None and stored.state is PairState.OPEN
        assert not list(await session.scalars(EntryExclusion.__table__.select()))


async def test_the_review_page_speaks_chinese(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    cast = await stage_review(committed_db, users, site.code)
    await _as(http, cast.coach.username)
    await http.get(REVIEW)
    pair = await copied_pair(committed_db, cast)
    page = await http.get(f"{REVIEW}?pair={pair}", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200
    assert '<html lang="zh-Hans">' in page.text and "<h1>抄袭审查：" in page.text
    assert "相似度" in page.text and "保存审查结果" in page.text
