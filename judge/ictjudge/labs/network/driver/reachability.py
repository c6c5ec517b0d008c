"""Items that send traffic through the lab: ``ping``, ``reach`` (many pairs at once), ``port``
(a TCP or UDP service open or blocked) and ``nat`` (the source address a server saw)."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from . import probes
from .messages import N_, said

if TYPE_CHECKING:
    from .lab import Lab


def ping(lab: Lab, check: dict[str, Any], final: bool) -> dict[str, Any]:
    count = 3 if final else 1
    got = probes.ping(check["from"], check["to"], check.get("source"), count, 1.0 if final else 0.4)
    reachable = check.get("expect", "reachable") == "reachable"
    who: Any = check["from"]
    if check.get("source"):
        who = said(
            True, N_("%(node)s (from %(source)s)"), node=check["from"], source=check["source"]
        )
    to = check["to"]
    if got == count:
        key = N_("%(who)s reaches %(to)s (%(got)s of %(count)s replies)")
        return said(reachable, key, who=who, to=to, got=got, count=count)
    if got == 0:
        key = N_("%(who)s gets no reply from %(to)s (0 of %(count)s)")
        return said(not reachable, key, who=who, to=to, count=count)
    key = N_("%(who)s → %(to)s: only %(got)s of %(count)s replies (unstable)")
    return said(False, key, who=who, to=to, got=got, count=count)


def reach(lab: Lab, check: dict[str, Any], final: bool) -> dict[str, Any]:
    count = 3 if final else 1
    pairs = check["pairs"]
    answers = list(
        lab.pool.map(lambda p: probes.ping(p[0], p[1], None, count, 1.0 if final else 0.4), pairs)
    )
    wrong = []
    for (source, target, expect), got in zip(pairs, answers, strict=True):
        if got not in (0, count):
            wrong.append(f"{source} → {target}: {got} of {count} replies")
        elif (got == count) != expect:
            wrong.append(f"{source} → {target}: " + ("reachable" if got else "unreachable"))
    if wrong:
        key = N_("%(wrong)s of %(pairs)s pairs wrong: %(which)s")
        return said(False, key, wrong=len(wrong), pairs=len(pairs), which="; ".join(wrong[:8]))
    return said(True, N_("all %(pairs)s pairs as expected"), pairs=len(pairs))


def port(lab: Lab, check: dict[str, Any], final: bool) -> dict[str, Any]:
    attempts = int(check.get("attempts", 3)) if final else 1
    states = [r["state"] for r in lab.attempts(check, check.get("source"), attempts, final)]
    label = said(
        True,
        N_("%(proto)s %(to)s:%(port)s from %(source)s"),
        proto=check["proto"].upper(), to=check["to"], port=check["port"], source=check["from"],
    )  # fmt: skip
    opened = states.count("open")
    if 0 < opened < attempts:
        key = N_("%(label)s: inconsistent (%(opened)s of %(attempts)s connected)")
        return said(False, key, label=label, opened=opened, attempts=attempts)
    if check["expect"] == "open":
        if opened == attempts:
            return said(True, N_("%(label)s: open"), label=label)
        return said(False, N_("%(label)s: %(states)s"), label=label, states=_states(states))
    if opened:
        return said(False, N_("%(label)s: open, expected blocked"), label=label)
    if check.get("path_check", True) and final:
        got = probes.ping(check["from"], check["to"], check.get("source"), 3, 1.0)
        if got != 3:
            key = N_(
                "%(label)s: %(states)s, but %(to)s does not answer ping either (%(got)s of "
                "3), so the block cannot be told apart from a missing route"
            )
            return said(False, key, label=label, states=_states(states), to=check["to"], got=got)
    return said(True, N_("%(label)s: blocked (%(states)s)"), label=label, states=_states(states))


def nat(lab: Lab, check: dict[str, Any], final: bool) -> dict[str, Any]:
    seen = []
    for result in lab.attempts(check, None, 3 if final else 1, final):
        if result["state"] != "open" or "seen" not in result:
            server = f"{check['to']}:{check['port']}"
            key = N_("%(node)s cannot reach the server at %(server)s (%(state)s)")
            return said(False, key, node=check["from"], server=server, state=result["state"])
        seen.append(result["seen"])
    wanted = ipaddress.ip_network(check["source"], strict=False)
    bad = [s for s in seen if ipaddress.ip_address(s) not in wanted]
    if bad:
        key = N_("the server at %(to)s saw %(seen)s, expected %(source)s")
        return said(False, key, to=check["to"], seen=bad[0], source=check["source"])
    return said(True, N_("the server at %(to)s saw %(seen)s"), to=check["to"], seen=seen[0])


def _states(states: list[str]) -> str:
    counts = {s: states.count(s) for s in dict.fromkeys(states)}
    return ", ".join(f"{state} ×{n}" if n > 1 else state for state, n in counts.items())
