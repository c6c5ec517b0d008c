"""The Contest API over HTTP: the app on a database of the test, a client, Basic credentials
and the contest of :mod:`tests.arena.ccs.world` placed in real time (it ended 20 minutes ago,
frozen; the unfreeze is 10 minutes away)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from ictarena.accounts.models import User
from ictarena.contests import standings
from ictarena.contests.models import Contest
from ictarena.db import Database, utcnow
from ictarena.http.app import create_app
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.ccs.world import World, build
from tests.arena.helpers import PASSWORD, strict_client
from tests.arena.pipeline.fakes import ScriptedGrader

ENDPOINTS = [
    "state",
    "problems",
    "languages",
    "judgement-types",
    "teams",
    "organizations",
    "groups",
    "submissions",
    "judgements",
    "clarifications",
    "awards",
    "scoreboard",
]


async def open_app(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        settings,
        database=db,
        queue=InProcessQueue(),
        connect_docker_engine=False,
        grader=ScriptedGrader(),
        sweep_every_s=None,
    )
    async with strict_client(app) as client:
        yield client


def basic(user: User | str, password: str = PASSWORD) -> dict[str, str]:
    name = user if isinstance(user, str) else user.username
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


async def placed(db: Database, *, open_registration: bool = True) -> World:
    """The contest, ended 20 minutes ago and still frozen for the public."""
    standings.forget()
    return await build(db, utcnow() - timedelta(minutes=320), open_registration=open_registration)


async def thaw(db: Database, world: World) -> None:
    """The unfreeze time comes (moved to a minute ago)."""
    async with db.transaction() as session:
        await session.execute(
            update(Contest)
            .where(Contest.id == world.contest.id)
            .values(unfreeze_at=utcnow() - timedelta(minutes=1))
        )


def lines(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines() if line.strip()]
