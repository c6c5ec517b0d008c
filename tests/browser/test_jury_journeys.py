"""The jury's live view and editorials in a real browser, in English and in Chinese, against
the real stack (the Docker judge runs the program).

- A coach opens the live view of a personal-timer round: the registered student is listed as
  not started; the student starts the timer and types a program into the editor; the coach's
  open page follows (the submission counted, the student's time running) without a reload, and
  the coach gives the student's entry extra minutes from the live view itself.
- A student opens a practice task whose editorial is closed to them; their coach releases it to
  the cohort from the task's page; the student's page then shows it, and it folds open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.browser.conftest import Server, check_page, said, shots, visit
from tests.browser.test_contest_journeys import (
    CODE,
    _add_round,
    _coach_with_squad,
    _local,
    _new_contest,
    _program,
    _student,
)

pytestmark = [pytest.mark.browser, pytest.mark.docker]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_jury_follows_a_round_live_and_gives_extra_time(
    server: Server, browser: Any, lang: str
) -> None:
    squad = f"Live squad {lang}"
    coach, code = _coach_with_squad(browser, server, f"live.coach.{lang}", squad, lang)
    student = _student(browser, server, code, "Qin Hao", lang)
    slug = f"live-mock-{lang}"
    _new_contest(coach, server, slug, squad)
    visit(student, server.url + f"/contests/{slug}")
    student.click("form[action$='/register'] button")
    check_page(student)
    opened = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    fields = {"name": "Sprint", "kind": "code", "scoring": "icpc", "weight": "100"}
    fields |= {"window": "personal", "duration_min": "30", "starts_at": _local(opened)}
    fields["ends_at"] = _local(opened + timedelta(minutes=60))
    _add_round(coach, server, slug, fields, CODE[0])

    visit(coach, server.url + f"/contests/{slug}/admin")
    coach.click(f"a[href='/contests/{slug}/admin/live']")
    check_page(coach)
    texts = ["Judging backlog", "Not started yet", "Time running", "Extra time"]
    if lang == "zh":
        assert all(said(text, "zh") != text for text in texts)
    assert said("Judging backlog", lang) in coach.inner_text("#backlog")
    live = "div[id^='round-'][id$='-live']"  # the contest's one round
    assert "Qin Hao" in coach.inner_text(f"{live} ul.not-started")
    assert coach.locator(f"{live} table.clocks").count() == 0
    shots(coach, f"jury-live-before-{lang}")

    visit(student, server.url + f"/contests/{slug}")
    student.click("form.start-form button")
    student.wait_for_url(f"**/contests/{slug}?round=1")
    check_page(student)
    accepted = next((CODE[1] / "solutions" / "accepted").glob("*.py"))
    _program(student, server, slug, accepted, "AC", round_number=1)

    # The coach's page, left open, follows the board's channel: the timer runs, one judged.
    coach.wait_for_selector(f"{live} table.clocks", timeout=60_000)
    coach.wait_for_function(
        "s => document.querySelector(s).innerText.includes('1 ')", arg=f"{live} .round-counts"
    )
    assert "Qin Hao" in coach.inner_text(f"{live} table.clocks")
    assert coach.locator(f"{live} ul.not-started").count() == 0

    row = coach.locator("#extra tr", has_text="Qin Hao")
    row.locator("input[name=minutes]").fill("5")
    row.locator("button").click()
    check_page(coach)
    assert "/admin/live" in coach.url
    assert said("Extra minutes saved.", lang) in coach.inner_text("p.flash")
    clocks = coach.locator(f"{live} table.clocks tbody tr", has_text="Qin Hao")
    assert clocks.locator("td.num").first.inner_text().strip() == "5"
    shots(coach, f"jury-live-{lang}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_coach_releases_an_editorial_to_the_cohort(
    server: Server, browser: Any, lang: str
) -> None:
    squad = f"Editorial squad {lang}"
    coach, code = _coach_with_squad(browser, server, f"editorial.coach.{lang}", squad, lang)
    student = _student(browser, server, code, "Xu Ming", lang)
    task = f"/tasks/{CODE[0]}"
    closed = said(
        "The editorial opens once you have solved the task, or when your coach releases it.", lang
    )
    visit(student, server.url + task)
    assert closed in student.inner_text("#editorial")
    assert student.locator("#editorial details").count() == 0

    visit(coach, server.url + task)
    form = coach.locator("#editorial form", has_text=squad)
    assert said("not released", lang) in form.inner_text()
    form.locator("button").click()
    check_page(coach)
    assert said("Editorial released: the cohort's students can read it now.", lang) in (
        coach.inner_text("p.flash")
    )
    assert said("released", lang) in coach.locator("#editorial form", has_text=squad).inner_text()

    visit(student, server.url + task)
    assert closed not in student.inner_text("#editorial")
    student.click("#editorial summary")
    heading = "Idea" if lang == "en" else "思路"
    assert heading in student.inner_text("#editorial details")
    shots(student, f"editorial-{lang}")
