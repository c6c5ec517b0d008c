"""A mock HCIA-Datacom exam in a real browser: a coach creates it from the template on the
jury's page (on the bundled bank) and enters two students; each starts the exam, answers the
drawn paper by clicking and typing into the real form, and hands it in (one in English scoring
above the pass mark, one in Chinese below it); both read their score and its breakdown at once,
and no correct answer before the exam closes; the coach closes the window on the round's page,
and both then read the review of their paper with the correct answers and explanations.

The answers come from the bank's own files: a student answers the first ``n`` questions of
their paper right (20 points each, as the blueprint says) and leaves the rest blank."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from tests.browser.conftest import (
    LAPTOP,
    LOCALES,
    ROOT,
    Server,
    check_page,
    log_in,
    said,
    shots,
    speak,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.docker]
BANK = ROOT / "problem_sets" / "datacom" / "exam-hcia-datacom"
SLUG = f"hcia-mock-{secrets.token_hex(3)}"
POINTS = 20  # each question of the bundled blueprint


def _key() -> dict[str, dict[str, Any]]:
    """Every question of the bundled bank, by id."""
    questions: dict[str, dict[str, Any]] = {}
    for path in sorted((BANK / "questions").glob("*.yaml")):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            questions[question["id"]] = question
    return questions


def _answer(page: Any, question: dict[str, Any]) -> None:
    """Answer one question right, as a student would: click its options, or type the answer."""
    qid = question["id"]
    kind = question["kind"]
    if kind in ("single", "multiple"):
        for option in question["options"]:
            if option.get("correct"):
                page.locator(f"input[name='answer:{qid}'][value='{option['id']}']").check()
    elif kind == "true_false":
        value = "true" if question["answer"] else "false"
        page.locator(f"input[name='answer:{qid}'][value='{value}']").check()
    else:
        accepted = question.get("accepted") or [f"{question['numeric']['value']:g}"]
        page.locator(f"[id='q-{qid}']").type(str(accepted[0]))


def _local(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _zone(page: Any, field: str) -> ZoneInfo:
    label = page.locator(f"label[for='{field}']").inner_text()
    found = re.search(r"\(([^()]+)\)\s*$", label) or re.search(r"（([^（）]+)）\s*$", label)
    assert found, label
    return ZoneInfo(found.group(1))


def _person(browser: Any, server: Server, role: str, lang: str = "en") -> tuple[Any, str]:
    username = f"exam.{role}{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(18)
    server.create_user(username, password, role, f"Exam {role} {lang}")
    page = browser.new_context(viewport=LAPTOP, locale=LOCALES[lang]).new_page()
    log_in(page, server, username, password)
    speak(page, lang)
    return page, username


def _create_exam(coach: Any, server: Server, students: list[str]) -> None:
    """The coach's mock exam from the template, open now for an hour, with both students."""
    visit(coach, server.url + "/contests/new")
    zone = _zone(coach, "x-exam_opens_at")
    now = datetime.now(UTC)
    coach.fill("#x-exam_title", "HCIA-Datacom mock")
    coach.fill("#x-exam_slug", SLUG)
    bank = coach.locator("#x-exam_task option", has_text="(exam-hcia-datacom)")
    coach.select_option("#x-exam_task", bank.get_attribute("value"))
    coach.fill("#x-exam_opens_at", _local(now - timedelta(minutes=3), zone))
    coach.fill("#x-exam_closes_at", _local(now + timedelta(hours=1), zone))
    coach.locator("form[action='/contests/new/exam'] button.primary").click()
    check_page(coach)
    assert coach.url.endswith(f"/contests/{SLUG}/admin"), coach.url
    visit(coach, f"{server.url}/contests/{SLUG}/admin/people")
    coach.fill("#n-usernames", " ".join(students))
    coach.locator("form[action$='/admin/people/enter'] button.primary").click()
    check_page(coach)
    for username in students:
        assert coach.locator("table", has_text=username).count() >= 1


def _take_exam(page: Any, server: Server, right: int, lang: str) -> list[str]:
    """Start the exam, answer the first ``right`` questions of the paper right, hand it in.
    Returns the paper's question ids."""
    visit(page, f"{server.url}/contests/{SLUG}/exam")
    assert page.locator("#exam-state").count() == 1
    page.click("#exam-start")
    check_page(page)
    assert page.url.endswith(f"/contests/{SLUG}/exam")
    clock = page.locator("#exam-clock")
    assert re.fullmatch(r"1:[0-5]\d:\d\d|[0-9]{1,2}:\d\d", clock.inner_text().strip())
    names = page.eval_on_selector_all(
        "#exam-paper input[name^='answer:']", "els => els.map(e => e.name.slice(7))"
    )
    ids = list(dict.fromkeys(names))
    assert len(ids) == 50
    assert page.locator("fieldset.question").count() == 50
    key = _key()
    for qid in ids[:right]:
        _answer(page, key[qid])
    shots(page, f"exam-paper-{lang}")
    page.once("dialog", lambda dialog: dialog.accept())  # "Hand in now?"
    page.click("#exam-hand-in")
    check_page(page)
    assert page.url.endswith(f"/contests/{SLUG}/exam/result"), page.url
    return ids


def _result(page: Any, score: int, passed: bool, lang: str) -> None:
    assert page.locator("#exam-score").inner_text() == str(score)
    verdict = said("Passed", lang) if passed else said("Not passed", lang)
    assert page.locator("#exam-verdict").inner_text() == verdict
    assert page.locator("#breakdown-competency tbody tr").count() >= 2
    assert page.locator("#breakdown-topic tbody tr").count() == 11  # the syllabus' topics


def _close_window(coach: Any, server: Server) -> None:
    """The jury ends the exam's window now, on the round's page (an edit after the start)."""
    visit(coach, f"{server.url}/contests/{SLUG}/admin")
    link = coach.locator(f"a[href^='/contests/{SLUG}/admin/rounds/']:not([href$='/new'])")
    link.first.click()
    check_page(coach)
    zone = _zone(coach, "r-ends_at")
    coach.fill("#r-ends_at", _local(datetime.now(UTC), zone))  # this minute: already past
    coach.locator("form:has(#r-ends_at) button.primary").click()
    check_page(coach)
    assert coach.locator("p.flash").count() == 1


def test_two_students_take_a_mock_hcia_exam(browser: Any, server: Server) -> None:
    coach, _coach_name = _person(browser, server, "coach")
    ann, ann_name = _person(browser, server, "student", "en")
    bo, bo_name = _person(browser, server, "student", "zh")
    _create_exam(coach, server, [ann_name, bo_name])

    _take_exam(ann, server, 40, "en")  # 40 × 20 = 800: passed
    _result(ann, 800, True, "en")
    shots(ann, "exam-result-en")
    _take_exam(bo, server, 20, "zh")  # 20 × 20 = 400: not passed
    _result(bo, 400, False, "zh")
    for page in (ann, bo):  # before the close, nothing of the key
        assert page.locator(".review-item").count() == 0
        assert page.locator("#review-later").count() == 1
    # handing in again from the paper page leads to the result, and changes nothing
    visit(bo, f"{server.url}/contests/{SLUG}/exam")
    assert bo.url.endswith("/exam/result") and bo.locator("#exam-score").inner_text() == "400"

    _close_window(coach, server)
    for page, score, lang in ((ann, 800, "en"), (bo, 400, "zh")):
        visit(page, f"{server.url}/contests/{SLUG}/exam/result")
        _result(page, score, score >= 600, lang)
        review = page.locator(".review-item")
        assert review.count() == 50
        assert page.locator(".review-item.right").count() == score // POINTS
        assert page.locator("#review-later").count() == 0
        shots(page, f"exam-review-{lang}")
    wrong = ann.locator(".review-item.wrong").first
    assert said("Expected", "en") in wrong.inner_text()
