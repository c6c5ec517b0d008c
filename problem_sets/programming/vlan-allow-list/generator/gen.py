"""Writes data/ for vlan-allow-list (deterministic: run from the package folder)."""

import random
from pathlib import Path

MAX_VLAN = 4094


def expand(items: str) -> list[int]:
    vlans = []
    for item in items.split(","):
        low, _, high = item.partition("-")
        vlans.extend(range(int(low), int(high or low) + 1))
    return vlans


def short_form(allowed: set[int]) -> str:
    runs = []
    for v in sorted(allowed):
        if runs and runs[-1][1] == v - 1:
            runs[-1][1] = v
        else:
            runs.append([v, v])
    return ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs) or "none"


def solve(lines: list[str]) -> str:
    ports: dict[str, set[int]] = {}
    for line in lines:
        port, action, items = line.split()
        allowed = ports.setdefault(port, {1})
        if action == "allow":
            allowed.update(expand(items))
        else:
            allowed.difference_update(expand(items))
    return "".join(f"{p} {len(a)} {short_form(a)}\n" for p, a in ports.items())


def write(path: Path, lines: list[str]) -> None:
    assert 1 <= len(lines) <= 1000
    assert len({line.split()[0] for line in lines}) <= 100
    covered = 0
    for line in lines:
        port, action, items = line.split(" ")
        assert len(line) <= 1000 and 1 <= len(port) <= 30 and action in ("allow", "remove")
        for item in items.split(","):
            low, _, high = item.partition("-")
            assert 1 <= int(low) <= int(high or low) <= MAX_VLAN, item
            covered += int(high or low) - int(low) + 1
    assert covered <= 10**6
    path.with_suffix(".in").write_text(f"{len(lines)}\n" + "".join(f"{x}\n" for x in lines))
    path.with_suffix(".ans").write_text(solve(lines))


def item(rng: random.Random, width: int) -> str:
    a = rng.randint(1, MAX_VLAN)
    if rng.random() < 0.4:
        return str(a)
    b = min(MAX_VLAN, a + rng.randint(0, width))
    return f"{a}-{b}"


def change(rng: random.Random, ports: list[str], items: int, width: int, allow: float) -> str:
    vlans = ",".join(item(rng, width) for _ in range(rng.randint(1, items)))
    return f"{rng.choice(ports)} {'allow' if rng.random() < allow else 'remove'} {vlans}"


def main() -> None:
    rng = random.Random(20240614)
    data = Path("data")
    write(
        data / "sample" / "01",
        [
            "GE0/0/1 allow 10-20,30",
            "GE0/0/2 allow 100-102,101,105",
            "GE0/0/1 remove 15-16,1",
            "Eth-Trunk1 remove 1",
            "GE0/0/2 allow 103-104",
        ],
    )
    edge = [
        "P1 allow 1-4094", "P2 allow 4094", "P3 remove 1-4094", "P4 allow 2", "P5 allow 3,5,7",
        "P6 allow 4093-4094", "P6 remove 1", "P7 allow 7,8", "P7 allow 8-8,9-9", "P8 remove 2-4094",
        "p1 allow 4094,4093,4092,1-2", "P9 allow 1-4094", "P9 remove 2-4093", "P10 allow 1",
        "P11 allow 10-20,15-25,5-12", "P11 remove 25,5", "P12 remove 1", "P12 allow 4094",
        "P12 remove 4094", "P12 allow 1", "P13 allow 2-4093", "P13 remove 3-4092",
    ]  # fmt: skip
    write(data / "secret" / "01", edge)
    # every other VLAN: the longest possible output
    evens = [str(v) for v in range(2, MAX_VLAN + 1, 2)]
    odds = [f"{v}-{v}" for v in range(3, MAX_VLAN + 1, 2)]
    spread = [f"Eth-Trunk1 allow {','.join(evens[i : i + 150])}" for i in range(0, len(evens), 150)]
    spread += [f"Eth-Trunk2 allow {','.join(odds[i : i + 80])}" for i in range(0, len(odds), 80)]
    write(data / "secret" / "02", spread)
    ports = [f"GE0/0/{i}" for i in range(1, 25)]
    write(data / "secret" / "03", [change(rng, ports, 5, 20, 0.7) for _ in range(300)])
    ports = [f"XGE{i}/0/{j}" for i in range(1, 5) for j in range(1, 26)]
    write(data / "secret" / "04", [change(rng, ports, 20, 200, 0.6) for _ in range(1000)])
    # few ports, huge ranges: the total of all ranges is close to the limit
    big = [f"Eth-Trunk{rng.randint(1, 3)} {'allow' if i % 3 else 'remove'} "
           + ",".join(f"{a}-{min(4094, a + 4000)}" for a in (rng.randint(1, 100) for _ in range(4)))
           for i in range(60)]  # fmt: skip
    write(data / "secret" / "05", big)
    # one port, many small changes that leave short runs of length 1 and 2
    write(data / "secret" / "06", [change(rng, ["GE0/0/48"], 40, 1, 0.5) for _ in range(1000)])
    write(data / "secret" / "07", ["x remove 4094"])


if __name__ == "__main__":
    main()
