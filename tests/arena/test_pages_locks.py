"""The locked task page: a student who opens a task above their tier, or behind unfinished
prerequisite modules, gets 403 and a page with the title, the tier and what unlocks it (never a
bare 404, never the statement), in English and Chinese; its statement images are refused too.
Coaches and admins see the task itself."""

from __future__ import annotations

import httpx
import pytest

from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.coaching import in_chinese
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import PNG, Site, add_task, judged

Client = tuple[httpx.AsyncClient, InProcessQueue]
ACCEPTED = NormalReport("AC", 100.0, 100.0, [], {})
HALF = NormalReport("PA", 50.0, 100.0, [], {})
SECRET = "Maximum flow with **Dinic**"


@pytest.fixture
async def flows_statement(site: Site, committed_db: Database, settings: Settings) -> None:
    """A Professional task with a statement and an image (site's "flows" has neither)."""
    async with committed_db.session() as session:
        advanced = site.modules[2]
        await add_task(
            session,
            settings.tasks_dir,
            advanced,
            "max-flow",
            "code",
            {"languages": None},
            {"statement/assets/graph.png": PNG},
            (f"{SECRET}\n\n![graph](assets/graph.png)\n", "最大流\n\n![图](assets/graph.png)\n"),
        )
        await session.commit()


async def test_a_task_above_the_students_tier_shows_what_unlocks_it(
    client: Client, users: UserFactory, flows_statement: None
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    response = await http.get("/tasks/max-flow")
    assert response.status_code == 403
    page = response.text
    assert "<h1>Task max-flow</h1>" in page
    assert "Tier: Professional" in page and "What unlocks this task" in page
    assert "It opens when your coach promotes you to Professional." in page
    assert 'href="/progress#ready-programming"' in page
    assert SECRET not in page and "Dinic" not in page and "graph.png" not in page
    assert "<textarea" not in page and "code-form" not in page  # nothing to submit with
    asset = await http.get("/tasks/max-flow/assets/graph.png")
    assert asset.status_code == 403 and not asset.headers["content-type"].startswith("image/")
    assert "This task belongs to a tier you have not reached yet." in asset.text


async def test_the_locked_page_speaks_chinese(
    client: Client, users: UserFactory, flows_statement: None
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    token = await csrf_of(http, "/tasks")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    response = await http.get("/tasks/max-flow")
    assert response.status_code == 403
    page = response.text
    assert 'lang="zh-Hans"' in page and "<h1>题目 max-flow</h1>" in page
    assert in_chinese("What unlocks this task") in page
    assert "最大流" not in page  # the Chinese statement is not shown either
    assert "工程师级（初级）" in page and "高级工程师级（中级）" in page  # the tiers' own names


async def test_a_task_behind_an_unfinished_module_lists_each_prerequisite_with_its_progress(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    response = await http.get("/tasks/paths")  # "Graphs" comes after "Basics"
    assert response.status_code == 403
    page = response.text
    assert "<h1>Task paths</h1>" in page and "Tier: Associate" in page
    assert "Finish these modules first:" in page
    assert 'href="/tasks?module=prog-basics">Basics</a>' in page
    assert "0% of the 100% that counts as done" in page
    assert "your coach promotes you" not in page  # the tier is open already

    await judged(committed_db, student.id, site.code, {"main.cpp": "x"}, HALF, "cpp")
    page = (await http.get("/tasks/paths")).text
    assert "50% of the 100% that counts as done" in page
    assert '<progress class="bar short" max="100" value="50.0"' in page

    await judged(committed_db, student.id, site.code, {"main.cpp": "x"}, ACCEPTED, "cpp")
    opened = await http.get("/tasks/paths")
    assert opened.status_code == 200 and "What unlocks this task" not in opened.text


async def test_the_task_list_says_why_a_row_is_locked(
    client: Client, users: UserFactory, site: Site
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    page = (await http.get("/tasks?track=programming")).text
    flows = page[page.index("Task flows") :][:600]
    paths = page[page.index("Task paths") :][:600]
    assert "Opens at Professional" in flows
    assert "After: Basics" in paths
    assert 'href="/tasks/flows"' in page  # the locked page says more


@pytest.mark.parametrize("role", [Role.COACH, Role.ADMIN])
async def test_coaches_and_admins_are_never_locked_out(
    client: Client, users: UserFactory, flows_statement: None, role: Role
) -> None:
    http, _queue = client
    user = await users(role)
    await log_in(http, user.username)
    response = await http.get("/tasks/max-flow")
    assert response.status_code == 200 and "Dinic" in response.text
    assert (await http.get("/tasks/max-flow/assets/graph.png")).status_code == 200


async def test_a_hidden_or_unknown_task_is_still_a_404(client: Client, users: UserFactory) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    assert (await http.get("/tasks/no-such-task")).status_code == 404
