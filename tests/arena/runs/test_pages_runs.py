"""Run on my input, through the pages, against the real Docker engine: a C++ and a Python
program run on a typed input with the task's limits, hostile programs are contained, nothing is
stored, and the checks (login, role, lock, CSRF, size, rate) refuse with located messages, in
English and Chinese. The samples of the statement carry the hooks of their buttons."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from ictarena.accounts.models import Role
from ictarena.catalog.models import Dataset, Task
from ictarena.contests.models import Contest, Round
from ictarena.db import Database, utcnow
from ictarena.events.models import Event
from ictarena.http.app import create_app
from ictarena.settings import Settings, load_settings
from ictarena.submissions.models import Judging, Submission
from ictarena.workers.queue import InProcessQueue
from ictarena.workers.sandbox_grader import SandboxGrader
from tests.arena.contests_flashes import PAGE, SLUG, _staged
from tests.arena.helpers import UserFactory, csrf_of, log_in, strict_client
from tests.arena.pages import LANGUAGES, Site, build_site

pytestmark = pytest.mark.docker

CPP = (
    "#include <iostream>\n"
    'int main(){long a,b;std::cin>>a>>b;std::cout<<a+b<<"\\n";std::cerr<<"dbg\\n";}'
)
PYTHON = "a, b = map(int, input().split())\nprint(a * b)\n"
STATEMENT = (
    "Add two numbers.\n\n### Sample Input 1\n\n```\n3 4\n```\n\n"
    "### Sample Output 1\n\n```\n7\n```\n"
)


@pytest.fixture
def settings(tmp_data_dir: Any) -> Settings:
    return load_settings(
        data_dir=tmp_data_dir, secret_key="test-secret", sse_poll_s=60, runs_per_minute=4
    )


@pytest.fixture
async def judged_site(committed_db: Database, settings: Settings) -> Site:
    """The pages' small catalogue, its a+b task given a judge's manifest and samples."""
    site = await build_site(committed_db, settings.tasks_dir)
    async with committed_db.session() as session:
        dataset = await session.get(Dataset, site.code.live_dataset_id)
        assert dataset is not None
        manifest = {
            "root": {"name": "root", "tests": []},
            "limits": {"time_s": 1, "memory_mb": 128, "output_mb": 1, "code_kb": 64},
            "languages": None,
        }
        (settings.tasks_dir / dataset.content_hash / "dataset.json").write_text(
            json.dumps(manifest)
        )
        dataset.manifest = manifest
        dataset.statement_en, dataset.statement_zh = (
            STATEMENT,
            STATEMENT.replace("Sample Input", "样例输入").replace("Sample Output", "样例输出"),
        )
        await session.commit()
    return site


@pytest.fixture
async def http(
    settings: Settings, committed_db: Database, judged_site: Site, docker_client: Any
) -> AsyncIterator[httpx.AsyncClient]:
    grader = SandboxGrader(settings, docker_client)
    app = create_app(
        settings,
        database=committed_db,
        queue=InProcessQueue(),
        docker_client=docker_client,
        grader=grader,
        languages=LANGUAGES,
        sweep_every_s=None,
    )
    async with strict_client(app) as client:
        yield client
    await grader.close()  # its warm sandboxes


async def _run(
    http: httpx.AsyncClient,
    site: Site,
    language: str,
    source: str,
    stdin: str,
    *,
    partial: bool = False,
) -> httpx.Response:
    token = await csrf_of(http, "/tasks/aplusb")
    headers = {"X-Arena-Partial": "1"} if partial else {}
    response = await http.post(
        f"/tasks/{site.code.id}/run",
        data={"language": language, "source": source, "stdin": stdin, "csrf_token": token},
        headers=headers,
    )
    if partial:  # the page's script puts the JSON's HTML under the button
        assert response.headers["content-type"] == "application/json"
        response._content = response.json()["html"].encode()
    return response


async def _stored(db: Database) -> tuple[int, int, int]:
    async with db.session() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(table))
            for table in (Submission, Judging, Event)
        ]
    return (counts[0] or 0, counts[1] or 0, counts[2] or 0)


async def test_a_cpp_and_a_python_program_run_on_the_typed_input_and_nothing_is_stored(
    http: httpx.AsyncClient, judged_site: Site, users: UserFactory, committed_db: Database
) -> None:
    await log_in(http, (await users()).username)
    before = await _stored(committed_db)
    page = await _run(http, judged_site, "cpp", CPP, "40 2\r\n")
    assert page.status_code == 200, page.text
    assert 'data-run-outcome="ok"' in page.text and "Finished" in page.text
    assert (
        '<pre class="source run-stdout" tabindex="0" aria-labelledby="run-stdout-title">42\n</pre>'
        in page.text
    )
    assert "dbg" in page.text and "Exit code 0" in page.text and "/ 1000 ms" in page.text
    assert "Back to the task" in page.text and 'href="/tasks/aplusb"' in page.text
    part = await _run(http, judged_site, "python3", PYTHON, "6 7\n", partial=True)
    assert part.status_code == 200 and "<html" not in part.text
    assert "42\n</pre>" in part.text and "not a submission" in part.text
    assert await _stored(committed_db) == before  # no submission, no judging, no event


async def test_a_compile_error_shows_the_compilers_message(
    http: httpx.AsyncClient, judged_site: Site, users: UserFactory
) -> None:
    await log_in(http, (await users()).username)
    page = await _run(http, judged_site, "cpp", "int main(){ retur 0; }", "", partial=True)
    assert page.status_code == 200
    assert 'data-run-outcome="CE"' in page.text and "Compilation error" in page.text
    assert "‘retur’ was not declared" in page.text and "/work/" not in page.text


@pytest.mark.parametrize(
    ("language", "source", "outcomes"),
    [
        ("cpp", "int main(){for(;;);}", {"TLE"}),
        (
            "python3",
            "import os\nwhile True:\n    try:\n        os.fork()\n"
            "    except OSError:\n        pass\n",
            {"TLE", "RE"},
        ),
        (
            "python3",
            "import sys\nwhile True:\n    sys.stdout.write('y' * 65536)\n",
            {"TLE", "OLE", "RE"},
        ),
        (
            "cpp",
            "#include <vector>\n"
            "int main(){std::vector<char> v;for(;;)v.resize(v.size()+(1<<24),1);}",
            {"MLE", "RE"},
        ),
    ],
    ids=["infinite-loop", "fork-bomb", "output-flood", "memory-bomb"],
)
async def test_hostile_programs_are_stopped_by_the_tasks_limits(
    http: httpx.AsyncClient,
    judged_site: Site,
    users: UserFactory,
    language: str,
    source: str,
    outcomes: set[str],
) -> None:
    await log_in(http, (await users()).username)
    page = await _run(http, judged_site, language, source, "", partial=True)
    assert page.status_code == 200, page.text
    outcome = page.text.split('data-run-outcome="', 1)[1].split('"', 1)[0]
    assert outcome in outcomes, page.text[:2000]
    assert len(page.content) < 200_000  # a flood is cut to what a page shows
    if "'y'" in source:
        assert "Only the first 64 KiB of" in page.text
    # the sandbox is gone and the next run works
    again = await _run(http, judged_site, "python3", PYTHON, "2 3\n", partial=True)
    assert "6\n</pre>" in again.text


async def test_the_checks_refuse_with_located_messages_in_both_languages(
    http: httpx.AsyncClient, judged_site: Site, users: UserFactory, committed_db: Database
) -> None:
    student = await users()
    anonymous = await http.post(f"/tasks/{judged_site.code.id}/run", data={"stdin": "1"})
    assert anonymous.status_code in (303, 403)  # the login comes first (or the CSRF check)
    await log_in(http, student.username)
    no_token = await http.post(
        f"/tasks/{judged_site.code.id}/run",
        data={"language": "python3", "source": PYTHON, "stdin": "1 2"},
    )
    assert no_token.status_code == 403
    big = await _run(http, judged_site, "python3", PYTHON, "1" * (64 * 1024 + 1))
    assert big.status_code == 400 and "Your input is larger than 64 KiB" in big.text
    empty = await _run(http, judged_site, "python3", "  ", "1 2", partial=True)
    assert empty.status_code == 400 and "Write or paste your program first." in empty.text
    java = await _run(http, judged_site, "java", "class A{}", "", partial=True)
    assert java.status_code == 400 and "is not a language this task accepts" in java.text
    token = await csrf_of(http, "/tasks/aplusb")
    quiz = await http.post(
        f"/tasks/{judged_site.quiz.id}/run",
        data={"language": "python3", "source": PYTHON, "stdin": "", "csrf_token": token},
    )
    assert quiz.status_code == 400 and "Only programming tasks" in quiz.text
    async with committed_db.session() as session:
        flows = await session.scalar(select(Task.id).where(Task.slug == "flows"))
    form = {"language": "python3", "source": PYTHON, "stdin": "", "csrf_token": token}
    locked = await http.post(f"/tasks/{flows}/run", data=form)  # a Professional task
    assert locked.status_code == 403 and "a tier you have not reached yet" in locked.text
    missing = await http.post("/tasks/999999/run", data=form)
    assert missing.status_code == 404 and "No such task." in missing.text
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    zh = await _run(http, judged_site, "python3", PYTHON, "1" * (64 * 1024 + 1))
    assert zh.status_code == 400 and "你的输入超过 64 KiB，请缩短。" in zh.text
    zh_page = (await http.get("/tasks/aplusb")).text
    assert "用我的输入运行" in zh_page and 'data-label-use="用作我的输入"' in zh_page
    assert await _stored(committed_db) == (0, 0, 0)


async def test_past_the_minutes_runs_the_student_is_told_to_wait(
    http: httpx.AsyncClient, judged_site: Site, users: UserFactory
) -> None:
    await log_in(http, (await users()).username)
    for _ in range(4):  # runs_per_minute=4 in these tests' settings
        assert (
            await _run(http, judged_site, "python3", PYTHON, "1 1\n", partial=True)
        ).status_code == 200
    refused = await _run(http, judged_site, "python3", PYTHON, "1 1\n")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "You can run your program 4 times a minute. Wait a moment." in refused.text


async def test_a_coach_may_run_and_the_page_offers_the_run_and_the_samples_buttons(
    http: httpx.AsyncClient, judged_site: Site, users: UserFactory
) -> None:
    await log_in(http, (await users(Role.COACH)).username)
    page = (await http.get("/tasks/aplusb")).text
    assert f'formaction="/tasks/{judged_site.code.id}/run?csrf_token=' in page
    assert '<textarea id="stdin" name="stdin"' in page and "/static/runs.js" in page
    assert 'data-samples data-label-copy="Copy"' in page and "Use as my input" in page
    run = await _run(http, judged_site, "python3", PYTHON, "5 5\n", partial=True)
    assert run.status_code == 200 and "25\n</pre>" in run.text


async def test_a_participant_runs_on_a_contest_task_while_their_time_runs_and_only_then(
    http: httpx.AsyncClient, judged_site: Site, users: UserFactory, committed_db: Database
) -> None:
    world = SimpleNamespace(http=http, users=users, db=committed_db, site=judged_site)
    await _staged(world)  # the a+b task as A of a round running now; the student is in Red
    task = f"{PAGE}/rounds/1/tasks/A"
    page = (await http.get(task)).text
    assert f'formaction="{task}/run?csrf_token=' in page and "Use as my input" in page
    token = await csrf_of(http, task)
    form = {"language": "python3", "source": PYTHON, "stdin": "3 4\n", "csrf_token": token}
    ran = await http.post(f"{task}/run", data=form)
    assert ran.status_code == 200 and "12\n</pre>" in ran.text
    assert f'href="{task}"' in ran.text
    async with committed_db.transaction() as session:  # the round ends
        lab = await session.scalar(select(Round).join(Contest).where(Contest.slug == SLUG))
        assert lab is not None
        lab.ends_at = utcnow() - timedelta(minutes=1)
    over = await http.post(f"{task}/run", data=form, headers={"X-Arena-Partial": "1"})
    assert over.status_code == 400 and "Nothing more is accepted." in over.json()["html"]
    assert await _stored(committed_db) == (0, 0, 0)


async def test_who_does_not_take_part_may_not_run_on_a_contest_task(
    http: httpx.AsyncClient, judged_site: Site, users: UserFactory, committed_db: Database
) -> None:
    world = SimpleNamespace(http=http, users=users, db=committed_db, site=judged_site)
    await _staged(world, entered=False)  # registration is open, but the student has not entered
    task = f"{PAGE}/rounds/1/tasks/A"
    token = await csrf_of(http, PAGE)
    form = {"language": "python3", "source": PYTHON, "stdin": "3 4\n", "csrf_token": token}
    refused = await http.post(f"{task}/run", data=form)
    assert refused.status_code in (403, 404)
    assert "12\n</pre>" not in refused.text
