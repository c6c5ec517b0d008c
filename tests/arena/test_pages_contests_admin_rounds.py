"""The jury's round pages over HTTP: rounds added and edited with times in the platform's
zone (a window edited after the start is audited), tasks found in the catalogue and put in a
round with a label and points, and a task moved to another dataset through the rejudging
preview. A bad form answers 400 with the message on its field and writes nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from ictarena.catalog.models import Dataset, Task
from ictarena.contests.models import (
    Round,
    RoundKind,
    RoundTask,
    Scoring,
)
from ictarena.db import Database
from ictarena.events.models import AuditEntry
from ictarena.submissions.models import Rejudging
from tests.arena.contests_admin_world import (
    ADMIN,
    Cast,
    Client,
    cast_fixture,  # noqa: F401  (the fixture ``cast``)
    count,
    field_error,
    one,
    post,
    stage,
    switch,
)
from tests.arena.helpers import log_in
from tests.arena.pages import ZONE, Site

ROUND_FORM = {
    "name": "Lab final",
    "kind": "lab",
    "scoring": "icpc",
    "mode": "subtask",
    "weight": "30",
    "window": "fixed",
    "starts_at": "2026-11-02T09:00",
    "ends_at": "2026-11-02T13:00",
    "duration_min": "",
    "freeze_min": "60",
    "penalty_min": "20",
}


async def test_rounds_are_added_with_times_in_the_platforms_zone(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    contest = await stage(
        committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2)
    )
    http, _queue = client
    await log_in(http, cast.li.username)
    new = f"{ADMIN}/rounds/new"
    page = (await http.get(new)).text
    assert '<label for="r-starts_at">Starts (Asia/Shanghai)</label>' in page
    response = await post(http, new, new, ROUND_FORM)
    assert response.status_code == 303, response.text
    added = await one(committed_db, Round, Round.name == "Lab final")
    assert isinstance(added, Round) and added.contest_id == contest.id and added.position == 3
    assert added.starts_at == datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    assert added.ends_at == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)
    assert added.scoring is Scoring.ICPC and added.freeze_min == 60 and added.weight == 30.0
    assert response.headers["location"] == f"{ADMIN}/rounds/{added.id}"
    page = (await http.get(response.headers["location"])).text
    assert 'value="2026-11-02T09:00"' in page and "Round added." in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"name": ""}, "r-name", id="no-name"),
        pytest.param({"weight": "150"}, "r-weight", id="weight-over-100"),
        pytest.param({"starts_at": "2026-13-40T09:00"}, "r-starts_at", id="no-such-day"),
        pytest.param({"starts_at": "0001-01-01T00:00"}, "r-starts_at", id="year-one"),
        pytest.param({"starts_at": "2026-11-02T09:00+08:00"}, "r-starts_at", id="an-offset"),
        pytest.param({"ends_at": "2026-11-02T08:00"}, "r-ends_at", id="ends-before-start"),
        pytest.param({"window": "personal"}, "r-duration_min", id="personal-no-duration"),
        pytest.param({"scoring": "ioi", "mode": "last"}, "r-mode", id="mode-of-another-rule"),
        pytest.param({"kind": "essay"}, "r-kind", id="unknown-kind"),
        pytest.param({"freeze_min": "-5"}, "r-freeze_min", id="negative-freeze"),
    ],
)
async def test_a_wrong_round_form_is_refused_on_its_field_and_writes_nothing(
    client: Client,
    cast: Cast,
    site: Site,
    committed_db: Database,
    changes: dict[str, str],
    field: str,
) -> None:
    await stage(committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2))
    http, _queue = client
    await log_in(http, cast.li.username)
    new = f"{ADMIN}/rounds/new"
    response = await post(http, new, new, {**ROUND_FORM, **changes})
    assert response.status_code == 400
    assert field_error(response.text, field), response.text
    assert await count(committed_db, Round) == 2


async def test_a_window_edited_after_the_start_is_audited(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=-timedelta(hours=1), length=timedelta(hours=3))
    lab = await one(committed_db, Round, Round.kind == RoundKind.LAB)
    assert isinstance(lab, Round)
    http, _queue = client
    await log_in(http, cast.wu.username)
    url = f"{ADMIN}/rounds/{lab.id}"
    page = (await http.get(url)).text
    match = re.search(r'id="r-ends_at" name="ends_at" type="datetime-local" value="([^"]+)"', page)
    assert match is not None
    later = datetime.fromisoformat(match.group(1)) + timedelta(minutes=30)
    starts = re.search(r'id="r-starts_at" name="starts_at" type="datetime-local" value="([^"]+)"',
                       page)  # fmt: skip
    assert starts is not None
    form = {**ROUND_FORM, "name": lab.name, "kind": "lab", "scoring": "icpc", "weight": "40",
            "starts_at": starts.group(1), "ends_at": later.strftime("%Y-%m-%dT%H:%M"),
            "freeze_min": "30"}  # fmt: skip
    response = await post(http, url, url, form)
    assert response.status_code == 303, response.text
    moved = await one(committed_db, Round, Round.id == lab.id)
    assert isinstance(moved, Round)
    assert moved.ends_at == later.replace(tzinfo=ZONE).astimezone(UTC)  # typed in the zone
    entry = await one(committed_db, AuditEntry, AuditEntry.action == "contest.round.update")
    assert isinstance(entry, AuditEntry) and entry.actor_id == cast.wu.id
    assert entry.details["started"] is True and "ends_at" in entry.details["after"]
    # after the start the scoring rule stays: refused on its field, nothing written
    response = await post(http, url, url, {**form, "scoring": "ioi"})
    assert response.status_code == 400 and field_error(response.text, "r-scoring")
    assert await count(committed_db, AuditEntry, AuditEntry.action == "contest.round.update") == 1


async def test_tasks_are_found_added_with_label_and_points_and_removed(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=timedelta(days=1), length=timedelta(hours=2))
    lab = await one(committed_db, Round, Round.kind == RoundKind.LAB)
    assert isinstance(lab, Round)
    http, _queue = client
    await log_in(http, cast.li.username)
    url = f"{ADMIN}/rounds/{lab.id}"
    page = (await http.get(url + "?q=ospf")).text
    assert "ospf-pair" in page and "top-customers" not in page
    page = (await http.get(url + "?q=%E9%A2%98%E7%9B%AE%20top")).text  # 题目 top: Chinese titles
    assert "top-customers" in page and "ospf-pair" not in page
    # A wrong label and points: nothing added
    tasks = f"{url}/tasks"
    response = await post(http, url, tasks, {"task_id": site.network.id, "label": "",
                                             "points": "lots"})  # fmt: skip
    assert response.status_code == 400
    assert field_error(response.text, f"p{site.network.id}-label")
    assert field_error(response.text, f"p{site.network.id}-points")
    assert await count(committed_db, RoundTask, RoundTask.round_id == lab.id) == 1
    response = await post(http, url, tasks, {"task_id": 99999, "label": "B", "points": "50"})
    assert response.status_code == 400 and "Nothing was saved" in response.text
    assert await count(committed_db, RoundTask, RoundTask.round_id == lab.id) == 1

    response = await post(http, url, tasks, {"task_id": site.network.id, "label": "B",
                                             "points": "250"})  # fmt: skip
    assert response.status_code == 303, response.text
    added = await one(committed_db, RoundTask, RoundTask.task_id == site.network.id)
    assert isinstance(added, RoundTask)
    assert (added.label, added.points) == ("B", 250.0)
    assert added.dataset_id == site.network.live_dataset_id  # pinned
    remove = f"{tasks}/{site.network.id}/remove"
    assert (await post(http, url, remove, {})).status_code == 303
    assert await count(committed_db, RoundTask, RoundTask.round_id == lab.id) == 1
    # ids no table holds are simply not found
    assert (await post(http, url, f"{tasks}/{10**20}/remove", {})).status_code == 404
    assert (await http.get(f"{url}?track={10**20}&q=%25")).status_code == 200
    response = await post(http, url, tasks, {"task_id": 10**20, "label": "C", "points": "1"})
    assert response.status_code == 400


async def test_moving_a_task_to_a_new_dataset_opens_a_rejudging_preview(
    client: Client, cast: Cast, site: Site, committed_db: Database
) -> None:
    await stage(committed_db, cast, site, start=-timedelta(hours=1), length=timedelta(hours=3))
    lab = await one(committed_db, Round, Round.kind == RoundKind.LAB)
    assert isinstance(lab, Round)
    async with committed_db.session() as session:
        task = await session.get(Task, site.code.id)
        assert task is not None
        newer = Dataset(task_id=task.id, version=2, content_hash="f" * 64, manifest={})
        session.add(newer)
        await session.commit()
        newer_id = newer.id
    http, _queue = client
    url = f"{ADMIN}/rounds/{lab.id}"
    move = f"{url}/tasks/{site.code.id}/dataset"
    await log_in(http, cast.li.username)  # the creator is a coach: rejudging is an admin's
    assert (await post(http, url, move, {"dataset": newer_id})).status_code == 403
    await switch(http, cast.admin)
    page = (await http.get(url)).text
    assert "Move (preview a rejudging)" in page and "version 1" in page
    response = await post(http, url, move, {"dataset": 424242})
    assert response.status_code == 400 and "Nothing was saved" in response.text
    assert await count(committed_db, Rejudging) == 0
    response = await post(http, url, move, {"dataset": newer_id})
    assert response.status_code == 303, response.text
    rejudging = await one(committed_db, Rejudging)
    assert isinstance(rejudging, Rejudging) and rejudging.status == "preview"
    assert response.headers["location"] == f"/admin/rejudgings/{rejudging.id}"
    pinned = await one(committed_db, RoundTask, RoundTask.round_id == lab.id)
    assert isinstance(pinned, RoundTask) and pinned.dataset_id == site.code.live_dataset_id
    assert (await http.get(response.headers["location"])).status_code == 200
