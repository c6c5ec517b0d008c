"""What people do every day, in a real browser against the real stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ROOT, Server, shot

pytestmark = [pytest.mark.browser, pytest.mark.docker]
TASK = ROOT / "problem_sets" / "programming" / "subnet-mask"


def _log_in(page: Any, server: Server, username: str, password: str) -> None:
    page.goto(server.url + "/login")
    page.fill("#f-username", username)
    page.fill("#f-password", password)
    page.click("form button.primary")


def test_cohort_registration_language_and_live_verdicts(server: Server, browser: Any) -> None:
    admin = browser.new_page(viewport={"width": 1280, "height": 900})
    _log_in(admin, server, "admin", server.admin_password)
    admin.goto(server.url + "/coach")
    admin.fill("#cohort-name", "Datacom 2026")
    admin.click("text=Create cohort")
    code = admin.inner_text("code.invite")
    shot(admin, "coach-cohorts")
    admin.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.goto(server.url + "/register")
    page.fill("#f-invite_code", code)
    page.fill("#f-username", "zhou.min")
    page.fill("#f-display_name", "Zhou Min")
    page.fill("#f-password", "a-good-password")
    page.fill("#f-password2", "a-good-password")
    page.click("form button.primary")
    assert page.inner_text("h1") == "My path"
    shot(page, "student-home-phone")

    page.select_option("#lang-select", "zh_Hans")
    page.click("header form.lang button")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "我的路径"
    shot(page, "student-home-zh")
    page.select_option("#lang-select", "en")
    page.click("header form.lang button")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server.url + "/tasks/subnet-mask")
    wrong = next((TASK / "solutions" / "wrong_answer").glob("*.py")).read_text()
    right = next((TASK / "solutions" / "accepted").glob("*.py")).read_text()
    page.select_option("#language", "python3")
    for source, expected in ((wrong, "WA"), (right, "AC")):
        page.goto(server.url + "/tasks/subnet-mask")
        page.fill("#source", source)
        page.click("form.code-form button.primary")
        page.wait_for_url("**/submissions/*")
        page.wait_for_selector(f"#verdict.verdict-{expected}", timeout=60_000)
        shot(page, f"submission-{expected}")
    page.goto(server.url + "/submissions")
    assert page.locator("table tbody tr").count() == 2
    context.close()


def test_the_draft_survives_a_reload(server: Server, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page()
    _log_in(page, server, "admin", server.admin_password)
    page.goto(server.url + "/tasks/subnet-mask")
    page.select_option("#language", "cpp")
    page.fill("#source", "int main() { return 0; }")
    page.reload()
    assert page.input_value("#source") == "int main() { return 0; }"
    shot(page, "task-page")


def test_a_student_answers_a_quiz(server: Server, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
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
    shot(page, "quiz")
    page.click("form.quiz button.primary")
    page.wait_for_url("**/submissions/*")
    verdict = page.inner_text("#verdict").strip()
    assert verdict in {"AC", "PA", "WA"}
    assert page.locator("#runs tbody tr").count() == asked  # one row per question
    shot(page, "quiz-result")


def test_a_coach_exports_the_progress_table(server: Server, browser: Any) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _log_in(page, server, "admin", server.admin_password)
    page.goto(server.url + "/coach")
    page.fill("#cohort-name", "Export class")
    page.click("text=Create cohort")
    page.goto(server.url + "/coach/progress")
    shot(page, "coach-progress")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    path = download.value.path()
    content = Path(path).read_bytes()
    assert content.startswith("\ufeff".encode()) and b"username,name,solved" in content
    context.close()
