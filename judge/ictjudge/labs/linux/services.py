"""Checks that run something on the student's system: a command, an HTTP request, a TCP
conversation, a packet through the firewall, each with the service it may start first (pure:
the facts come from the check container)."""

from __future__ import annotations

import re
from typing import Any

from ictjudge.labs.linux.feedback import excerpt, text_problems, verbatim
from ictjudge.labs.linux.spec import HttpCheck, PacketCheck, RunCheck, TcpCheck
from ictjudge.texts import N_, Note, note


def service_problems(facts: dict[str, Any], wait_port: int | None) -> list[Note]:
    service = facts.get("service")
    if not service or service.get("port_ready", True):
        return []
    said = str(service.get("output", "")).strip()
    exited = service.get("exited")
    found = [
        note(
            N_("The service did not accept connections on 127.0.0.1:%(port)s."), port=str(wait_port)
        )
    ]
    if exited is not None:
        found.append(note(N_("It exited with status %(status)s."), status=exited))
    if said:
        found.append(note(N_("It said: %(text)s"), text=excerpt(said, 300)))
    return found


def run(check: RunCheck, facts: dict[str, Any]) -> list[Note]:
    if "error" in facts:
        return [verbatim(str(facts["error"]))]
    problems = service_problems(facts, check.wait_port)
    if problems:
        return problems
    if facts.get("timed_out"):
        return [
            note(N_("The command ran longer than %(seconds)s s."), seconds=f"{check.timeout_s:g}")
        ]
    stdout, stderr = str(facts.get("stdout", "")), str(facts.get("stderr", ""))
    if check.exit != "any" and facts.get("exit") != check.exit:
        if facts.get("signal"):
            key = N_(
                "The command was killed by signal %(signal)s, instead of exiting with %(want)s."
            )
            problems.append(note(key, signal=facts["signal"], want=check.exit))
        else:
            key = N_("The command ended with exit status %(status)s, not %(want)s.")
            problems.append(note(key, status=str(facts.get("exit")), want=check.exit))
        if (stderr or stdout).strip():
            problems.append(note(N_("It said: %(text)s"), text=excerpt(stderr or stdout, 300)))
    problems += text_problems(
        stdout,
        note(N_("The output")),
        exact=check.stdout,
        contains=check.stdout_contains,
        not_contains=check.stdout_not_contains,
        regex=check.stdout_regex,
        not_regex=check.stdout_not_regex,
    )
    problems += text_problems(stderr, note(N_("The error output")), regex=check.stderr_regex)
    return problems


def http(check: HttpCheck, facts: dict[str, Any]) -> list[Note]:
    problems = service_problems(facts, check.wait_port or check.port)
    if problems:
        return problems
    if "error" in facts:
        return [
            note(N_("GET %(url)s failed: %(error)s"), url=check.http, error=str(facts["error"]))
        ]
    if check.status is not None and facts.get("status") != check.status:
        key = N_("GET %(url)s answered %(status)s, not %(want)s.")
        problems.append(
            note(key, url=check.http, status=str(facts.get("status")), want=check.status)
        )
    received = facts.get("headers") or {}
    for name, pattern in check.headers.items():
        value = received.get(name)
        if value is None:
            problems.append(note(N_("The response has no %(name)s header."), name=name))
        elif not re.search(pattern, str(value)):
            key = N_("The %(name)s header is %(value)s.")
            problems.append(note(key, name=name, value=excerpt(str(value), 120)))
    problems += text_problems(
        str(facts.get("body", "")),
        note(N_("The response body")),
        exact=check.body,
        contains=check.body_contains,
        regex=check.body_regex,
    )
    return problems


def tcp(check: TcpCheck, facts: dict[str, Any]) -> list[Note]:
    problems = service_problems(facts, check.wait_port or check.tcp) if check.open else []
    if problems:
        return problems
    connected = bool(facts.get("connected"))
    if not check.open:
        key = N_("Port %(port)s accepts connections; it should not.")
        return [note(key, port=check.tcp)] if connected else []
    if not connected:
        key = N_("Nothing accepts connections on port %(port)s (%(error)s).")
        return [note(key, port=check.tcp, error=str(facts.get("error", "")))]
    if check.expect_regex and not re.search(check.expect_regex, str(facts.get("data", ""))):
        return [
            note(N_("The service answered %(text)s."), text=excerpt(str(facts.get("data", ""))))
        ]
    return []


def packet(check: PacketCheck, facts: dict[str, Any]) -> list[Note]:
    if "error" in facts:
        return [note(N_("The packet could not be sent: %(error)s"), error=str(facts["error"]))]
    outcomes = [str(o) for o in facts.get("outcomes") or []]
    what = f"{check.packet.upper()}/{check.port}" if check.port else f"{check.packet.upper()} echo"
    wrong = [o for o in outcomes if o != check.expect]
    if not outcomes or wrong:
        seen = ", ".join(outcomes) or "-"
        key = N_("%(what)s from %(source)s: %(seen)s (the task wants %(want)s).")
        return [note(key, what=what, source=str(check.from_), seen=seen, want=check.expect)]
    return []
