"""The /leaderboards page and the account page: ranks, the viewer's row (also when it ranks on
another page), pagination, filters, cohort privacy, board names, both languages, live updates."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from ictarena.accounts.models import Cohort, CohortMember, Role, User
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.http.routes.live import BadChannel, authorise
from ictarena.leaderboards.models import BoardTotal
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import csrf_of, log_in, strict_client
from tests.arena.leaderboards.world import World, build_world, practise, user
from tests.arena.pipeline.fakes import ScriptedGrader

pytestmark = pytest.mark.postgres
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
async def http(settings: Settings, committed_db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        settings,
        database=committed_db,
        queue=InProcessQueue(),
        connect_docker_engine=False,
        grader=ScriptedGrader(),
        sweep_every_s=None,
    )
    async with strict_client(app) as client:
        yield client


@pytest.fixture
async def world(committed_db: Database) -> World:
    async with committed_db.session() as session:
        return await build_world(session, difficulties=(2, 3, 4), students=3)


def _ranked(html: str) -> list[tuple[str, str, str]]:
    """(rank, name, points) of each row of the board, in order."""
    body = html.split('id="board"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r"<tr( class=\"me\" aria-current=\"true\")?><td class=\"num\">(\d+)</td><td>([^<]+)", body
    )
    points = re.findall(r"</td><td class=\"num\">([\d.]+)</td><td class=\"num\">\d+</td>", body)
    return [(rank, name.strip(), p) for (_me, rank, name), p in zip(rows, points, strict=True)]


def _mine(html: str) -> list[str]:
    body = html.split('id="board"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="me" aria-current="true"><td class="num">(\d+)</td>', body)


async def _as(http: httpx.AsyncClient, who: User) -> None:
    http.cookies.clear()
    await log_in(http, who.username)


async def _cohort(db: Database, coach: User, members: list[User], name: str = "Class A") -> int:
    async with db.transaction() as session:
        cohort = Cohort(name=name, coach_id=coach.id, invite_code=f"code-{name}-{coach.id}")
        session.add(cohort)
        await session.flush()
        session.add_all(CohortMember(cohort_id=cohort.id, user_id=m.id) for m in members)
        return cohort.id


async def test_the_board_ranks_students_and_highlights_the_viewer(
    http: httpx.AsyncClient, committed_db: Database, world: World
) -> None:
    ada, bob, cy = world.students
    first, second, last = world.tasks
    await practise(committed_db, bob.id, first, T0, "AC", 100.0)  # 20
    await practise(committed_db, ada.id, last, T0 + timedelta(minutes=30), "WA", 50.0)  # 20
    await practise(committed_db, ada.id, last, T0 + timedelta(hours=1), "WA", 50.0)
    await practise(committed_db, cy.id, second, T0 - timedelta(hours=1), "WA", 10.0)  # 3
    await log_in(http, ada.username)

    page = await http.get("/leaderboards")
    assert page.status_code == 200
    assert _ranked(page.text) == [
        ("1", bob.display_name, "20"),
        ("2", ada.display_name, "20"),
        ("3", cy.display_name, "3"),
    ]
    assert _mine(page.text) == ["2"]
    assert "10 points per level of difficulty" in page.text
    assert 'href="/leaderboards" aria-current="page"' in page.text
    assert 'data-board="all"' in page.text and "/static/leaderboards.js" in page.text

    # The second tier's board holds only Ada's task; the other track's only Cy's.
    tier = world.placement[last.id][1]
    page = await http.get(f"/leaderboards?board=tier:{tier}")
    assert [r[1] for r in _ranked(page.text)] == [ada.display_name]
    assert f'value="tier:{tier}" selected' in page.text
    track = world.placement[second.id][0]
    page = await http.get(f"/leaderboards?track={track}&period=all")
    assert [r[1] for r in _ranked(page.text)] == [cy.display_name]
    assert "You are not on this board yet" in page.text

    # Nonsense in the query string falls back to the defaults.
    page = await http.get("/leaderboards?board=tier:99999999999&period=year&page=-3&track=x")
    assert page.status_code == 200 and len(_ranked(page.text)) == 3


async def test_the_page_in_chinese_is_valid_and_labelled(
    http: httpx.AsyncClient, committed_db: Database, world: World
) -> None:
    await practise(committed_db, world.students[0].id, world.tasks[0], T0, "AC", 100.0)
    await log_in(http, world.students[0].username)
    http.cookies.set("arena_lang", "zh_Hans")
    page = await http.get("/leaderboards?period=week")
    assert page.status_code == 200
    assert '<html lang="zh-Hans">' in page.text
    assert 'name="period"' in page.text


async def test_the_viewer_row_shows_with_its_rank_on_another_page(
    http: httpx.AsyncClient, committed_db: Database, world: World
) -> None:
    async with committed_db.transaction() as session:
        crowd = [await user(session) for _ in range(55)]
        for index, person in enumerate(crowd):
            session.add(
                BoardTotal(
                    board="all",
                    period="all",
                    user_id=person.id,
                    points=float(1000 - index * 10),
                    solved=1,
                    reached_at=T0 + timedelta(minutes=index),
                )
            )
    viewer = crowd[52]
    await log_in(http, viewer.username)
    first = await http.get("/leaderboards")
    ranks = [int(r[0]) for r in _ranked(first.text)]
    assert ranks == [*range(1, 51), 53]  # the page, then the viewer after a gap
    assert _mine(first.text) == ["53"]
    assert 'class="gap"' in first.text
    assert "/leaderboards?board=all&amp;period=all&amp;page=2" in first.text
    assert "55 students on this board" in first.text

    second = await http.get("/leaderboards?page=2")
    assert [int(r[0]) for r in _ranked(second.text)] == [51, 52, 53, 54, 55]
    assert _mine(second.text) == ["53"] and 'class="gap"' not in second.text
    beyond = await http.get("/leaderboards?page=999")
    assert [int(r[0]) for r in _ranked(beyond.text)] == [51, 52, 53, 54, 55]


async def test_a_cohort_board_is_for_its_members_and_coach_only(
    http: httpx.AsyncClient, committed_db: Database, world: World
) -> None:
    ada, bob, outsider = world.students
    async with committed_db.transaction() as session:
        coach = await user(session, Role.COACH)
        other_coach = await user(session, Role.COACH)
    cohort_id = await _cohort(committed_db, coach, [ada, bob])
    await practise(committed_db, ada.id, world.tasks[0], T0, "AC", 100.0)
    await practise(committed_db, outsider.id, world.tasks[1], T0, "AC", 100.0)

    for who in (ada, coach, world.admin):
        await _as(http, who)
        page = await http.get(f"/leaderboards?cohort={cohort_id}")
        assert page.status_code == 200, who.username
        assert [r[1] for r in _ranked(page.text)] == [ada.display_name]  # members only
    for who in (outsider, other_coach):
        await _as(http, who)
        for url in (
            f"/leaderboards?cohort={cohort_id}",
            f"/leaderboards?scope=cohort&cohort={cohort_id}&board=all&period=week",
            f"/leaderboards?cohort={cohort_id}&page=2",
        ):
            refused = await http.get(url)
            assert refused.status_code == 403, (who.username, url)
            assert ada.display_name not in refused.text
    assert (await http.get("/leaderboards?cohort=987654")).status_code == 404
    # Asking for the global scope ignores the cohort.
    assert (await http.get(f"/leaderboards?scope=global&cohort={cohort_id}")).status_code == 200
    # The outsider's list of cohorts does not offer it.
    page = await http.get("/leaderboards")
    assert f'value="{cohort_id}"' not in page.text

    http.cookies.clear()
    anonymous = await http.get("/leaderboards", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


async def test_the_board_name_shows_on_global_boards_and_the_display_name_in_the_cohort(
    http: httpx.AsyncClient, committed_db: Database, world: World
) -> None:
    ada = world.students[0]
    async with committed_db.transaction() as session:
        coach = await user(session, Role.COACH)
    cohort_id = await _cohort(committed_db, coach, [ada])
    await practise(committed_db, ada.id, world.tasks[0], T0, "AC", 100.0)
    await log_in(http, ada.username)
    token = await csrf_of(http, "/account")
    saved = await http.post(
        "/account", data={"board_name": "  Packet   Wizard ", "csrf_token": token}
    )
    assert saved.status_code == 303
    assert "Board name saved." in (await http.get(saved.headers["location"])).text

    assert [r[1] for r in _ranked((await http.get("/leaderboards")).text)] == ["Packet Wizard"]
    cohort_page = await http.get(f"/leaderboards?cohort={cohort_id}")
    assert [r[1] for r in _ranked(cohort_page.text)] == [ada.display_name]

    # Refused names say what is wrong, where; nothing changes.
    for bad, text in (
        ("Wiz\u202eard", "Character 4 is a control or formatting character"),
        ("tab\x00", "Character 4 is a control or formatting character"),
        ("x" * 41, "The board name has 41 characters; at most 40 are allowed."),
    ):
        refused = await http.post("/account", data={"board_name": bad, "csrf_token": token})
        assert refused.status_code == 400
        assert text in refused.text
        assert 'aria-invalid="true"' in refused.text and 'id="e-board_name"' in refused.text
    async with committed_db.session() as session:
        stored = await session.scalar(select(User.board_name).where(User.id == ada.id))
    assert stored == "Packet Wizard"

    # A forged form without the token is refused.
    forged = await http.post("/account", data={"board_name": "Hijacked"})
    assert forged.status_code == 403

    # Markup in a name is shown as text.
    await http.post("/account", data={"board_name": "<b>Bold</b>", "csrf_token": token})
    board_page = (await http.get("/leaderboards")).text
    assert "&lt;b&gt;Bold&lt;/b&gt;" in board_page and "<b>Bold</b>" not in board_page

    # Blank clears it: the display name shows again.
    await http.post("/account", data={"board_name": "   ", "csrf_token": token})
    assert [r[1] for r in _ranked((await http.get("/leaderboards")).text)] == [ada.display_name]


async def test_a_verdict_announces_the_change_on_the_live_channel(
    committed_db: Database, world: World
) -> None:
    ada = world.students[0]
    async with committed_db.session() as session:
        viewer = await session.get(User, ada.id)
        assert viewer is not None
        (channel,) = await authorise(session, viewer, ["leaderboards"])
        for forged in ("leaderboards:1", "leaderboards:cohort:3"):
            with pytest.raises(BadChannel):
                await authorise(session, viewer, [forged])
    await practise(committed_db, ada.id, world.tasks[0], T0, "WA", 50.0)
    async with committed_db.session() as session:
        from ictarena.events.models import Event

        events = (await session.scalars(select(Event).order_by(Event.id))).all()
    announced = [e for e in events if channel.matches(e)]
    assert [e.kind for e in announced] == ["board.changed"]
    assert "all" in announced[0].payload["boards"]
