"""The Contest API's objects and event feed over a compressed contest, read at moments before
the freeze, while frozen, after the end and after the unfreeze, on both databases: every
object valid against the 2023-06 schemas, and the scoreboard an external client rebuilds from
the feed alone equal to the one the API serves, for the public and for the jury."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ictarena.ccs import feed, objects
from ictarena.ccs.kinds import judgement_types, languages
from ictarena.ccs.reading import Reading, read
from ictarena.ccs.snapshot import Snapshot
from ictarena.contests import standings
from ictarena.db import Database
from tests.arena.ccs.consumer import Consumer
from tests.arena.ccs.schemas import check
from tests.arena.ccs.world import World, build
from tests.arena.contests import board_world

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
MOMENTS = {"before-freeze": 230, "frozen": 290, "ended-frozen": 320, "thawed": 340}


@pytest.fixture
async def world(any_db: Database, request: pytest.FixtureRequest) -> World:
    """The contest played up to the moment the test reads (all of it by default)."""
    standings.forget()
    moment = request.node.callspec.params.get("moment")
    return await build(any_db, T0, until=MOMENTS[moment] if moment else 1e9)


async def _snap(db: Database, world: World, minute: float, jury: bool) -> Snapshot:
    async with db.session() as session:
        return await read(session, Reading(world.contest, jury), world.at(minute))


def _rows(board: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "rank": row["rank"],
            "team_id": row["team_id"],
            "score": row["score"],
            "problems": [
                {k: v for k, v in cell.items() if k != "score"} for cell in row["problems"]
            ],
        }
        for row in board["rows"]
    ]


ENDPOINTS = {
    "contest": lambda s, j: objects.contest(s),
    "state": lambda s, j: objects.state(s),
    "problems": lambda s, j: objects.problems(s),
    "languages": lambda s, j: languages(),
    "judgement-types": lambda s, j: judgement_types(),
    "teams": objects.teams,
    "organizations": objects.organizations,
    "submissions": objects.submissions,
    "judgements": objects.judgements,
    "runs": objects.runs,
    "clarifications": objects.clarifications,
    "awards": objects.awards_of,
    "scoreboard": objects.scoreboard,
}


@pytest.mark.parametrize("jury", [False, True], ids=["public", "jury"])
@pytest.mark.parametrize("moment", list(MOMENTS), ids=str)
async def test_every_object_and_event_matches_the_schemas(
    any_db: Database, world: World, moment: str, jury: bool
) -> None:
    snap = await _snap(any_db, world, MOMENTS[moment], jury)
    for name, build_ in ENDPOINTS.items():
        check(name, build_(snap, jury))
    if jury:
        check("accounts", objects.accounts(snap))
        assert objects.runs(snap, jury), "the data under test is not empty"
    else:
        assert objects.runs(snap, jury) == []
    events = feed.events(snap, jury)
    assert events
    for event in events:
        check("event-feed", event.line())
    assert objects.submissions(snap, jury), "the data under test is not empty"
    assert objects.judgements(snap, jury)
    assert objects.clarifications(snap, jury)
    assert objects.teams(snap, jury)


@pytest.mark.parametrize("jury", [False, True], ids=["public", "jury"])
@pytest.mark.parametrize("moment", list(MOMENTS), ids=str)
async def test_the_feed_alone_rebuilds_the_scoreboard(
    any_db: Database, world: World, moment: str, jury: bool
) -> None:
    snap = await _snap(any_db, world, MOMENTS[moment], jury)
    consumer = Consumer()
    consumer.apply(event.line() for event in feed.events(snap, jury))
    served = objects.scoreboard(snap, jury)
    assert consumer.scoreboard_rows() == _rows(served)
    assert consumer.state == served["state"] == objects.state(snap)
    assert consumer.tokens == sorted(set(consumer.tokens), key=consumer.tokens.index)


async def test_the_moments_differ_as_the_contest_goes(any_db: Database, world: World) -> None:
    """The views under test are the ones meant: live for the jury, frozen for the public
    until the unfreeze, and Cat's late solve of B public only once thawed."""

    async def solved(minute: float, jury: bool, team: str) -> int:
        snap = await _snap(any_db, world, minute, jury)
        rows = objects.scoreboard(snap, jury)["rows"]
        row = next(r for r in rows if r["team_id"] == str(world.entries[team].id))
        return int(row["score"]["num_solved"])

    assert await solved(290, True, "cat") == 2
    assert await solved(290, False, "cat") == 1
    assert await solved(320, False, "cat") == 1
    assert await solved(340, False, "cat") == 2
    assert await solved(230, False, "red") == 2
    state = objects.state(await _snap(any_db, world, 320, False))
    assert state["frozen"] and state["ended"] and not state["thawed"] and not state["finalized"]
    state = objects.state(await _snap(any_db, world, 340, False))
    assert state["thawed"] and state["finalized"] == state["end_of_updates"]


async def test_a_weighted_contest_is_served_as_a_score_board(any_db: Database) -> None:
    """Written 30 % (exam scoring) + lab 70 % (ICPC): the weighted total is a score, each
    problem carries its points, judgements their score; everything matches the schemas."""
    standings.forget()
    async with any_db.session() as session:
        st = await board_world.stage(session)
    for who, rnd, task, minute, given, score in (
        (st.ann, st.theory, st.tasks[0], 10, "PA", 60.0),
        (st.cat, st.theory, st.tasks[0], 20, "AC", None),
        (st.ann, st.lab, st.tasks[1], 110, "AC", None),
        (st.cat, st.lab, st.tasks[2], 150, "WA", None),
    ):
        _sub, judging = await board_world.submit(any_db, st, who, rnd, task, minute)
        await board_world.judge(any_db, judging, given, score)
    for jury in (False, True):
        async with any_db.session() as session:
            snap = await read(session, Reading(st.contest, jury), board_world.at(500))
        assert objects.contest(snap)["scoreboard_type"] == "score"
        for name, build_ in ENDPOINTS.items():
            check(name, build_(snap, jury))
        for event in feed.events(snap, jury):
            check("event-feed", event.line())
        rows = objects.scoreboard(snap, jury)["rows"]
        assert rows[0]["score"]["score"] > 0
        assert all("max_score" in p for p in objects.problems(snap))
        scored = [j for j in objects.judgements(snap, jury) if "score" in j]
        assert {j["judgement_type_id"] for j in scored} >= {"AC", "WA"}


@pytest.mark.parametrize("jury", [False, True], ids=["public", "jury"])
async def test_an_excluded_entry_is_no_team_and_the_feed_still_rebuilds_the_board(
    any_db: Database, world: World, jury: bool
) -> None:
    """The jury excluded an entry after the plagiarism review: it leaves the board, so it is
    no team, its submissions and judgements are not served, and the feed gives the board."""
    from sqlalchemy import update

    from ictarena.contests.models import Entry

    red = world.entries["red"]
    async with any_db.transaction() as session:
        await session.execute(update(Entry).where(Entry.id == red.id).values(excluded=True))
    standings.forget()
    snap = await _snap(any_db, world, MOMENTS["thawed"], jury)
    assert str(red.id) not in {team["id"] for team in objects.teams(snap, jury)}
    assert all(s["team_id"] != str(red.id) for s in objects.submissions(snap, jury))
    served = objects.scoreboard(snap, jury)
    assert str(red.id) not in {row["team_id"] for row in served["rows"]}
    consumer = Consumer()
    consumer.apply(event.line() for event in feed.events(snap, jury))
    assert consumer.scoreboard_rows() == _rows(served)
