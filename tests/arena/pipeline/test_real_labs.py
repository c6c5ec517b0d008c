"""Configuration tasks end to end in embedded mode: bundled network, Linux, SQL and service
labs are imported, their task pages show the right editors, and reference answers submitted
over HTTP are graded by the real lab containers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ictarena.catalog.packages.importer import import_catalogue
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.tracks import seed_bundled_tracks
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.catalog.builders import BUNDLED_SETS
from tests.arena.helpers import UserFactory, csrf_of, log_in, strict_client

pytestmark = pytest.mark.docker
SETS = Path(__file__).resolve().parents[3] / "problem_sets"
LABS = {
    "static-routing": SETS / "datacom" / "static-routing",
    "users-groups": SETS / "openeuler" / "users-groups",
    "device-inventory": SETS / "opengauss" / "device-inventory",
    "lb-round-robin": SETS / "cloud" / "lb-round-robin",
    "broker-acl": SETS / "iot" / "broker-acl",
}


def _answer(task: Path, folder: str) -> dict[str, str]:
    """A reference solution's files: one file, or a folder of them (one per device)."""
    [entry] = sorted((task / "solutions" / folder).iterdir())[:1]
    if entry.is_dir():
        return {p.name: p.read_text() for p in sorted(entry.iterdir()) if p.is_file()}
    return {entry.name: entry.read_text()}


@pytest.fixture
async def lab_client(
    settings: Settings, committed_db: Database, docker_client: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, InProcessQueue, dict[str, int]]]:
    catalogue = read_paths(list(LABS.values()))
    assert [str(e) for e in catalogue.errors] == []
    async with committed_db.session() as session:
        await seed_bundled_tracks(session, BUNDLED_SETS)
        report = await import_catalogue(session, catalogue, settings.tasks_dir)
        await session.commit()
    by_slug = {change.slug: change.task_id for change in report.changes}
    # keyed by the package's folder, as LABS is
    ids = {
        folder: by_slug[package.slug]
        for folder, package in zip(LABS, catalogue.packages, strict=True)
    }
    queue = InProcessQueue()
    app = create_app(
        settings, database=committed_db, queue=queue, docker_client=docker_client,
        sweep_every_s=None,
    )  # fmt: skip
    async with strict_client(app) as client:
        yield client, queue, ids


async def test_lab_pages_show_one_editor_per_answer_file(
    lab_client: tuple[httpx.AsyncClient, InProcessQueue, dict[str, int]], students: UserFactory
) -> None:
    client, _queue, _ids = lab_client
    await log_in(client, (await students()).username)
    network = (await client.get("/tasks/datacom-static-routing")).text
    assert "<svg" in network
    for name in _answer(LABS["static-routing"], "accepted"):
        assert name in network
    assert "answer.sh" in (await client.get("/tasks/euler-users-groups")).text
    sql = (await client.get("/tasks/gauss-device-inventory")).text
    assert "answer.sql" in sql and "CREATE TABLE" in sql  # the schema is shown
    service = (await client.get("/tasks/cloud-lb-round-robin")).text
    assert 'name="file:lb.sh"' in service and "<svg" in service


@pytest.mark.parametrize(
    ("slug", "folder", "verdict"),
    [
        ("static-routing", "accepted", "AC"),
        ("static-routing", "partially_accepted", "PA"),
        ("users-groups", "accepted", "AC"),
        ("users-groups", "wrong_answer", None),
        ("device-inventory", "accepted", "AC"),
        ("device-inventory", "wrong_answer", "WA"),
        ("lb-round-robin", "accepted", "AC"),
        ("broker-acl", "partially_accepted", "PA"),
    ],
)
async def test_reference_answers_get_their_verdicts_through_the_pipeline(
    lab_client: tuple[httpx.AsyncClient, InProcessQueue, dict[str, int]],
    students: UserFactory,
    slug: str,
    folder: str,
    verdict: str | None,
) -> None:
    client, queue, ids = lab_client
    await log_in(client, (await students()).username)
    token = await csrf_of(client, "/student")
    response = await client.post(
        "/api/submissions",
        json={"task_id": ids[slug], "files": _answer(LABS[slug], folder)},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201, response.text
    await asyncio.wait_for(queue.join(), 120)
    result = (await client.get(f"/api/submissions/{response.json()['id']}")).json()
    assert result["runs"], result  # one row per assessment item
    if verdict == "AC":
        assert (result["verdict"], result["score"]) == ("AC", result["max_score"])
    elif verdict is not None:
        assert result["verdict"] == verdict, result
    else:
        assert result["verdict"] != "AC" and result["score"] < result["max_score"], result
