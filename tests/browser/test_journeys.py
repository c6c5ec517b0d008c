"""What people do every day, in a real browser against the real stack."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    DESKTOP,
    LAPTOP,
    PHONE,
    ROOT,
    Server,
    check_page,
    log_in,
    register,
    shot,
    shots,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.docker]
TASK = ROOT / "problem_sets" / "programming" / "subnet-mask"
EDITOR = "form.code-form .cm-content"


def _type_in_editor(page: Any, text: str) -> None:
    """Replace the editor's text the way a student would paste it."""
    page.click(EDITOR)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.locator(EDITOR).fill(text)


def test_cohort_registration_language_and_live_verdicts(server: Server, browser: Any) -> None:
    admin = browser.new_page(viewport=LAPTOP)
    log_in(admin, server, "admin", server.admin_password)
    visit(admin, server.url + "/coach")
    admin.fill("#cohort-name", "Datacom 2026")
    admin.click("text=Create cohort")
    check_page(admin)
    code = admin.inner_text("code.invite")
    shot(admin, "coach-cohorts")
    admin.close()

    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    visit(page, server.url + "/register")
    page.fill("#f-invite_code", code)
    page.fill("#f-username", "zhou.min")
    page.fill("#f-display_name", "Zhou Min")
    page.fill("#f-password", "a-good-password")
    page.fill("#f-password2", "a-good-password")
    page.click("form button.primary")
    check_page(page)
    assert page.inner_text("h1") == "My path"
    assert page.locator(".stop-current").count() >= 1  # the student's tier is marked
    assert page.locator(".stop-locked .icon-lock").count() >= 1  # higher tiers are locked
    shot(page, "student-home-phone")

    page.select_option("#lang-select", "zh_Hans")
    page.click("header form.lang button")
    check_page(page)
    assert page.inner_text("h1") == "我的路径"
    shot(page, "student-home-zh-phone")
    page.select_option("#lang-select", "en")
    page.click("header form.lang button")
    check_page(page)
    assert page.inner_text("h1") == "My path"

    page.set_viewport_size(LAPTOP)
    wrong = next((TASK / "solutions" / "wrong_answer").glob("*.py")).read_text()
    right = next((TASK / "solutions" / "accepted").glob("*.py")).read_text()
    visit(page, server.url + "/tasks/subnet-mask")
    page.select_option("#language", "python3")
    live = 0
    for source, expected in ((wrong, "WA"), (right, "AC")):
        visit(page, server.url + "/tasks/subnet-mask")
        assert page.input_value("#language") == "python3"  # remembered per task
        _type_in_editor(page, source)
        assert page.input_value("#source") == source  # the form field follows the editor
        page.click("form.code-form button.primary")
        page.wait_for_url("**/submissions/*")
        check_page(page)
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
    visit(page, server.url + "/submissions")
    assert page.locator("table tbody tr").count() == 2
    shots(page, "my-submissions")
    visit(page, server.url + "/progress")
    assert page.locator("svg.radar").count() == 1
    shots(page, "progress")
    context.close()


def test_the_draft_survives_a_reload(server: Server, browser: Any) -> None:
    page = browser.new_page(viewport=LAPTOP)
    log_in(page, server, "admin", server.admin_password)
    visit(page, server.url + "/tasks/subnet-mask")
    page.select_option("#language", "cpp")
    _type_in_editor(page, "int main() {\n    return 0;\n}")
    page.reload()
    check_page(page)
    assert page.input_value("#source") == "int main() {\n    return 0;\n}"
    assert "return 0;" in page.inner_text(EDITOR)
    assert page.locator(".cm-editor .tok-keyword, .cm-editor span[class]").count() > 0  # colours
    page.set_viewport_size(DESKTOP)  # a 1366 px laptop: the statement and the editor get room
    statement, editor = (page.locator(s).bounding_box() for s in ("article.statement", ".solve"))
    assert statement and editor and editor["width"] > statement["width"] >= 560, (statement, editor)
    assert statement["width"] + editor["width"] >= 0.9 * DESKTOP["width"]
    page.set_viewport_size(LAPTOP)
    shots(page, "task-page")
    page.close()


def test_the_task_page_works_without_javascript(server: Server, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=LAPTOP)
    page = context.new_page()
    log_in(page, server, "admin", server.admin_password)
    visit(page, server.url + "/tasks/subnet-mask")
    assert page.locator("textarea#source").is_visible()
    page.select_option("#language", "python3")
    page.fill("#source", next((TASK / "solutions" / "accepted").glob("*.py")).read_text())
    page.click("form.code-form button.primary")
    page.wait_for_url("**/submissions/*")
    check_page(page)
    assert page.locator("#verdict").count() == 1
    context.close()


def test_a_student_answers_a_quiz(server: Server, browser: Any) -> None:
    page = browser.new_page(viewport=LAPTOP)
    log_in(page, server, "admin", server.admin_password)
    visit(page, server.url + "/tasks?type=quiz")
    page.click("table a >> nth=0")
    check_page(page)
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
    check_page(page)
    verdict = page.inner_text("#verdict").strip()
    assert verdict in {"AC", "PA", "WA"}
    assert page.locator("ol.review li").count() == asked  # every question, reviewed
    assert page.locator("ol.review li.wrong").count() >= 1  # "42" is not every answer
    shots(page, "quiz-result")
    page.close()


def _register(browser: Any, server: Server, code: str, username: str, name: str) -> Any:
    context = browser.new_context(viewport=LAPTOP)
    register(context.new_page(), server, code, username, name)
    return context


def test_a_coach_exports_the_progress_table(server: Server, browser: Any) -> None:
    context = browser.new_context(accept_downloads=True, viewport=LAPTOP)
    page = context.new_page()
    log_in(page, server, "admin", server.admin_password)
    visit(page, server.url + "/coach")
    page.fill("#cohort-name", "Export class")
    page.click("text=Create cohort")
    check_page(page)
    code = page.inner_text("tr:has-text('Export class') code.invite")
    _register(browser, server, code, "li.lei", "Li Lei").close()
    student = _register(browser, server, code, "han.mei", "韩梅")
    quiz = student.new_page()
    visit(quiz, server.url + "/tasks?type=quiz")
    quiz.click("table a >> nth=0")
    check_page(quiz)
    quiz.locator("fieldset.question input[type=radio]").first.check()
    quiz.click("form.quiz button.primary")
    quiz.wait_for_url("**/submissions/*")
    check_page(quiz)
    student.close()

    visit(page, server.url + "/coach/progress")
    page.select_option("select[name=cohort]", label="Export class")
    page.click("form.filters button.primary")
    check_page(page)
    assert page.locator("table.progress-table tbody tr").count() == 2
    page.click("th >> text=Last activity")
    assert page.get_attribute("th:has-text('Last activity')", "aria-sort") == "ascending"
    page.click("th >> text=Last activity")
    assert page.get_attribute("th:has-text('Last activity')", "aria-sort") == "descending"
    first = page.inner_text("table.progress-table tbody tr >> nth=0")
    assert "韩梅" in first  # the one who practised comes first
    shots(page, "coach-progress")
    page.click("table.progress-table tbody a >> text=韩梅")
    check_page(page)
    # her submission, as her coach sees it (under today's quiz attempts, when she has some)
    assert page.locator(".table-wrap.card > table > tbody > tr").count() == 1
    visit(page, server.url + "/coach/progress")
    page.select_option("select[name=cohort]", label="Export class")
    page.click("form.filters button.primary")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    content = Path(download.value.path()).read_bytes()
    assert content.startswith("\ufeff".encode()) and b'"Username","Name","Solved"' in content
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
    log_in(page, server, "admin", server.admin_password)
    visit(page, server.url + "/admin/problems")
    page.set_input_files("#pk-file", str(archive))
    page.click("form button.primary")
    check_page(page)
    report = page.inner_text("div.notice[role=status]")  # the report, after the confirmation
    assert "Imported." in report and "browser-echo" in report and "new task" in report
    shots(page, "admin-problems")
    visit(page, server.url + "/tasks?module=browser-basics")
    page.click("text=Echo the router name")
    check_page(page)
    assert "unchanged" in page.inner_text("article.statement")
    visit(page, server.url + "/admin/fleet")
    assert page.inner_text("h1") == "Judge fleet"
    shots(page, "admin-fleet")
    page.close()


def test_the_main_pages_in_chinese(server: Server, browser: Any) -> None:
    context = browser.new_context(viewport=LAPTOP, locale="zh-CN")
    page = context.new_page()
    visit(page, server.url + "/login")
    assert page.inner_text("h1") == "登录"  # the browser's language, before any choice
    log_in(page, server, "admin", server.admin_password)
    expected = {
        "/student": "我的路径",
        "/tasks": "题目",
        "/tasks/subnet-mask": "子网计算器",
        "/progress": "我的进度",
        "/coach": "班级",
        "/admin": "管理",
    }
    for path, heading in expected.items():
        visit(page, server.url + path)
        assert page.inner_text("h1") == heading, path
        assert page.get_attribute("html", "lang") == "zh-Hans"
        shots(page, "zh" + path.replace("/", "-"))
    visit(page, server.url + "/tasks")
    assert "题目" in page.inner_text("thead")
    context.close()


def test_keyboard_and_screen_reader_basics(server: Server, browser: Any) -> None:
    page = browser.new_page(viewport=LAPTOP)
    log_in(page, server, "admin", server.admin_password)
    unnamed: dict[str, list[str]] = {}
    for path in ("/student", "/tasks", "/tasks/subnet-mask", "/submissions", "/progress",
                 "/coach", "/coach/progress", "/admin/users", "/admin/problems"):  # fmt: skip
        visit(page, server.url + path)
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
    visit(page, server.url + "/tasks/subnet-mask")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


SETS = ROOT / "problem_sets"
LINUX_TASK = SETS / "openeuler" / "users-groups"
NAT_LAB = SETS / "datacom" / "nat-outbound"


def _editor_of(file: str) -> str:
    """The CodeMirror content of the editor that fills the answer file ``file``."""
    return f".editor-file:has(textarea[data-file='{file}']) .cm-content"


def _type_like_a_student(page: Any, editor: str, text: str) -> None:
    """Clear the editor and type ``text`` key by key, line by line, as a student does. The
    editor chooses each new line's indentation and closes every bracket and quote by itself,
    so each line is typed without its indentation, and the brackets the editor added ahead of
    the cursor are deleted at the end, where a student would find them. The form then posts
    the text with CRLF line endings (HTML form rules), which the intake turns into LF."""
    page.click(editor)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for line in text.splitlines():
        page.keyboard.type(line.strip(), delay=2)
        page.keyboard.press("Enter")
    page.keyboard.press("Control+Shift+End")
    page.keyboard.press("Delete")


def _type_reference(page: Any, task: Path, files: tuple[str, ...]) -> None:
    """Type the task's accepted reference into the editor of each of ``files``."""
    for file in files:
        reference = (task / "solutions" / "accepted" / "reference" / file).read_text()
        _type_like_a_student(page, _editor_of(file), reference)
        assert _same_lines(page.input_value(f"textarea[data-file='{file}']"), reference)


def _same_lines(typed: str, reference: str) -> bool:
    """The same text, line for line, whatever the indentation (the editor chose it)."""

    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    return lines(typed) == lines(reference)


def _submit_and_see(page: Any, verdict: str, name: str) -> None:
    page.click("form.lab-form button.primary")
    page.wait_for_url("**/submissions/*")
    check_page(page)
    page.wait_for_selector(f"#verdict.verdict-{verdict}", timeout=180_000)
    check_page(page)
    shots(page, name)


def test_a_linux_task_and_a_nat_lab_are_solved_by_typing(server: Server, browser: Any) -> None:
    admin = browser.new_page(viewport=LAPTOP)
    log_in(admin, server, "admin", server.admin_password)
    visit(admin, server.url + "/coach")
    admin.fill("#cohort-name", "Operations 2026")
    admin.click("form:has(#cohort-name) button.primary")  # the admin's language may be either
    check_page(admin)
    code = admin.inner_text("tr:has-text('Operations 2026') code.invite")

    student = _register(browser, server, code, "chen.jie", "Chen Jie")
    page = student.new_page()
    visit(page, server.url + "/tasks/euler-users-groups")
    script = (LINUX_TASK / "solutions" / "accepted" / "fix.sh").read_text()
    _type_like_a_student(page, _editor_of("answer.sh"), script)
    assert _same_lines(page.input_value("textarea[data-file='answer.sh']"), script)
    shots(page, "linux-task-typed")
    _submit_and_see(page, "AC", "linux-task-AC")
    assert page.locator("#verdict").inner_text().strip() == "AC"
    student.close()

    # The NAT lab sits behind the routing module for a new student; the admin sees every task.
    visit(admin, server.url + "/tasks/datacom-nat-outbound")
    _type_reference(admin, NAT_LAB, ("r1.conf", "r1.nft"))
    shots(admin, "nat-lab-typed")
    _submit_and_see(admin, "AC", "nat-lab-AC")
    admin.close()


ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Names that stay as they are in Chinese: products, protocols, units and verdict codes.
KEPT = {
    "ICT", "Arena", "SQL", "Linux", "openEuler", "openGauss", "OSPF", "BGP", "NAT", "ACL",
    "nftables", "FRR", "FRRouting", "DNS", "TCP", "UDP", "IPv", "UTC", "CSV", "Web", "Python",
    "Java", "JavaScript", "TypeScript", "tsc", "PyPy", "Node", "gcc", "MiB", "KiB", "Kattis",
    "HarmonyOS", "ArkTS", "ArkUI", "Stage",  # the HarmonyOS track's product names ("Stage 模型")
    "TLE", "MLE", "OLE",  # verdict codes, shown beside their Chinese names
    "VRP", "VLAN", "PVID", "Access", "Trunk", "Hybrid",  # Huawei's terms, kept in Chinese docs
    "MQTT", "TLS", "HTTP", "HTTPS", "VRRP", "VIP",  # protocols the cloud and IoT tracks teach
    "nginx", "HAProxy", "keepalived", "Mosquitto", "Redis", "WebDAV",  # their products
}  # fmt: skip
MAIN_LABELS = (  # file and device names (h3.filename) are the student's own; VRP commands are code
    "nav.mainnav a, h1, h2, h3:not(.filename), th, label, button, legend, summary:not(.command), "
    ".badge-type, caption"
)


def _english_left(page: Any) -> list[str]:
    texts = page.locator(MAIN_LABELS).all_inner_texts()
    return [t for t in texts if [w for w in ENGLISH_WORD.findall(t) if w not in KEPT]]


def test_a_student_works_in_chinese(server: Server, browser: Any) -> None:
    admin = browser.new_page(viewport=LAPTOP)
    log_in(admin, server, "admin", server.admin_password)
    visit(admin, server.url + "/coach")
    admin.fill("#cohort-name", "中文班")
    admin.click("form:has(#cohort-name) button.primary")  # the admin's language may be either
    check_page(admin)
    code = admin.inner_text("tr:has-text('中文班') code.invite")
    admin.close()

    context = _register(browser, server, code, "liu.yang", "刘洋")
    page = context.new_page()
    visit(page, server.url + "/student")
    page.select_option("#lang-select", label="简体中文")
    page.click("header form.lang button")
    check_page(page)
    assert page.inner_text("h1") == "我的路径"
    assert page.get_attribute("html", "lang") == "zh-Hans"
    leftovers: dict[str, list[str]] = {}

    def walk(path: str, heading: str | None = None, name: str | None = None) -> None:
        visit(page, server.url + path)
        if heading is not None:
            assert page.inner_text("h1") == heading, path
        if left := _english_left(page):
            leftovers[path] = left
        shots(page, "zh-journey-" + (name or path.strip("/").replace("/", "-").replace("?", "-")))

    walk("/student", "我的路径")
    walk("/tasks", "题目")
    walk("/tasks?type=quiz")
    walk("/tasks/subnet-mask", "子网计算器")
    page.select_option("#language", "python3")
    accepted = next((TASK / "solutions" / "accepted").glob("*.py")).read_text()
    _type_in_editor(page, accepted)
    page.click("form.code-form button.primary")
    page.wait_for_url("**/submissions/*")
    check_page(page)
    page.wait_for_selector("#verdict.verdict-AC", timeout=60_000)
    page.wait_for_function("document.getElementById('verdict-name').textContent.trim() !== ''")
    assert page.inner_text("#verdict-name") == "答案正确"  # the verdict's name, in Chinese
    submission = page.url.removeprefix(server.url)
    walk(submission, name="submission")
    walk("/submissions", "我的提交")
    walk("/progress", "我的进度")
    assert leftovers == {}, json.dumps(leftovers, ensure_ascii=False, indent=1)
    context.close()
