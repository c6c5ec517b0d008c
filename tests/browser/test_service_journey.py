"""Service labs in the browser, as a new student of a cohort meets them (both tasks open the
Associate tiers of their tracks): the load balancer's script typed into the real editor, judged
on a live LAN, each host's script output read on the report; then the MQTT broker likewise; and
the Chinese interface showing both tasks' Chinese titles and the report's Chinese headings."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LAPTOP, Server, check_page, log_in, shots, visit
from tests.browser.test_journeys import SETS, _register, _submit_and_see, _type_reference

pytestmark = [pytest.mark.browser, pytest.mark.docker]
LB_TASK = SETS / "cloud" / "lb-round-robin"
BROKER_TASK = SETS / "iot" / "broker-acl"
OUTPUT = "section.script-outputs .script-output[data-host='{host}']"


def _solve(page: Any, server: Server, slug: str, task: Any, file: str, name: str) -> str:
    """Type the task's reference into its editor, submit, wait for AC; the submission's URL."""
    visit(page, f"{server.url}/tasks/{slug}")
    assert page.locator(f"textarea[data-file='{file}']").count() == 1
    assert page.locator("svg .node-switch").count() == 1  # the LAN in the picture
    _type_reference(page, task, (file,))
    shots(page, f"{name}-typed")
    _submit_and_see(page, "AC", f"{name}-AC")
    return str(page.url)


def test_a_load_balancer_and_a_broker_are_configured_by_typing(
    server: Server, browser: Any
) -> None:
    admin = browser.new_page(viewport=LAPTOP)
    log_in(admin, server, "admin", server.admin_password)
    visit(admin, server.url + "/coach")
    admin.fill("#cohort-name", "Cloud and IoT 2026")
    admin.click("form:has(#cohort-name) button.primary")  # the admin's language may be either
    check_page(admin)
    code = admin.inner_text("tr:has-text('Cloud and IoT 2026') code.invite")
    admin.close()

    context = _register(browser, server, code, "lin.feng", "Lin Feng")
    student = context.new_page()
    lb = _solve(student, server, "cloud-lb-round-robin", LB_TASK, "lb.sh", "service-lb")
    section = student.locator("section.script-outputs")
    assert section.locator("h2").inner_text() == "Your scripts on the hosts"
    shown = student.locator(OUTPUT.format(host="lb")).inner_text()
    assert "lb.sh" in shown and "Exit status 0" in shown and "test is successful" in shown
    assert student.locator("#runs tbody tr").count() == 3  # the report's checks

    broker = _solve(student, server, "iot-broker-acl", BROKER_TASK, "broker.sh", "service-mqtt")
    assert "Exit status 0" in student.locator(OUTPUT.format(host="broker")).inner_text()
    assert student.locator("#runs tbody tr").count() == 8

    student.select_option("#lang-select", label="简体中文")
    student.click("header form.lang button")
    check_page(student)
    visit(student, server.url + "/tasks/cloud-lb-round-robin")
    assert student.inner_text("h1").startswith("使用 nginx 实现轮询负载均衡")
    visit(student, server.url + "/tasks/iot-broker-acl")
    assert student.inner_text("h1").startswith("为 Mosquitto 配置密码与按主题的访问控制")
    for url in (lb, broker):
        visit(student, url)
        assert student.locator("section.script-outputs h2").inner_text() == "你在各主机上的脚本"
    assert "退出状态 0" in student.locator(OUTPUT.format(host="broker")).inner_text()
    shots(student, "service-mqtt-zh")
    context.close()
