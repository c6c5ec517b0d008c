"""Writes data/ for ospf-shortest-cost (deterministic: run from the package folder)."""

import heapq
import random
from pathlib import Path

Link = tuple[int, int, int, int]


def solve(n: int, s: int, links: list[Link]) -> list[int]:
    """Dijkstra from s over directed arcs u->v (cost a) and v->u (cost b)."""
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for u, v, a, b in links:
        adj[u].append((v, a))
        adj[v].append((u, b))
    dist = [-1] * (n + 1)
    heap = [(0, s)]
    while heap:
        d, u = heapq.heappop(heap)
        if dist[u] != -1:
            continue
        dist[u] = d
        for v, w in adj[u]:
            if dist[v] == -1:
                heapq.heappush(heap, (d + w, v))
    return dist[1:]


def write(path: Path, n: int, s: int, links: list[Link]) -> None:
    lines = [f"{n} {len(links)} {s}\n"] + [f"{u} {v} {a} {b}\n" for u, v, a, b in links]
    path.with_suffix(".in").write_text("".join(lines))
    path.with_suffix(".ans").write_text("".join(f"{d}\n" for d in solve(n, s, links)))


def cost(rng: random.Random, style: str) -> int:
    if style == "reference":  # reference-bandwidth costs of common port speeds, some raised by hand
        return rng.choice([1, 1, 1, 2, 10, 10, 20, 100, 1000]) + rng.choice([0, 0, 0, 5])
    if style == "small":  # many ties
        return rng.randint(1, 3)
    return rng.randint(1, 65535)


def random_links(
    rng: random.Random, n: int, extra: int, style: str, connected: bool = True
) -> list[Link]:
    """A random spanning tree (when connected) plus `extra` random links, shuffled."""
    order = list(range(1, n + 1))
    rng.shuffle(order)
    links: list[Link] = []
    if connected:
        for i in range(1, n):
            u, v = order[i], order[rng.randrange(max(0, i - 50), i)]
            links.append((u, v, cost(rng, style), cost(rng, style)))
    for _ in range(extra):
        u = rng.randint(1, n)
        v = rng.randint(1, n - 1)
        v += v >= u
        links.append((u, v, cost(rng, style), cost(rng, style)))
    rng.shuffle(links)
    return [(u, v, a, b) if rng.random() < 0.5 else (v, u, b, a) for u, v, a, b in links]


def main() -> None:
    rng = random.Random(20240611)
    sample, secret = Path("data/sample"), Path("data/secret")
    write(
        sample / "01",
        5,
        1,
        [(1, 2, 1, 4), (2, 3, 2, 9), (1, 3, 10, 10), (3, 4, 5, 1), (4, 1, 3, 20)],
    )
    write(sample / "02", 2, 2, [(1, 2, 100, 7)])

    write(secret / "01", 1, 1, [])
    write(secret / "02", 3, 3, [])  # no links: only s is reachable
    # parallel links: the cheapest of them counts, per direction
    write(
        secret / "03",
        4,
        2,
        [(1, 2, 50, 3), (2, 1, 8, 60), (2, 3, 5, 5), (3, 2, 1, 1), (3, 4, 7, 9), (4, 3, 2, 100)],
    )
    # a ring where the two directions disagree on the way round
    ring = [(i, i % 8 + 1, 1, 100) for i in range(1, 9)]
    write(secret / "04", 8, 5, ring)
    write(secret / "05", 200, 17, random_links(rng, 200, 300, "any"))
    # two islands: the far one is unreachable
    left = random_links(rng, 300, 200, "reference")
    right = [(u + 300, v + 300, a, b) for u, v, a, b in random_links(rng, 300, 200, "reference")]
    write(secret / "06", 600, 299, left + right)
    write(secret / "07", 3000, 1, random_links(rng, 3000, 3000, "any"))
    write(secret / "08", 3000, 2345, random_links(rng, 3000, 2500, "any", connected=False))
    write(secret / "09", 4000, 4000, random_links(rng, 4000, 4000, "small"))
    # maximal: a long line of the most expensive hops. The far end costs more than 2^31 - 1,
    # and a naive O(n^2) selection of the next router is far too slow here.
    hops = list(range(1, 33001))
    rng.shuffle(hops)  # routers along the line in random order: no scan order is lucky
    line = [(hops[i], hops[i + 1], 65535, rng.randint(1, 9)) for i in range(len(hops) - 1)]
    line.append((hops[20001], hops[20000], 1, 65535))  # parallel, cheap only the other way
    write(secret / "10", 33000, hops[0], line)
    # a line walked backwards from its far end: every hop is cheap in that direction only
    write(secret / "11", 2000, 2000, [(i, i + 1, 65535, rng.randint(1, 9)) for i in range(1, 2000)])


if __name__ == "__main__":
    main()
