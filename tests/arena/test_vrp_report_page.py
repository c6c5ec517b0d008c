"""A judged VRP lab's submission page shows each router's and switch's display outputs, rendered
from the live reads stored in the report (the captured fixtures of ``tests/judge/data/vrp_live``),
with its labels in the reader's language and the VRP text as the device printed it."""

from __future__ import annotations

import re
from html import unescape

import httpx

from ictarena.accounts.models import Role, User
from ictarena.accounts.services import join_cohort
from ictarena.catalog.models import Task
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from ictarena.workers.sandbox_grader import normalise_lab
from ictjudge.labs.report import ItemResult, LabReport
from ictjudge.texts import Text
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site, add_task, judged
from tests.judge.test_vrp_screens import FILES, LIVE, lab

Client = tuple[httpx.AsyncClient, InProcessQueue]
TITLE = Text(en="pc reaches R2", zh="pc 可达 R2")


async def _vrp_task(db: Database, settings: Settings, site: Site) -> Task:
    async with db.session() as session:
        task = await add_task(
            session,
            settings.tasks_dir,
            site.modules[4],
            "vrp-report",
            "network",
            {"task_type": "network", "lab": lab()},
            statement=("Configure R1 and SW1.", "配置 R1 和 SW1。"),
        )
        await session.commit()
        return task


def _report(live: dict[str, dict[str, str]]) -> LabReport:
    item = ItemResult(name="pc-r2", title=TITLE, passed=True, points=10, score=10)
    return LabReport.from_items([item], []).model_copy(update={"live": live})


async def _judged_as_student(
    http: httpx.AsyncClient,
    db: Database,
    settings: Settings,
    site: Site,
    live: dict[str, dict[str, str]],
) -> int:
    """A student's submission to the VRP task judged with ``live`` reads; the student is
    logged in."""
    student = await UserFactory(db.sessionmaker())(Role.STUDENT)
    task = await _vrp_task(db, settings, site)
    judged_id = await judged(db, student.id, task, FILES, normalise_lab(_report(live)))
    await log_in(http, student.username)
    return judged_id


def _screens(html: str) -> dict[str, str]:
    """Each screen's text by its command's label (``device: command``)."""
    found = re.findall(
        r'<pre class="console"[^>]*aria-label="([^"]+)"><code>(.*?)</code>', html, re.S
    )
    return {unescape(label): unescape(text) for label, text in found}


async def test_the_report_shows_each_devices_display_outputs_in_both_languages(
    client: Client, site: Site, committed_db: Database, settings: Settings
) -> None:
    http, _queue = client
    judged_id = await _judged_as_student(http, committed_db, settings, site, LIVE)
    page = (await http.get(f"/submissions/{judged_id}")).text
    assert "Device displays after judging" in page
    screens = _screens(page)
    assert sorted(screens) == sorted(
        [f"{device}: {command}" for device in ("r1", "r2") for command in (
            "display ip routing-table", "display ip interface brief",
            "display ospf peer brief", "display current-configuration")]
        + ["sw1: display vlan", "sw1: display interface brief",
           "sw1: display current-configuration"]
    )  # fmt: skip
    assert "10   common  UT:GE0/0/1(U)      GE0/0/2(U)" in screens["sw1: display vlan"]
    assert "2.2.2.2/32  OSPF    10" in screens["r1: display ip routing-table"]
    assert "port trunk allow-pass vlan 10 20" in screens["sw1: display current-configuration"]
    assert '<summary class="command"><code>display vlan</code></summary>' in page
    token = await csrf_of(http, f"/submissions/{judged_id}")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    zh = (await http.get(f"/submissions/{judged_id}")).text
    assert "评测后的设备显示信息" in zh and "Device displays after judging" not in zh
    assert "交换机" in zh and "路由器" in zh
    assert _screens(zh) == screens  # VRP's text stays as the device printed it


async def test_a_refused_lab_or_another_task_type_shows_no_displays(
    client: Client, site: Site, committed_db: Database, settings: Settings
) -> None:
    http, _queue = client
    refused = await _judged_as_student(http, committed_db, settings, site, {})
    page = (await http.get(f"/submissions/{refused}")).text
    assert "Device displays after judging" not in page and 'class="console"' not in page


SECRET = "port default vlan 30"  # the intent's lines: the answer, never shown to the student
INTENT = {
    "title": {"en": "GE0/0/4 is an access port of VLAN 30", "zh": "GE0/0/4 是 VLAN 30 的接入端口"},
    "device": "sw1",
    "contains": ["vlan batch 30",
                 f"interface GigabitEthernet0/0/4\n port link-type access\n {SECRET}"],
}  # fmt: skip


async def test_only_coaches_and_admins_see_what_would_meet_an_intent(
    client: Client, site: Site, committed_db: Database, settings: Settings
) -> None:
    http, _queue = client
    users = UserFactory(committed_db.sessionmaker())
    student, admin, coach = (
        await users(Role.STUDENT),
        await users(Role.ADMIN),
        await users(Role.COACH),
    )
    cohort = await users.cohort(coach)
    async with committed_db.session() as session:
        member = await session.get(User, student.id)
        assert member is not None
        await join_cohort(session, member, cohort.invite_code)
        await session.commit()
    with_intent = lab()
    with_intent["checks"].append({"id": "vlan30", "points": 5, "intent": INTENT})
    async with committed_db.session() as session:
        task = await add_task(
            session, settings.tasks_dir, site.modules[4], "vrp-intent", "network",
            {"task_type": "network", "lab": with_intent},
        )  # fmt: skip
        await session.commit()
    items = [
        ItemResult(name="pc-r2", title=TITLE, passed=True, points=10, score=10),
        ItemResult(name=INTENT["title"]["en"], title=Text(**INTENT["title"]), passed=False,
                   points=5, score=0),
    ]  # fmt: skip
    report = LabReport.from_items(items, []).model_copy(update={"live": LIVE})
    judged_id = await judged(committed_db, student.id, task, FILES, normalise_lab(report))
    await log_in(http, student.username)
    for url in (
        f"/submissions/{judged_id}",
        f"/api/submissions/{judged_id}",
        f"/submissions/{judged_id}?role=coach",
        f"/submissions/{judged_id}?format=json",
    ):
        answer = await http.get(url)
        assert answer.status_code == 200, url
        assert SECRET not in answer.text and "Configuration intents" not in answer.text, url
    page = (await http.get(f"/submissions/{judged_id}")).text
    assert "GE0/0/4 is an access port of VLAN 30" in page  # the title and outcome only
    await http.post("/logout", data={"csrf_token": await csrf_of(http, "/student")})
    fix = "vlan 30\ninterface GigabitEthernet0/0/4\n port default vlan 30\n"  # what is missing
    for viewer in (admin, coach):  # the student's coach, and any admin
        await log_in(http, viewer.username)
        page = (await http.get(f"/submissions/{judged_id}")).text
        assert "Configuration intents: what would meet them" in page, viewer.role
        assert "GE0/0/4 is an access port of VLAN 30 · sw1 · Not met" in page
        assert f'aria-label="sw1"><code>{fix}</code></pre>' in page
        await http.post("/logout", data={"csrf_token": await csrf_of(http, "/account")})
