"""A VRP lab solved at the console: the switches' configurations typed into the real editor as
an eNSP session, judged on the live lab, and the switches' `display vlan` read on the report,
in English and in Chinese."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LAPTOP, Server, check_page, log_in, shots, visit
from tests.browser.test_journeys import SETS, _english_left, _submit_and_see, _type_reference

pytestmark = [pytest.mark.browser, pytest.mark.docker]
VLAN_LAB = SETS / "datacom" / "vrp-vlan-access-trunk"
SCREEN = ".device-console[data-device='{device}'] details[data-command='display vlan'] pre"


def _display_vlan(page: Any, device: str) -> str:
    """The device's ``display vlan`` screen (open first: it is each switch's first)."""
    return str(page.locator(SCREEN.format(device=device)).inner_text())


def test_a_vrp_vlan_lab_typed_at_the_console_shows_display_vlan(
    server: Server, browser: Any
) -> None:
    admin = browser.new_page(viewport=LAPTOP)
    log_in(admin, server, "admin", server.admin_password)
    # the shared admin account may keep another journey's language: start in English
    admin.select_option("#lang-select", value="en")
    admin.click("header form.lang button")
    visit(admin, server.url + "/tasks/datacom-vrp-vlan-access-trunk")
    _type_reference(admin, VLAN_LAB, ("sw1.conf", "sw2.conf"))  # eNSP sessions, prompts and all
    shots(admin, "vrp-vlan-typed")
    _submit_and_see(admin, "AC", "vrp-vlan-AC")
    admin.wait_for_selector("section.consoles")
    for device in ("sw1", "sw2"):
        shown = _display_vlan(admin, device)
        assert "UT:GE0/0/1(U)" in shown and "TG:GE0/0/24(U)" in shown, shown
    assert admin.locator("section.consoles h2").inner_text() == "Device displays after judging"

    admin.select_option("#lang-select", label="简体中文")
    admin.click("header form.lang button")
    check_page(admin)
    visit(admin, admin.url)
    assert admin.locator("section.consoles h2").inner_text() == "评测后的设备显示信息"
    assert "TG:GE0/0/24(U)" in _display_vlan(admin, "sw1")  # VRP's own text, as printed
    assert _english_left(admin) == []
    shots(admin, "vrp-vlan-zh")
    admin.close()
