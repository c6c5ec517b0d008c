"""Accounts in a real browser: a student changes their password; an admin resets one and the
student must change the one-time password before anything else; a coach renames a cohort and
removes a member. Each confirmation is shown after its redirect."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LAPTOP, PHONE, Server, check_page, log_in, shot, shots, visit

pytestmark = [pytest.mark.browser, pytest.mark.docker]
FIRST = "lantern-copper-meadow"
SECOND = "quiet orbit plum 58"


def _new_cohort(page: Any, server: Server, name: str) -> str:
    visit(page, server.url + "/coach")
    page.fill("#cohort-name", name)
    page.click("text=Create cohort")
    check_page(page)
    assert page.inner_text("p.flash[role=status]") == "Cohort created."
    return str(page.inner_text(f"tr:has-text('{name}') code.invite"))


def _register(browser: Any, server: Server, code: str, username: str) -> Any:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    visit(page, server.url + "/register?code=" + code)
    page.fill("#f-username", username)
    page.fill("#f-password", FIRST)
    page.fill("#f-password2", FIRST)
    page.click("form button.primary")
    check_page(page)
    return page


def _change_password(page: Any, current: str, new: str) -> None:
    page.fill("#f-current_password", current)
    page.fill("#f-password", new)
    page.fill("#f-password2", new)
    page.click("form button.primary")
    check_page(page)


def test_a_student_changes_their_password(server: Server, browser: Any) -> None:
    admin = browser.new_page(viewport=LAPTOP)
    log_in(admin, server, "admin", server.admin_password)
    code = _new_cohort(admin, server, "Password class")
    admin.close()
    page = _register(browser, server, code, "zhou.jie")
    other = browser.new_context(viewport=PHONE)
    elsewhere = other.new_page()
    log_in(elsewhere, server, "zhou.jie", FIRST)
    page.click("header a.account")
    check_page(page)
    page.click("main a[href='/account/password']")
    check_page(page)
    _change_password(page, FIRST, "password123")  # common: refused, and the page says why
    assert "too easy to guess" in page.inner_text("main")
    shot(page, "password-refused")
    _change_password(page, FIRST, SECOND)
    assert "Password changed" in page.inner_text("p.flash[role=status]")
    shots(page, "password-changed")
    visit(elsewhere, server.url + "/student")  # the other session has ended
    assert "/login" in elsewhere.url
    other.close()
    page.context.close()


def test_an_admin_resets_a_password_and_the_student_must_change_it(
    server: Server, browser: Any
) -> None:
    admin = browser.new_page(viewport=LAPTOP)
    log_in(admin, server, "admin", server.admin_password)
    code = _new_cohort(admin, server, "Reset class")
    _register(browser, server, code, "wu.fang").context.close()
    visit(admin, server.url + "/admin/users")
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.click("tr:has-text('wu.fang') >> text=Reset password")
    check_page(admin)
    one_time = admin.inner_text("code.one-time")
    shot(admin, "admin-reset-password")
    visit(admin, server.url + "/admin/users")
    assert admin.locator("code.one-time").count() == 0  # shown once
    admin.close()

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, server, "wu.fang", one_time)
    assert page.url.endswith("/account/password")
    assert "Your password was reset." in page.inner_text("main")
    visit(page, server.url + "/tasks")  # nothing else works before the change
    assert page.url.endswith("/account/password")
    shots(page, "forced-password-change")
    _change_password(page, one_time, SECOND)
    assert page.url.endswith("/student")
    assert "Password changed" in page.inner_text("p.flash[role=status]")
    context.close()


def test_a_coach_renames_a_cohort_and_removes_a_member(server: Server, browser: Any) -> None:
    coach = browser.new_page(viewport=LAPTOP)
    log_in(coach, server, "admin", server.admin_password)
    code = _new_cohort(coach, server, "Rename class")
    _register(browser, server, code, "qian.li").context.close()
    _register(browser, server, code, "sun.mei").context.close()
    coach.click("text=Rename class")
    check_page(coach)
    coach.fill("#cohort-name", "Datacom evening class")
    coach.click("button:text-is('Rename')")
    check_page(coach)
    assert "Datacom evening class" in coach.inner_text("h1")
    assert coach.inner_text("p.flash[role=status]") == "Cohort renamed."
    coach.once("dialog", lambda dialog: dialog.accept())
    coach.click("tr:has-text('qian.li') button:has-text('Remove')")
    check_page(coach)
    assert coach.inner_text("p.flash[role=status]") == "Student removed from the cohort."
    members = coach.inner_text("section[aria-labelledby=members-title]")
    assert "qian.li" not in members and "sun.mei" in members
    shots(coach, "cohort-rename-remove")
    coach.close()


def test_a_coach_grants_a_stuck_student_another_quiz_attempt(server: Server, browser: Any) -> None:
    coach = browser.new_page(viewport=LAPTOP)
    log_in(coach, server, "admin", server.admin_password)
    code = _new_cohort(coach, server, "Quiz class")
    student = _register(browser, server, code, "zhao.lin")
    visit(student, server.url + "/tasks?type=quiz")
    student.click("table a >> nth=0")
    check_page(student)
    quiz_url = student.url
    assert "3 of 3 attempts left today" in student.inner_text("#attempts-left")
    for _ in range(3):
        visit(student, quiz_url)
        student.locator("fieldset.question input[type=radio]").first.check()
        student.click("form.quiz button.primary")
        check_page(student)
    visit(student, quiz_url)
    assert "0 of 3 attempts left today" in student.inner_text("#attempts-left")

    coach.click("text=Quiz class")
    check_page(coach)
    coach.click("a:text-is('zhao.lin')")
    check_page(coach)
    grants = coach.locator("section[aria-labelledby=quiz-days-title]")
    assert "3" in grants.inner_text()
    grants.locator("input[name=count]").first.fill("2")
    grants.locator("button:text-is('Grant')").first.click()
    check_page(coach)
    assert coach.inner_text("p.flash[role=status]") == "Extra quiz attempts granted for today."
    shots(coach, "quiz-grant")
    coach.close()

    visit(student, quiz_url)
    assert "2 of 5 attempts left today" in student.inner_text("#attempts-left")
    student.context.close()
