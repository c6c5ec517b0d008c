"""A service lab on the platform, with the judge's real labs registry: one editor per host
that has an answer (starting from the task's starter file), the LAN drawn with its hosts,
and on the submission page each script's exit status and last lines — in English and
Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import yaml

from ictarena.catalog.models import Task
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from ictarena.workers.sandbox_grader import normalise_lab
from ictjudge.labs.report import HostOutput, ItemResult, LabReport
from ictjudge.texts import Text
from ictjudge.wire import Verdict
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site, _module, add_task, judged

Client = tuple[httpx.AsyncClient, InProcessQueue]
TASK = Path(__file__).resolve().parents[2] / "problem_sets" / "cloud" / "lb-round-robin"


async def _service_task(db: Database, settings: Settings) -> Task:
    spec = yaml.safe_load((TASK / "task.yaml").read_text())
    starter = (TASK / "lab" / "lb-starter.sh").read_bytes()
    async with db.session() as session:
        module = await _module(session, "cloud", 1, "cloud-pages", ("Delivery", "服务发布"))
        task = await add_task(
            session,
            settings.tasks_dir,
            module,
            "lb-rr",
            "service",
            {"task_type": "service", "lab": spec["lab"]},
            {"lab/lb-starter.sh": starter},
            ("Balance the two web servers.", "为两台 Web 服务器做负载均衡。"),
            competencies=("product_proficiency",),
        )
        await session.commit()
        return task


async def _chinese(http: httpx.AsyncClient, path: str) -> str:
    token = await csrf_of(http, path)
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    return (await http.get(path)).text


async def test_a_service_task_has_an_editor_per_answered_host_and_draws_its_lan(
    client: Client, users: UserFactory, committed_db: Database, settings: Settings, site: Site
) -> None:
    http, _queue = client
    await _service_task(committed_db, settings)
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks/lb-rr")).text
    editors = re.findall(r'name="file:([\w.-]+)" class="editor" data-syntax="(\w+)"', page)
    assert editors == [("lb.sh", "shell")]
    assert "Runs as root on lb (10.0.0.10)." in page  # the task's starter file
    svg = page[page.index("<svg viewBox") : page.index("</svg>")]
    assert '<desc id="topo-desc">5 devices and 4 links' in svg
    assert 'class="node node-server editable"' in svg and 'class="node node-switch"' in svg
    assert ">load balancer<" in svg and "10.0.0.0/24" in svg
    zh = await _chinese(http, "/tasks/lb-rr")
    assert "题目 lb-rr" in zh and "为两台 Web 服务器做负载均衡。" in zh
    assert re.search(r'name="file:lb.sh" class="editor" data-syntax="shell"', zh)
    assert "<svg viewBox" in zh


async def test_the_submission_page_shows_each_script_s_last_lines(
    client: Client, users: UserFactory, committed_db: Database, settings: Settings, site: Site
) -> None:
    http, _queue = client
    task = await _service_task(committed_db, settings)
    user = await users()
    await log_in(http, user.username)
    item = ItemResult(title=Text(en="It serves", zh="提供服务"), passed=True, points=100, score=100)
    outputs = [
        HostOutput(host="lb", script="lb.sh", exit=0, output="nginx: configuration ok"),
        HostOutput(host="web1", script="setup", exit=1, output="web1 failed"),
    ]
    report = LabReport.from_items([item]).model_copy(update={"outputs": outputs})
    files = {"lb.sh": "nginx\n"}
    number = await judged(committed_db, user.id, task, files, normalise_lab(report))
    path = f"/submissions/{number}"
    page = (await http.get(path)).text
    section = page[page.index('aria-labelledby="outputs-title"') :]
    assert "Your scripts on the hosts" in section
    assert "lb · <code>lb.sh</code>" in section and "Exit status 0" in section
    assert "nginx: configuration ok" in section
    assert "web1 · <code>hidden setup</code>" in section and "Exit status 1" in section
    assert report.verdict == Verdict.AC
    zh = await _chinese(http, path)
    assert "你在各主机上的脚本" in zh and "退出状态 0" in zh and "隐藏的准备脚本" in zh
