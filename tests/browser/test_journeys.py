"""What people do every day, in a real browser against the real stack."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LAPTOP, PHONE, ROOT, Server, shot, shots

pytestmark = [pytest.mark.browser, pytest.mark.docker]
TASK = ROOT / "problem_sets" / "programming" / "subnet-mask"
EDITOR = "form.code-form .cm-content"


def _log_in(page: Any, server: Server, username: str, password: str) -> None:
    page.goto(server.url + "/login")
    page.fill("#f-username", username)
    page.fill("#f-password", password)
    page.click("form button.primary")
    page.wait_for_load_state()


def _type_in_editor(page: Any, text: str) -> None:
    """Replace the editor's text the way a student would paste it."""
    page.click(EDITOR)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.locator(EDITOR).fill(text)


def test_cohort_registration_language_and_live_verdicts(server: Server, browser: Any) -> None:
    admin = browser.new_page(viewport=LAPTOP)
    _log_in(admin, server, "admin", server.admin_password)
    admin.goto(server.url + "/coach")
    admin.fill("#cohort-name", "Datacom 2026")
    admin.click("text=Create cohort")
    code = admin.inner_text("code.invite")
    shot(admin, "coach-cohorts")
    admin.close()

    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.goto(server.url + "/register")
    page.fill("#f-invite_code", code)
    page.fill("#f-username", "zhou.min")
    page.fill("#f-display_name", "Zhou Min")
    page.fill("#f-password", "a-good-password")
    page.fill("#f-password2", "a-good-password")
    page.click("form button.primary")
    assert page.inner_text("h1") == "My path"
    assert page.locator(".stop-current").count() >= 1  # the student's tier is marked
    assert page.locator(".stop-locked .icon-lock").count() >= 1  # higher tiers are locked
    shot(page, "student-home-phone")

    page.select_option("#lang-select", "zh_Hans")
    page.click("header form.lang button")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "我的路径"
    shot(page, "student-home-zh-phone")
    page.select_option("#lang-select", "en")
    page.click("header form.lang button")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "My path"

    page.set_viewport_size(LAPTOP)
    wrong = next((TASK / "solutions" / "wrong_answer").glob("*.py")).read_text()
    right = next((TASK / "solutions" / "accepted").glob("*.py")).read_text()
    page.goto(server.url + "/tasks/subnet-mask")
    page.select_option("#language", "python3")
    live = 0
    for source, expected in ((wrong, "WA"), (right, "AC")):
        page.goto(server.url + "/tasks/subnet-mask")
        assert page.input_value("#language") == "python3"  # remembered per task
        _type_in_editor(page, source)
        assert page.input_value("#source") == source  # the form field follows the editor
        page.click("form.code-form button.primary")
        page.wait_for_url("**/submissions/*")
        followed = page.locator("script[src='/static/live.js']").count() == 1
        live += followed
        page.wait_for_selector(f"#verdict.verdict-{expected}", timeout=60_000)
        if followed:  # the page was rendered before the verdict: it arrives over the stream
            page.wait_for_function(
                "document.getElementById('announce').textContent.includes('Judging finished')"
            )
        page.wait_for_selector("#runs tbody tr:not(.empty)")
        assert page.get_attribute("#announce", "aria-live") == "polite"
        shots(page, f"submission-{expected}")
    assert live >= 1  # judging takes longer than a page load: verdicts arrive while watched
    page.goto(server.url + "/submissions")
    assert page.locator("table tbody tr").count() == 2
    shots(page, "my-submissions")
    page.goto(server.url + "/progress")
    assert page.locator("svg.radar").count() == 1
    shots(page, "progress")
    context.close()


def test_the_draft_survives_a_reload(server: Server, browser: Any) -> None:
    page = browser.new_page(viewport=LAPTOP)
    _log_in(page, server, "admin", server.admin_password)
    page.goto(server.url + "/tasks/subnet-mask")
    page.select_option("#language", "cpp")
    _type_in_editor(page, "int main() {\n    return 0;\n}")
    page.reload()
    assert page.input_value("#source") == "int main() {\n    return 0;\n}"
    assert "return 0;" in page.inner_text(EDITOR)
    assert page.locator(".cm-editor .tok-keyword, .cm-editor span[class]").count() > 0  # colours
    shots(page, "task-page")
    page.close()


def test_the_task_page_works_without_javascript(server: Server, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=LAPTOP)
    page = context.new_page()
    _log_in(page, server, "admin", server.admin_password)
    page.goto(server.url + "/tasks/subnet-mask")
    assert page.locator("textarea#source").is_visible()
    page.select_option("#language", "python3")
    page.fill("#source", next((TASK / "solutions" / "accepted").glob("*.py")).read_text())
    page.click("form.code-form button.primary")
    page.wait_for_url("**/submissions/*")
    assert page.locator("#verdict").count() == 1
    context.close()


def test_a_student_answers_a_quiz(server: Server, browser: Any) -> None:
    page = browser.new_page(viewport=LAPTOP)
    _log_in(page, server, "admin", server.admin_password)
    page.goto(server.url + "/tasks?type=quiz")
    page.click("table a >> nth=0")
    questions = page.locator("fieldset.question")
    asked = questions.count()
    assert asked >= 10
    for index in range(asked):  # answer something for every question
        question = questions.nth(index)
        choice = question.locator("input[type=radio], input[type=checkbox]")
        if choice.count():
            choice.first.check()
        else:
            question.locator("input").first.fill("42")
    shots(page, "quiz")
    page.click("form.quiz button.primary")
    page.wait_for_url("**/submissions/*")
    verdict = page.inner_text("#verdict").strip()
    assert verdict in {"AC", "PA", "WA"}
    assert page.locator("ol.review li").count() == asked  # every question, reviewed
    assert page.locator("ol.review li.wrong").count() >= 1  # "42" is not every answer
    shots(page, "quiz-result")
    page.close()


def _register(browser: Any, server: Server, code: str, username: str, name: str) -> Any:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(server.url + "/register?code=" + code)
    page.fill("#f-username", username)
    page.fill("#f-display_name", name)
    page.fill("#f-password", "a-good-password")
    page.fill("#f-password2", "a-good-password")
    page.click("form button.primary")
    page.wait_for_load_state()
    return context


def test_a_coach_exports_the_progress_table(server: Server, browser: Any) -> None:
    context = browser.new_context(accept_downloads=True, viewport=LAPTOP)
    page = context.new_page()
    _log_in(page, server, "admin", server.admin_password)
    page.goto(server.url + "/coach")
    page.fill("#cohort-name", "Export class")
    page.click("text=Create cohort")
    code = page.inner_text("tr:has-text('Export class') code.invite")
    _register(browser, server, code, "li.lei", "Li Lei").close()
    student = _register(browser, server, code, "han.mei", "韩梅")
    quiz = student.new_page()
    quiz.goto(server.url + "/tasks?type=quiz")
    quiz.click("table a >> nth=0")
    quiz.locator("fieldset.question input[type=radio]").first.check()
    quiz.click("form.quiz button.primary")
    quiz.wait_for_url("**/submissions/*")
    student.close()

    page.goto(server.url + "/coach/progress")
    page.select_option("select[name=cohort]", label="Export class")
    page.click("form.filters button.primary")
    page.wait_for_load_state()
    assert page.locator("table.progress-table tbody tr").count() == 2
    page.click("th >> text=Last activity")
    assert page.get_attribute("th:has-text('Last activity')", "aria-sort") == "ascending"
    page.click("th >> text=Last activity")
    assert page.get_attribute("th:has-text('Last activity')", "aria-sort") == "descending"
    first = page.inner_text("table.progress-table tbody tr >> nth=0")
    assert "韩梅" in first  # the one who practised comes first
    shots(page, "coach-progress")
    page.click("table.progress-table tbody a >> text=韩梅")
    assert page.locator("table tbody tr").count() == 1  # her submission, as her coach sees it
    page.goto(server.url + "/coach/progress")
    page.select_option("select[name=cohort]", label="Export class")
    page.click("form.filters button.primary")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    content = Path(download.value.path()).read_bytes()
    assert content.startswith("\ufeff".encode()) and b"username,name,solved" in content
    assert b"li.lei" in content and "韩梅".encode() in content
    context.close()


PACKAGE = {
    "task.yaml": """\
id: browser-echo
type: code
title: {en: Echo the router name, zh: 回显路由器名}
track: programming
module: {id: browser-basics, title: {en: Uploaded tasks, zh: 上传的题目}, tier: associate}
competencies: [logical_reasoning]
limits: {time_s: 1}
""",
    "statement/en.md": "Print the line you read, **unchanged**.\n",
    "statement/zh.md": "原样输出读到的一行。\n",
    "data/sample/01.in": "r1\n",
    "data/sample/01.ans": "r1\n",
    "data/secret/01.in": "core-router-7\n",
    "data/secret/01.ans": "core-router-7\n",
    "solutions/accepted/echo.py": "print(input())\n",
}


def test_an_admin_uploads_a_problem_zip(server: Server, browser: Any, tmp_path: Path) -> None:
    archive = tmp_path / "browser-echo.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name, text in PACKAGE.items():
            out.writestr(f"browser-echo/{name}", text)
    page = browser.new_page(viewport=LAPTOP)
    _log_in(page, server, "admin", server.admin_password)
    page.goto(server.url + "/admin/problems")
    page.set_input_files("#pk-file", str(archive))
    page.click("form button.primary")
    page.wait_for_load_state()
    report = page.inner_text("[role=status]")
    assert "Imported." in report and "browser-echo" in report and "new task" in report
    shots(page, "admin-problems")
    page.goto(server.url + "/tasks?module=browser-basics")
    page.click("text=Echo the router name")
    assert "unchanged" in page.inner_text("article.statement")
    page.goto(server.url + "/admin/fleet")
    assert page.inner_text("h1") == "Judge fleet"
    shots(page, "admin-fleet")
    page.close()


def test_the_main_pages_in_chinese(server: Server, browser: Any) -> None:
    context = browser.new_context(viewport=LAPTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(server.url + "/login")
    assert page.inner_text("h1") == "登录"  # the browser's language, before any choice
    _log_in(page, server, "admin", server.admin_password)
    expected = {
        "/student": "我的路径",
        "/tasks": "题目",
        "/tasks/subnet-mask": "子网计算器",
        "/progress": "我的进度",
        "/coach": "班级",
        "/admin": "管理",
    }
    for path, heading in expected.items():
        page.goto(server.url + path)
        assert page.inner_text("h1") == heading, path
        assert page.get_attribute("html", "lang") == "zh-Hans"
        shots(page, "zh" + path.replace("/", "-"))
    page.goto(server.url + "/tasks")
    assert "题目" in page.inner_text("thead")
    context.close()


def test_keyboard_and_screen_reader_basics(server: Server, browser: Any) -> None:
    page = browser.new_page(viewport=LAPTOP)
    _log_in(page, server, "admin", server.admin_password)
    unnamed: dict[str, list[str]] = {}
    for path in ("/student", "/tasks", "/tasks/subnet-mask", "/submissions", "/progress",
                 "/coach", "/coach/progress", "/admin/users", "/admin/problems"):  # fmt: skip
        page.goto(server.url + path)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip", path
        assert page.locator("header, nav, main, footer").count() >= 4, path
        missing = page.evaluate(
            """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, '
                  + 'textarea:not([hidden]), button, [contenteditable=true]'))
                .filter(el => el.offsetParent !== null)
                .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                        && !el.getAttribute('aria-labelledby') && !el.textContent.trim()
                        && !el.getAttribute('title'))
                .map(el => el.outerHTML.slice(0, 80))"""
        )
        if missing:
            unnamed[path] = missing
    assert unnamed == {}
    page.goto(server.url + "/tasks/subnet-mask")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()
