"""The task page for each task type: statement with math and images, the editor (a plain
form field first, so it works without JavaScript), the SQL schema, the network topology with
one editor per device, and intake that takes exactly the files the lab names."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from ictarena.accounts.models import Role
from ictarena.catalog.models import Dataset
from ictarena.db import Database
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from ictjudge.languages import LANGUAGES as JUDGE_LANGUAGES
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import PNG, Site, open_site

Client = tuple[httpx.AsyncClient, InProcessQueue]


async def test_a_code_task_shows_its_statement_limits_and_a_plain_editor_field(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks/aplusb")).text
    assert "<strong>two</strong>" in page and "<math" in page
    assert 'src="/tasks/aplusb/assets/topo.png"' in page
    assert "Time limit" in page and "2 s" in page and "128 MiB" in page
    # Without JavaScript the editor is this textarea; the script only draws over it.
    assert re.search(r'<textarea id="source" name="source" class="editor" data-syntax="cpp"', page)
    assert '<option value="python3">' in page
    assert "/static/vendor/codemirror/arena-editor.min.js" in page
    assert "Logical reasoning" in page and "Protocol comprehension" in page


async def test_statement_images_come_from_the_tasks_own_dataset(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    await log_in(http, (await users()).username)
    image = await http.get("/tasks/aplusb/assets/topo.png")
    assert image.status_code == 200 and image.content == PNG
    assert image.headers["content-type"] == "image/png"
    assert (await http.get("/tasks/aplusb/assets/missing.png")).status_code == 404
    assert (await http.get("/tasks/aplusb/assets/../../dataset.json")).status_code == 404
    assert (await http.get("/tasks/aplusb/assets/%2e%2e/%2e%2e/dataset.json")).status_code == 404


async def test_a_locked_tasks_images_are_not_served(client: Client, users: UserFactory) -> None:
    http, _queue = client
    await log_in(http, (await users()).username)
    locked = await http.get("/tasks/flows")  # a Professional task: what unlocks it, no statement
    assert locked.status_code == 403 and "What unlocks this task" in locked.text
    assert (await http.get("/tasks/flows/assets/topo.png")).status_code == 403


async def test_an_sql_task_shows_the_schema_beside_an_sql_editor(
    client: Client, users: UserFactory, site: Site
) -> None:
    http, queue = client
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks/top-customers")).text
    assert "Database schema" in page
    assert "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);" in page
    assert re.search(r'name="file:answer.sql" class="editor" data-syntax="sql"', page)
    token = await csrf_of(http, "/tasks/top-customers")
    sent = await http.post(
        f"/tasks/{site.sql.id}/submit",
        data={"file:answer.sql": "SELECT name FROM customers; -- verdict=AC", "csrf_token": token},
    )
    assert sent.status_code == 303, sent.text
    await queue.join()
    result = (await http.get(sent.headers["location"])).text
    assert "verdict-AC" in result and "answer.sql" in result


@pytest.mark.usefixtures("stand_in_labs")
async def test_a_network_task_draws_its_topology_and_has_an_editor_per_device(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks/ospf-pair")).text
    svg = page[page.index("<svg viewBox") : page.index("</svg>")]
    assert '<title id="topo-title">Topology of Task ospf-pair</title>' in svg
    assert '<desc id="topo-desc">5 devices and 4 links' in svg
    for shape in ("node-router editable", "node-switch", "node-host", "node-server"):
        assert f'class="node {shape}"' in svg
    assert "10.0.12.0/30" in svg and "ge0/0/1" in svg
    table = page[page.index("<caption>Links</caption>") :]
    assert "<td><code>10.0.12.0/30</code></td>" in table
    assert '<code>ge0/0/1</code><br><span class="vlans">Access, VLAN 10</span>' in table
    assert '<span class="vlans">Trunk, VLAN 1,10,20</span>' in table
    assert ">Access, VLAN 10</text>" in svg and ">Trunk, VLAN 1,10,20</text>" in svg
    token = await csrf_of(http, "/tasks/ospf-pair")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    zh = (await http.get("/tasks/ospf-pair")).text
    assert ">Access 接口，VLAN 10</text>" in zh and "Trunk 接口，允许 VLAN 1,10,20</span>" in zh
    editors = re.findall(r'<textarea id="file-\d" name="file:(r\d\.conf)" class="editor" '
                         r'data-syntax="frr"', page)  # fmt: skip
    assert editors == ["r1.conf", "r2.conf"]
    assert "hostname r1" in page  # the device's starting configuration


@pytest.mark.usefixtures("stand_in_labs")
async def test_a_linux_task_has_a_script_editor(client: Client, users: UserFactory) -> None:
    http, _queue = client
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks/users-cron")).text
    assert re.search(r'name="file:solution.sh" class="editor" data-syntax="shell"', page)
    assert "Your script" in page and "<svg viewBox" not in page


@pytest.mark.usefixtures("stand_in_labs")
async def test_intake_takes_exactly_the_files_the_lab_names(
    client: Client, users: UserFactory, site: Site
) -> None:
    http, queue = client
    await log_in(http, (await users()).username)
    token = await csrf_of(http, "/tasks/ospf-pair")
    url = f"/tasks/{site.network.id}/submit"
    stray = await http.post(
        url,
        data={"file:r1.conf": "x", "file:r9.conf": "y", "file:r2.conf": "z", "csrf_token": token},
    )
    assert stray.status_code == 400
    assert (
        "“r9.conf” is not part of this task&#39;s answer. It takes: r1.conf, r2.conf." in stray.text
    )
    assert 'href="/tasks/ospf-pair"' in stray.text  # back to the task, with the draft kept
    missing = await http.post(url, data={"file:r1.conf": "router ospf", "csrf_token": token})
    assert missing.status_code == 400 and "Fill in “r2.conf”" in missing.text
    both = await http.post(
        url,
        data={"file:r1.conf": "router ospf", "file:r2.conf": "verdict=PA", "csrf_token": token},
    )
    assert both.status_code == 303
    await queue.join()
    state = (await http.get(both.headers["location"].replace("/sub", "/api/sub"))).json()
    assert state["status"] == "done"


async def test_a_task_type_this_judge_cannot_grade_says_so(
    client: Client, users: UserFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    http, _queue = client
    from ictjudge import labs
    from ictjudge.errors import JudgeError

    def unknown(task_type: str, lab: dict[str, object]) -> object:
        raise JudgeError(f"this judge cannot grade {task_type!r} tasks")

    monkeypatch.setattr(labs, "answer_files", unknown)
    await log_in(http, (await users()).username)
    page = await http.get("/tasks/ospf-pair")
    assert page.status_code == 200
    assert "cannot grade this kind of task yet" in page.text and "<textarea" not in page.text


async def test_quiz_questions_render_their_markdown_and_never_their_answers(
    client: Client, users: UserFactory
) -> None:
    http, _queue = client
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks/net-basics")).text
    assert "<math" in page  # "$/24$" in the question
    assert 'name="answer:mask"' in page and 'value="true"' in page
    assert "255.255.255.0" not in page and "24 one bits" not in page
    assert "codemirror" not in page  # a form needs no editor


async def test_coaches_see_every_tier(client: Client, users: UserFactory) -> None:
    http, _queue = client
    await log_in(http, (await users(Role.COACH)).username)
    assert (await http.get("/tasks/flows")).status_code == 200


@pytest.mark.parametrize(
    ("language", "name"), [("python3", "main.py"), ("cpp", "main.cpp")], ids=["python", "cpp"]
)
async def test_the_editors_source_is_named_for_its_language(
    client: Client, users: UserFactory, site: Site, language: str, name: str
) -> None:
    http, queue = client
    await log_in(http, (await users()).username)
    token = await csrf_of(http, "/tasks/aplusb")
    sent = await http.post(
        f"/tasks/{site.code.id}/submit",
        data={"language": language, "source": "print(1)", "csrf_token": token},
    )
    assert sent.status_code == 303
    await queue.join()
    state = (await http.get(sent.headers["location"].replace("/sub", "/api/sub"))).json()
    assert state["files"] == {name: "print(1)"}


@pytest.fixture
async def judge_languages(
    settings: Settings, committed_db: Database, site: Site
) -> AsyncIterator[Client]:
    """The site, offering every language of the judge's table, in its order."""
    offered = {lid: lang.name for lid, lang in JUDGE_LANGUAGES.items()}
    async with open_site(settings, committed_db, offered) as opened:
        yield opened


async def _task_manifest(db: Database, site: Site, **settings: str) -> None:
    """Give the code task's live dataset a Python and C++ standard of its own."""
    async with db.session() as session:
        dataset = await session.get(Dataset, site.code.live_dataset_id)
        assert dataset is not None
        dataset.manifest = {**dataset.manifest, **settings}
        await session.commit()


def _language_select(page: str) -> str:
    found = re.search(r'<select id="language" name="language">.*?</select>', page, re.S)
    assert found is not None
    return found.group(0)


async def test_the_submit_form_selects_the_tasks_own_python(
    judge_languages: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = judge_languages
    await _task_manifest(committed_db, site, python="pypy3")
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks/aplusb")).text
    select = _language_select(page)
    assert '<option value="pypy3" selected>' in select
    assert '<option value="python3">' in select and select.count(" selected>") == 1
    # the list keeps its order, the judge's
    assert re.findall(r'<option value="([a-z0-9]+)"', select) == list(JUDGE_LANGUAGES)
    assert re.search(
        r'<textarea id="source" name="source" class="editor" data-syntax="pypy3"', page
    )


async def test_the_tasks_cpp_standard_comes_before_its_python(
    judge_languages: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = judge_languages
    await _task_manifest(committed_db, site, python="pypy3", cpp="cpp14")
    await log_in(http, (await users()).username)
    select = _language_select((await http.get("/tasks/aplusb")).text)
    assert '<option value="cpp14" selected>' in select and select.count(" selected>") == 1
