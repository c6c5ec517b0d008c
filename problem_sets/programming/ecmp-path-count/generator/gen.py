"""Writes data/ for ecmp-path-count (deterministic: run from the package folder)."""

import heapq
import random
from pathlib import Path

MOD = 1_000_000_007
Link = tuple[int, int, int]


def solve(n: int, s: int, links: list[Link]) -> list[tuple[int, int]]:
    """Dijkstra; a router passes its path count on when it is taken from the heap (final)."""
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for u, v, c in links:
        adj[u].append((v, c))
        adj[v].append((u, c))
    dist = [-1] * (n + 1)
    count = [0] * (n + 1)
    done = [False] * (n + 1)
    dist[s], count[s] = 0, 1
    heap = [(0, s)]
    while heap:
        d, u = heapq.heappop(heap)
        if done[u]:
            continue
        done[u] = True
        for v, c in adj[u]:
            if dist[v] == -1 or d + c < dist[v]:
                dist[v], count[v] = d + c, count[u]
                heapq.heappush(heap, (d + c, v))
            elif d + c == dist[v]:
                count[v] = (count[v] + count[u]) % MOD
    return [(dist[k], count[k]) for k in range(1, n + 1)]


def write(path: Path, n: int, s: int, links: list[Link]) -> None:
    text = f"{n} {len(links)} {s}\n" + "".join(f"{u} {v} {c}\n" for u, v, c in links)
    path.with_suffix(".in").write_text(text)
    path.with_suffix(".ans").write_text("".join(f"{d} {c}\n" for d, c in solve(n, s, links)))


def relabel(rng: random.Random, n: int, links: list[Link]) -> list[Link]:
    labels = list(range(1, n + 1))
    rng.shuffle(labels)
    out = [(labels[u - 1], labels[v - 1], c) for u, v, c in links]
    rng.shuffle(out)
    return [(u, v, c) if rng.random() < 0.5 else (v, u, c) for u, v, c in out]


def random_links(rng: random.Random, n: int, extra: int, costs: list[int]) -> list[Link]:
    links = [(i, rng.randint(max(1, i - 20), i - 1), rng.choice(costs)) for i in range(2, n + 1)]
    for _ in range(extra):
        u, v = rng.sample(range(1, n + 1), 2)
        links.append((u, v, rng.choice(costs)))
    return links


def stages(count: int, width: int, cost: int) -> list[Link]:
    """A source (router 1) and `count` stages of `width` routers, every router of a stage
    linked to every router of the next: width^count equal-cost paths."""
    links = [(1, 2 + j, cost) for j in range(width)]
    for stage in range(count - 1):
        first = 2 + stage * width
        links += [(first + a, first + width + b, cost) for a in range(width) for b in range(width)]
    return links


def grid(rows: int, cols: int) -> list[Link]:
    def at(r: int, c: int) -> int:
        return r * cols + c + 1

    links = [(at(r, c), at(r, c + 1), 1) for r in range(rows) for c in range(cols - 1)]
    return links + [(at(r, c), at(r + 1, c), 1) for r in range(rows - 1) for c in range(cols)]


def clos(rng: random.Random, pods: int, leaves: int, spines: int) -> tuple[int, list[Link]]:
    """Three tiers: each pod's leaves link to all its aggregation switches, which link to every
    spine; a few links are doubled (a port channel split into two routed links)."""
    links: list[Link] = []
    spine = list(range(1, spines + 1))
    node = spines
    for _ in range(pods):
        aggregation = list(range(node + 1, node + 5))
        leaf = list(range(node + 5, node + 5 + leaves))
        node += 4 + leaves
        links += [(a, s, 1) for a in aggregation for s in spine]
        links += [(x, a, 1) for x in leaf for a in aggregation]
    links += [rng.choice(links) for _ in range(len(links) // 20)]
    return node, links


def main() -> None:
    rng = random.Random(20240616)
    sample, secret = Path("data/sample"), Path("data/secret")
    write(
        sample / "01",
        5,
        1,
        [(1, 2, 1), (1, 3, 1), (2, 4, 1), (3, 4, 1), (4, 3, 1), (4, 5, 1), (1, 5, 10)],
    )

    write(secret / "01", 1, 1, [])
    write(secret / "02", 4, 3, [(1, 2, 5), (3, 4, 7)])  # two islands
    # parallel links: equal ones add up, a dearer one does not count
    write(secret / "03", 3, 1, [(1, 2, 4), (2, 1, 4), (1, 2, 5), (2, 3, 1), (3, 2, 1), (3, 2, 1)])
    # a grid of unit links: the counts are binomial coefficients
    write(secret / "04", 30, 1, grid(5, 6))
    write(
        secret / "05", 300, 17, relabel(rng, 300, random_links(rng, 300, 300, list(range(1, 1001))))
    )
    write(secret / "06", 2000, 5, relabel(rng, 2000, random_links(rng, 2000, 3000, [1, 2, 3])))
    n, links = clos(rng, 8, 16, 8)
    write(secret / "07", n, n, relabel(rng, n, links))
    # counts far beyond 64 bits; listing the paths one by one never ends
    write(secret / "08", 1 + 60 * 5, 1, relabel(rng, 301, stages(60, 5, 7)))
    write(secret / "09", 1 + 300 * 7, 1, stages(300, 7, 1))
    write(secret / "10", 120 * 100, 1, grid(120, 100))
    costs = [1, 1, 10, 10, 10, 100]
    write(secret / "11", 12000, 6000, relabel(rng, 12000, random_links(rng, 12000, 12000, costs)))


if __name__ == "__main__":
    main()
