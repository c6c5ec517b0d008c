"""Writes data/ for top-talkers (deterministic: run from the package folder)."""

import heapq
import random
from pathlib import Path


def to_int(dotted: str) -> int:
    a, b, c, d = map(int, dotted.split("."))
    return a << 24 | b << 16 | c << 8 | d


def to_dotted(value: int) -> str:
    return ".".join(str(value >> s & 255) for s in (24, 16, 8, 0))


def solve(events: list[str]) -> str:
    totals: dict[int, int] = {}
    heap: list[tuple[int, int]] = []  # (-total, address); stale when the total has grown since
    out = []
    for event in events:
        kind, *rest = event.split()
        if kind == "F":
            address = to_int(rest[0])
            totals[address] = totals.get(address, 0) + int(rest[1])
            heapq.heappush(heap, (-totals[address], address))
            continue
        top: list[tuple[int, int]] = []
        while len(top) < int(rest[0]):
            negative, address = heapq.heappop(heap)
            if -negative == totals[address]:
                top.append((negative, address))
        for item in top:
            heapq.heappush(heap, item)
        out.append(" ".join(to_dotted(address) for _, address in top))
    return "".join(f"{x}\n" for x in out)


def write(path: Path, events: list[str]) -> None:
    assert 1 <= len(events) <= 10**5
    seen: set[str] = set()
    for event in events:
        kind, *rest = event.split()
        if kind == "F":
            assert to_dotted(to_int(rest[0])) == rest[0] and 1 <= int(rest[1]) <= 10**9
            seen.add(rest[0])
        else:
            assert kind == "T" and 1 <= int(rest[0]) <= min(10, len(seen)), event
    path.with_suffix(".in").write_text(f"{len(events)}\n" + "".join(f"{e}\n" for e in events))
    path.with_suffix(".ans").write_text(solve(events))


def stream(rng: random.Random, n: int, hosts: list[str], queries: float, sizes: tuple[int, int],
           ks: tuple[int, ...]) -> list[str]:  # fmt: skip
    """Random records over `hosts`, a few of them heavy hitters, with `T` events mixed in."""
    heavy = rng.sample(hosts, max(1, len(hosts) // 50))
    events: list[str] = []
    seen: set[str] = set()
    while len(events) < n:
        if seen and rng.random() < queries:
            events.append(f"T {min(len(seen), rng.choice(ks))}")
            continue
        host = rng.choice(heavy) if rng.random() < 0.3 else rng.choice(hosts)
        seen.add(host)
        events.append(f"F {host} {rng.randint(*sizes)}")
    return events


def main() -> None:
    rng = random.Random(20240617)
    data = Path("data")
    sample = [
        "F 10.0.0.10 1500", "F 10.0.0.9 900", "F 192.168.1.20 40", "T 2", "F 10.0.0.9 600",
        "T 3", "F 192.168.1.20 5000", "F 10.0.0.10 10", "T 1", "T 3",
    ]  # fmt: skip
    write(data / "sample" / "01", sample)
    edge = [
        "F 255.255.255.255 7", "F 0.0.0.0 7", "T 2", "F 10.0.0.10 7", "F 10.0.0.9 7",
        "F 9.255.255.255 7", "T 5", "F 10.0.0.2 1000000000", "F 10.0.0.2 1000000000",
        "F 10.0.0.2 1000000000", "F 10.0.0.2 1000000000", "F 10.0.0.2 1000000000", "T 1",
        "F 100.0.0.1 1", "F 20.0.0.1 1", "F 3.0.0.1 1", "F 100.0.0.1 6", "F 20.0.0.1 6",
        "F 3.0.0.1 6", "T 9",
    ]  # fmt: skip
    # 0.0.0.0 catches up with 10.0.0.2 exactly (5 * 10^9 bytes each), then falls behind again
    edge += ["F 0.0.0.0 999999998"] * 5 + ["F 0.0.0.0 3", "T 3", "F 10.0.0.2 1", "T 3"]
    write(data / "secret" / "01", edge)
    # addresses that differ only in the last octet: string order is not address order
    close = [f"10.0.{i}.{j}" for i in (1, 10, 100) for j in range(0, 256, 3)]
    write(data / "secret" / "02", stream(rng, 3000, close, 0.2, (1, 3), (1, 3, 10)))
    hosts = [to_dotted(rng.randrange(1 << 32)) for _ in range(500)]
    write(data / "secret" / "03", stream(rng, 5000, hosts, 0.1, (64, 1500), (1, 5, 10)))
    # huge totals: 32-bit counters overflow
    hosts = [f"172.16.{rng.randrange(256)}.{rng.randrange(256)}" for _ in range(200)]
    write(data / "secret" / "04", stream(rng, 4000, hosts, 0.1, (10**8, 10**9), (1, 10)))
    # many hosts, many queries: sorting every host at each T is far too slow
    hosts = sorted({to_dotted(rng.randrange(1 << 32)) for _ in range(15000)})
    big = [f"F {h} {rng.randint(1, 10**6)}" for h in hosts]
    rng.shuffle(big)
    big += stream(rng, 30000, hosts, 0.75, (1, 10**6), (1, 1, 1, 2))
    write(data / "secret" / "05", big)
    write(data / "secret" / "06", ["F 8.8.8.8 1", "T 1"])


if __name__ == "__main__":
    main()
