"""Writes data/ for fair-queuing (deterministic: run from the package folder)."""

import heapq
import itertools
import random
from pathlib import Path

Packet = tuple[int, int, int]  # (arrival time, flow, length)


def solve(costs: list[int], packets: list[Packet]) -> list[int]:
    """Self-clocked fair queuing, event by event. Arrivals during a transmission are tagged
    when it ends: V only changes when a packet is chosen, so their tags are the same."""
    f, n = len(costs), len(packets)
    finish_tag = [0] * (f + 1)
    virtual = 0
    waiting: list[tuple[int, int, int]] = []  # (tag, flow, packet index)
    departure = [0] * n
    clock = 0
    i = 0
    while i < n or waiting:
        if not waiting:
            clock = max(clock, packets[i][0])
        while i < n and packets[i][0] <= clock:
            _, flow, length = packets[i]
            tag = max(finish_tag[flow], virtual) + length * costs[flow - 1]
            finish_tag[flow] = tag
            heapq.heappush(waiting, (tag, flow, i))
            i += 1
        tag, flow, j = heapq.heappop(waiting)
        virtual = tag
        clock += packets[j][2]
        departure[j] = clock
    return departure


def write(path: Path, costs: list[int], packets: list[Packet]) -> None:
    assert 1 <= len(costs) <= 1000 and 1 <= len(packets) <= 20000
    assert all(1 <= k <= 100 for k in costs)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(packets))
    assert all(
        0 <= t <= 10**9 and 1 <= g <= len(costs) and 64 <= size <= 1500 for t, g, size in packets
    )
    text = f"{len(costs)} {len(packets)}\n{' '.join(map(str, costs))}\n"
    text += "".join(f"{t} {g} {length}\n" for t, g, length in packets)
    path.with_suffix(".in").write_text(text)
    path.with_suffix(".ans").write_text("".join(f"{d}\n" for d in solve(costs, packets)))


def traffic(
    rng: random.Random, f: int, n: int, mean_gap: float, start: int = 0, heavy: int = 0
) -> list[Packet]:
    """n packets with exponential gaps; flows 1..heavy send most of them, in bursts."""
    packets, t = [], start
    while len(packets) < n:
        t += int(rng.expovariate(1 / mean_gap)) if mean_gap else 0
        flow = rng.randint(1, heavy) if heavy and rng.random() < 0.7 else rng.randint(1, f)
        size = rng.choice([64, 64, 128, 512, 1500, 1500, rng.randint(64, 1500)])
        for _ in range(min(rng.choice([1, 1, 1, 2, 4, 8]), n - len(packets))):
            packets.append((t, flow, size))
    return packets


def main() -> None:
    rng = random.Random(20240617)
    sample, secret = Path("data/sample"), Path("data/secret")
    write(
        sample / "01", [1, 2], [(0, 1, 100), (0, 1, 100), (0, 2, 100), (100, 2, 100), (1000, 2, 64)]
    )

    write(secret / "01", [7], [(10**9, 1, 1500)])
    # a packet arrives exactly when the port finishes: it is tagged before the port chooses
    write(secret / "02", [1, 10], [(0, 1, 100), (0, 2, 100), (100, 1, 100)])
    write(
        secret / "03",
        [1, 3],
        [(0, 1, 500), (500, 2, 64), (500, 1, 200), (764, 1, 64), (764, 2, 64)],
    )
    # V moves when a packet starts, not when it ends: arrivals meanwhile are tagged after it
    write(secret / "04", [1, 1], [(0, 1, 1000), (10, 2, 100), (20, 1, 100)])
    # equal tags everywhere: the lower flow number wins
    write(secret / "05", [2, 1, 2, 1], [(0, g, 64 * (1 + g % 2)) for g in (4, 3, 2, 1)] * 3)
    write(secret / "06", [rng.randint(1, 100) for _ in range(5)], traffic(rng, 5, 300, 900))
    write(secret / "07", [rng.choice([1, 2, 4, 8]) for _ in range(50)], traffic(rng, 50, 2000, 350))
    # overloaded: arrivals faster than the port, long queues, huge tags
    costs = [rng.randint(90, 100) for _ in range(1000)]
    write(secret / "08", costs, traffic(rng, 1000, 5000, 120, heavy=3))
    # sparse traffic spread over 10^9 µs: long idle gaps
    write(
        secret / "09",
        [rng.randint(1, 100) for _ in range(20)],
        traffic(rng, 20, 3000, 300_000, start=12345),
    )
    # maximal: bursts and silences, then a final burst at the end of time
    costs = [rng.randint(1, 100) for _ in range(1000)]
    packets = traffic(rng, 1000, 10000, 650, heavy=10)
    packets += traffic(rng, 1000, 9000, 40_000, start=packets[-1][0], heavy=50)
    packets += [(10**9, g, 1500) for g in range(1000, 0, -1)]
    write(secret / "10", costs, packets)
    write(secret / "11", [1] * 8 + [100] * 2, traffic(rng, 10, 12000, 700, heavy=2))
    # one expensive flow floods the port: its tags pass 2^31
    flood = [(0, 1 if j % 50 else rng.randint(2, 3), 1500) for j in range(15000)]
    write(secret / "12", [100, 100, 99], flood)


if __name__ == "__main__":
    main()
