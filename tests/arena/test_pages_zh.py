"""Walk the main pages in Simplified Chinese and find no English left over from the message
catalogue: every text the pages show (text, titles, labels, live-verdict labels) that is a
catalogue message must appear translated."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
from babel.messages.pofile import read_po

from ictarena import i18n
from ictarena.accounts.models import Role
from ictarena.accounts.services import join_cohort
from ictarena.db import Database
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site, judged, queued

Client = tuple[httpx.AsyncClient, InProcessQueue]
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


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


def _catalogue() -> list[tuple[str, re.Pattern[str]]]:
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
            literal = [re.escape(" ".join(p.split())) for p in parts[::2]]
            pattern = ".+?".join(literal)
            found.append((msgid, re.compile(pattern)))
    return found


def _leftovers(html: str, catalogue: list[tuple[str, re.Pattern[str]]]) -> list[str]:
    texts = _texts(html)
    everything = " ".join(texts)
    left = []
    for msgid, pattern in catalogue:
        if any(pattern.fullmatch(text.strip(" ·:→←()")) for text in texts):
            left.append(msgid)
        elif len(msgid.split()) >= 4 and pattern.search(everything):
            left.append(msgid)  # a sentence that ended up inside a longer text
    return left


async def test_the_main_pages_have_no_english_left_in_chinese(
    client: Client, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    users = UserFactory(committed_db.sessionmaker())
    admin, student = await users(Role.ADMIN), await users()
    cohort = await users.cohort(admin, "数据通信 1 班")
    async with committed_db.session() as session:
        from ictarena.accounts.models import User

        member = await session.get(User, student.id)
        assert member is not None
        await join_cohort(session, member, cohort.invite_code)
        await session.commit()
    wrong = NormalReport(
        "WA", 0.0, 100.0,
        [{"name": "sample/01", "verdict": "AC", "cpu_ms": 1.0, "visible": True},
         {"name": "secret/01", "verdict": "WA", "cpu_ms": 1.0, "visible": False}],
        {"compile": {"ok": False, "message": "main.cpp:1: error"},
         "groups": [{"name": "secret", "verdict": "WA", "score": 0, "max_score": 100}]},
    )  # fmt: skip
    code = await judged(committed_db, student.id, site.code, {"main": "x"}, wrong, "cpp")
    lab = NormalReport(
        "PA", 40.0, 100.0,
        [{"name": "reach", "verdict": "WA", "score": 0.0, "max_score": 60.0, "visible": True}],
        {"message": "r1.conf:1: syntax"},
    )  # fmt: skip
    network = await judged(
        committed_db, student.id, site.network, {"r1.conf": "a", "r2.conf": "b"}, lab
    )
    await log_in(http, student.username)
    token = await csrf_of(http, "/student")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    quiz = await http.post(
        f"/tasks/{site.quiz.id}/submit", data={"answer:mask": "1", "csrf_token": token}
    )
    pending = await queued(committed_db, student.id, site.code, {"main": "x"})
    student_pages = [
        "/student", "/tasks", "/tasks?status=solved&type=quiz", "/tasks/aplusb",
        "/tasks/net-basics", "/tasks/top-customers", "/tasks/ospf-pair", "/tasks/users-cron",
        "/submissions",
        "/submissions?verdict=AC", f"/submissions/{code}", f"/submissions/{network}",
        quiz.headers["location"], f"/submissions/{pending}", "/progress",
    ]  # fmt: skip
    http.cookies.clear()
    await log_in(http, admin.username)
    token = await csrf_of(http, "/admin")
    await http.post("/lang", data={"locale": "zh_Hans", "csrf_token": token})
    admin_pages = [
        "/coach", f"/coach/cohorts/{cohort.id}", "/coach/progress",
        f"/coach/students/{student.id}/submissions", "/admin", "/admin/users",
        "/admin/problems", "/admin/fleet", "/admin/rejudgings", "/no/such/page",
    ]  # fmt: skip
    catalogue = _catalogue()
    found: dict[str, list[str]] = {}
    seen = 0
    for who, pages in ((student, student_pages), (admin, admin_pages)):
        http.cookies.clear()
        await log_in(http, who.username)  # the account remembers Chinese
        for path in pages:
            response = await http.get(path)
            assert response.status_code in (200, 404), path
            assert '<html lang="zh-Hans">' in response.text, path
            seen += len(_texts(response.text))
            left = _leftovers(response.text, catalogue)
            if left:
                found[path] = left
    http.cookies.clear()
    for path in ("/login", "/register"):
        response = await http.get(path, headers={"Accept-Language": "zh-CN"})
        left = _leftovers(response.text, catalogue)
        if left:
            found[path] = left
    assert found == {}, found
    assert seen > 500  # the walk really read the pages


def test_the_check_finds_a_leftover() -> None:
    catalogue = _catalogue()
    page = "<p>我的路径</p><button>Submit</button><p title='Skip to content'>x</p>"
    assert set(_leftovers(page, catalogue)) == {"Submit", "Skip to content"}
    assert _leftovers("<p>用户名</p><p>Zhou Min</p>", catalogue) == []
    assert "Your tier: %(tier)s · %(solved)s of %(total)s tasks solved" in _leftovers(
        "<p>Your tier: 工程师级 · 0 of 3 tasks solved</p>", catalogue
    )
