"""The scoreboard page's rows, kept as rendered HTML per line (``ictarena.http.scoreboard_rows``),
while the board is frozen: a participant's page differs from the public one only in their own
line (live there), whoever reads first, and no reader is ever served another's live line."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from ictarena.db import Database
from ictarena.http import scoreboard_rows
from tests.arena.helpers import UserFactory
from tests.arena.pages import Site, counting
from tests.arena.test_pages_contests import AC, TASK, Client, _cast, _submit, as_user

BOARD = "/contests/spring-mock/scoreboard"


@pytest.fixture(autouse=True)
def fresh_rows() -> None:
    scoreboard_rows.forget()


def rows(page: str) -> dict[str, str]:
    """The board's rows by entry name, without the rank (a live line may move the others)."""
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    assert body, page
    found: dict[str, str] = {}
    for row in re.findall(r"<tr.*?</tr>", body.group(1), re.S):
        name = re.search(r'<th scope="row" class="entry-name">([^<]*)', row)
        assert name, row
        found[name.group(1).strip()] = re.sub(r'<td class="num">\d+</td>', "", row, count=1)
    return found


async def frozen_cast(db: Database, site: Site, users: UserFactory) -> Any:
    """The contest of ``_cast`` with its lab round frozen already (every accepted run below
    is after the freeze point), open to anonymous readers."""
    return await _cast(
        db,
        site,
        users,
        lab=(timedelta(minutes=-30), timedelta(minutes=10)),
        freeze_min=20,
        open_registration=True,
    )


@pytest.mark.parametrize("first", ["participant", "public"])
async def test_a_participants_page_differs_from_the_public_one_only_in_their_line(
    client: Client, users: UserFactory, site: Site, committed_db: Database, first: str
) -> None:
    http, queue = client
    cast = await frozen_cast(committed_db, site, users)
    for author in (cast.solo, cast.ada):
        await as_user(http, author)
        assert (await _submit(http, TASK, AC)).status_code == 303
        await queue.join()
    readers = [("solo", cast.solo), ("ada", cast.ada), ("public", None)]
    if first == "public":
        readers.reverse()
    pages: dict[str, dict[str, str]] = {}
    for who, reader in readers + readers:  # twice: the second time from the kept rows
        await as_user(http, reader)
        page = await http.get(BOARD)
        assert page.status_code == 200 and "The board is frozen." in page.text, who
        seen = rows(page.text)
        assert pages.setdefault(who, seen) == seen, f"{who}'s page changed when read again"
    public, solo, ada = pages["public"], pages["solo"], pages["ada"]
    name = cast.solo.display_name
    assert set(public) == set(solo) == set(ada) == {name, "Routers"}
    assert not any('class="cell solved' in row for row in public.values())
    # Each participant's own line is live, and marked as theirs; every other line is public.
    assert 'class="cell solved' in solo[name] and "(you)" in solo[name]
    assert 'class="cell solved' in ada["Routers"] and "(you)" in ada["Routers"]
    assert solo["Routers"] == public["Routers"]
    assert ada[name] == public[name]
    assert solo[name] != public[name] and ada["Routers"] != public["Routers"]


async def test_the_page_is_the_same_text_compressed_or_not(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    """The page is stitched from kept, compressed parts: a client that does not accept gzip
    gets the very text a gzip client decodes, and reading it again (from the kept section)
    gives the same board."""
    http, queue = client
    cast = await frozen_cast(committed_db, site, users)
    await as_user(http, cast.solo)
    assert (await _submit(http, TASK, AC)).status_code == 303
    await queue.join()
    packed = await http.get(BOARD, headers={"Accept-Encoding": "gzip"})
    plain = await http.get(BOARD, headers={"Accept-Encoding": "identity"})
    assert packed.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert packed.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
    assert packed.headers["cache-control"] == "no-store"

    def board(page: str) -> str:
        found = re.search(r'<section id="board".*?</section>', page, re.S)
        assert found and "\x00" not in page
        return found.group(0)

    assert board(packed.text) == board(plain.text)
    assert rows(plain.text)[cast.solo.display_name].count('class="cell solved') == 1


async def test_a_kept_board_costs_a_few_small_statements_a_view(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    """Read again, an unchanged board costs the login, the badge, the contest, the reader's
    standing and the board's version and rounds: nothing that grows with the board."""
    http, queue = client
    cast = await frozen_cast(committed_db, site, users)
    await as_user(http, cast.solo)
    assert (await _submit(http, TASK, AC)).status_code == 303
    await queue.join()
    for reader in (cast.solo, None):
        await as_user(http, reader)
        assert (await http.get(BOARD)).status_code == 200
        with counting(committed_db) as statements:
            assert (await http.get(BOARD)).status_code == 200
        assert len(statements) <= 7, statements
