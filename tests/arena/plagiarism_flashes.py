"""Confirmation scenarios of the jury's plagiarism review, for tests/arena/test_flash.py: a
pair's review saved, an entry excluded from the standings and included again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.arena.helpers import csrf_of, log_in
from tests.arena.plagiarism_world import REVIEW, Cast, copied_pair, stage_review

Outcome = tuple[httpx.Response, str]
Scenario = Callable[[Any], Awaitable[Outcome]]


async def _staged(world: Any) -> tuple[Cast, int, str]:
    """The staged contest, its jury logged in, the page read once; the copied pair and a
    CSRF token."""
    cast = await stage_review(world.db, world.users, world.site.code)
    await log_in(world.http, cast.coach.username)
    token = await csrf_of(world.http, REVIEW)
    return cast, await copied_pair(world.db, cast), token


async def _review(world: Any) -> Outcome:
    _cast, pair, token = await _staged(world)
    form = {
        "csrf_token": token,
        "state": "cleared",
        "note": "same textbook loop",
        "pair": str(pair),
    }
    response = await world.http.post(f"{REVIEW}/pairs/{pair}", data=form)
    return response, response.headers.get("location", REVIEW)


async def _flagged(world: Any) -> tuple[Cast, int, str]:
    cast, pair, token = await _staged(world)
    form = {"csrf_token": token, "state": "flagged", "note": "renamed copy", "pair": str(pair)}
    assert (await world.http.post(f"{REVIEW}/pairs/{pair}", data=form)).status_code == 303
    await world.http.get(REVIEW)  # the review's own confirmation is read
    return cast, pair, token


async def _exclude(world: Any) -> Outcome:
    cast, pair, token = await _flagged(world)
    form = {"csrf_token": token, "action": "exclude", "reason": "copied", "pair": str(pair)}
    response = await world.http.post(f"{REVIEW}/entries/{cast.solo_cat}", data=form)
    return response, response.headers.get("location", REVIEW)


async def _include(world: Any) -> Outcome:
    cast, pair, token = await _flagged(world)
    url = f"{REVIEW}/entries/{cast.solo_cat}"
    form = {"csrf_token": token, "action": "exclude", "reason": "copied", "pair": str(pair)}
    assert (await world.http.post(url, data=form)).status_code == 303
    await world.http.get(REVIEW)
    form = {**form, "action": "include", "reason": "appeal upheld"}
    response = await world.http.post(url, data=form)
    return response, response.headers.get("location", REVIEW)


SCENARIOS: dict[str, list[tuple[str, Scenario, str]]] = {
    "/contests/{slug:str}/admin/plagiarism/pairs/{id:int}": [
        ("review a pair", _review, "Review of the pair saved.")
    ],
    "/contests/{slug:str}/admin/plagiarism/entries/{id:int}": [
        ("exclude an entry", _exclude, "The entry is excluded from the standings."),
        ("include an entry again", _include, "The entry is back in the standings."),
    ],
}
