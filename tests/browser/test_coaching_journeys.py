"""The coaching path in a real browser, in English and in Simplified Chinese: a student answers
the Datacom Associate quiz and watches their panel fill, appears in the coach's promotion
queue, is promoted, reads the notification, finds the Professional modules open and submits to
one; and a coach holds another student with a reason the student then reads.

To reach the criteria with one real task, the admin first edits Datacom's Professional entry
criteria in the admin's criteria form (/admin/tracks): the Associate theory module done and 8
practice points. The quizzes are answered from their packages' accepted keys, clicking the same
radio buttons and boxes a student clicks."""

from __future__ import annotations

import itertools
import secrets
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.conftest import (
    LAPTOP,
    LOCALES,
    PHONE,
    ROOT,
    Server,
    check_page,
    log_in,
    register,
    said,
    shots,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.docker]
SETS = ROOT / "problem_sets" / "datacom"
ASSOCIATE_QUIZ = ("datacom-fundamentals", SETS / "quiz-fundamentals")
PROFESSIONAL_QUIZ = ("datacom-switching-routing", SETS / "quiz-switching-routing")
THEORY = "datacom-theory-associate"
_names = itertools.count(1)


_leads: dict[str, str] = {}  # lang -> password of the admin who coaches that journey


def _admin(browser: Any, server: Server, lang: str) -> Any:
    """An admin of this journey's own (a language chosen is kept on the account: the other
    journeys' admin must not inherit it), logged in, in ``lang``."""
    username = f"lead.{lang}"
    if lang not in _leads:
        _leads[lang] = secrets.token_urlsafe(18)
        server.create_user(username, _leads[lang], "admin", f"Lead coach {lang}")
    context = browser.new_context(viewport=LAPTOP, locale=LOCALES[lang])
    page = context.new_page()
    log_in(page, server, username, _leads[lang])
    page.select_option("#lang-select", "zh_Hans" if lang == "zh" else "en")
    page.click("header form.lang button")
    check_page(page)
    assert page.get_attribute("html", "lang") == ("zh-Hans" if lang == "zh" else "en")
    return page


def _reachable_criteria(page: Any, server: Server) -> None:
    """Datacom's Professional tier asks for the Associate theory module and 8 points, through
    the admin's form (idempotent: each journey may set it)."""
    visit(page, server.url + "/admin/tracks")
    datacom = page.locator(
        "section.track-criteria", has=page.locator("h2 code", has_text="datacom")
    )
    form = datacom.locator(".tier-criteria").nth(1).locator("form:has(input[value=save])")
    form.locator("input[name=modules_mode][value=some]").check()
    for box in form.locator("input[name=modules]").all():
        box.uncheck()
    form.locator(f"input[name=modules][value={THEORY}]").check()
    for field in form.locator("input[inputmode=decimal]").all():
        field.fill("")
    form.locator("input[name=points]").fill("8")
    form.locator("button.primary").click()
    check_page(page)
    assert page.locator("p.flash").count() == 1


def _cohort(page: Any, server: Server, name: str) -> tuple[str, int]:
    visit(page, server.url + "/coach")
    page.fill("#cohort-name", name)
    page.click("form[action='/coach'] button.primary")
    check_page(page)
    row = page.locator("tr", has=page.locator(f"a:text-is('{name}')"))
    href = row.locator("a[href^='/coach/cohorts/']").get_attribute("href")
    assert href is not None
    return row.locator("code.invite").inner_text(), int(href.rsplit("/", 1)[1])


def _register(browser: Any, server: Server, code: str, lang: str, name: str) -> tuple[Any, str]:
    context = browser.new_context(viewport=LAPTOP, locale=LOCALES[lang])
    page = context.new_page()
    username = f"{lang}.student{next(_names)}"
    register(page, server, code, username, name)
    assert page.get_attribute("html", "lang") == ("zh-Hans" if lang == "zh" else "en")
    return page, username


def _answer(page: Any, package: Path, lang: str) -> None:
    """Answer the quiz on the page from its accepted key, as a student would, and submit."""
    key = yaml.safe_load(next((package / "solutions" / "accepted").glob("*.yaml")).read_text())
    answered = 0
    for question, answer in key.items():
        inputs = page.locator(f"input[name='answer:{question}']")
        if inputs.count() == 0:
            continue  # not drawn for this student
        answered += 1
        if inputs.first.get_attribute("type") in ("radio", "checkbox"):
            for value in answer if isinstance(answer, list) else [answer]:
                shown = str(value).lower() if isinstance(value, bool) else str(value)
                page.check(f"input[name='answer:{question}'][value='{shown}']")
        else:
            inputs.first.fill(str(answer))
    assert answered >= 5, (page.url, page.inner_text("main")[:600])
    page.click("form.quiz button.primary")
    page.wait_for_url("**/submissions/*")
    check_page(page)
    page.wait_for_selector("#verdict.verdict-AC", timeout=60_000)


def _criteria(page: Any) -> list[tuple[float, float]]:
    """The (value, max) of each bar of Datacom's "What's left" list."""
    bars = page.locator("#ready-datacom ul.criteria progress")
    return [
        (float(bars.nth(i).get_attribute("value")), float(bars.nth(i).get_attribute("max")))
        for i in range(bars.count())
    ]


def _ready_student(
    browser: Any, server: Server, code: str, lang: str, name: str, shot: str | None
) -> tuple[Any, str]:
    """A new student of the cohort who answers the Associate quiz and meets the criteria."""
    page, username = _register(browser, server, code, lang, name)
    visit(page, server.url + "/progress")
    assert page.locator("#ready-datacom h4").first.inner_text() == said(
        "What's left before %(tier)s", lang, tier=_tier_name(lang)
    )
    before = _criteria(page)
    assert len(before) == 2 and all(value < maximum for value, maximum in before)
    if shot:
        shots(page, f"{shot}-panel-empty")
        visit(page, server.url + f"/tasks/{PROFESSIONAL_QUIZ[0]}")  # locked: says what opens it
        assert page.locator(".lock-card").count() == 1 and page.locator("form.quiz").count() == 0
        assert page.locator("h1").inner_text()
        shots(page, f"{shot}-locked-task")
    visit(page, server.url + f"/tasks/{ASSOCIATE_QUIZ[0]}")
    _answer(page, ASSOCIATE_QUIZ[1], lang)
    visit(page, server.url + "/progress")
    after = _criteria(page)
    assert all(value == maximum for value, maximum in after), after
    assert page.locator("#ready-datacom p.met").count() >= 1  # every criterion met
    if shot:
        shots(page, f"{shot}-panel-full")
    return page, username


def _tier_name(lang: str, level: int = 2) -> str:
    """Datacom's tier names as its track file ships them."""
    tiers = yaml.safe_load((SETS / "track.yaml").read_text())["tiers"]
    return str(tiers[level - 1]["name"]["zh" if lang == "zh" else "en"])


def _queue_row(coach: Any, server: Server, cohort_id: int, name: str) -> Any:
    visit(coach, server.url + f"/coach/cohorts/{cohort_id}")
    coach.click(f"a[href='/coach/promotions?cohort={cohort_id}']")  # from the cohort page
    check_page(coach)
    ready = coach.locator("section[aria-labelledby=ready-title]")
    return ready.locator("tr", has=coach.locator(f"th:has-text('{name}')"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_student_is_promoted_and_opens_the_professional_tier(
    server: Server, browser: Any, lang: str
) -> None:
    coach = _admin(browser, server, lang)
    _reachable_criteria(coach, server)
    code, cohort_id = _cohort(coach, server, f"Datacom promotion {lang}")
    name = "Lin Hai" if lang == "en" else "林海"
    student, _username = _ready_student(browser, server, code, lang, name, f"coaching-{lang}")

    row = _queue_row(coach, server, cohort_id, name)
    assert row.count() == 1
    assert row.locator("ul.snapshot li").count() == 2 and row.locator(".met").count() == 2
    shots(coach, f"coaching-{lang}-queue")
    row.locator("form:has(input[name=action][value=promote]) button").click()
    check_page(coach)
    assert coach.locator("p.flash").inner_text() == said(
        "Student promoted. They have been notified.", lang
    )
    assert coach.locator("section[aria-labelledby=ready-title] tbody tr").count() == 0

    visit(student, server.url + "/student")
    assert student.locator(".mainnav .count").inner_text().startswith("1")
    visit(student, server.url + "/notifications")
    notice = student.locator("ul.notifications li.unread")
    assert notice.count() == 1
    expected = said("You were promoted to %(tier)s in %(track)s.", lang)
    track = "Datacom" if lang == "en" else "数据通信"
    assert expected % {"tier": _tier_name(lang), "track": track} in notice.inner_text()
    shots(student, f"coaching-{lang}-notification")
    notice.locator("button").click()
    student.wait_for_url("**/progress")
    check_page(student)
    assert student.locator(".mainnav .count").count() == 0  # read once opened
    assert _tier_name(lang) in student.locator("#ready-datacom p.held").inner_text()
    assert student.locator("#ready-datacom .decision.promote").count() == 1
    shots(student, f"coaching-{lang}-promoted-panel")

    visit(student, server.url + "/student")
    professional = student.locator(
        "#track-datacom li.module",
        has=student.locator("a[href='/tasks?module=datacom-theory-professional']"),
    )
    assert professional.count() == 1 and "module-locked" not in (
        professional.get_attribute("class") or ""
    )
    shots(student, f"coaching-{lang}-path-unlocked")
    visit(student, server.url + f"/tasks/{PROFESSIONAL_QUIZ[0]}")
    _answer(student, PROFESSIONAL_QUIZ[1], lang)
    shots(student, f"coaching-{lang}-professional-submission")
    student.context.close()
    coach.context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_coach_holds_a_student_with_a_reason_the_student_reads(
    server: Server, browser: Any, lang: str
) -> None:
    coach = _admin(browser, server, lang)
    _reachable_criteria(coach, server)
    code, cohort_id = _cohort(coach, server, f"Datacom hold {lang}")
    name = "Zhou Min" if lang == "en" else "周敏"
    student, _username = _ready_student(browser, server, code, lang, name, None)

    row = _queue_row(coach, server, cohort_id, name)
    row.locator("details.decide summary").click()
    hold = row.locator("form:has(input[name=action][value=hold])")
    hold.locator("button").click()  # no reason: the browser asks for one, nothing is sent
    assert coach.locator("p.flash").count() == 0
    hold.locator("textarea").fill("   ")  # only spaces: the server refuses, on this form
    hold.locator("button").click()
    check_page(coach)
    row = coach.locator(
        "section[aria-labelledby=ready-title] tr", has=coach.locator(f"th:has-text('{name}')")
    )
    hold = row.locator("form:has(input[name=action][value=hold])")
    assert hold.locator("textarea[aria-invalid=true]").count() == 1
    assert hold.locator("p.error").inner_text() == said(
        "Give a reason: the student reads it.", lang
    )
    shots(coach, f"coaching-{lang}-hold-error")
    reason = (
        "Finish the OSPF labs first; we review again on Friday."
        if lang == "en"
        else "请先完成 OSPF 实验，周五再评估。"
    )
    hold.locator("textarea").fill(reason)
    hold.locator("button").click()
    check_page(coach)
    assert coach.locator("p.flash").inner_text() == said(
        "Hold recorded. The student sees your reason.", lang
    )

    visit(student, server.url + "/progress")
    decision = student.locator("#ready-datacom .decision.hold")
    assert reason in decision.locator("blockquote").inner_text()
    assert _tier_name(lang, 1) in student.locator("#ready-datacom p.held").inner_text()
    shots(student, f"coaching-{lang}-held-panel")
    visit(student, server.url + "/notifications")
    assert reason in student.locator("ul.notifications li.unread").inner_text()
    student.set_viewport_size(PHONE)
    check_page(student)
    student.context.close()
    coach.context.close()
