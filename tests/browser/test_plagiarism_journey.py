"""The jury's plagiarism review in a real browser, in English and in Chinese, against the real
stack (the Docker judge runs the programs): three students alone take a code round; one types
the accepted program, another the same program with its names changed and comments added, the
third a program of their own. The coach opens the review page, sees the copied pair (and no
other), reads it side by side, flags it with a note, excludes the copier from the standings
with a reason, and the contest's scoreboard no longer shows them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Server, check_page, said, shots, visit
from tests.browser.test_contest_journeys import (
    CODE,
    _add_round,
    _board,
    _coach_with_squad,
    _local,
    _new_contest,
    _program,
    _student,
)

pytestmark = [pytest.mark.browser, pytest.mark.docker]
RENAMES = {
    "digits_of": "split_groups",
    "normalise": "fmt_mac",
    "groups": "parts",
    "digits": "hexes",
    "kind": "category",
    "words": "tokens",
}


def _copied(source: str) -> str:
    """The accepted program with its names changed and comments added."""
    for old, new in RENAMES.items():
        source = re.sub(rf"\b{old}\b", new, source)
    return "# MAC addresses, my own work\n" + source.replace("\n\n\n", "\n\n# helpers\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_jury_flags_a_copied_program_and_excludes_its_entry(
    server: Server, browser: Any, lang: str, tmp_path: Path
) -> None:
    squad = f"Copy squad {lang}"
    coach, code = _coach_with_squad(browser, server, f"copy.coach.{lang}", squad, lang)
    names = ("Wang Fang", "Zhao Lei", "Sun Li")
    students = [_student(browser, server, code, name, lang) for name in names]
    slug = f"copy-mock-{lang}"
    _new_contest(coach, server, slug, squad)
    for student in students:
        visit(student, server.url + f"/contests/{slug}")
        student.click("form[action$='/register'] button")
        check_page(student)
    opened = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    fields = {"name": "Sprint", "kind": "code", "scoring": "icpc", "weight": "100"}
    fields |= {"window": "fixed", "starts_at": _local(opened)}
    fields["ends_at"] = _local(opened + timedelta(minutes=60))
    _add_round(coach, server, slug, fields, CODE[0])

    accepted = next((CODE[1] / "solutions" / "accepted").glob("*.py"))
    copy = tmp_path / "copy.py"
    copy.write_text(_copied(accepted.read_text()))
    own = tmp_path / "own.py"
    own.write_text("import sys\n\nfor line in sys.stdin:\n    print(line.strip().lower())\n")
    _program(students[0], server, slug, accepted, "AC", round_number=1)
    _program(students[1], server, slug, copy, "AC", round_number=1)
    _program(students[2], server, slug, own, "WA", round_number=1)

    visit(coach, server.url + f"/contests/{slug}/admin")
    coach.click(f"a[href='/contests/{slug}/admin/plagiarism']")
    check_page(coach)
    assert said("Plagiarism review: %(contest)s", lang, contest="Spring mock") in (
        coach.inner_text("h1")
    )
    rows = coach.locator("#plagiarism-pairs tbody tr")
    assert rows.count() == 1  # Sun Li's own program is like nobody's
    pair = rows.first.inner_text()
    assert names[0] in pair and names[1] in pair and names[2] not in pair
    rows.first.locator("a").click()
    check_page(coach)
    assert coach.locator(".pair-sides figure").count() == 2
    assert coach.locator(".pair-sides mark").count() >= 2  # the shared runs on both sides
    shots(coach, f"plagiarism-pair-{lang}")

    coach.check("#review-form input[name=state][value=flagged]")
    coach.fill("#note", "The same program with its names changed.")
    coach.click("#review-form button.primary")
    check_page(coach)
    assert said("Review of the pair saved.", lang) in coach.inner_text("p.flash")
    assert said("Flagged", lang) in coach.inner_text("#plagiarism-pairs")
    copier = coach.locator("form.exclude-form", has_text=names[1])
    copier.locator("textarea").fill("Copied Wang Fang's program.")
    copier.locator("button").click()
    check_page(coach)
    assert said("The entry is excluded from the standings.", lang) in coach.inner_text("p.flash")
    log = coach.inner_text("#exclusion-log")
    assert names[1] in log and "Copied Wang Fang's program." in log
    shots(coach, f"plagiarism-excluded-{lang}")

    lines = _board(coach, server, slug, lang)
    assert names[1] not in lines and {names[0], names[2]} <= set(lines)
    assert lines[names[0]]["rank"] == "1"
    board = _board(students[0], server, slug, lang)
    assert names[1] not in board and names[0] in board
