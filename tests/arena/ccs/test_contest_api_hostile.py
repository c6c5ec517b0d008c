"""The Contest API against a hostile reader, on both databases: as the public (anonymous, a
student taking part, a coach off the jury), nothing the freeze hides leaks from any endpoint
or the event feed; accounts and source files are refused; a contest not open to the public
does not exist for it; no username or cohort name appears; wrong Basic passwords are counted
by the login form's throttle (and throttle the form); a bogus ``since_token`` is a clear 400."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from ictarena.accounts import cohort_names
from ictarena.accounts.models import Cohort, User
from ictarena.db import Database
from ictarena.settings import Settings
from tests.arena.ccs.http_world import ENDPOINTS, basic, lines, open_app, placed
from tests.arena.ccs.world import PLAY, World
from tests.arena.helpers import PASSWORD, csrf_of

FREEZE_MINUTE = 240


@pytest.fixture
async def http(settings: Settings, any_db: Database) -> AsyncIterator[httpx.AsyncClient]:
    async for client in open_app(settings, any_db):
        yield client


@pytest.fixture
async def world(any_db: Database) -> World:
    return await placed(any_db)


def _frozen(world: World) -> set[str]:
    """The submissions made after the freeze point."""
    return {
        str(number)
        for number, (minute, *_rest) in zip(world.submissions, PLAY, strict=True)
        if minute >= FREEZE_MINUTE
    }


async def _everything(
    http: httpx.AsyncClient, world: World, headers: dict[str, str]
) -> dict[str, object]:
    base = f"/api/contests/{world.contest.slug}"
    found: dict[str, object] = {}
    for name in ENDPOINTS:
        response = await http.get(f"{base}/{name}", headers=headers)
        assert response.status_code == 200, (name, response.text)
        found[name] = response.json()
    found["event-feed"] = lines(await http.get(f"{base}/event-feed?stream=false", headers=headers))
    found["contests"] = (await http.get("/api/contests", headers=headers)).json()
    return found


def _readers(world: World) -> dict[str, dict[str, str]]:
    return {
        "anonymous": {},
        "participant": basic(world.people["ann"]),
        "coach-off-the-jury": basic(world.people["stranger"]),
    }


@pytest.mark.parametrize("reader", ["anonymous", "participant", "coach-off-the-jury"])
async def test_nothing_frozen_leaks_to_the_public(
    http: httpx.AsyncClient, world: World, reader: str
) -> None:
    headers = _readers(world)[reader]
    seen = await _everything(http, world, headers)
    frozen = _frozen(world)
    cat, blue = str(world.entries["cat"].id), str(world.entries["blue"].id)
    # The late submissions are there (the board shows them as tries), their outcomes are not.
    listed = {s["id"] for s in seen["submissions"]}  # type: ignore[attr-defined]
    assert frozen <= listed
    judged = {j["submission_id"] for j in seen["judgements"]}  # type: ignore[attr-defined]
    assert judged and not judged & frozen
    for event in seen["event-feed"]:  # type: ignore[attr-defined]
        assert event["type"] not in ("runs", "accounts")
        if event["type"] == "judgements":
            assert event["data"]["submission_id"] not in frozen
        if event["type"] == "submissions":
            assert event["data"]["files"] == []
    rows = {r["team_id"]: r for r in seen["scoreboard"]["rows"]}  # type: ignore[index]
    assert rows[cat]["score"]["num_solved"] == 1  # B solved after the freeze: "2 tries"
    cat_b = rows[cat]["problems"][1]
    assert cat_b["solved"] is False and cat_b["num_pending"] == 1 and cat_b["num_judged"] == 1
    blue_a = rows[blue]["problems"][0]
    assert blue_a["solved"] is False and blue_a["num_pending"] == 2
    awards = {a["id"]: a["team_ids"] for a in seen["awards"]}  # type: ignore[attr-defined]
    problem_b = seen["problems"][1]["id"]  # type: ignore[index]
    assert f"first-to-solve-{seen['problems'][0]['id']}" in awards  # type: ignore[index]
    assert awards[f"first-to-solve-{problem_b}"] == [str(world.entries["red"].id)]
    assert seen["organizations"] == []  # the coach gave the cohort no public name
    assert all(t["organization_id"] is None for t in seen["teams"])  # type: ignore[attr-defined]
    text = json.dumps(seen, ensure_ascii=False)
    for person in world.people.values():
        assert person.username not in text
    assert f"Datacom {world.contest.slug}" not in text
    assert "Is the input sorted?" not in text  # a question answered to its team only
    assert "No." not in text
    assert "May we use the STL?" in text  # answered to everyone, quoted without who asked


@pytest.mark.parametrize("reader", ["anonymous", "participant", "coach-off-the-jury"])
async def test_accounts_and_files_are_the_jurys(
    http: httpx.AsyncClient, world: World, reader: str
) -> None:
    headers = _readers(world)[reader]
    base = f"/api/contests/{world.contest.slug}"
    for path in (
        "accounts",
        "accounts/p1",
        "runs",
        "runs/1",
        f"submissions/{world.submissions[0]}/files",
    ):
        response = await http.get(f"{base}/{path}", headers=headers)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["code"] == 403
    jury = await http.get(f"{base}/accounts", headers=basic(world.people["coach"]))
    assert jury.status_code == 200 and jury.json()


async def test_a_contest_not_open_to_the_public_does_not_exist_for_it(
    http: httpx.AsyncClient, any_db: Database
) -> None:
    world = await placed(any_db, open_registration=False)
    base = f"/api/contests/{world.contest.slug}"
    listed = (await http.get("/api/contests")).json()
    assert world.contest.slug not in {c["id"] for c in listed}
    for path in [
        "",
        *[f"/{name}" for name in ENDPOINTS],
        "/event-feed?stream=false",
        "/contest.yaml",
        "/problemset.yaml",
    ]:
        response = await http.get(base + path)
        assert response.status_code == 404, (path, response.text)
        assert world.contest.title not in response.text
    stranger = await http.get(base, headers=basic(world.people["stranger"]))
    assert stranger.status_code == 404
    jury = await http.get(base, headers=basic(world.people["coach"]))
    assert jury.status_code == 200 and jury.json()["name"] == world.contest.title
    # Its participants still read it, in the public view.
    own = await http.get(f"{base}/judgements", headers=basic(world.people["ann"]))
    frozen = _frozen(world)
    assert own.status_code == 200
    assert not {j["submission_id"] for j in own.json()} & frozen


async def test_wrong_passwords_are_throttled_like_the_login_form(
    http: httpx.AsyncClient, world: World
) -> None:
    coach = world.people["coach"]
    base = f"/api/contests/{world.contest.slug}/accounts"
    statuses = []
    for _ in range(6):
        response = await http.get(base, headers=basic(coach, "not the password"))
        statuses.append(response.status_code)
        if response.status_code == 401:
            assert response.headers["www-authenticate"].startswith("Basic ")
            assert response.json() == {"code": 401, "message": "Wrong username or password."}
        if response.status_code == 429:
            assert int(response.headers["retry-after"]) > 0
            break
    assert statuses[0] == 401 and statuses[-1] == 429
    # The same throttle: the right password is refused now, by the API and by the login form.
    assert (await http.get(base, headers=basic(coach))).status_code == 429
    token = await csrf_of(http, "/login")
    form = await http.post(
        "/login", data={"username": coach.username, "password": PASSWORD, "csrf_token": token}
    )
    assert form.status_code == 429


async def test_malformed_credentials_and_unknown_users_are_401(
    http: httpx.AsyncClient, world: World
) -> None:
    base = f"/api/contests/{world.contest.slug}"
    for header in ("Basic !!!", "Basic " + "bm9jb2xvbg==", "Basic"):  # bad base64; no colon
        response = await http.get(base, headers={"Authorization": header})
        assert response.status_code == 401, header
        assert "WWW-Authenticate" in response.headers
    response = await http.get(base, headers=basic("nobody-at-all", "x"))
    assert response.status_code == 401


@pytest.mark.parametrize(
    "token",
    ["bogus", "", "1-99-1", "99999999999999-00-1", "1-00-1;DROP", "x" * 500],
    ids=["word", "empty", "unknown-kind", "future", "junk", "long"],
)
async def test_a_bogus_since_token_is_a_clear_400(
    http: httpx.AsyncClient, world: World, token: str
) -> None:
    base = f"/api/contests/{world.contest.slug}/event-feed"
    for stream in ("false", "true"):
        response = await http.get(base, params={"since_token": token, "stream": stream})
        assert response.status_code == 400
        assert "is not a token of this event feed" in response.json()["message"]
    bad = await http.get(base, params={"stream": "maybe"})
    assert bad.status_code == 400 and "stream" in bad.json()["message"]


async def test_unknown_endpoints_and_objects_are_404(http: httpx.AsyncClient, world: World) -> None:
    base = f"/api/contests/{world.contest.slug}"
    for path in ("/persons", "/commentary", "/teams/999999", "/judgements/not-an-id"):
        response = await http.get(base + path)
        assert response.status_code == 404, path
        assert response.json()["code"] == 404
    assert (await http.get("/api/contests/" + "x" * 300)).status_code == 404


async def test_a_cohort_is_shown_only_under_the_public_name_its_coach_gave(
    http: httpx.AsyncClient, any_db: Database, world: World
) -> None:
    base = f"/api/contests/{world.contest.slug}"
    red, blue = str(world.entries["red"].id), str(world.entries["blue"].id)
    jury = basic(world.people["coach"])
    named = (await http.get(f"{base}/organizations", headers=jury)).json()
    assert [o["name"] for o in named] == [f"Datacom {world.contest.slug}"]
    async with any_db.transaction() as session:
        coach = await session.get(User, world.people["coach"].id)
        cohort = await session.get(Cohort, int(named[0]["id"][1:]))
        assert coach is not None and cohort is not None
        await cohort_names.set_public_name(session, coach, cohort, "  Shenzhen   Poly ")
    public = (await http.get(f"{base}/organizations")).json()
    assert public == [
        {"id": named[0]["id"], "name": "Shenzhen Poly", "formal_name": "Shenzhen Poly"}
    ]
    teams = {t["id"]: t for t in (await http.get(f"{base}/teams")).json()}
    assert teams[red]["organization_id"] == named[0]["id"]
    assert teams[blue]["organization_id"] is None  # Dan is not in the cohort
    text = (await http.get(f"{base}/event-feed?stream=false")).text
    assert "Shenzhen Poly" in text and f"Datacom {world.contest.slug}" not in text
