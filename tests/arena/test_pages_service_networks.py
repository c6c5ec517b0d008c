"""A service lab on two networks with two answers (the IoT expert edge gateway): an editor per
answered host, each with its syntax and starting text, and both LANs drawn with the host that
sits on both."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import yaml

from ictarena.catalog.models import Task
from ictarena.catalog.packages.labs import yaml_keys
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, log_in
from tests.arena.pages import Site, _module, add_task

Client = tuple[httpx.AsyncClient, InProcessQueue]
TASK = Path(__file__).resolve().parents[2] / "problem_sets" / "iot" / "expert-edge-gateway"


async def _edge_task(db: Database, settings: Settings) -> Task:
    spec = yaml.safe_load((TASK / "task.yaml").read_text())
    starters = {
        name: (TASK / name).read_bytes() for name in ("lab/edge-starter.sh", "lab/rules-starter.py")
    }
    async with db.session() as session:
        module = await _module(session, "iot", 1, "iot-pages", ("Edge", "边缘"))
        task = await add_task(
            session,
            settings.tasks_dir,
            module,
            "edge-gw",
            "service",
            {"task_type": "service", "lab": yaml_keys(spec["lab"])},
            starters,
            ("Secure the edge broker.", "加固边缘代理。"),
            competencies=("network_architecture_design",),
        )
        await session.commit()
        return task


async def test_two_answers_on_two_networks(
    client: Client, users: UserFactory, committed_db: Database, settings: Settings, site: Site
) -> None:
    http, _queue = client
    await _edge_task(committed_db, settings)
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks/edge-gw")).text
    editors = re.findall(r'name="file:([\w.-]+)" class="editor" data-syntax="(\w+)"', page)
    assert editors == [("edge.sh", "shell"), ("rules.py", "python")]
    assert "Mosquitto 2 is installed, not running." in page  # edge.sh's starting text
    assert "must keep running. paho-mqtt 1.6" in page  # rules.py's
    svg = page[page.index("<svg viewBox") : page.index("</svg>")]
    assert "10.0.0.0/24" in svg and "10.0.1.0/24" in svg
    assert ">edge broker<" in svg and ">rule engine<" in svg and ">cloud broker<" in svg
