"""Writes data/ for mac-table-aging (deterministic: run from the package folder)."""

import random
from collections import deque
from pathlib import Path

BROADCAST = "ffff-ffff-ffff"


def solve(aging: int, events: list[str]) -> str:
    table: dict[str, tuple[int, int]] = {}  # mac -> (port, last refresh)
    by_port: dict[int, set[str]] = {}
    refreshed: deque[tuple[int, str]] = deque()  # (time, mac) in refresh order
    out = []

    def expire(now: int) -> None:
        while refreshed and refreshed[0][0] + aging <= now:
            last, mac = refreshed.popleft()
            entry = table.get(mac)
            if entry is not None and entry[1] == last:
                del table[mac]
                by_port[entry[0]].discard(mac)

    for event in events:
        kind, *rest = event.split()
        now = int(rest[0])
        expire(now)
        if kind == "F":
            port, src, dst = int(rest[1]), rest[2], rest[3]
            old = table.get(src)
            if old is not None:
                by_port[old[0]].discard(src)
            table[src] = (port, now)
            by_port.setdefault(port, set()).add(src)
            refreshed.append((now, src))
            if dst == BROADCAST or int(dst[:2], 16) & 1 or dst not in table:
                out.append("flood")
            else:
                out.append("filter" if table[dst][0] == port else str(table[dst][0]))
        elif kind == "D":
            for mac in by_port.pop(int(rest[1]), set()):
                del table[mac]
        else:
            out.append(str(len(table)))
    return "".join(f"{x}\n" for x in out)


def write(path: Path, aging: int, events: list[str]) -> None:
    assert 1 <= len(events) <= 10**5 and 1 <= aging <= 10**9
    last = 0
    for event in events:
        kind, *rest = event.split()
        t = int(rest[0])
        assert last <= t <= 10**9
        last = t
        if kind == "F":
            assert 1 <= int(rest[1]) <= 4096 and int(rest[2][:2], 16) % 2 == 0
            assert all(len(m) == 14 and m == m.lower() for m in rest[2:])
        elif kind == "D":
            assert 1 <= int(rest[1]) <= 4096
        else:
            assert kind == "C" and len(rest) == 1
    text = f"{len(events)} {aging}\n" + "".join(f"{e}\n" for e in events)
    path.with_suffix(".in").write_text(text)
    path.with_suffix(".ans").write_text(solve(aging, events))


def mac(value: int) -> str:
    digits = f"{value:012x}"
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"


def host(index: int) -> str:
    """The address of host number `index`: unicast, from a few vendor prefixes."""
    oui = (0x00E0FC, 0x5489_98, 0x3C_4A_92, 0x0050_56)[index % 4]
    return mac(oui << 24 | (index * 2654435761) % (1 << 24))


def special(rng: random.Random) -> str:
    return rng.choice(
        (BROADCAST, "0100-5e00-0001", "0100-5e7f-fffa", "3333-0000-0001", "0180-c200-0000")
    )


def timeline(
    rng: random.Random, n: int, hosts: int, ports: int, step: int, mix: tuple[float, float]
) -> list[str]:
    """Random events: hosts sit on a home port and sometimes move; `mix` = shares of C and D."""
    home = [rng.randint(1, ports) for _ in range(hosts)]
    t = rng.randrange(1000)
    events = []
    for _ in range(n):
        t += rng.randrange(step + 1)
        roll = rng.random()
        if roll < mix[0]:
            events.append(f"C {t}")
        elif roll < mix[0] + mix[1]:
            events.append(f"D {t} {rng.randint(1, ports)}")
        else:
            src = rng.randrange(hosts)
            if rng.random() < 0.02:
                home[src] = rng.randint(1, ports)  # the host moved
            dst = special(rng) if rng.random() < 0.05 else host(rng.randrange(hosts))
            events.append(f"F {t} {home[src]} {host(src)} {dst}")
    return events


def main() -> None:
    rng = random.Random(20240615)
    data = Path("data")
    a, b, c = "00e0-fc00-000a", "00e0-fc00-000b", "00e0-fc00-000c"
    sample = [
        f"F 0 1 {a} {b}", f"F 2 2 {b} {a}", f"F 3 3 {c} {a}", "C 4", f"F 5 1 {a} {b}",
        f"F 10 3 {c} {b}", "C 10", f"F 11 1 {a} {BROADCAST}", "D 12 1", f"F 13 2 {b} {a}", "C 13",
    ]  # fmt: skip
    write(data / "sample" / "01", 10, sample)
    edge = [
        f"F 0 1 {a} {a}",  # to itself: filter
        "C 0", "C 4", "C 5",  # T = 5: gone at 5
        f"F 5 2 {b} {a}",  # a expired exactly now: flood
        f"F 9 1 {a} {b}",  # b valid until 10: port 2
        f"F 10 1 {a} {b}",  # b expired exactly now: flood
        f"F 10 2 {b} {a}", f"F 10 3 {b} {a}",  # b moves within the same second
        f"F 11 1 {c} {b}", "D 11 3", f"F 11 1 {c} {b}", "C 11",
        f"F 12 1 {c} 0100-5e00-0005", f"F 12 4 {b} {c}", f"F 12 4 {a} 3333-0000-0001",
        "D 12 4", "D 12 4", "C 12", f"F 12 4 {a} {c}", "C 12", "C 16", "C 17",
        f"F 1000000000 4096 {a} {c}", "C 1000000000",
    ]  # fmt: skip
    write(data / "secret" / "01", 5, edge)
    # aging time 1: an entry is only valid at the second it was refreshed
    write(data / "secret" / "02", 1, timeline(rng, 300, 8, 4, 1, (0.1, 0.02)))
    write(data / "secret" / "03", 50, timeline(rng, 2000, 60, 8, 3, (0.1, 0.03)))
    write(data / "secret" / "04", 300, timeline(rng, 4000, 400, 48, 2, (0.15, 0.02)))
    # hosts move between two ports all the time
    moves = []
    for i in range(2000):
        src, port = rng.randrange(30), rng.randint(1, 2)
        moves.append(f"F {i // 3} {port} {host(src)} {host(rng.randrange(30))}")
    write(data / "secret" / "05", 7, moves)
    # a full table that never ages, then many counts and downs of ports that hold nothing:
    # a switch that looks at every entry for each of them is far too slow
    full = [f"F {i // 10} {1 + i % 16} {host(i)} {host(i // 2)}" for i in range(8000)]
    for i in range(40000):
        full.append(f"C {800 + i // 2}" if i % 2 else f"D {800 + i // 2} {17 + i % 4000}")
    write(data / "secret" / "06", 10**9, full)
    # the same with a short aging time: the table empties and refills all the time
    write(data / "secret" / "07", 40, timeline(rng, 8000, 2000, 48, 1, (0.3, 0.05)))
    write(data / "secret" / "08", 300, [f"F 7 1 {a} {a}"])


if __name__ == "__main__":
    main()
