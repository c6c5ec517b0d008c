"""Writes data/ for stp-link-load (deterministic: run from the package folder)."""

import random
from pathlib import Path

Flow = tuple[int, int, int]


def solve(n: int, parent: list[int], flows: list[Flow]) -> list[int]:
    """Add r at both ends and subtract 2r at their lowest common ancestor; the load of a
    switch's uplink is then the sum over its subtree."""
    children: list[list[int]] = [[] for _ in range(n + 1)]
    for v in range(2, n + 1):
        children[parent[v]].append(v)
    order, depth = [1], [0] * (n + 1)
    for v in order:  # breadth-first: every switch after its upstream switch
        for w in children[v]:
            depth[w] = depth[v] + 1
            order.append(w)
    up = [parent[:]]
    up[0][1] = 1
    while (1 << len(up)) <= n:
        prev = up[-1]
        up.append([prev[prev[v]] for v in range(n + 1)])

    def lca(a: int, b: int) -> int:
        if depth[a] < depth[b]:
            a, b = b, a
        diff, level = depth[a] - depth[b], 0
        while diff:
            if diff & 1:
                a = up[level][a]
            diff >>= 1
            level += 1
        if a == b:
            return a
        for level in range(len(up) - 1, -1, -1):
            if up[level][a] != up[level][b]:
                a, b = up[level][a], up[level][b]
        return up[0][a]

    weight = [0] * (n + 1)
    for a, b, r in flows:
        weight[a] += r
        weight[b] += r
        weight[lca(a, b)] -= 2 * r
    for v in reversed(order[1:]):
        weight[parent[v]] += weight[v]
    return weight[2:]


def write(path: Path, n: int, parent: list[int], flows: list[Flow]) -> None:
    assert 2 <= n <= 40000 and 1 <= len(flows) <= 40000
    text = f"{n} {len(flows)}\n{' '.join(map(str, parent[2:]))}\n"
    text += "".join(f"{a} {b} {r}\n" for a, b, r in flows)
    path.with_suffix(".in").write_text(text)
    path.with_suffix(".ans").write_text("".join(f"{x}\n" for x in solve(n, parent, flows)))


def relabel(rng: random.Random, n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Parents after giving every switch but the root (1) a random number."""
    labels = [0, 1, *rng.sample(range(2, n + 1), n - 1)]
    parent = [0] * (n + 1)
    for child, up in edges:
        parent[labels[child]] = labels[up]
    return parent


def shaped(rng: random.Random, n: int, shape: str) -> list[int]:
    """A tree built on 1..n (child > parent), then relabelled."""
    if shape == "random":
        edges = [(v, rng.randint(1, v - 1)) for v in range(2, n + 1)]
    elif shape == "line":
        edges = [(v, v - 1) for v in range(2, n + 1)]
    elif shape == "deep":  # mostly a long line with short branches: a caterpillar
        edges = [
            (v, v - 1 if rng.random() < 0.8 else rng.randint(max(1, v - 5), v - 1))
            for v in range(2, n + 1)
        ]
    elif shape == "two-lines":
        edges = [(2, 1), (3, 1)] + [(v, v - 2) for v in range(4, n + 1)]
    elif shape == "star":
        edges = [(v, 1) for v in range(2, n + 1)]
    else:  # binary
        edges = [(v, v // 2) for v in range(2, n + 1)]
    return relabel(rng, n, edges)


def flows(
    rng: random.Random, n: int, q: int, top: int, ends: list[int] | None = None
) -> list[Flow]:
    pool = ends or list(range(1, n + 1))
    return [(rng.choice(pool), rng.choice(pool), rng.randint(1, top)) for _ in range(q)]


def deepest(parent: list[int], n: int, count: int) -> list[int]:
    depth = [0] * (n + 1)
    for v in range(2, n + 1):
        chain, x = [], v
        while x != 1 and depth[x] == 0:
            chain.append(x)
            x = parent[x]
        for y in reversed(chain):
            depth[y] = depth[parent[y]] + 1
    return sorted(range(2, n + 1), key=depth.__getitem__)[-count:]


def main() -> None:
    rng = random.Random(20240618)
    sample, secret = Path("data/sample"), Path("data/secret")
    write(sample / "01", 5, [0, 0, 1, 4, 1, 4], [(3, 5, 10), (2, 3, 7), (4, 4, 100)])

    write(secret / "01", 2, [0, 0, 1], [(1, 2, 5), (2, 2, 9), (2, 1, 10000)])
    # upstream switches with larger numbers: 5 -> 4 -> 3 -> 2 -> 1 reversed
    write(secret / "02", 5, [0, 0, 3, 4, 5, 1], [(2, 1, 1), (3, 4, 10), (2, 5, 100)])
    for number, n, shape in (("03", 50, "random"), ("04", 60, "binary"), ("05", 300, "deep")):
        parent = shaped(rng, n, shape)
        write(secret / number, n, parent, flows(rng, n, 2 * n, 10000))
    parent = shaped(rng, 2000, "star")
    write(secret / "06", 2000, parent, flows(rng, 2000, 3000, 500))
    parent = shaped(rng, 3000, "random")
    write(secret / "07", 3000, parent, flows(rng, 3000, 3000, 10000))
    parent = shaped(rng, 5000, "line")
    write(secret / "08", 5000, parent, flows(rng, 5000, 2000, 10000))
    parent = shaped(rng, 5000, "deep")
    write(secret / "09", 5000, parent, flows(rng, 5000, 3000, 10000))
    # maximal: two lines of 20 000 switches below the root, and flows between their deepest
    # switches (given small numbers); walking each path hop by hop is far too slow
    n = 40000
    edges = [(2, 1), (3, 1)] + [(v, v - 2) for v in range(4, n + 1)]
    # switches 2..n-300 get large numbers, the 300 deepest (n-299..n) the numbers 2..301
    labels = [0, 1, *rng.sample(range(302, n + 1), n - 301), *rng.sample(range(2, 302), 300)]
    parent = [0] * (n + 1)
    for child, up in edges:
        parent[labels[child]] = labels[up]
    write(secret / "10", n, parent, flows(rng, n, 40000, 100, list(range(2, 302))))


if __name__ == "__main__":
    main()
