"""The task list shows how everyone fares on each task (students who solved it, the share of
judged practice submissions accepted) from the per-task cache in one query, and finds tasks by
a piece of their English or Chinese title or slug, with the other filters."""

from __future__ import annotations

import re

import httpx
import pytest

from ictarena.accounts.models import Role
from ictarena.catalog.listing import listed_tasks
from ictarena.db import Database
from ictarena.leaderboards.models import TaskStat
from ictarena.leaderboards.popularity import Popularity
from ictarena.settings import Settings
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, log_in
from tests.arena.pages import Site, add_task, build_site, counting, judged

Client = tuple[httpx.AsyncClient, InProcessQueue]
ACCEPTED = NormalReport("AC", 100.0, 100.0, [], {})
WRONG = NormalReport("WA", 0.0, 100.0, [], {})
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


def _row(page: str, slug: str) -> list[str]:
    """The text of each cell of the task list's row for ``slug``."""
    for row in page.split("<tr")[1:]:
        if f'href="/tasks/{slug}"' in row or f">Task {slug}<" in row:
            return [TAG.sub("", cell).strip() for cell in CELL.findall(row)]
    raise AssertionError(f"no row for {slug}")


def _listed(page: str) -> set[str]:
    return set(re.findall(r'href="/tasks/([a-z0-9-]+)"', page))


async def _stats(db: Database, *stats: TaskStat) -> None:
    async with db.session() as session:
        session.add_all(stats)
        await session.commit()


@pytest.mark.parametrize(
    ("figures", "shown"),
    [
        ((0, 0, 0), None),
        ((1, 3, 1), 33),
        ((2, 3, 2), 67),
        ((5, 5, 5), 100),
        ((1, 200, 1), 0),  # 0.5 % rounds to 0 %, it is not "none judged"
    ],
    ids=["none-judged", "a-third", "two-thirds", "all", "almost-none"],
)
def test_the_acceptance_rate_is_a_whole_percentage_or_nothing(
    figures: tuple[int, int, int], shown: int | None
) -> None:
    assert Popularity(*figures).acceptance == shown


async def test_each_row_shows_its_solvers_and_its_acceptance_rate(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    await _stats(
        committed_db,
        TaskStat(task_id=site.code.id, attempted=4, solved=3, submissions=8, accepted=3),
        TaskStat(task_id=site.sql.id, attempted=1, solved=0, submissions=2, accepted=0),
    )
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks")).text
    assert "Solved by" in page and "Acceptance" in page
    assert _row(page, site.code.slug)[-2:] == ["3", "38%"]
    assert _row(page, site.sql.slug)[-2:] == ["0", "0%"]
    never = _row(page, site.quiz.slug)[-2:]  # no TaskStat row at all
    assert never[0] == "0" and never[1].startswith("—") and "38%" not in never[1]


async def test_the_figures_show_in_chinese_too(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    await _stats(
        committed_db,
        TaskStat(task_id=site.code.id, attempted=2, solved=2, submissions=4, accepted=3),
    )
    await log_in(http, (await users()).username)
    page = (await http.get("/tasks", headers={"Accept-Language": "zh-CN"})).text
    assert 'lang="zh' in page
    assert _row(page, site.code.slug)[-2:] == ["2", "75%"]


async def test_the_figures_of_every_task_come_in_one_query(
    client: Client,
    users: UserFactory,
    site: Site,
    committed_db: Database,
    settings: Settings,
) -> None:
    http, _queue = client
    await log_in(http, (await users()).username)
    async with committed_db.session() as session:
        for i in range(25):
            task = await add_task(
                session, settings.tasks_dir, site.modules[0], f"more-{i}", "code", {}
            )
            session.add(TaskStat(task_id=task.id, solved=i, submissions=2 * i, accepted=i))
        await session.commit()
    with counting(committed_db) as statements:
        page = (await http.get("/tasks")).text
    assert len([s for s in statements if "task_stats" in s]) == 1
    assert _row(page, "more-24")[-2:] == ["24", "50%"]


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("APLUS", {"aplusb"}),  # the slug, and the English title, in any case
        ("task top", {"top-customers"}),  # the English title "Task top-customers"
        ("题目 ospf", {"ospf-pair"}),  # the Chinese title "题目 ospf-pair"
        ("  users-cron  ", {"users-cron"}),  # surrounding spaces do not count
        ("%", set()),  # no wildcard: no title holds a percent sign
        ("_", set()),
        ("nothing-like-this", set()),
    ],
    ids=[
        "slug-any-case",
        "english-title",
        "chinese-title",
        "spaces",
        "percent",
        "underscore",
        "none",
    ],
)
async def test_the_search_finds_a_piece_of_a_title_or_slug(
    client: Client, users: UserFactory, site: Site, search: str, found: set[str]
) -> None:
    http, _queue = client
    await log_in(http, (await users(Role.COACH)).username)  # a coach sees every tier, unlocked
    response = await http.get("/tasks", params={"search": search})
    assert response.status_code == 200
    assert _listed(response.text) == found
    assert f'value="{search.strip()}"' in response.text  # the box keeps what was searched
    assert 'href="/tasks">' in response.text  # and the filters can be cleared


async def test_the_search_finds_chinese_words_and_combines_with_the_filters(
    client: Client, users: UserFactory, site: Site, committed_db: Database, settings: Settings
) -> None:
    http, _queue = client
    async with committed_db.session() as session:
        task = await add_task(session, settings.tasks_dir, site.modules[0], "sp", "code", {})
        task.title_en, task.title_zh = "Shortest Paths", "最短路径"
        quiz = await add_task(session, settings.tasks_dir, site.modules[5], "spq", "quiz", {})
        quiz.title_en, quiz.title_zh = "Shortest paths quiz", "最短路径测验"
        await session.commit()
    await log_in(http, (await users(Role.COACH)).username)
    assert _listed((await http.get("/tasks?search=路径")).text) == {"sp", "spq"}
    assert _listed((await http.get("/tasks?search=shortest+PATHS")).text) == {"sp", "spq"}
    assert _listed((await http.get("/tasks?search=路径&type=quiz")).text) == {"spq"}
    assert _listed((await http.get("/tasks?search=路径&type=network")).text) == set()


async def test_a_hostile_search_is_shown_escaped_and_cut(
    client: Client, users: UserFactory, site: Site
) -> None:
    http, _queue = client
    await log_in(http, (await users()).username)
    response = await http.get("/tasks", params={"search": '"><script>alert(1)</script>'})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&#34;&gt;&lt;script&gt;" in response.text
    long = await http.get("/tasks", params={"search": "路" * 5000})
    assert long.status_code == 200 and 'value="' + "路" * 100 + '"' in long.text


async def test_the_catalogue_search_escapes_wildcards_on_every_database(
    any_db: Database, settings: Settings
) -> None:
    site = await build_site(any_db, settings.tasks_dir)
    async with any_db.session() as session:
        task = await add_task(session, settings.tasks_dir, site.modules[0], "pct", "code", {})
        task.title_en, task.title_zh = "100% coverage_test", "百分之百覆盖"
        await session.commit()
        found = {
            row.task.slug
            for row in await listed_tasks(session, visible_only=False, search="0% COVERAGE_")
        }
        by_chinese = await listed_tasks(session, visible_only=False, search="之百")
        assert [row.task.slug for row in by_chinese] == ["pct"]
    assert found == {"pct"}


async def test_recorded_practice_verdicts_feed_the_figures(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    """The figures come from the cache that recording keeps: two students solve the task (one
    after a wrong answer), a third only fails it: 2 solvers, 2 of 4 judged submissions."""
    http, _queue = client
    solver, second, failer = await users(), await users(), await users()
    files = {"main.cpp": "int main(){}"}
    await judged(committed_db, solver.id, site.code, files, ACCEPTED, "cpp")
    await judged(committed_db, second.id, site.code, files, WRONG, "cpp")
    await judged(committed_db, second.id, site.code, files, ACCEPTED, "cpp")
    await judged(committed_db, failer.id, site.code, files, WRONG, "cpp")
    await log_in(http, failer.username)
    page = (await http.get("/tasks")).text
    assert _row(page, site.code.slug)[-2:] == ["2", "50%"]
    assert _row(page, site.code.slug)[0] == "Attempted"  # the viewer's own standing still shows
