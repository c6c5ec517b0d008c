"""The items the driver evaluates, by kind; each returns :func:`said`'s result."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from ...network.driver.messages import N_, said
from ...network.driver.process import run
from . import mqtt, web

if TYPE_CHECKING:
    from .lab import Item, Lab


def http(lab: Lab, check: dict[str, Any]) -> dict[str, Any]:
    jar = lab.jars.setdefault(check["cookies"], {}) if check.get("cookies") else None
    return lab.from_host(check, web.http_item, check, lab.names, jar)


def tcp(lab: Lab, check: dict[str, Any]) -> dict[str, Any]:
    return lab.from_host(check, web.tcp_item, check, lab.names)


def command(lab: Lab, check: dict[str, Any]) -> dict[str, Any]:
    host = lab.hosts[check["on"]]
    if not host.running:
        return said(False, N_("%(host)s is stopped"), host=host.name)
    done = lab.command(host, check["command"])
    output = done["output"]
    if done["timed_out"]:
        return said(False, N_("the command did not finish within 5 s"))
    wanted = check.get("exit", 0)
    if wanted != "any" and done["exit"] != wanted:
        return said(
            False,
            N_("exit status %(got)s, expected %(expected)s: %(output)s"),
            got=done["exit"],
            expected=wanted,
            output=_excerpt(output + done["errors"]),
        )
    if check.get("stdout") is not None and output.rstrip() != check["stdout"].rstrip():
        return said(False, N_("it printed %(output)s"), output=_excerpt(output))
    for text in check.get("stdout_contains", []):
        if text not in output:
            return said(
                False,
                N_("the output lacks %(text)s: %(output)s"),
                text=repr(text),
                output=_excerpt(output),
            )
    for text in check.get("stdout_not_contains", []):
        if text in output:
            return said(False, N_("the output contains %(text)s"), text=repr(text))
    if check.get("stdout_regex") and re.search(check["stdout_regex"], output) is None:
        return said(
            False,
            N_("the output does not match %(pattern)s: %(output)s"),
            pattern=check["stdout_regex"],
            output=_excerpt(output),
        )
    return said(True, N_("exit status %(code)s"), code=done["exit"])


def holders(lab: Lab, address: str) -> list[str]:
    """The running hosts that have ``address`` on an interface."""
    found = []
    for host in lab.hosts.values():
        if not host.running:
            continue
        code, out = run(["ip", "-n", host.name, "-j", "-4", "addr", "show"], errors=False)
        if code != 0:
            continue
        for interface in json.loads(out or "[]"):
            if any(a.get("local") == address for a in interface.get("addr_info", [])):
                found.append(host.name)
                break
    return found


def vip(lab: Lab, check: dict[str, Any]) -> dict[str, Any]:
    found = holders(lab, check["address"])
    if found == [check["on"]]:
        return said(
            True, N_("%(address)s is on %(host)s"), address=check["address"], host=check["on"]
        )
    if not found:
        return said(False, N_("no host has %(address)s"), address=check["address"])
    return said(
        False,
        N_("%(address)s is on %(hosts)s, expected only on %(host)s"),
        address=check["address"],
        hosts=", ".join(found),
        host=check["on"],
    )


def _excerpt(text: str, limit: int = 300) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else "…" + text[-limit:])


def broker(lab: Lab, check: dict[str, Any]) -> dict[str, Any]:
    return lab.from_host(check, mqtt.mqtt_item, check, lab.names)


def stream(lab: Lab, check: dict[str, Any]) -> dict[str, Any]:
    return lab.from_host(check, mqtt.stream_item, check, lab.names)


def replay(lab: Lab, check: dict[str, Any]) -> dict[str, Any]:
    return lab.from_host(check, mqtt.replay_item, check, lab.names)


ITEMS: dict[str, Item] = {
    "http": http,
    "tcp": tcp,
    "run": command,
    "vip": vip,
    "mqtt": broker,
    "stream": stream,
    "replay": replay,
}
