"""Walk the main pages in Simplified Chinese and find no English left over from the message
catalogue: every text the pages show (text, titles, labels, live-verdict labels) that is a
catalogue message must appear translated."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest
from babel.messages.pofile import read_po
from starlette.applications import Starlette
from starlette.routing import Route

from ictarena import i18n
from ictarena.accounts.models import Role
from ictarena.accounts.services import join_cohort
from ictarena.db import Database
from ictarena.intake.eligibility import still_allowed
from ictarena.submissions.rejudging import create_rejudging
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from ictarena.workers.sandbox_grader import normalise, normalise_lab
from ictjudge.labs.report import ItemResult, LabReport
from ictjudge.texts import Note, Text, note
from ictjudge.wire import CompileResult, GroupResult, Report, TestRun, Verdict
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site, judged, queued

Client = tuple[httpx.AsyncClient, InProcessQueue]
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
PARAM = re.compile(r"{([a-zA-Z_]+)(?::[a-z]+)?}")


class _Texts(HTMLParser):
    """Every piece of text a reader meets: text nodes (not scripts or styles) and the
    attributes that are read out or shown."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (name in SHOWN_ATTRIBUTES or name.startswith("data-label-")):
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data)


def _texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts]


def _catalogue() -> list[tuple[str, re.Pattern[str], list[str]]]:
    """English messages whose Chinese differs, as patterns (placeholders match anything)."""
    with (i18n.DIRECTORY / "zh_Hans" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if not msgid or msgid in strings:
                continue
            parts = PLACEHOLDER.split(msgid)
            plain = [" ".join(p.split()) for p in parts[::2]]
            pattern = ".+?".join(re.escape(p) for p in plain)
            found.append((msgid, re.compile(pattern), [p for p in plain if p.strip()]))
    return found


def _leftovers(html: str, catalogue: list[tuple[str, re.Pattern[str], list[str]]]) -> list[str]:
    texts = _texts(html)
    everything = " ".join(texts)
    left = []
    for msgid, pattern, literals in catalogue:
        # Every literal piece must be on the page before a pattern is worth trying: patterns
        # with several placeholders backtrack for long over a long page.
        if not all(piece in everything for piece in literals):
            continue
        if any(pattern.fullmatch(text.strip(" ·:→←()")) for text in texts):
            left.append(msgid)
        elif len(msgid.split()) >= 4 and pattern.search(everything):
            left.append(msgid)  # a sentence that ended up inside a longer text
    return left


def _reports() -> dict[str, NormalReport]:
    """Reports of every task type, made by the judge's own report types and normalised by the
    platform's own code, so the pages show what real judgings show."""
    reach = Text(en="pc1 and srv3 reach each other", zh="pc1 与 srv3 互相可达")
    neighbours = Text(
        en="r1 and r2 are full OSPF neighbours", zh="r1 与 r2 建立 Full 状态的 OSPF 邻居关系"
    )
    hint = Text(en="Both LANs must be advertised.", zh="两个局域网都必须发布。")
    network = LabReport.from_items(
        [
            ItemResult(title=neighbours, passed=True, points=40, score=40),
            ItemResult(
                title=reach,
                passed=False,
                points=60,
                score=0,
                notes=[
                    note("This counts only once these pass: %(items)s.", items=[neighbours]),
                    Note(text=hint),
                ],
            ),
        ],
        [note("The routers were still changing after %(seconds)s s; the items were checked in "
              "the state they had then.", seconds="20")],
    )  # fmt: skip
    sql = LabReport.from_items(
        [ItemResult(title=Text(en="Query result", zh="查询结果"), passed=False, points=100,
                    score=0, notes=[note("Rows returned: %(got)s; expected: %(expected)s.",
                                         got=2, expected=3),
                                    note("Missing rows: %(rows)s", rows="(Li, 120.5)")])],
        [note("%(where)s failed: %(detail)s", where=note("Your statement"), detail="ERROR")],
    )  # fmt: skip
    linux = LabReport.from_items(
        [ItemResult(title=Text(en="The backup runs every day", zh="备份每天运行"), passed=False,
                    points=10, score=0,
                    notes=[note("Not checked: the files your script left are too large.")])],
    )  # fmt: skip
    wrong = Report(
        verdict=Verdict.WA,
        compile=CompileResult(ok=True),
        runs=[
            TestRun(name="sample/01", group="sample", verdict=Verdict.AC, sample=True),
            TestRun(name="sample/02", group="sample", verdict=Verdict.WA, sample=True,
                    note=note("Wrong answer on line %(line)s: token %(token)s is %(got)s, "
                              "expected %(expected)s.", line=2, token=3, got="'4'",
                              expected="'5'")),
        ],
        groups=[GroupResult(name="sample", verdict=Verdict.WA, score=0, max_score=None,
                            counts=False, skipped=0),
                GroupResult(name="secret", verdict=Verdict.WA, score=0, max_score=100,
                            skipped=4)],
    )  # fmt: skip
    failed = Report(verdict=Verdict.CE, compile=CompileResult(ok=False, message="main.cpp:1: x"))
    return {
        "network": normalise_lab(network),
        "sql": normalise_lab(sql),
        "linux": normalise_lab(linux),
        "code": normalise(wrong),
        "compile": normalise(failed),
    }


def _every_page(app: Starlette, ids: dict[str, object], done: set[str]) -> list[str]:
    """A path for every page of the app: its GET routes, minus streams, the JSON API, files
    and probes; a route with parameters takes them from ``ids``. Fails on a page it cannot
    fill, so a new page joins the walk."""
    paths = []
    for route in app.routes:
        if not isinstance(route, Route) or "GET" not in (route.methods or set()):
            continue
        path = route.path
        if (
            path == "/api"
            or path.startswith(("/api/", "/healthz", "/readyz", "/metrics"))
            or path.endswith(("/events", "/stream", ".csv", "{path:path}"))
        ):
            continue
        if path in done or path in ("/", "/login", "/register"):  # a redirect; anonymous pages
            continue
        filled = PARAM.sub(lambda m: str(ids.get(m.group(1), "?")), path)
        assert "?" not in filled, f"no sample value for a parameter of {path}"
        paths.append(filled)
    return paths


@pytest.mark.usefixtures("stand_in_labs")
async def test_every_page_of_the_journeys_has_no_english_left_in_chinese(
    client: Client, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    users = UserFactory(committed_db.sessionmaker())
    admin, coach, student = await users(Role.ADMIN), await users(Role.COACH), await users()
    cohort = await users.cohort(coach, "数据通信 1 班")
    async with committed_db.session() as session:
        from ictarena.accounts.models import User

        member = await session.get(User, student.id)
        assert member is not None
        await join_cohort(session, member, cohort.invite_code)
        await session.commit()
    reports = _reports()
    code = await judged(committed_db, student.id, site.code, {"main": "x"}, reports["code"], "cpp")
    failed = await judged(
        committed_db, student.id, site.code, {"main": "x"}, reports["compile"], "cpp"
    )
    network = await judged(
        committed_db, student.id, site.network, {"r1.conf": "a", "r2.conf": "b"},
        reports["network"],
    )  # fmt: skip
    sql = await judged(committed_db, student.id, site.sql, {"answer.sql": "x"}, reports["sql"])
    linux = await judged(
        committed_db, student.id, site.linux, {"solution.sh": "x"}, reports["linux"]
    )
    async with committed_db.session() as session:
        actor = await session.get(User, admin.id)
        assert actor is not None
        rejudging, _users = await create_rejudging(
            session, actor, submission_ids=[code, sql], allowed=still_allowed
        )
        await session.commit()
    await log_in(http, student.username)
    token = await csrf_of(http, "/student")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    quiz = await http.post(
        f"/tasks/{site.quiz.id}/submit", data={"answer:mask": "1", "csrf_token": token}
    )
    pending = await queued(committed_db, student.id, site.code, {"main": "x"})
    student_pages = [
        "/student", "/tasks", "/tasks?status=solved&type=quiz", "/tasks?type=network",
        "/tasks/aplusb", "/tasks/net-basics", "/tasks/top-customers", "/tasks/ospf-pair",
        "/tasks/users-cron", "/submissions", "/submissions?verdict=AC", f"/submissions/{code}",
        f"/submissions/{failed}", f"/submissions/{network}", f"/submissions/{sql}",
        f"/submissions/{linux}", quiz.headers["location"], f"/submissions/{pending}",
        "/progress",
    ]  # fmt: skip
    coach_pages = [
        "/coach", f"/coach/cohorts/{cohort.id}", "/coach/progress",
        f"/coach/students/{student.id}/submissions", f"/submissions/{network}",
    ]  # fmt: skip
    admin_pages = [
        "/admin", "/admin/users", "/admin/problems", "/admin/fleet", "/admin/rejudgings",
        f"/admin/rejudgings/{rejudging.id}", "/no/such/page",
    ]  # fmt: skip
    app = http._transport.app  # type: ignore[attr-defined]
    ids = {
        "id": code, "slug": site.code.slug, "cohort_id": cohort.id, "user_id": student.id,
        "position": 1, "label": "A", "participation": 1,
    }  # fmt: skip
    visited = {*student_pages, *coach_pages, *admin_pages}
    admin_pages += [p for p in _every_page(app, ids, set()) if p not in visited]
    for who in (coach, admin):
        http.cookies.clear()
        await log_in(http, who.username)
        token = await csrf_of(http, "/coach")
        await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    catalogue = _catalogue()
    found: dict[str, list[str]] = {}
    pages: dict[str, str] = {}
    seen = 0
    for who, paths in ((student, student_pages), (coach, coach_pages), (admin, admin_pages)):
        http.cookies.clear()
        await log_in(http, who.username)  # the account remembers Chinese
        for path in paths:
            response = await http.get(path)
            assert response.status_code in (200, 404), path
            assert '<html lang="zh-Hans">' in response.text, path
            pages[f"{who.username}:{path}"] = response.text
            seen += len(_texts(response.text))
            left = _leftovers(response.text, catalogue)
            if left:
                found[f"{who.username}:{path}"] = left
    http.cookies.clear()
    for path in ("/login", "/register"):
        response = await http.get(path, headers={"Accept-Language": "zh-CN"})
        left = _leftovers(response.text, catalogue)
        if left:
            found[path] = left
    assert found == {}, found
    assert seen > 800  # the walk really read the pages
    # The reports speak the reader's language: the task's titles and hints, the judge's notes.
    lab = " ".join(_texts(pages[f"{student.username}:/submissions/{network}"]))
    assert "r1 与 r2 建立 Full 状态的 OSPF 邻居关系" in lab and "两个局域网都必须发布。" in lab
    assert "r1 and r2 are full OSPF neighbours" not in lab and "Both LANs" not in lab
    query = " ".join(_texts(pages[f"{student.username}:/submissions/{sql}"]))
    assert "查询结果" in query and "(Li, 120.5)" in query
    wrong = " ".join(_texts(pages[f"{student.username}:/submissions/{code}"]))
    assert "'4'" in wrong and "'5'" in wrong
    preview = " ".join(_texts(pages[f"{admin.username}:/admin/rejudgings/{rejudging.id}"]))
    home = " ".join(_texts(pages[f"{student.username}:/student"]))
    token_ = i18n.current_locale.set("zh_Hans")
    try:
        after, prerequisite = (
            i18n.pgettext("rejudging", "After"),
            i18n.pgettext("prerequisite", "After"),
        )
    finally:
        i18n.current_locale.reset(token_)
    assert after in preview and prerequisite not in preview
    assert prerequisite in home


def test_the_check_finds_a_leftover() -> None:
    catalogue = _catalogue()
    page = "<p>我的路径</p><button>Submit</button><p title='Skip to content'>x</p>"
    assert set(_leftovers(page, catalogue)) == {"Submit", "Skip to content"}
    assert _leftovers("<p>用户名</p><p>Zhou Min</p>", catalogue) == []
    assert "Your tier: %(tier)s · %(solved)s of %(num)s tasks solved" in _leftovers(
        "<p>Your tier: 工程师级 · 0 of 3 tasks solved</p>", catalogue
    )
