"""The Contest API over HTTP on both databases: every endpoint's JSON and the event feed valid
against the 2023-06 schemas for the jury (HTTP Basic) and the public, while frozen and after
the unfreeze; the scoreboard an external client rebuilds from the served feed alone equal to
the served scoreboard; the streamed feed; submission files as a zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
import yaml

from ictarena.ccs.feed import Event, Key
from ictarena.db import Database
from ictarena.http.routes import ccs_api
from ictarena.settings import Settings
from tests.arena.ccs.consumer import Consumer
from tests.arena.ccs.http_world import ENDPOINTS, basic, lines, open_app, placed, thaw
from tests.arena.ccs.schemas import check
from tests.arena.ccs.world import World

SINGULAR = {"state", "scoreboard"}


@pytest.fixture
async def http(settings: Settings, any_db: Database) -> AsyncIterator[httpx.AsyncClient]:
    async for client in open_app(settings, any_db):
        yield client


@pytest.fixture
async def world(any_db: Database) -> World:
    return await placed(any_db)


def _rows(board: dict[str, object]) -> list[dict[str, object]]:
    rows = board["rows"]
    assert isinstance(rows, list)
    return [{k: row[k] for k in ("rank", "team_id", "score", "problems")} for row in rows]


async def _validate_all(http: httpx.AsyncClient, base: str, headers: dict[str, str]) -> None:
    info = await http.get("/api", headers=headers)
    check("api_information", info.json())
    listed = await http.get("/api/contests", headers=headers)
    check("contests", listed.json())
    check("contest", (await http.get(base, headers=headers)).json())
    for name in ENDPOINTS:
        response = await http.get(f"{base}/{name}", headers=headers)
        assert response.status_code == 200, (name, response.text)
        data = response.json()
        check(name, data)
        if name not in SINGULAR and data:
            first = await http.get(f"{base}/{name}/{data[0]['id']}", headers=headers)
            assert first.json() == data[0]
            check(name.rstrip("s") if name != "judgement-types" else "judgement-type", first.json())
    events = lines(await http.get(f"{base}/event-feed?stream=false", headers=headers))
    assert events
    for event in events:
        check("event-feed", event)
    access = (await http.get(f"{base}/access", headers=headers)).json()
    check("access", access)
    declared = {e["type"]: set(e["properties"]) for e in access["endpoints"]}
    for event in events:  # every object carries only what access declares
        assert set(event["data"]) <= declared[event["type"]], event
    board = (await http.get(f"{base}/scoreboard", headers=headers)).json()
    for row in board["rows"]:
        assert {f"rows.{k}" for k in row if k not in ("score", "problems")} <= declared[
            "scoreboard"
        ]
        assert {f"rows.score.{k}" for k in row["score"]} <= declared["scoreboard"]
        for cell in row["problems"]:
            assert {f"rows.problems.{k}" for k in cell} <= declared["scoreboard"]


@pytest.mark.parametrize("as_jury", [False, True], ids=["public", "jury"])
async def test_every_endpoint_is_valid_and_the_feed_rebuilds_the_board(
    http: httpx.AsyncClient, any_db: Database, world: World, as_jury: bool
) -> None:
    base = f"/api/contests/{world.contest.slug}"
    headers = basic(world.people["coach"]) if as_jury else {}
    for phase in ("frozen", "thawed"):
        if phase == "thawed":
            await thaw(any_db, world)
        await _validate_all(http, base, headers)
        if as_jury:
            for name in ("accounts", "runs"):
                found = (await http.get(f"{base}/{name}", headers=headers)).json()
                assert found
                check(name, found)
        consumer = Consumer()
        consumer.apply(lines(await http.get(f"{base}/event-feed?stream=false", headers=headers)))
        served = (await http.get(f"{base}/scoreboard", headers=headers)).json()
        assert consumer.scoreboard_rows() == _rows(served), phase
        assert consumer.state == served["state"]
        cat = str(world.entries["cat"].id)
        row = next(r for r in served["rows"] if r["team_id"] == cat)
        assert row["score"]["num_solved"] == (2 if as_jury or phase == "thawed" else 1)


async def test_a_browser_session_of_the_jury_is_honoured(
    http: httpx.AsyncClient, world: World
) -> None:
    from tests.arena.helpers import log_in

    await log_in(http, world.people["coach"].username)
    response = await http.get(f"/api/contests/{world.contest.slug}/accounts")
    assert response.status_code == 200
    assert {a["username"] for a in response.json()} >= {world.people["ann"].username}


async def test_the_jury_downloads_a_submission_as_a_zip(
    http: httpx.AsyncClient, world: World
) -> None:
    base = f"/api/contests/{world.contest.slug}"
    headers = basic(world.people["admin"])
    submissions = (await http.get(f"{base}/submissions", headers=headers)).json()
    first = submissions[0]
    assert (
        first["files"][0]["href"]
        == f"contests/{world.contest.slug}/submissions/{first['id']}/files"
    )
    response = await http.get(f"/api/{first['files'][0]['href']}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["main.cpp"]
        assert archive.read("main.cpp").decode().startswith("// ")
    missing = await http.get(f"{base}/submissions/999999/files", headers=headers)
    assert missing.status_code == 404


async def test_since_token_resumes_after_the_event(http: httpx.AsyncClient, world: World) -> None:
    base = f"/api/contests/{world.contest.slug}/event-feed"
    whole = lines(await http.get(f"{base}?stream=false"))
    middle = whole[len(whole) // 2]
    rest = lines(await http.get(f"{base}?stream=false&since_token={middle['token']}"))
    assert rest == whole[len(whole) // 2 + 1 :]
    assert rest


async def test_a_finished_contest_streams_its_feed_and_ends(
    http: httpx.AsyncClient, any_db: Database, world: World
) -> None:
    """Once thawed, the contest sends no more updates: the stream sends everything and ends."""
    await thaw(any_db, world)
    base = f"/api/contests/{world.contest.slug}/event-feed"
    streamed = lines(await http.get(base))
    assert streamed == lines(await http.get(f"{base}?stream=false"))
    assert streamed[-1]["type"] in ("awards", "state")


def _event(ms: int, kind: str, id_: str | None, data: object) -> Event:
    return Event(Key(ms, 0, len(id_ or ""), id_ or ""), kind, id_, data)


async def test_the_stream_keeps_alive_sends_changes_and_ends() -> None:
    """The streaming loop on its own: a newline after the keep-alive interval of silence, an
    object changed later sent again under a later token, one gone sent as null, and the end
    once the contest has finished its updates."""
    team = _event(1000, "teams", "1", {"id": "1", "name": "Red"})
    other = _event(1001, "teams", "2", {"id": "2", "name": "Blue"})
    renamed = _event(1000, "teams", "1", {"id": "1", "name": "Red Dragons"})
    feeds = [
        ([team, other], False),
        ([team, other], False),
        ([team, other], False),
        ([renamed], False),
        ([renamed], True),
    ]
    naps: list[float] = []

    async def load() -> tuple[list[Event], bool]:
        return feeds.pop(0)

    async def sleep(seconds: float) -> None:
        naps.append(seconds)

    clock = iter(datetime(2026, 1, 1, 0, 0, s, tzinfo=UTC) for s in range(10))
    out = [
        line
        async for line in ccs_api.follow(
            load, None, poll_s=5, keepalive_s=10, clock=lambda: next(clock), sleep=sleep
        )
    ]
    assert out[0].startswith('{"type":"teams","id":"1"') and out[1].startswith(
        '{"type":"teams","id":"2"'
    )
    assert out[2] == "\n"  # two polls of five seconds without an event
    assert '"Red Dragons"' in out[3] and '"data":null' in out[4]
    assert len(out) == 5
    assert naps == [5, 5, 5, 5]


async def test_open_streams_are_capped_and_given_back(
    http: httpx.AsyncClient, any_db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One stream per reader here: a finished stream gives its slot back, so a second one
    runs; with no slot at all, a stream is refused with 429 while a finite dump still works."""
    await thaw(any_db, world)
    base = f"/api/contests/{world.contest.slug}/event-feed"
    monkeypatch.setattr(ccs_api, "STREAMS_PER_READER", 1)
    assert lines(await http.get(base)) and lines(await http.get(base))
    slots = http._transport.app.state.ccs_streams  # type: ignore[attr-defined]
    assert slots.total == 0
    slots.per_process = 0
    refused = await http.get(base)
    assert refused.status_code == 429 and "Too many open event feeds" in refused.json()["message"]
    assert lines(await http.get(f"{base}?stream=false"))


async def test_the_package_files_say_what_the_api_says(
    http: httpx.AsyncClient, world: World
) -> None:
    """contest.yaml is the contest object (valid against its schema); problemset.yaml lists
    the problems with their labels as letters, for importers of the older format too."""
    base = f"/api/contests/{world.contest.slug}"
    response = await http.get(f"{base}/contest.yaml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/yaml")
    contest = yaml.safe_load(response.text)
    check("contest", contest)
    served = (await http.get(base)).json()
    assert contest == {k: v for k, v in served.items() if v is not None}
    problemset = yaml.safe_load((await http.get(f"{base}/problemset.yaml")).text)
    problems = (await http.get(f"{base}/problems")).json()
    assert [p["id"] for p in problemset["problems"]] == [p["id"] for p in problems]
    assert [p["letter"] for p in problemset["problems"]] == ["A", "B", "C"]
    assert problemset["problems"][0]["short-name"] == world.tasks["A"].slug
