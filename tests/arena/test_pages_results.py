"""The printable results page (``/contests/{slug}/results``): nothing before the end; after the
end, nothing of a frozen board for anyone but the jury (who previews it); then the final
standings with per-round columns and award lines, for everyone who may see the contest."""

from __future__ import annotations

import re
from datetime import timedelta

from ictarena.contests.models import Round
from ictarena.db import Database, utcnow
from tests.arena.helpers import UserFactory, csrf_of
from tests.arena.pages import Site
from tests.arena.test_pages_contests import AC, TASK, Client, _submit, as_user
from tests.arena.test_pages_scoreboard_rows import frozen_cast

RESULTS = "/contests/spring-mock/results"


async def test_results_wait_for_the_end_and_the_reveal(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, queue = client
    cast = await frozen_cast(committed_db, site, users)  # the accepted run below is late
    await as_user(http, cast.solo)
    assert (await _submit(http, TASK, AC)).status_code == 303
    await queue.join()
    running = await http.get(RESULTS)
    assert running.status_code == 200 and 'id="results"' not in running.text
    assert "once the contest has ended" in running.text

    async with committed_db.transaction() as session:  # both rounds over, the lab still frozen
        for number in (cast.theory.id, cast.lab.id):
            ended = await session.get(Round, number)
            assert ended is not None
            ended.ends_at = utcnow() - timedelta(minutes=1)
    for reader in (cast.solo, cast.ada, None):
        await as_user(http, reader)
        frozen = await http.get(RESULTS)
        assert frozen.status_code == 200 and 'id="results"' not in frozen.text
        assert "once the jury reveals" in frozen.text
    await as_user(http, cast.coach)
    preview = (await http.get(RESULTS)).text
    assert "Jury preview" in preview and 'id="results"' in preview
    table = re.search(r'<table id="results".*?</table>', preview, re.S)
    assert table is not None
    body = table.group(0).split("<tbody>")[1]
    first = re.findall(r"<tr>.*?</tr>", body, re.S)[0]
    assert cast.solo.display_name in first and "First prize" in first  # the late run counts
    assert "First prize</th>" in table.group(0)  # the award line above the band
    contest_page = await http.get("/contests/spring-mock")
    assert 'href="/contests/spring-mock/results"' in contest_page.text
    token = await csrf_of(http, "/contests/spring-mock/admin")
    revealed = await http.post(
        "/contests/spring-mock/admin/reveal", data={"csrf_token": token, "step": "all"}
    )
    assert revealed.status_code == 303
    for reader in (cast.ada, None):  # now everyone reads the final results
        await as_user(http, reader)
        final = (await http.get(RESULTS)).text
        assert 'id="results"' in final and "Jury preview" not in final
        assert cast.solo.display_name in final and "First prize" in final
