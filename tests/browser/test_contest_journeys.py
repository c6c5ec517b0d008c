"""A mock competition in a real browser, with compressed times, against the real stack (the
Docker judge runs the programming task): a coach creates a two-round mock through the jury's
pages (a 5-minute theory round with the Datacom fundamentals quiz, then a 10-minute lab round
scored the ICPC way with the MAC address normaliser, weighted 30/70); a team of two and one
student alone register, answer the quiz and type their programs into the real editor; the lab
round's board is frozen (its freeze point is already past when it opens, so every lab run is
a late one), each late accepted run stays pending for everyone else ("N tries") while its own
entry sees it; the jury reveals the board cell by cell from the bottom line, and the final
standings are checked, ranks and totals.

Times: both rounds open a minute before the coach creates them (windows relative to now), so
nothing waits for a clock; the theory round still runs while it is answered (five minutes).
Once the last run is judged, the jury ends both rounds early on its round form (an audited
window edit that keeps the lab's freeze point where it was), so the contest has ended and may
be revealed without waiting for the clock.

Two more journeys run in English and in Chinese: a coach and a student who read the platform
in that language set up and take a personal-timer round (the timer starts once, however often
"Start" is pressed), type a program into the editor and read the scoreboard; and a question to
the jury, answered to everyone, reaches another participant's open contest page live."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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
    speak,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.docker]
QUIZ = ("datacom-fundamentals", ROOT / "problem_sets" / "datacom" / "quiz-fundamentals")
CODE = ("mac-address-normaliser", ROOT / "problem_sets" / "programming" / "mac-address-normaliser")
EDITOR = "form.code-form .cm-content"
ZONE = ZoneInfo("Asia/Shanghai")  # the platform's default zone: the jury's forms read it
_names = itertools.count(1)


def _local(at: datetime) -> str:
    """A UTC time as a ``datetime-local`` field's value in the platform's zone."""
    return at.astimezone(ZONE).strftime("%Y-%m-%dT%H:%M")


def _student(browser: Any, server: Server, code: str, name: str, lang: str = "en") -> Any:
    context = browser.new_context(viewport=LAPTOP, locale=LOCALES[lang])
    page = context.new_page()
    register(page, server, code, f"mock.student{next(_names)}", name)
    speak(page, lang)
    return page


def _coach_with_squad(
    browser: Any, server: Server, username: str, squad: str, lang: str
) -> tuple[Any, str]:
    """A coach who reads the platform in ``lang``, logged in, with a new cohort ``squad``;
    returns their page and the cohort's invite code."""
    server.create_user(username, "a-good-password", "coach", "Coach Fang")
    coach = browser.new_context(viewport=LAPTOP, locale=LOCALES[lang]).new_page()
    log_in(coach, server, username, "a-good-password")
    speak(coach, lang)
    visit(coach, server.url + "/coach")
    coach.fill("#cohort-name", squad)
    coach.click("form[action='/coach'] button.primary")
    check_page(coach)
    row = coach.locator("tr", has=coach.locator(f"a:text-is('{squad}')"))
    return coach, row.locator("code.invite").inner_text()


def _new_contest(coach: Any, server: Server, slug: str, cohort: str) -> None:
    visit(coach, server.url + "/contests/new")
    coach.fill("#c-title", "Spring mock")
    coach.fill("#c-slug", slug)
    coach.fill("#c-team_size", "2")
    coach.uncheck("input[name=hidden_tasks]")  # the tasks stay in practice for everyone else
    coach.locator("label.choice", has_text=cohort).locator("input[name=cohorts]").check()
    coach.click("form.contest-form button.primary")
    check_page(coach)
    assert coach.url.endswith(f"/contests/{slug}/admin"), coach.url


def _add_round(coach: Any, server: Server, slug: str, fields: dict[str, str], task: str) -> None:
    visit(coach, server.url + f"/contests/{slug}/admin/rounds/new")
    for name, value in fields.items():
        target = f"#r-{name}"
        if coach.locator(target).evaluate("e => e.tagName") == "SELECT":
            coach.select_option(target, value)
        else:
            coach.fill(target, value)
    coach.click("form[action$='/admin/rounds/new'] button.primary")
    check_page(coach)
    errors = coach.locator("p.error").all_inner_texts()
    assert coach.locator("p.flash").count() == 1, errors
    coach.fill("#q", task)
    coach.click("#picker form[role=search] button")
    check_page(coach)
    coach.click(f"ul.task-picker li:has(code:text-is('{task}')) button")
    check_page(coach)
    assert coach.locator("#tasks table tbody tr").count() == 1


def _answer_quiz(page: Any) -> None:
    """Answer the quiz from its accepted key, as a student would, and submit it."""
    key = yaml.safe_load((QUIZ[1] / "solutions" / "accepted" / "key.yaml").read_text())
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
    assert answered >= 5
    page.click("form.quiz button.primary")
    page.wait_for_url("**/submissions/*")
    check_page(page)
    page.wait_for_selector("#verdict.verdict-AC", timeout=60_000)


def _program(
    page: Any, server: Server, slug: str, source: Path, verdict: str, round_number: int = 2
) -> None:
    """Type a program into the contest task's editor, submit it and wait for its verdict."""
    visit(page, server.url + f"/contests/{slug}/rounds/{round_number}/tasks/A")
    assert page.locator(".countdown[data-deadline]").count() == 1  # the round's time left
    page.select_option("#language", "python3")
    text = source.read_text()
    page.click(EDITOR)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.locator(EDITOR).fill(text)
    assert page.input_value("#source") == text  # the form field follows the editor
    page.click("form.code-form button.primary")
    page.wait_for_url("**/submissions/*")
    check_page(page)
    page.wait_for_selector(f"#verdict.verdict-{verdict}", timeout=120_000)


def _board(page: Any, server: Server, slug: str, lang: str = "en") -> dict[str, dict[str, str]]:
    """Each line of the scoreboard by name: its rank, total, its first cell's class, and its
    second cell's text and class (the lab round's task of the two-round mock)."""
    visit(page, server.url + f"/contests/{slug}/scoreboard")
    you = f"({said('you', lang)})"
    lines = {}
    for row in page.locator("#board tbody tr").all():
        name = row.locator("th.entry-name").inner_text().split("\n")[0].replace(you, "")
        cells = row.locator("td.cell")
        texts = [" ".join(text.split()) for text in cells.all_inner_texts()] + ["", ""]
        classes = [cell.get_attribute("class") or "" for cell in cells.all()] + ["", ""]
        lines[name.strip()] = {
            "rank": row.locator("td").first.inner_text().strip(),
            "total": row.locator("td.num strong").inner_text().strip(),
            "first_class": classes[0],
            "lab": texts[1],
            "lab_class": classes[1],
        }
    return lines


def _close_round(
    coach: Any, server: Server, slug: str, name: str, end: datetime, freeze_min: int | None
) -> None:
    """End a round early through the jury's round form (an audited window edit)."""
    visit(coach, server.url + f"/contests/{slug}/admin")
    coach.click(f"a[href*='/admin/rounds/']:text-is('{name}')")
    check_page(coach)
    coach.fill("#r-ends_at", end.astimezone(ZONE).strftime("%Y-%m-%dT%H:%M:%S"))
    if freeze_min is not None:
        coach.fill("#r-freeze_min", str(freeze_min))
    coach.click("form[action*='/admin/rounds/'][novalidate] button.primary")
    check_page(coach)
    errors = coach.locator("p.error").all_inner_texts()
    assert coach.locator("p.flash").count() == 1, errors


def _reveal_next(coach: Any, server: Server, slug: str) -> None:
    visit(coach, server.url + f"/contests/{slug}/admin")
    coach.click("form[action$='/admin/reveal'] button[value=next]")
    check_page(coach)
    assert coach.locator("p.flash").count() == 1


def test_a_two_round_mock_with_a_team_a_student_alone_a_freeze_and_its_reveal(
    server: Server, browser: Any
) -> None:
    server.create_user("mock.coach", "a-good-password", "coach", "Coach Wei")
    coach = browser.new_context(viewport=LAPTOP, locale="en-US").new_page()
    log_in(coach, server, "mock.coach", "a-good-password")
    visit(coach, server.url + "/coach")
    coach.fill("#cohort-name", "Mock squad")
    coach.click("form[action='/coach'] button.primary")
    check_page(coach)
    row = coach.locator("tr", has=coach.locator("a:text-is('Mock squad')"))
    code = row.locator("code.invite").inner_text()

    ada = _student(browser, server, code, "Ada Lin")
    bo = _student(browser, server, code, "Bo Chen")
    cy = _student(browser, server, code, "Cy Zhou")
    dee = _student(browser, server, code, "Dee Wu")  # eligible, follows the board only

    slug = "spring-mock"
    _new_contest(coach, server, slug, "Mock squad")

    # Before any round: the students register, alone or as a team with its invite code.
    visit(ada, server.url + "/contests")
    ada.click(f"a[href='/contests/{slug}']")
    check_page(ada)
    ada.fill("#team-name", "Routers")
    ada.click("form[action$='/team'] button")
    check_page(ada)
    assert "You take part in the team Routers." in ada.inner_text("#my-entry")
    team_code = ada.inner_text("#team-code")
    visit(bo, server.url + f"/contests/{slug}")
    bo.fill("#invite-code", team_code)
    bo.click("form[action$='/join'] button")
    check_page(bo)
    assert "Routers" in bo.inner_text("#my-entry")
    visit(cy, server.url + f"/contests/{slug}")
    cy.click("form[action$='/register'] button")
    check_page(cy)
    assert "on your own" in cy.inner_text("#my-entry")

    # The rounds open a minute ago: theory for five minutes, the lab for ten, frozen from its
    # first minute on (its freeze point, nine minutes before its end, is already past).
    opened = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    common = {"window": "fixed", "starts_at": _local(opened)}
    theory = {"name": "Theory", "kind": "theory", "scoring": "exam", "mode": "best", "weight": "30"}
    _add_round(
        coach,
        server,
        slug,
        {**theory, **common, "ends_at": _local(opened + timedelta(minutes=5))},
        QUIZ[0],
    )
    lab = {"name": "Lab", "kind": "lab", "scoring": "icpc", "weight": "70", "freeze_min": "9"}
    _add_round(
        coach,
        server,
        slug,
        {**lab, **common, "ends_at": _local(opened + timedelta(minutes=10))},
        CODE[0],
    )

    # Theory: Ada and Cy answer the quiz; Bo does not sit it (his share of the average is 0).
    for student in (ada, cy):
        visit(student, server.url + f"/contests/{slug}?round=1")
        assert student.locator("#round-panel .countdown[data-deadline]").count() == 1
        # The script counts down from the server's clock (without it: the end's time).
        student.wait_for_function(
            "/^\\d+:\\d\\d(:\\d\\d)?$/.test("
            "document.querySelector('#round-panel .countdown-value').textContent)"
        )
        student.click("#round-panel a[href$='/rounds/1/tasks/A']")
        check_page(student)
        _answer_quiz(student)
    visit(ada, server.url + f"/contests/{slug}?round=1")
    shots(ada, "contest-round-theory")

    # The lab: Ada's first program is wrong, Bo's is right; Cy's is right. All after the freeze.
    accepted = next((CODE[1] / "solutions" / "accepted").glob("*.py"))
    wrong = next((CODE[1] / "solutions" / "wrong_answer").glob("*.py"))
    _program(ada, server, slug, wrong, "WA")
    _program(bo, server, slug, accepted, "AC")
    _program(cy, server, slug, accepted, "AC")
    visit(bo, server.url + f"/contests/{slug}?round=2")
    assert bo.locator("#round-panel table.round-tasks .verdict-AC").count() == 1
    assert bo.locator("#round-panel .contest-submissions li").count() == 2  # Ada's and his
    shots(bo, "contest-round-lab")

    # Frozen: each entry sees its own lab result, the others' as pending tries.
    mine = _board(cy, server, slug)
    assert "+" in mine["Cy Zhou"]["lab"] and "solved" in mine["Cy Zhou"]["lab_class"]
    assert mine["Routers"]["lab"].startswith("2 tries") and "pending" in mine["Routers"]["lab"]
    theirs = _board(ada, server, slug)
    assert theirs["Cy Zhou"]["lab"].startswith("1 try") and "pending" in theirs["Cy Zhou"]["lab"]
    assert "+1" in theirs["Routers"]["lab"]  # solved after one rejected run
    public = _board(dee, server, slug)
    assert "The board is frozen." in dee.inner_text("#board-view")
    assert (
        "pending" in public["Cy Zhou"]["lab_class"] and "pending" in public["Routers"]["lab_class"]
    )
    assert (public["Cy Zhou"]["rank"], public["Cy Zhou"]["total"]) == ("1", "30")
    assert (public["Routers"]["rank"], public["Routers"]["total"]) == ("2", "15")
    shots(dee, "contest-board-frozen")
    jury = _board(coach, server, slug)
    assert "Jury view" in coach.inner_text("#board-view")
    assert jury["Cy Zhou"]["total"] == "100" and jury["Routers"]["total"] == "85"

    # The jury ends both rounds now, after the last run (nothing waits for the clock); the lab
    # round's freeze point stays where it was, before every lab run.
    closed = datetime.now(UTC).replace(microsecond=0)
    lasted = (closed - opened).total_seconds() / 60
    _close_round(coach, server, slug, "Theory", closed, None)
    _close_round(coach, server, slug, "Lab", closed, math.ceil(lasted) - 1)
    visit(cy, server.url + f"/contests/{slug}")
    assert "The contest has ended." in cy.inner_text(".contest-status")
    assert _board(dee, server, slug)["Cy Zhou"]["lab"].startswith("1 try")  # still frozen

    # The reveal: the bottom line's pending cell first (Routers climbs), then Cy's. Dee's open
    # board follows it live, without a reload.
    _reveal_next(coach, server, slug)
    dee.wait_for_selector("#board tr:has(th:has-text('Routers')) td.cell.solved", timeout=30_000)
    assert "Updated" in dee.inner_text("#board-live")
    step = _board(dee, server, slug)
    assert "solved" in step["Routers"]["lab_class"] and "pending" in step["Cy Zhou"]["lab_class"]
    assert (step["Routers"]["rank"], step["Routers"]["total"]) == ("1", "85")
    assert (step["Cy Zhou"]["rank"], step["Cy Zhou"]["total"]) == ("2", "30")
    _reveal_next(coach, server, slug)
    _reveal_next(coach, server, slug)  # nothing is left: the board is revealed

    # The final standings, for everyone.
    final = _board(dee, server, slug)
    assert "Every result is shown." in dee.inner_text("#board-view")
    assert (final["Cy Zhou"]["rank"], final["Cy Zhou"]["total"]) == ("1", "100")
    assert (final["Routers"]["rank"], final["Routers"]["total"]) == ("2", "85")
    assert final["Cy Zhou"]["lab"].startswith("+")
    visit(dee, server.url + f"/contests/{slug}/results")  # the printable results
    first = dee.locator("#results tbody tr:not(.award-line)").first
    assert "Cy Zhou" in first.inner_text() and "First prize" in first.inner_text()
    shots(dee, "contest-results")
    visit(dee, server.url + f"/contests/{slug}/scoreboard")
    dee.set_viewport_size(PHONE)
    shots(dee, "contest-board-final")
    exported = dee.request.get(server.url + f"/contests/{slug}/scoreboard.json").json()
    assert exported["frozen"] is False
    assert [
        (line["name"], line["rank"], round(line["total"], 2)) for line in exported["lines"]
    ] == [
        ("Cy Zhou", 1, 100.0),
        ("Routers", 2, 85.0),
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_personal_timer_round_taken_in_either_language(
    server: Server, browser: Any, lang: str
) -> None:
    """A coach and a student who read the platform in ``lang``: the coach sets up a
    personal-timer round, the student registers, starts the timer (twice: it starts once),
    types a program into the editor, and reads the scoreboard."""
    squad = f"Timer squad {lang}"
    coach, code = _coach_with_squad(browser, server, f"timer.coach.{lang}", squad, lang)
    student = _student(browser, server, code, "Gu Lei", lang)
    slug = f"timer-mock-{lang}"
    _new_contest(coach, server, slug, squad)
    visit(student, server.url + f"/contests/{slug}")
    student.click("form[action$='/register'] button")
    check_page(student)
    opened = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    fields = {"name": "Sprint", "kind": "code", "scoring": "icpc", "weight": "100"}
    fields |= {"window": "personal", "duration_min": "10", "starts_at": _local(opened)}
    fields["ends_at"] = _local(opened + timedelta(minutes=60))
    _add_round(coach, server, slug, fields, CODE[0])

    texts = ["Open: start your timer", "Time left", "Scoreboard", "Every result is shown."]
    if lang == "zh":  # the page must really speak Chinese, not fall back to English
        assert all(said(text, "zh") != text for text in texts)
    visit(student, server.url + f"/contests/{slug}")
    assert said("Open: start your timer", lang) in student.inner_text("#round-panel")
    assert student.locator("#round-panel a[href$='/tasks/A']").count() == 0  # not yet
    starts: list[str] = []
    student.on("request", lambda r: starts.append(r.url) if r.url.endswith("/start") else None)
    student.dblclick("form.start-form button")
    student.wait_for_url(f"**/contests/{slug}?round=1")
    check_page(student)
    assert len(starts) == 1, starts  # the second press sent nothing
    assert student.locator("p.flash").count() == 1
    assert student.locator("#round-panel a[href$='/rounds/1/tasks/A']").count() == 1
    assert said("Time left", lang) in student.inner_text("#round-panel .countdown")
    shots(student, f"contest-timer-started-{lang}")

    accepted = next((CODE[1] / "solutions" / "accepted").glob("*.py"))
    _program(student, server, slug, accepted, "AC", round_number=1)
    lines = _board(student, server, slug, lang)
    assert said("Scoreboard", lang) in student.inner_text("h1")
    assert said("Every result is shown.", lang) in student.inner_text("#board-view")
    assert lines["Gu Lei"]["rank"] == "1" and lines["Gu Lei"]["total"] == "100"
    assert "solved" in lines["Gu Lei"]["first_class"]  # the round's one task
    shots(student, f"contest-board-{lang}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_clarification_answered_to_everyone_reaches_another_participant_live(
    server: Server, browser: Any, lang: str
) -> None:
    """A student asks the jury about a task in the clarifications form; the coach answers to
    everyone; another participant's open contest page shows the unread answer without a
    reload, and the clarifications page shows the question and its answer."""
    squad = f"Clar squad {lang}"
    coach, code = _coach_with_squad(browser, server, f"clar.coach.{lang}", squad, lang)
    asker = _student(browser, server, code, "Han Mei", lang)
    reader = _student(browser, server, code, "Lu Yan", lang)
    slug = f"clar-mock-{lang}"
    _new_contest(coach, server, slug, squad)
    for student in (asker, reader):
        visit(student, server.url + f"/contests/{slug}")
        student.click("form[action$='/register'] button")
        check_page(student)
    opened = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    fields = {"name": "Sprint", "kind": "code", "scoring": "icpc", "weight": "100"}
    fields |= {"window": "fixed", "starts_at": _local(opened)}
    fields["ends_at"] = _local(opened + timedelta(minutes=60))
    _add_round(coach, server, slug, fields, CODE[0])

    visit(reader, server.url + f"/contests/{slug}")  # stays open on the contest page
    assert reader.locator("#clar-link .badge").count() == 0

    visit(asker, server.url + f"/contests/{slug}")
    asker.click("#clar-link")
    check_page(asker)
    asker.select_option("#clar-subject", label="Sprint · A")
    question = "Are the MAC addresses given in upper case?"
    asker.fill("#clar-text", question)
    asker.click("form.clar-form button.primary")
    check_page(asker)
    assert said("Your question is with the jury. Its answer will show here.", lang) in (
        asker.inner_text("p.flash")
    )
    assert said("Waiting for the jury's answer.", lang) in asker.inner_text("#clarifications")

    visit(coach, server.url + f"/contests/{slug}/clarifications")
    item = coach.locator("li.clarification", has_text=question)
    item.locator("textarea").fill("Either case: normalise to lower case.")
    item.locator("input[name=audience][value=everyone]").check()
    # A second question arrives while the coach writes: the list refreshes live and keeps the
    # half-written answer and the chosen audience.
    second = "May a VLAN id repeat across switches?"
    asker.fill("#clar-text", second)
    asker.click("form.clar-form button.primary")
    check_page(asker)
    coach.wait_for_selector(f"li.clarification:has-text('{second}')", timeout=30_000)
    item = coach.locator("li.clarification", has_text=question)
    assert item.locator("textarea").input_value() == "Either case: normalise to lower case."
    assert item.locator("input[name=audience][value=everyone]").is_checked()
    item.locator("button").click()
    check_page(coach)
    assert said("Answer sent.", lang) in coach.inner_text("p.flash")
    shots(coach, f"contest-clarifications-jury-{lang}")

    # The other participant's open page learns of it live (the contest's channel).
    reader.wait_for_selector("#clar-link .badge", timeout=30_000)
    reader.click("#clar-link")
    check_page(reader)
    board = reader.inner_text("#clarifications")
    assert question in board and "Either case: normalise to lower case." in board
    assert said("answered to everyone", lang) in board
    shots(reader, f"contest-clarifications-{lang}")
