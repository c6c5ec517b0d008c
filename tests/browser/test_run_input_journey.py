"""Run on my input, in a real browser against the real stack, in English and in Chinese: a
student types a program into the editor, fills the custom input from a sample with its button,
copies a sample with the other, runs the program in place and reads its output; the page
stays within a phone's width with the result shown."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import (
    LAPTOP,
    LOCALES,
    Server,
    check_page,
    log_in,
    said,
    shots,
    speak,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.docker]
EDITOR = "form.code-form .cm-content"
# Prints the number of lines it read, then each line reversed: an answer no sample holds.
PROGRAM = (
    "import sys\nlines = sys.stdin.read().splitlines()\nprint(len(lines))\n"
    "for line in lines:\n    print(line[::-1])\n"
)


@pytest.mark.parametrize("lang", list(LOCALES))
def test_a_student_runs_their_program_on_a_sample_and_reads_the_output(
    server: Server, browser: Any, lang: str
) -> None:
    username = f"runner.{lang}"
    server.create_user(username, "a-good-password", "student", f"Runner {lang}")
    context = browser.new_context(viewport=LAPTOP, locale=LOCALES[lang])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = context.new_page()
    log_in(page, server, username, "a-good-password")
    speak(page, lang)
    visit(page, server.url + "/tasks/subnet-mask")
    page.select_option("#language", "python3")
    page.click(EDITOR)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.locator(EDITOR).fill(PROGRAM)
    assert page.input_value("#source") == PROGRAM  # the form field follows the editor

    use = page.locator(".sample-tools button", has_text=said("Use as my input", lang)).first
    use.focus()
    page.keyboard.press("Enter")  # the keyboard reaches it
    label = said("Use as my input", lang)
    sample = page.locator(f".sample-tools:has(button:has-text('{label}')) + pre").first.inner_text()
    typed = page.input_value("#stdin")
    assert typed.strip() == sample.strip() and typed.strip()
    assert page.locator(".sample-status", has_text=said("Now in your custom input", lang)).count()

    copy = page.locator(".sample-tools button", has_text=said("Copy", lang)).first
    copy.click()
    page.wait_for_selector(f".sample-status:has-text('{said('Copied', lang)}')")
    assert page.evaluate("navigator.clipboard.readText()").strip() == sample.strip()

    page.click(f"[data-run-button]:has-text('{said('Run', lang)}')")
    page.wait_for_selector("#run-result .run-outcome[data-run-outcome='ok']", timeout=60_000)
    lines = typed.splitlines()
    expected = "\n".join([str(len(lines)), *(line[::-1] for line in lines)])
    assert page.inner_text("#run-result .run-stdout").strip() == expected
    assert said("Finished", lang) in page.inner_text("#run-result")
    assert page.url.endswith("/tasks/subnet-mask")  # in place: no page was left
    check_page(page)  # with the result shown, nothing scrolls sideways at 390 px
    shots(page, f"run-input-{lang}")

    visit(page, server.url + "/submissions")  # a run is not a submission
    assert page.locator("table tbody tr:not(.empty)").count() == 0
    context.close()
