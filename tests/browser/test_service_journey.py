"""Service labs in the browser: the load balancer's script typed into the real editor, judged
on a live LAN, each host's script output read on the report; then the MQTT broker likewise; and
the Chinese interface showing both tasks' Chinese titles and the report's Chinese headings."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LAPTOP, Server, check_page, log_in, shots, visit
from tests.browser.test_journeys import SETS, _submit_and_see, _type_reference

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
    # the shared admin account may keep another journey's language: start in English
    admin.select_option("#lang-select", value="en")
    admin.click("header form.lang button")
    check_page(admin)

    lb = _solve(admin, server, "cloud-lb-round-robin", LB_TASK, "lb.sh", "service-lb")
    section = admin.locator("section.script-outputs")
    assert section.locator("h2").inner_text() == "Your scripts on the hosts"
    shown = admin.locator(OUTPUT.format(host="lb")).inner_text()
    assert "lb.sh" in shown and "Exit status 0" in shown and "test is successful" in shown
    assert admin.locator("#runs tbody tr").count() == 3

    broker = _solve(admin, server, "iot-broker-acl", BROKER_TASK, "broker.sh", "service-mqtt")
    assert "Exit status 0" in admin.locator(OUTPUT.format(host="broker")).inner_text()
    assert admin.locator("#runs tbody tr").count() == 8

    admin.select_option("#lang-select", label="简体中文")
    admin.click("header form.lang button")
    check_page(admin)
    visit(admin, server.url + "/tasks/cloud-lb-round-robin")
    assert admin.inner_text("h1").startswith("使用 nginx 实现轮询负载均衡")
    visit(admin, server.url + "/tasks/iot-broker-acl")
    assert admin.inner_text("h1").startswith("为 Mosquitto 配置密码与按主题的访问控制")
    for url in (lb, broker):
        visit(admin, url)
        assert admin.locator("section.script-outputs h2").inner_text() == "你在各主机上的脚本"
    assert "退出状态 0" in admin.locator(OUTPUT.format(host="broker")).inner_text()
    shots(admin, "service-mqtt-zh")
    admin.select_option("#lang-select", value="en")  # leave the shared admin in English
    admin.click("header form.lang button")
    admin.close()
