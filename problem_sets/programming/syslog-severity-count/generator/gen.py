"""Writes data/ for syslog-severity-count (deterministic: run from the package folder)."""

import random
from pathlib import Path

NAMES = (
    "emergencies",
    "alerts",
    "critical",
    "errors",
    "warnings",
    "notifications",
    "informational",
    "debugging",
)
MODULES = (
    "IFNET",
    "OSPF",
    "BGP",
    "SHELL",
    "SNMP",
    "LLDP",
    "DEVM",
    "FIB",
    "ARP",
    "VRRP",
    "L2IFPPI",
    "MSTP",
    "TRUNK",
    "HWCM",
    "SECE",
    "DHCP",
    "NTP",
    "AAA",
    "L3VPN",
    "IPV6",
)
EVENTS = {
    "IFNET": ("LINK_STATE(l):The line protocol on {i} went {s}.", "PHY_STATE:{i} is {s}."),
    "OSPF": ("NBR_CHG_DOWN(l):Neighbour 10.0.{a}.{b} on {i} went Down.",),
    "BGP": ("PEER_STATE_CHANGED(l):Peer 192.0.2.{a} changed to Idle.",),
    "SHELL": ("CMDRECORD(s):User admin ran 'display ip routing-table'.",),
    "SNMP": ("AUTHFAIL(l):Community check failed from 198.51.100.{a}.",),
    "DEVM": ("POWER_FAIL(l):Power module {a} failed.", "FAN_ABNORMAL(l):Fan {a} is abnormal."),
}


def is_message(fields: list[str]) -> bool:
    if len(fields) < 4:
        return False
    tag = fields[3]
    if not tag.startswith("%%") or len(tag) < 4 or not (tag[2].isdigit() and tag[3].isdigit()):
        return False
    slash = tag.find("/", 4)
    if slash <= 4 or any(not (c.isdigit() or "A" <= c <= "Z") for c in tag[4:slash]):
        return False
    return len(tag) >= slash + 3 and tag[slash + 1] in "01234567" and tag[slash + 2] == "/"


def solve(lines: list[str]) -> str:
    counts = [0] * 8
    malformed = 0
    serious: dict[str, int] = {}
    for line in lines:
        fields = line.split()
        if not is_message(fields):
            malformed += 1
            continue
        level = int(fields[3][fields[3].index("/") + 1])
        counts[level] += 1
        if level <= 3:
            serious[fields[2]] = serious.get(fields[2], 0) + 1
    out = [f"{NAMES[i]} {counts[i]}" for i in range(8)] + [f"malformed {malformed}"]
    if serious:
        device = min(serious, key=lambda d: (-serious[d], d))
        out.append(f"top {device} {serious[device]}")
    else:
        out.append("top none 0")
    return "\n".join(out) + "\n"


def write(path: Path, lines: list[str]) -> None:
    assert 1 <= len(lines) <= 10**4
    for line in lines:
        assert 1 <= len(line) <= 200 and all(32 <= ord(c) <= 126 for c in line), line
    assert all(c.isascii() for line in lines for c in line)
    path.with_suffix(".in").write_text(f"{len(lines)}\n" + "".join(f"{x}\n" for x in lines))
    path.with_suffix(".ans").write_text(solve(lines))


def stamp(rng: random.Random) -> str:
    day = rng.randint(10, 13)
    return f"2024-03-{day} {rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"


def message(rng: random.Random, device: str, level: int, module: str | None = None) -> str:
    module = module or rng.choice(MODULES)
    text = rng.choice(EVENTS.get(module, ("EVENT(l):Something changed.",))).format(
        i=f"GE0/0/{rng.randint(1, 48)}",
        s=rng.choice(("UP", "DOWN")),
        a=rng.randrange(256),
        b=rng.randrange(256),
    )
    return f"{stamp(rng)} {device} %%01{module}/{level}/{text}"


def broken(rng: random.Random, device: str) -> str:
    level = rng.randrange(8)
    module = rng.choice(MODULES)
    how = rng.randrange(13)
    tags = [
        f"%%1{module}/{level}/X:y",
        f"%%01{module.lower()}/{level}/X:y",
        f"%%01{module}/8/X:y",
        f"%%01{module}/9/X:y",
        f"%%01/{level}/X:y",
        f"%01{module}/{level}/X:y",
        f"%%01{module}/{level}",
        f"%%01{module}/{level}:X",
        f"%%0A{module}/{level}/X:y",
        f"%%01{module[:2]}-{module[2:]}/{level}/X:y",
        f"%%01{module}/{level}{level}/X:y",
        f"%%01{module}//{level}/X:y",
    ]
    if how < len(tags):
        return f"{stamp(rng)} {device} {tags[how]}"
    shape = rng.randrange(4)
    if shape == 0:  # a continuation line of a multi-line message
        return "  " + rng.choice(("at line 2 of the output", "Reason: hold timer expired", "-"))
    if shape == 1:  # a device name with a space moves the tag to the fifth field
        return f"{stamp(rng)} {device} 2 %%01{module}/{level}/X:y"
    if shape == 2:  # truncated
        return f"{stamp(rng)} {device}"
    return " " * rng.randint(1, 5)


def export(rng: random.Random, n: int, devices: list[str], bad: float, serious: float) -> list[str]:
    lines = []
    for _ in range(n):
        device = rng.choice(devices)
        if rng.random() < bad:
            lines.append(broken(rng, device))
        elif rng.random() < serious:
            lines.append(message(rng, device, rng.randrange(4)))
        else:
            lines.append(message(rng, device, rng.randrange(4, 8)))
    return lines


def main() -> None:
    rng = random.Random(20240612)
    data = Path("data")
    sample = [
        "2024-03-12 08:15:02 CORE-SW1 %%01IFNET/4/LINK_STATE(l):"
        "The line protocol on GE0/0/1 went DOWN.",
        "2024-03-12 08:15:03 CORE-SW1 %%01OSPF/3/NBR_CHG_DOWN(l):Neighbour 10.0.0.2 went Down.",
        "  Reason: dead timer expired",
        "2024-03-12 08:15:09 AGG-SW2 %%01DEVM/1/POWER_FAIL(l):Power module 2 failed.",
        "2024-03-12 08:16:00 AGG-SW2 %%01L2IFPPI/4/MAC_FLAPPING(l):MAC move detected.",
        "2024-03-12 08:16:41 AGG-SW2 %%01ifnet/4/LINK_STATE(l):lower-case module.",
        "2024-03-12 08:17:30 ACC-SW7 %%01SHELL/5/CMDRECORD(s):display interface brief",
    ]
    write(data / "sample" / "01", sample)
    write(
        data / "sample" / "02",
        ["2024-03-12 09:00:00 R1 %%01NTP/6/SYNC(l):Clock synchronised.", "garbage", " "],
    )
    edge = [
        "d t SW9 %%01IFNET/3/",
        "d t SW10 %%01IFNET/3/",
        "d t SW9 %%01BGP/2/x",
        "d t SW10 %%01BGP/0/x",
        "d t sw1 %%99A/7/",
        "d t sw1 %%0012/6/x",
        "d t sw1 %%01IFNET/4",
        "d t sw1 %%01IFNET/4:",
        "d t sw1 %%01IFNET//4/",
        "d t sw1 %%01/4/",
        "d t sw1 %%1IFNET/4/",
        "d t sw1 %%a1IFNET/4/",
        "d t sw1 %%01IFNET/8/",
        "d t sw1 %%01IFNET/-1/",
        "d t sw1 %%01IF_NET/4/",
        "d t sw1 %%01IFNEt/4/",
        "d t sw1 %%",
        "d t sw1 %%01",
        "d t sw1 %%01IFNET",
        "d t sw1 %%01IFNET/",
        "d t sw1 %01IFNET/4/",
        "d t sw1 x%%01IFNET/4/",
        "d t sw1",
        "%%01IFNET/4/ a b c",
        "    d    t    sw1    %%01ARP/5/x   ",
        "d t sw1 %%01ARP/5/x extra fields are fine",
        "d t sw1 %%01ARP/5//////",
        "d t Z %%01AAA/1/",
        "d t a %%01AAA/1/",
        "d t a %%01AAA/1/",
        "d t Z %%01AAA/1/",
        "d t SW9 %%01X/7/",
        "d t SW9 %%01X/4/",
        "d t dev %%01IFNET/4/",
        "d t dev %%01IFNET/5/",
        "d t dev %%01IFNET/6/",
        "d t dev %%01IFNET/7/",
        "d t dev %%01IFNET/4/%%01IFNET/3/",
        "d t dev %%01I/5/",
        "d t dev %%019/5/",
        "d t dev %%01IFNET/5/",
    ]
    write(data / "secret" / "01", edge)
    # no serious message at all
    write(data / "secret" / "02", [message(rng, "R1", rng.randrange(4, 8)) for _ in range(50)])
    # only malformed lines
    write(data / "secret" / "03", [broken(rng, "R2") for _ in range(200)])
    devices = [f"SW{i}" for i in range(1, 30)] + ["sw1", "Sw1", "CORE-SW1", "CORE_SW1", "AR6120-BJ"]
    write(data / "secret" / "04", export(rng, 3000, devices, 0.15, 0.3))
    # two devices tie for the top: the ASCII-smaller one must win although the other is first
    tie = [message(rng, "SW9", 3) for _ in range(40)] + [message(rng, "SW10", 2) for _ in range(40)]
    tie += export(rng, 300, ["sw1", "R7"], 0.1, 0.05)
    write(data / "secret" / "05", tie)
    write(
        data / "secret" / "06",
        export(rng, 10**4, [f"ACC-SW{i:03d}" for i in range(200)], 0.05, 0.2),
    )
    write(data / "secret" / "07", export(rng, 4000, ["CORE-SW1", "CORE-SW2"], 0.3, 0.5))
    write(data / "secret" / "08", ["x"])


if __name__ == "__main__":
    main()
