"""``display acl all``: every ACL with its rules as the device lists them, well-known ports by
name. The lab keeps no per-rule counters, so no rule shows a match count (VRP too leaves the
count out of a rule that matched nothing)."""

from __future__ import annotations

from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.render import rule

STEP = 5
PORT_NAMES = {
    "tcp": {20: "ftp-data", 21: "ftp", 23: "telnet", 25: "smtp", 53: "domain", 80: "www"},
    "udp": {53: "dns", 67: "bootps", 68: "bootpc", 69: "tftp", 123: "ntp", 161: "snmp"},
}


def port_name(protocol: str, port: int) -> str:
    return PORT_NAMES.get(protocol, {}).get(port, str(port))


def display_acl_all(device: Device) -> str:
    acls = sorted(device.acls, key=lambda a: a.number)
    nonempty = sum(1 for a in acls if a.rules)
    lines = [f" Total quantity of nonempty ACL number is {nonempty} ", ""]
    for a in acls:
        count = len(a.rules)
        kind = "Advanced" if a.advanced else "Basic"
        lines += [f"{kind} ACL {a.number}, {count} rule{'s' if count != 1 else ''}"]
        lines += [f"Acl's step is {STEP}"]
        lines += [f" {rule(r, port_name)} " for r in a.rules]
        lines.append("")
    return "\n".join(lines) + "\n"
