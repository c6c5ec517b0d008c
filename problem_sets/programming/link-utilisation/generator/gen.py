"""Writes data/ for link-utilisation (deterministic: run from the package folder)."""

import random
from pathlib import Path

UNITS = {"K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
WRAP = 2**32


def parse_speed(text: str) -> int:
    return int(text[:-1]) * UNITS[text[-1]]


def solve_line(line: str) -> str:
    name, speed, interval, first, second = line.split()
    s, t, a, b = parse_speed(speed), int(interval), int(first), int(second)
    d = b - a if b >= a else b + WRAP - a
    # hundredths of a percent, rounded half up, in exact integers
    num, den = 80000 * d, s * t
    hundredths = (2 * num + den) // (2 * den)
    status = "normal" if 800 * d < 70 * den else "busy" if 800 * d <= 100 * den else "impossible"
    return f"{name} {hundredths // 100}.{hundredths % 100:02d} {status}"


def is_tie(line: str) -> bool:
    """Whether u lies exactly halfway between two hundredths (rounding could go either way)."""
    _, speed, interval, first, second = line.split()
    s, t, a, b = parse_speed(speed), int(interval), int(first), int(second)
    d = b - a if b >= a else b + WRAP - a
    return 2 * (80000 * d % (s * t)) == s * t


def write(path: Path, lines: list[str]) -> None:
    assert 1 <= len(lines) <= 5000
    for line in lines:
        name, speed, interval, first, second = line.split()
        assert 1 <= len(name) <= 30 and 1 <= parse_speed(speed) <= 10**12
        assert speed[0] != "0" and 1 <= int(interval) <= 3600
        assert 0 <= int(first) < WRAP and 0 <= int(second) < WRAP
        assert not is_tie(line), line
    path.with_suffix(".in").write_text(f"{len(lines)}\n" + "".join(f"{x}\n" for x in lines))
    path.with_suffix(".ans").write_text("".join(solve_line(x) + "\n" for x in lines))


SPEEDS = ("64K", "2048K", "10M", "100M", "1000M", "1G", "2500M", "10G", "25G", "40G", "100G")
PREFIX = {"64K": "Serial", "2048K": "Serial", "10M": "Ethernet", "100M": "Ethernet",
          "1000M": "GE", "1G": "GE", "2500M": "MultiGE", "10G": "XGE", "25G": "25GE",
          "40G": "40GE", "100G": "100GE"}  # fmt: skip


def reading(rng: random.Random, speed: str, load: float) -> str:
    """One interface polled over a random interval at about `load` (a fraction of the speed)."""
    t = rng.choice((1, 5, 10, 30, 60, 300, 300, 300, 900, 3600))
    octets = int(parse_speed(speed) * t * load / 8)
    while True:
        d = max(0, octets + rng.randint(-1000, 1000))
        a = rng.randrange(WRAP)
        b = (a + d) % WRAP
        name = f"{PREFIX[speed]}{rng.randint(0, 9)}/0/{rng.randint(0, 47)}"
        line = f"{name} {speed} {t} {a} {b}"
        if not is_tie(line):
            return line


def mixed(rng: random.Random, n: int) -> list[str]:
    lines = []
    for _ in range(n):
        speed = rng.choice(SPEEDS)
        load = rng.choice((rng.random() * 0.7, 0.6 + rng.random() * 0.45, rng.random() * 3))
        lines.append(reading(rng, speed, load))
    return lines


def main() -> None:
    rng = random.Random(20240613)
    data = Path("data")
    write(
        data / "sample" / "01",
        [
            "GE0/0/1 1G 30 1200000000 4000000000",
            "XGE1/0/1 10G 60 4200000000 3500000000",
            "Serial1/0/0 2048K 60 1000 16001000",
            "Ethernet0/0/1 100M 300 0 2000000000",
        ],
    )
    t70 = 7 * 10**8 // 80  # 70 % of 100M over one second, in octets
    edge = [
        "A 1K 1 0 0",                          # idle: 0.00
        f"B 1K 1 {WRAP - 1} 0",                # one octet across the wrap: 0.80 %
        f"C 1K 1 0 {WRAP - 1}",                # the largest utilisation there is
        f"D 1T 3600 {WRAP - 1} {WRAP - 2}",    # the largest d on the largest capacity
        f"E 100M 1 0 {t70}",                   # exactly 70 %: busy
        f"F 100M 1 0 {t70 - 1}",               # 69.9999 %: prints 70.00, still normal
        f"G 100M 1 {WRAP - 100} {t70 - 101}",  # the same across the wrap
        "H 100M 1 0 12500000",                 # exactly 100 %: busy
        "I 100M 1 0 12500001",                 # just over 100 %: impossible
        f"J 100M 1 5 {5 + 12500000}",          # exactly 100 % again
        "K 1G 1 4000000000 4000000000",        # no traffic
        "Eth-Trunk1 1T 1 0 125",               # 0.00 %: tiny
        "L 3K 7 0 1",                          # 8 / 21000 * 100 = 0.038... %
        "M 999999999K 3600 10 9",              # a large speed written in K
        "N 1T 1 0 0",                          # the largest speed, nothing received
    ]  # fmt: skip
    write(data / "secret" / "01", edge)
    write(data / "secret" / "02", [reading(rng, rng.choice(SPEEDS), 0.3) for _ in range(100)])
    # around the thresholds: loads within 0.5 % of 70 % and of 100 %
    near = [reading(rng, rng.choice(SPEEDS), rng.choice((0.7, 1.0)) + rng.uniform(-0.005, 0.005))
            for _ in range(2000)]  # fmt: skip
    write(data / "secret" / "03", near)
    # every reading wraps (b < a) and the links are moderately loaded
    wraps = []
    while len(wraps) < 1000:
        line = reading(rng, rng.choice(SPEEDS), rng.random())
        if int(line.split()[4]) < int(line.split()[3]):
            wraps.append(line)
    write(data / "secret" / "04", wraps)
    write(data / "secret" / "05", mixed(rng, 5000))
    # fast links: the counter may wrap unnoticed several times; the formula still decides
    write(
        data / "secret" / "06",
        [reading(rng, rng.choice(("40G", "100G")), rng.random()) for _ in range(500)],
    )
    write(data / "secret" / "07", ["Serial9/9/9 64K 3600 3000000000 3000000001"])


if __name__ == "__main__":
    main()
